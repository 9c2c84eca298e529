"""webapp.services.victims: recording a contact or an attempt, and restorative justice, without a page."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from factories import gen_case, gen_user, gen_victim_contact
from webapp.extensions import db
from webapp.models import AuditRecord, Case, User, VictimContact
from webapp.services import victims


def _contacts(case_id: int) -> list[VictimContact]:
    return list(db.session.scalars(select(VictimContact).where(VictimContact.case_id == case_id)
                                   .order_by(VictimContact.id)))


def _summaries(case: Case) -> list[str]:
    db.session.expire(case, ["events"])
    return [e.summary for e in case.events]


def test_an_attempt_that_did_not_reach_the_victim_is_logged_and_the_task_stays_open(ctx):
    case_id = gen_case().id
    task_id = gen_victim_contact(db.session.get(Case, case_id), purpose="outcome", due_date=date(2026, 10, 2)).id
    actor = db.session.get(User, gen_user(role="victim_liaison").id)
    task = db.session.get(VictimContact, task_id)
    message = victims.record_contact(task, reached=False, method="phone", summary=" No answer ", actor=actor)
    db.session.commit()
    assert message == "Attempt recorded: the task stays open"
    task, attempt = _contacts(case_id)
    assert task.done_at is None
    assert attempt.done_at is not None and attempt.due_date == date(2026, 10, 2) and attempt.summary == "No answer"
    assert attempt.reason.startswith("Attempt, not reached") and attempt.done_by_id == actor.id
    assert "Tried to contact Victim0 Person (tell the victim the outcome): not reached" in _summaries(task.case)
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "victim_contact"))
    assert audit.user_id == actor.id and audit.description.endswith("not reached")


def test_a_views_contact_that_reached_the_victim_records_their_views(ctx):
    case_id = gen_case().id
    task_id = gen_victim_contact(db.session.get(Case, case_id), purpose="views").id
    actor = db.session.get(User, gen_user(role="victim_liaison").id)
    task = db.session.get(VictimContact, task_id)
    message = victims.record_contact(task, reached=True, method="email", summary="Happy with a caution",
                                     views="supports_oocd", actor=actor)
    db.session.commit()
    assert message == "Contact recorded" and len(_contacts(case_id)) == 1
    assert task.done_at is not None and task.method == "email"
    assert (task.victim.views, task.victim.views_method, task.victim.views_notes) == (
        "supports_oocd", "email", "Happy with a caution")
    assert "Contacted Victim0 Person: seek views on the proposed resolution" in _summaries(task.case)


def test_restorative_justice_closes_the_open_task_for_it(ctx):
    case_id = gen_case().id
    task_id = gen_victim_contact(db.session.get(Case, case_id), purpose="restorative_justice").id
    case, actor = db.session.get(Case, case_id), db.session.get(User, gen_user(role="victim_liaison").id)
    victims.record_restorative_justice(case, case.victims[0], offered_on=date(2026, 10, 5), response="declined",
                                       method="phone", notes=" Not now ", actor=actor)
    db.session.commit()
    (task,) = _contacts(case_id)
    assert task.id == task_id and task.done_at is not None and task.summary == "Declined. Not now"
    assert case.victims[0].rj_offered_on == date(2026, 10, 5) and case.victims[0].rj_response == "declined"
    assert "Restorative justice offered to Victim0 Person: declined" in _summaries(case)


def test_restorative_justice_offered_without_a_task_is_still_logged_as_a_contact(ctx):
    case_id = gen_case().id
    case, actor = db.session.get(Case, case_id), db.session.get(User, gen_user(role="victim_liaison").id)
    victims.record_restorative_justice(case, case.victims[0], offered_on=date(2026, 10, 5), response="accepted",
                                       method="in_person", notes="", actor=actor)
    db.session.commit()
    (contact,) = _contacts(case_id)
    assert (contact.purpose, contact.due_date, contact.reason, contact.summary) == (
        "restorative_justice", date(2026, 10, 5), "Restorative justice offered", "Accepted.")
    assert contact.done_by_id == actor.id
