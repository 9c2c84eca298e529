"""What changes decisions: authorising or returning one (the four-eyes check), and giving it to the
offender with the record the law requires. Called alike by the decisions pages and the demo seeding.

Every function takes plain arguments (no request, no form), adds its rows, timeline event and audit
line to the case's session, and leaves the commit to the caller. A refusal raises `DecisionRefused`
with a message per field, for the page to put beside the fields.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import object_session

from webapp.audit import log as audit
from webapp.domain import delivery as rules
from webapp.domain.authorisation import four_eyes_problem
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import LABELS
from webapp.domain.lifecycle import STATUSES, check_transition
from webapp.models import Case, CaseEvent, Decision, User
from webapp.models._types import utcnow
from webapp.models.decision import CautionDelivery


class DecisionRefused(ValueError):
    """The change cannot be made as asked; `problems` maps a field (or "" for the whole) to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _event(case: Case, kind: str, summary: str, detail: str, actor: User | None) -> None:
    case.events.append(CaseEvent(kind=kind, summary=summary[:255], detail=detail,
                                 actor_id=actor.id if actor is not None else None))


def _label(decision: Decision) -> str:
    return LABELS.get(decision.disposal, decision.disposal)


def _move(case: Case, new_status: str) -> str:
    """Change the case's status; returns the words for the timeline."""
    if case.status == new_status:
        return ""
    check_transition(case.status, new_status)
    words = f"; status changed from {STATUSES[case.status]} to {STATUSES[new_status]}"
    case.status = new_status
    return words


# --- Authorisation -----------------------------------------------------------------------------

def authorise_decision(case: Case, decision: Decision, *, actor: User, comments: str = "",
                       prosecutor_name: str = "", prosecutor_consent_at: datetime | None = None) -> None:
    """A supervisor approves a decision awaiting authorisation; it then waits to be given."""
    problem = four_eyes_problem(decision.decided_by_id, actor.id)
    if problem:
        raise DecisionRefused({"": problem})
    if decision.needs_prosecutor and decision.prosecutor_consent_at is None:
        if not prosecutor_name.strip() or prosecutor_consent_at is None:
            raise DecisionRefused({"prosecutor_name": "Record the prosecutor's name and the time they consented"})
        decision.prosecutor_name = prosecutor_name.strip()
        decision.prosecutor_consent_at = prosecutor_consent_at
        _event(case, "prosecutor_consent", "Prosecutor's consent recorded",
               f"{decision.prosecutor_name}, {prosecutor_consent_at:%d %b %Y at %H:%M}", actor)
        audit.record("collect", "decision", case.reference,
                     f"Prosecutor's consent recorded: {decision.prosecutor_name} at "
                     f"{prosecutor_consent_at.isoformat(timespec='minutes')}", user=actor)
    decision.status = "authorised"
    decision.authorised_by_id = actor.id
    decision.authorised_at = utcnow()
    decision.supervisor_comments = comments
    moved = _move(case, "decided")
    _event(case, "decision_authorised", f"Decision authorised: {_label(decision)}{moved}", comments, actor)
    audit.record("alter", "decision", case.reference, f"Decision authorised: {_label(decision)}. {comments}".strip(),
                 user=actor)


def return_decision(case: Case, decision: Decision, *, actor: User, comments: str) -> None:
    """A supervisor sends a decision back to the caseworker, saying what must change."""
    problem = four_eyes_problem(decision.decided_by_id, actor.id)
    if problem:
        raise DecisionRefused({"": problem})
    if not comments.strip():
        raise DecisionRefused({"comments": "Enter comments saying what must change before the decision can be "
                                           "approved"})
    decision.status = "returned"
    decision.supervisor_comments = comments.strip()
    _event(case, "decision_returned", f"Decision returned: {_label(decision)}", decision.supervisor_comments, actor)
    audit.record("alter", "decision", case.reference, f"Decision returned with comments: {decision.supervisor_comments}",
                 user=actor)


# --- Giving the decision to the offender -------------------------------------------------------

def deliver_community_resolution(case: Case, decision: Decision, *, actor: User | None) -> None:
    """A Community Resolution is agreed, not given under statute: its actions start when it is recorded."""
    if rules.needs_delivery_record(decision.disposal):
        raise DecisionRefused({"": f"A {_label(decision).lower()} starts only once its delivery is recorded: who "
                                   "gave it, the admission, the explanation and the signed document"})
    _start(case, decision, actor, given_on=date.today(), what_prefix="", config=EngineConfig())


def record_caution_delivery(case: Case, decision: Decision, *, given_by_name: str, given_by_rank: str,
                            given_by_authority: str, admission_to_giver: bool, admission_words: str,
                            effect_explained: bool, breach_warning_given: bool, given_at: datetime | None,
                            place: str, signed_document: bytes | None, signed_file_name: str,
                            actor: User | None, config: EngineConfig | None = None) -> CautionDelivery:
    """Record how a caution was given; only then does it take effect and do its conditions start.

    Refuses (DecisionRefused, by field) anything the law requires that is missing, a signed document that is
    not a PDF, JPEG or PNG, and conditions due after the longest condition period counted from the day given.
    """
    from webapp.services import storage as store

    config = config or EngineConfig()
    if decision.status != "authorised" or decision.delivery is not None:
        raise DecisionRefused({"": "This decision is not waiting to be given: it was already delivered, or it "
                                   "changed since you opened it"})
    facts = rules.DeliveryFacts(
        given_by_name=given_by_name, given_by_rank=given_by_rank, given_by_authority=given_by_authority,
        admission_to_giver=admission_to_giver, effect_explained=effect_explained,
        breach_warning_given=breach_warning_given, signed_document=bool(signed_document), given_at=given_at,
        place=place)
    problems = rules.missing(decision.disposal, facts)
    content_type = rules.signed_document_type(signed_document) if signed_document else None
    if signed_document and content_type is None:
        problems["signed_document"] = "The signed document must be a PDF, JPEG or PNG scan"
    elif signed_document and len(signed_document) > rules.SIGNED_MAX_BYTES:
        problems["signed_document"] = "The signed document must be smaller than 10 MB"
    if given_at is not None:
        if given_at.date() < (decision.authorised_at or decision.decided_at).date():
            problems["given_at"] = "The caution cannot have been given before the decision was authorised"
        late = rules.late_conditions([c.due_date or decision.completion_date for c in decision.conditions],
                                     given_at.date(), config)
        if late and not _supervisor_agreed_longer_period(decision):
            _, latest = rules.conditions_due_by(given_at.date(), config)
            problems["given_at"] = (f"Condition {', '.join(str(i + 1) for i in late)} is due after "
                                    f"{latest.day} {latest:%B %Y}, {config.condition_period_max_weeks} weeks from "
                                    "the day the caution is given: the decision must be varied first")
    if problems:
        raise DecisionRefused(problems)

    name = f"{uuid.uuid4().hex}{rules.SIGNED_TYPES[content_type]}"
    key = f"signed/{store.safe_name(case.reference)}/{name}"
    store.write(key, signed_document)
    record = CautionDelivery(
        decision_id=decision.id, case_id=case.id, given_by_name=given_by_name.strip(),
        given_by_rank=given_by_rank.strip(), given_by_authority=given_by_authority,
        admission_to_giver=True, admission_words=admission_words.strip(), effect_explained=True,
        breach_warning_given=breach_warning_given, given_at=given_at, place=place.strip(),
        signed_file_name=(signed_file_name or name)[:255], signed_path=key,
        signed_sha256=store.sha256(signed_document), signed_content_type=content_type,
        recorded_by_id=actor.id if actor is not None else None)
    decision.delivery = record
    object_session(case).add(record)
    _start(case, decision, actor, given_on=given_at.date(),
           what_prefix=f"Given by {record.given_by_rank} {record.given_by_name} at {record.place} on "
                       f"{given_at:%d %B %Y at %H:%M}; admission, explanation and signed document recorded. ",
           config=config)
    audit.record("collect", "caution_delivery", case.reference,
                 f"{_label(decision)} given by {record.given_by_rank} {record.given_by_name} "
                 f"({rules.AUTHORITIES[given_by_authority]}) at {record.place}; signed document "
                 f"{record.signed_sha256[:12]} stored", user=actor)
    return record


def _supervisor_agreed_longer_period(decision: Decision) -> bool:
    """The 20 weeks are guidance: a decision authorised with an override for them may run longer."""
    departures = (decision.engine_snapshot or {}).get("authorisation", {}).get("departures", [])
    return "conditional_caution.condition_period" in departures and decision.authorised_by_id is not None


def _start(case: Case, decision: Decision, actor: User | None, *, given_on: date, what_prefix: str,
           config: EngineConfig) -> None:
    """The decision takes effect: conditions without a date are due by the decision's completion date,
    or without one the normal period from the day given."""
    normal, _ = rules.conditions_due_by(given_on, config)
    for condition in decision.conditions:
        if condition.due_date is None:
            condition.due_date = decision.completion_date or normal
    new_status = "conditions_active" if decision.conditions else "completed"
    decision.status = "delivered"
    decision.delivered_by_id = actor.id if actor is not None else None
    decision.delivered_at = utcnow()
    what = (f"{len(decision.conditions)} condition(s) now active, counted from {given_on.day} {given_on:%B %Y}"
            if decision.conditions else "no conditions or actions to track")
    moved = _move(case, new_status)
    _event(case, "decision_delivered", f"{_label(decision)} delivered{moved}", what_prefix + what, actor)
    audit.record("alter", "decision", case.reference, f"{_label(decision)} delivered: {what}", user=actor)


# --- Escalation: which cases a supervisor sees first -------------------------------------------

def refresh_escalation_flags(either_way_above: int) -> int:
    """Re-flag every case by the force's escalation policy at a new either-way level, in one statement, as
    Case.escalation_reasons works it out: the case's first offence, with the screening's final gravity score when
    recorded, else the referral's base score. Cases whose flag does not change are left alone (updated_at and the
    edit lock unchanged). Returns how many changed."""
    from sqlalchemy import and_, exists, func, or_, select, update
    from sqlalchemy.orm import aliased

    from webapp.domain.disposals import EITHER_WAY, INDICTABLE_ONLY
    from webapp.extensions import db
    from webapp.models import Offence, Screening

    first = aliased(Offence)
    first_id = select(func.min(first.id)).where(first.case_id == Offence.case_id).correlate(Offence).scalar_subquery()
    screened = (select(Screening.final_gravity_score).where(Screening.case_id == Offence.case_id)
                .correlate(Offence).scalar_subquery())
    score = func.coalesce(screened, Offence.gravity_score)
    flagged = exists().where(Offence.case_id == Case.id, Offence.id == first_id, or_(
        Offence.domestic_abuse.is_(True), Offence.hate_crime.is_(True), Offence.mode_of_trial == INDICTABLE_ONLY,
        and_(Offence.mode_of_trial == EITHER_WAY, score > either_way_above))).correlate(Case)
    result = db.session.execute(
        update(Case).where(Case.is_high_risk.is_distinct_from(flagged))
        .values(is_high_risk=flagged, updated_at=Case.updated_at)
        .execution_options(synchronize_session=False))
    db.session.expire_all()
    audit.record("alter", "case_list", "", f"Escalation flags worked out again at either-way level {either_way_above}: "
                 f"{result.rowcount} case(s) changed")
    return result.rowcount
