"""What saving a Full Code Test or a needs assessment changes: the record, the screening's copy of the
evidential answer, the timeline and the audit line. Called alike by the assessment pages and the demo.

Each function takes plain arguments (no request, no form), adds to the case's session and leaves the
commit to the caller.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.domain.full_code_test import CONCLUSIONS, PUBLIC_INTEREST_FACTORS
from webapp.domain.needs import present_needs
from webapp.extensions import db
from webapp.models import Case, FullCodeTest, NeedsAssessment, User
from webapp.models._types import utcnow


@dataclass(frozen=True)
class Review:
    """A reviewer's Full Code Test. `public_interest` maps each factor's key to {"relevant", "note"}."""
    evidential_met: bool
    evidential_notes: str
    public_interest: dict[str, dict]
    conclusion: str | None = None
    conclusion_notes: str = ""


def save_full_code_test(case: Case, review: Review, actor: User) -> FullCodeTest:
    """Record (or revise) the case's Full Code Test; the screening keeps the evidential answer in step."""
    fct = case.full_code_test
    first = fct is None
    if first:
        fct = FullCodeTest(case_id=case.id)
        db.session.add(fct)
    fct.evidential_met = review.evidential_met
    fct.evidential_notes = review.evidential_notes.strip()
    fct.public_interest = review.public_interest
    # The public interest is reached only when the evidence is sufficient; a conclusion otherwise means nothing.
    fct.public_interest_conclusion = review.conclusion if review.evidential_met else None
    fct.public_interest_notes = review.conclusion_notes.strip()
    fct.reviewed_by_id = actor.id
    fct.reviewed_at = utcnow()
    if case.screening is not None:  # the screening keeps a copy of the one answer, so nothing reads another
        case.screening.evidential_stage_met = review.evidential_met
    if review.evidential_met:
        relevant = [f.short for f in PUBLIC_INTEREST_FACTORS if (review.public_interest.get(f.key) or {}).get("relevant")]
        summary = f"Full Code Test: evidential stage met; {CONCLUSIONS[fct.public_interest_conclusion].lower()}"
        detail = f"Public-interest factors considered: {', '.join(relevant)}. {fct.public_interest_notes}"
    else:
        summary = "Full Code Test: evidential stage not met"
        detail = fct.evidential_notes
    case.add_event("full_code_test", summary, detail.strip(), actor)
    audit.record("collect" if first else "alter", "full_code_test", case.reference, summary, user=actor)
    return fct


def latest_needs(case_id: int) -> NeedsAssessment | None:
    return db.session.scalar(
        select(NeedsAssessment).where(NeedsAssessment.case_id == case_id)
        .order_by(NeedsAssessment.assessed_at.desc(), NeedsAssessment.id.desc()).limit(1))


def safeguarding_concern(case_id: int) -> NeedsAssessment | None:
    """The latest needs assessment when it records a safeguarding concern, for the warning under the case header."""
    latest = latest_needs(case_id)
    return latest if latest is not None and latest.safeguarding_concern else None


def safeguarding_case_ids(case_ids: list[int]) -> set[int]:
    """Of these cases, those whose latest needs assessment records a safeguarding concern."""
    if not case_ids:
        return set()
    rows = db.session.execute(
        select(NeedsAssessment.case_id, NeedsAssessment.safeguarding_concern)
        .where(NeedsAssessment.case_id.in_(case_ids))
        .order_by(NeedsAssessment.case_id, NeedsAssessment.assessed_at, NeedsAssessment.id)).all()
    latest: dict[int, bool] = {}
    for case_id, concern in rows:
        latest[case_id] = concern  # ordered oldest first, so the last one wins
    return {case_id for case_id, concern in latest.items() if concern}


@dataclass(frozen=True)
class Findings:
    """What a needs assessment found. `needs` maps each domain's key to {"present", "note"}."""
    needs: dict[str, dict]
    vulnerable: bool = False
    safeguarding_concern: bool = False
    safeguarding_notes: str = ""
    assessor_opinion: str = ""
    appointment_id: int | None = None


def record_needs(case: Case, findings: Findings, actor: User) -> NeedsAssessment:
    """Each save is a new assessment, so what was known when stays on record; a safeguarding concern
    raised, changed or withdrawn is a timeline line of its own."""
    previous = latest_needs(case.id)
    assessment = NeedsAssessment(
        case_id=case.id, appointment_id=findings.appointment_id or None, needs=findings.needs,
        vulnerable=findings.vulnerable, safeguarding_concern=findings.safeguarding_concern,
        safeguarding_notes=findings.safeguarding_notes.strip(), assessor_opinion=findings.assessor_opinion.strip(),
        assessed_by_id=actor.id, assessed_at=utcnow())
    db.session.add(assessment)
    present = [d.label.lower() for d in present_needs(assessment.needs)]
    detail = f"Needs identified: {', '.join(present) if present else 'none'}."
    if assessment.vulnerable:
        detail += " The person is vulnerable."
    case.add_event("needs_assessed", "Needs assessment recorded", detail, actor)
    was = previous is not None and previous.safeguarding_concern
    if assessment.safeguarding_concern and not was:
        case.add_event("safeguarding", "Safeguarding concern raised", assessment.safeguarding_notes, actor)
    elif assessment.safeguarding_concern and previous.safeguarding_notes != assessment.safeguarding_notes:
        case.add_event("safeguarding", "Safeguarding concern updated", assessment.safeguarding_notes, actor)
    elif was and not assessment.safeguarding_concern:
        case.add_event("safeguarding", "Safeguarding concern no longer recorded", assessment.safeguarding_notes, actor)
    db.session.flush()
    audit.record("collect", "needs_assessment", case.reference,
                 f"Needs assessment {assessment.id} recorded ({len(present)} need(s); "
                 f"safeguarding concern: {'yes' if assessment.safeguarding_concern else 'no'})", user=actor)
    return assessment
