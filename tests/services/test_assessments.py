"""webapp.services.assessments: the Full Code Test and the needs assessment, saved without a page."""
from __future__ import annotations

from sqlalchemy import select

from factories import gen_case, gen_user
from webapp.domain.full_code_test import FACTOR_KEYS
from webapp.domain.needs import NEED_DOMAINS
from webapp.extensions import db
from webapp.models import AuditRecord, Case, NeedsAssessment, Screening, User
from webapp.services import assessments


def _fresh(case_id: int, user_id: int) -> tuple[Case, User]:
    return db.session.get(Case, case_id), db.session.get(User, user_id)


def _public_interest(**relevant: str) -> dict:
    return {key: {"relevant": key in relevant, "note": relevant.get(key, "")} for key in FACTOR_KEYS}


def _events(case: Case) -> list[tuple[str, str]]:
    db.session.expire(case, ["events"])
    return [(e.kind, e.summary) for e in reversed(case.events)]


def test_full_code_test_met_records_conclusion_event_and_audit(ctx):
    case, worker = _fresh(gen_case().id, gen_user().id)
    review = assessments.Review(evidential_met=True, evidential_notes=" Admitted in interview ",
                                public_interest=_public_interest(seriousness="Low harm"), conclusion="out_of_court",
                                conclusion_notes="First offence")
    fct = assessments.save_full_code_test(case, review, worker)
    db.session.commit()
    assert (fct.evidential_met, fct.evidential_notes, fct.public_interest_conclusion) == (
        True, "Admitted in interview", "out_of_court")
    assert fct.reviewed_by_id == worker.id
    kind, summary = _events(case)[-1]
    assert kind == "full_code_test"
    assert summary == ("Full Code Test: evidential stage met; "
                       "the public interest is served by an out-of-court resolution")
    assert case.events[0].detail.startswith("Public-interest factors considered: seriousness.")
    audit = db.session.scalars(select(AuditRecord).where(AuditRecord.record_type == "full_code_test")).all()
    assert [(a.action, a.user_id) for a in audit] == [("collect", worker.id)]


def test_full_code_test_not_met_drops_conclusion_and_updates_screening(ctx):
    case, worker = _fresh(gen_case(status="screening").id, gen_user().id)
    case.screening = Screening(case_id=case.id, evidential_stage_met=True)
    db.session.commit()
    assessments.save_full_code_test(case, assessments.Review(True, "First look", _public_interest(), "prosecution",
                                                             "x"), worker)
    db.session.commit()
    fct = assessments.save_full_code_test(
        case, assessments.Review(False, "CCTV shows someone else", _public_interest(), "prosecution"), worker)
    db.session.commit()
    assert fct.public_interest_conclusion is None
    assert case.screening.evidential_stage_met is False
    assert _events(case)[-1] == ("full_code_test", "Full Code Test: evidential stage not met")
    actions = db.session.scalars(select(AuditRecord.action).where(AuditRecord.record_type == "full_code_test")
                                 .order_by(AuditRecord.id)).all()
    assert actions == ["collect", "alter"]


def _findings(**kw) -> assessments.Findings:
    needs = {d.key: {"present": d.key in ("alcohol", "finance"), "note": "Said so" if d.key in ("alcohol", "finance")
                     else ""} for d in NEED_DOMAINS}
    return assessments.Findings(needs=needs, **kw)


def test_each_needs_save_is_a_new_assessment_and_safeguarding_changes_reach_the_timeline(ctx):
    case, worker = _fresh(gen_case().id, gen_user().id)
    first = assessments.record_needs(case, _findings(vulnerable=True, safeguarding_concern=True,
                                                     safeguarding_notes="Lives with an exploiter"), worker)
    db.session.commit()
    assert _events(case)[-2:] == [("needs_assessed", "Needs assessment recorded"),
                                  ("safeguarding", "Safeguarding concern raised")]
    assert case.events[1].detail == "Needs identified: finance, alcohol misuse. The person is vulnerable."
    assert assessments.latest_needs(case.id).id == first.id

    assessments.record_needs(case, _findings(safeguarding_concern=True, safeguarding_notes="Moved to a refuge"), worker)
    db.session.commit()
    assert _events(case)[-1] == ("safeguarding", "Safeguarding concern updated")
    second = assessments.latest_needs(case.id)
    assessments.record_needs(case, _findings(), worker)
    db.session.commit()
    assert _events(case)[-1] == ("safeguarding", "Safeguarding concern no longer recorded")
    assert db.session.scalar(select(db.func.count(NeedsAssessment.id))) == 3
    assert assessments.latest_needs(case.id).id not in (first.id, second.id)
    descriptions = db.session.scalars(select(AuditRecord.description).where(
        AuditRecord.record_type == "needs_assessment").order_by(AuditRecord.id)).all()
    assert descriptions[-1].endswith("(2 need(s); safeguarding concern: no)")


def test_needs_without_a_concern_adds_no_safeguarding_line(ctx):
    case, worker = _fresh(gen_case().id, gen_user().id)
    assessments.record_needs(case, _findings(), worker)
    db.session.commit()
    assert [k for k, _ in _events(case)].count("safeguarding") == 0


def test_the_safeguarding_warning_and_case_ids_follow_each_cases_latest_assessment(ctx):
    worker = db.session.get(User, gen_user().id)
    raised, withdrawn, never = (db.session.get(Case, gen_case().id) for _ in range(3))
    assessments.record_needs(raised, _findings(safeguarding_concern=True, safeguarding_notes="At risk"), worker)
    assessments.record_needs(withdrawn, _findings(safeguarding_concern=True, safeguarding_notes="At risk"), worker)
    db.session.commit()
    assessments.record_needs(withdrawn, _findings(), worker)
    assessments.record_needs(never, _findings(), worker)
    db.session.commit()
    assert assessments.safeguarding_case_ids([raised.id, withdrawn.id, never.id]) == {raised.id}
    assert assessments.safeguarding_case_ids([]) == set()
    assert assessments.safeguarding_concern(raised.id).safeguarding_notes == "At risk"
    assert [assessments.safeguarding_concern(c.id) for c in (withdrawn, never, gen_case())] == [None, None, None]
