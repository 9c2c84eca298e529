"""webapp.services.cases: a referral received, a case allocated and moved on, a note, without a page."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from factories import gen_case, gen_user
from webapp.domain.lifecycle import TransitionError
from webapp.extensions import db
from webapp.models import Area, AuditRecord, Case, Offence, Person, User, Victim
from webapp.services import cases


def _intake(**offence) -> cases.Intake:
    north = db.session.scalar(select(Area).where(Area.code == "N"))
    return cases.Intake(
        area_id=north.id, source="officer", referring_officer=" PC Ford 6305 ",
        suspect=Person(first_name="Ann", last_name="Smith", date_of_birth=date(1990, 1, 2)),
        offence=Offence(wording="Theft from a shop", mode_of_trial="summary", gravity_score=2,
                        offence_date=date(2026, 9, 1), **offence),
        victims=[Victim(first_name="", last_name="Corner Shop Ltd")])


def test_a_referral_gets_its_reference_timeline_and_audit_line(ctx):
    clerk = db.session.get(User, gen_user(role="clerk").id)
    case = cases.receive_referral(_intake(), clerk)
    db.session.commit()
    assert case.reference == f"OC{date.today():%y}-{case.id:06d}"
    assert (case.status, case.caseworker_id, case.referring_officer) == ("referred", None, "PC Ford 6305")
    assert "ann smith" in case.search_text
    assert [(e.kind, e.detail) for e in case.events] == [("referred", "Source: officer referral. Victims: 1.")]
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "case"))
    assert (audit.action, audit.record_id, audit.user_id) == ("collect", case.reference, clerk.id)


def test_a_caseworker_takes_on_their_own_referral_and_escalations_are_named(ctx):
    worker = db.session.get(User, gen_user().id)
    case = cases.receive_referral(_intake(domestic_abuse=True), worker)
    db.session.commit()
    assert case.caseworker_id == worker.id
    assert case.is_high_risk
    assert "Escalated: " in case.events[0].detail and "omestic abuse" in case.events[0].detail


def test_update_allocates_moves_on_and_notes(ctx):
    supervisor = db.session.get(User, gen_user(role="supervisor").id)
    worker = db.session.get(User, gen_user(full_name="Cas Worker").id)
    case = db.session.get(Case, gen_case(status="referred").id)
    changes = cases.update_case(case, caseworker=worker, status="screening", note="Allocated", actor=supervisor)
    db.session.commit()
    assert changes == ["Assigned to Cas Worker", "Status changed from Referred to Screening"]
    assert (case.caseworker_id, case.status) == (worker.id, "screening")
    assert (case.events[0].summary, case.events[0].detail) == ("; ".join(changes), "Allocated")
    assert cases.update_case(case, caseworker=worker, status="screening", note="", actor=supervisor) == []
    assert cases.update_case(case, caseworker=None, status="screening", note="", actor=supervisor) == ["Unassigned"]


def test_update_refuses_a_status_the_lifecycle_does_not_allow_and_changes_nothing(ctx):
    supervisor = db.session.get(User, gen_user(role="supervisor").id)
    worker = db.session.get(User, gen_user().id)
    case = db.session.get(Case, gen_case(status="referred").id)
    with pytest.raises(TransitionError):
        cases.update_case(case, caseworker=worker, status="completed", note="", actor=supervisor)
    assert (case.caseworker_id, case.status) == (None, "referred")


def test_a_note_goes_on_the_timeline_with_an_audit_line(ctx):
    worker = db.session.get(User, gen_user().id)
    case = db.session.get(Case, gen_case().id)
    cases.add_note(case, "Rang the officer", worker)
    db.session.commit()
    assert (case.events[0].kind, case.events[0].detail, case.events[0].actor_id) == ("note", "Rang the officer",
                                                                                      worker.id)
    assert db.session.scalar(select(AuditRecord.description).where(AuditRecord.record_type == "case")) == (
        "Note added to timeline")
