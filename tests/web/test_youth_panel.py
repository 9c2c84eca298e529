"""A 17-year-old's case goes to the Youth Offending Team joint decision panel: adult disposals stay closed,
the referral creates a task, the panel's outcome is recorded and closes the case and the task."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from factories import login
from decision_testing import (
    text_of, make_case, case_status, timeline,
)
from form_testing import dmy, errors
from webapp.extensions import db
from webapp.models import AuditRecord, Case, ComplianceTask, Person

TODAY = date.today()


def _youth_case(app) -> str:
    reference = make_case(app)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        person = db.session.get(Person, case.suspect_id)
        person.date_of_birth = TODAY.replace(year=TODAY.year - 17) - timedelta(days=30)
        db.session.commit()
    return reference


def test_a_17_year_old_goes_to_the_youth_panel_and_its_outcome_is_recorded(app, client, people):
    reference = _youth_case(app)
    login(client, people["caseworker"])
    decision_page = text_of(client.get(f"/cases/{reference}/decision"))
    assert "The suspect is under 18." in decision_page and "Youth Offending Team panel" in decision_page
    page = client.get(f"/cases/{reference}/youth-panel")
    assert page.status_code == 200 and "Under force process the case goes to a joint decision" in text_of(page)
    missing = client.post(f"/cases/{reference}/youth-panel", data={"team": "", "referred_on": dmy(TODAY)})
    assert missing.status_code == 422 and "Enter the Youth Offending Team" in errors(missing)
    sent = client.post(f"/cases/{reference}/youth-panel", data={"team": "Northgate Youth Justice Service",
                                                               "referred_on": dmy(TODAY)})
    assert sent.status_code == 302
    assert any("Sent to the Youth Offending Team joint decision panel" in e for e in timeline(app, reference))
    with app.app_context():
        task = db.session.scalar(select(ComplianceTask).where(ComplianceTask.kind == "youth_referral"))
        assert task is not None and not task.done and task.due_date == TODAY + timedelta(days=10)
    no_outcome = client.post(f"/cases/{reference}/youth-panel", data={"outcome_on": dmy(TODAY)})
    assert no_outcome.status_code == 422 and "Select the panel's outcome" in errors(no_outcome)
    done = client.post(f"/cases/{reference}/youth-panel", data={"outcome": "youth_conditional_caution",
                                                               "outcome_on": dmy(TODAY), "notes": "Reparation"},
                       follow_redirects=True)
    assert "Youth conditional caution" in text_of(done)
    assert case_status(app, reference) == "closed"
    assert any(e.startswith("Youth panel outcome: Youth conditional caution") for e in timeline(app, reference))
    with app.app_context():
        assert db.session.scalar(select(ComplianceTask.done).where(ComplianceTask.kind == "youth_referral"))
        actions = [a.action for a in db.session.scalars(
            select(AuditRecord).where(AuditRecord.record_type == "youth_referral").order_by(AuditRecord.id))]
        assert actions == ["collect", "alter"]


def test_an_adult_case_is_not_sent_and_other_roles_are_refused(app, client, people):
    reference = make_case(app)
    login(client, people["caseworker"])
    page = text_of(client.get(f"/cases/{reference}/youth-panel"))
    assert "the adult framework applies, so there is nothing to send" in page
    refused = client.post(f"/cases/{reference}/youth-panel", data={"team": "Northgate YJS", "referred_on": dmy(TODAY)})
    assert refused.status_code == 422 and "The suspect is 18 or over" in text_of(refused)
    for role in ("clerk", "victim_liaison", "admin"):
        login(client, people[role])
        assert client.get(f"/cases/{reference}/youth-panel").status_code == 403


def test_the_youth_services_work_without_a_request_for_seeding(app):
    from factories import gen_case, gen_user
    from webapp.models import User
    from webapp.services.youth import YouthReferralRefused, record_panel_outcome, refer_to_youth_panel
    with app.app_context():
        worker = gen_user("caseworker")
        case = gen_case(status="screening")
        row = db.session.get(Case, case.id)
        db.session.get(Person, row.suspect_id).date_of_birth = TODAY.replace(year=TODAY.year - 16)
        actor = db.session.get(User, worker.id)
        referral = refer_to_youth_panel(row, team="Northgate YJS", referred_on=TODAY, actor=actor)
        db.session.commit()
        import pytest
        with pytest.raises(YouthReferralRefused):
            refer_to_youth_panel(row, team="Again", referred_on=TODAY, actor=actor)
        with pytest.raises(YouthReferralRefused):
            record_panel_outcome(row, referral, outcome="flogging", outcome_on=TODAY, notes="", actor=actor)
        record_panel_outcome(row, referral, outcome="youth_caution", outcome_on=TODAY, notes="", actor=None)
        db.session.commit()
        assert row.status == "closed" and referral.outcome == "youth_caution"
