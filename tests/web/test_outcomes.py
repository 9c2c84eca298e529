"""The clerks' outcomes queue, marking recorded, the bulk export and `oocr outcomes export`."""
from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select

from factories import gen_case, gen_delivered, gen_prosecution, gen_user, login
from webapp.extensions import db
from webapp.models import AuditRecord, CaseEvent
from webapp.models.outcome import OutcomeEntry


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_queue_shows_code_text_and_date_and_marking_recorded_notes_who_and_when(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case(last_name="Outcomeson")
        gen_delivered(case, "community_resolution", delivered_on=date(2026, 11, 2))
    login(client, clerk)
    page = client.get("/outcomes")
    assert page.status_code == 200
    assert case.reference in page.text and "Outcome 8" in page.text and "1 outcome to record" in page.text
    assert "Outcome 8: Community Resolution" in page.text and "2 November 2026" in page.text
    response = client.post("/outcomes/recorded", data={"outcome": f"decision-{_decision_id(app, case)}"})
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(OutcomeEntry))
        assert entry.recorded_by_id == clerk.id and entry.recorded_at is not None and entry.code == "8"
        assert db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "outcome_recorded")) is not None
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                          AuditRecord.record_id == case.reference))
    after = client.get("/outcomes").text
    assert "marked as recorded" in after and f'href="/cases/{case.reference}"' not in after
    # marking again changes nothing
    client.post("/outcomes/recorded", data={"outcome": f"decision-{_decision_id(app, case)}"})
    with app.app_context():
        assert len(db.session.scalars(select(OutcomeEntry)).all()) == 1


def _decision_id(app, case) -> int:
    from webapp.models import Decision
    with app.app_context():
        return db.session.scalar(select(Decision.id).where(Decision.case_id == case.id))


def test_clerks_see_their_area_only(app, client):
    with app.app_context():
        clerk = gen_user("clerk", area_code="N")
        north, east = gen_case(area_code="N"), gen_case(area_code="E")
        gen_delivered(north), gen_delivered(east)
    login(client, clerk)
    text = client.get("/outcomes").text
    assert north.reference in text and east.reference not in text


def test_breach_prosecution_recodes_the_outcome_as_outcome_1(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor")
        case = gen_case()
        decision = gen_delivered(case, "conditional_caution")
        gen_prosecution(case, decision)
    login(client, supervisor)
    text = client.get("/outcomes").text
    assert "Outcome 3: Caution - adults" in text and "Outcome 1: Charge/Summons" in text
    assert "Replaces outcome 3" in text


def test_export_sends_each_outcome_once_and_then_only_the_header(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        first, second = gen_case(last_name="First"), gen_case(last_name="Second")
        gen_delivered(first, "community_resolution")
        decision = gen_delivered(second, "conditional_caution")
        gen_prosecution(second, decision)
    login(client, clerk)
    response = client.post("/outcomes/export", follow_redirects=True)
    assert response.mimetype == "text/csv"
    rows = _rows(response.get_data(as_text=True))
    assert sorted(r["outcome_code"] for r in rows) == ["1", "3", "8"]
    recode = next(r for r in rows if r["outcome_code"] == "1")
    assert recode["replaces_outcome_code"] == "3" and recode["case_reference"] == second.reference
    assert recode["surname"] == "Second" and recode["date_of_birth"] == "1990-04-01"
    again = client.post("/outcomes/export", follow_redirects=True).get_data(as_text=True)
    assert again.splitlines()[0].startswith("outcome_id,") and len(again.splitlines()) == 1
    assert f'href="/cases/{first.reference}"' not in client.get("/outcomes").text  # sent in bulk: off the clerks' queue
    with app.app_context():
        later = gen_case(last_name="Later")
        gen_delivered(later, "simple_caution")
    third = _rows(client.post("/outcomes/export", follow_redirects=True).get_data(as_text=True))
    assert [r["case_reference"] for r in third] == [later.reference]


def test_recorded_outcomes_are_still_exported_once(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case()
        gen_delivered(case, "community_resolution")
    login(client, clerk)
    client.post("/outcomes/recorded", data={"outcome": f"decision-{_decision_id(app, case)}"})
    rows = _rows(client.post("/outcomes/export", follow_redirects=True).get_data(as_text=True))
    assert [r["outcome_code"] for r in rows] == ["8"]


def test_export_command_writes_header_then_new_rows_and_exits_0(app, tmp_path):
    with app.app_context():
        case = gen_case()
        gen_delivered(case, "conditional_caution")
    runner = app.test_cli_runner()
    out = tmp_path / "first.csv"
    result = runner.invoke(args=["outcomes", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out.read_text())
    assert [(r["case_reference"], r["outcome_code"]) for r in rows] == [(case.reference, "3")]
    again = tmp_path / "second.csv"
    result = runner.invoke(args=["outcomes", "export", "--out", str(again)])
    assert result.exit_code == 0
    lines = again.read_text().splitlines()
    assert len(lines) == 1 and "outcome_code" in lines[0].split(",")


def test_unknown_or_undelivered_outcomes_are_not_found(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case()
        from factories import gen_decision
        undelivered = gen_decision(case, status="authorised")
    login(client, clerk)
    assert client.post("/outcomes/recorded", data={"outcome": f"decision-{undelivered.id}"}).status_code == 404
    assert client.post("/outcomes/recorded", data={"outcome": "nonsense"}).status_code == 404
    assert client.get("/outcomes/export?export=99").status_code == 404


def test_caseworkers_and_victim_liaison_cannot_use_the_queue(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
    login(client, caseworker)
    assert client.get("/outcomes").status_code == 403
    assert client.post("/outcomes/export").status_code == 403


def test_another_areas_outcomes_are_not_shown_recorded_or_exported(app, client, tmp_path):
    from webapp.models import Decision
    with app.app_context():
        clerk, supervisor = gen_user("clerk", area_code="N"), gen_user("supervisor", area_code="N")
        north, east = gen_case(area_code="N", last_name="Northam"), gen_case(area_code="E", last_name="Easton")
        gen_delivered(north), gen_delivered(east)
        east_decision = db.session.scalar(select(Decision.id).where(Decision.case_id == east.id))
    for user in (clerk, supervisor):  # supervisors see their own area unless set to see every area
        login(client, user)
        text = client.get("/outcomes").text
        assert north.reference in text and east.reference not in text and "Easton" not in text
        assert client.post("/outcomes/recorded", data={"outcome": f"decision-{east_decision}"}).status_code == 404
        client.post("/logout")
    login(client, clerk)
    exported = client.post("/outcomes/export", follow_redirects=True)
    rows = _rows(exported.get_data(as_text=True))
    assert [r["case_reference"] for r in rows] == [north.reference]
    with app.app_context():
        entries = {e.case_id: e for e in db.session.scalars(select(OutcomeEntry))}
        assert entries[north.id].export_id is not None
        assert east.id not in entries or entries[east.id].export_id is None  # East's clerks still send theirs
    # the command line sends every area's outcomes not sent before: only East's is left
    out = tmp_path / "all.csv"
    result = app.test_cli_runner().invoke(args=["outcomes", "export", "--out", str(out)])
    assert result.exit_code == 0
    assert [r["case_reference"] for r in _rows(out.read_text())] == [east.reference]
