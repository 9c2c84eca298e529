"""A Youth Offending Team joint decision panel's outcome goes on the records system like any other:
youth cautions as Outcome 2, a youth Community Resolution as Outcome 8, a charge as Outcome 1, with the
panel's date; no further action gives nothing."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from factories import gen_case, gen_user, login
from webapp.extensions import db
from webapp.models import Case, Person, User
from webapp.models.decision import YouthPanelReferral
from webapp.models.outcome import OutcomeEntry
from webapp.services.youth import record_panel_outcome, refer_to_youth_panel

PANEL_DAY = date(2026, 11, 4)


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _panel_outcome(outcome: str, last_name: str = "Younger", area_code: str = "N") -> tuple[Case, int]:
    """A 16-year-old's case sent to the panel on 28 October and decided on PANEL_DAY."""
    case = gen_case(last_name=last_name, status="screening", area_code=area_code)
    row = db.session.get(Case, case.id)
    db.session.get(Person, row.suspect_id).date_of_birth = date(2010, 3, 1)
    actor = db.session.get(User, gen_user("caseworker", area_code=area_code).id)
    referral = refer_to_youth_panel(row, team="Northgate YJS", referred_on=date(2026, 10, 28), actor=actor)
    db.session.flush()
    record_panel_outcome(row, referral, outcome=outcome, outcome_on=PANEL_DAY, notes="", actor=actor)
    db.session.commit()
    return case, referral.id


def test_a_youth_caution_is_queued_as_outcome_2_marked_recorded_and_exported_once(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        case, referral_id = _panel_outcome("youth_caution")
    login(client, clerk)
    page = client.get("/outcomes").text
    assert f'id="outcome-youth-{referral_id}"' in page and case.reference in page
    assert "Outcome 2: Caution - youths" in page and "4 November 2026" in page
    assert "Youth caution, decided by the Youth Offending Team panel" in page
    assert client.post("/outcomes/recorded", data={"outcome": f"youth-{referral_id}"}).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(OutcomeEntry))
        assert (entry.youth_referral_id, entry.code, entry.outcome_date) == (referral_id, "2", PANEL_DAY)
        assert entry.recorded_by_id == clerk.id and entry.recorded_at is not None
        assert entry.decision_id is None and entry.breach_id is None
    assert f'id="outcome-youth-{referral_id}"' not in client.get("/outcomes").text
    client.post("/outcomes/recorded", data={"outcome": f"youth-{referral_id}"})  # again: nothing new
    rows = _rows(client.post("/outcomes/export", follow_redirects=True).get_data(as_text=True))
    assert [(r["case_reference"], r["outcome_code"], r["outcome_date"], r["disposal"]) for r in rows] == [
        (case.reference, "2", "2026-11-04", "Youth caution")]
    again = client.post("/outcomes/export", follow_redirects=True).get_data(as_text=True)
    assert len(again.splitlines()) == 1
    with app.app_context():
        assert len(db.session.scalars(select(OutcomeEntry)).all()) == 1


@pytest.mark.parametrize("outcome, code, label", [
    ("youth_conditional_caution", "2", "Youth conditional caution"),
    ("youth_community_resolution", "8", "Youth Community Resolution"),
    ("charge", "1", "Charge"),
])
def test_each_panel_outcome_is_exported_once_by_the_command(app, tmp_path, outcome, code, label):
    with app.app_context():
        case, _ = _panel_outcome(outcome)
    runner = app.test_cli_runner()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert runner.invoke(args=["outcomes", "export", "--out", str(first)]).exit_code == 0
    rows = _rows(first.read_text())
    assert [(r["case_reference"], r["outcome_code"], r["outcome_date"], r["disposal"]) for r in rows] == [
        (case.reference, code, "2026-11-04", label)]
    assert rows[0]["outcome_text"].startswith(f"Outcome {code}:") and rows[0]["replaces_outcome_code"] == ""
    assert runner.invoke(args=["outcomes", "export", "--out", str(second)]).exit_code == 0
    assert len(second.read_text().splitlines()) == 1


def test_no_further_action_or_an_undecided_referral_gives_no_outcome(app, client, tmp_path):
    with app.app_context():
        clerk = gen_user("clerk")
        nfa, nfa_id = _panel_outcome("no_further_action", last_name="Nofurther")
        waiting = gen_case(last_name="Waiting", status="screening")
        db.session.get(Person, waiting.suspect_id).date_of_birth = date(2010, 3, 1)
        pending = refer_to_youth_panel(db.session.get(Case, waiting.id), team="Northgate YJS",
                                       referred_on=date(2026, 10, 28), actor=None)
        db.session.commit()
        pending_id = pending.id
        assert db.session.get(YouthPanelReferral, nfa_id).outcome == "no_further_action"
    login(client, clerk)
    page = client.get("/outcomes").text
    assert nfa.reference not in page and waiting.reference not in page and "There are no outcomes to record" in page
    for key in (f"youth-{nfa_id}", f"youth-{pending_id}"):
        assert client.post("/outcomes/recorded", data={"outcome": key}).status_code == 404
    out = tmp_path / "out.csv"
    assert app.test_cli_runner().invoke(args=["outcomes", "export", "--out", str(out)]).exit_code == 0
    assert len(out.read_text().splitlines()) == 1
    with app.app_context():
        assert db.session.scalars(select(OutcomeEntry)).all() == []


def test_another_areas_panel_outcome_is_not_shown_or_recorded(app, client):
    with app.app_context():
        clerk = gen_user("clerk", area_code="N")
        east, east_id = _panel_outcome("youth_caution", last_name="Easton", area_code="E")
    login(client, clerk)
    assert east.reference not in client.get("/outcomes").text
    assert client.post("/outcomes/recorded", data={"outcome": f"youth-{east_id}"}).status_code == 404
