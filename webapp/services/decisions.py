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
from webapp.domain import authorisation
from webapp.domain.authorisation import four_eyes_problem, override_label
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import LABELS, regime_label
from webapp.domain.lifecycle import STATUSES, check_transition
from webapp.models import Case, CaseEvent, Decision, User
from webapp.models._types import utcnow
from webapp.models.decision import CautionDelivery
from webapp.domain.formatting import counted, date_at_time, long_date


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
               f"{decision.prosecutor_name}, {date_at_time(prosecutor_consent_at)}", actor)
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
                                    f"{long_date(latest)}, {config.condition_period_max_weeks} weeks from "
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
                       f"{date_at_time(given_at)}; admission, explanation and signed document recorded. ",
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
    what = (f"{counted(len(decision.conditions), 'condition')} now active, counted from {long_date(given_on)}"
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


# --- Screening and recording a decision ---------------------------------------------------------

def record_screening(case: Case, *, admission: bool, admission_date: date | None, evidential_stage_met: bool | None,
                     aggravating: list[str], mitigating: list[str], previous: list[dict], data: dict, result,
                     actor: User) -> None:
    """Save the screening facts and the engine's answer, move a referred case to screening, and work out its
    escalation flag again from the final gravity score. `previous` holds dicts of PreviousOutcome columns."""
    from webapp.models import PreviousOutcome, Screening

    saved = case.screening
    if saved is None:
        saved = Screening(case_id=case.id)
        case.screening = saved
    saved.admission = admission
    saved.admission_date = admission_date if admission else None
    saved.evidential_stage_met = evidential_stage_met  # a copy of the Full Code Test's answer
    saved.aggravating, saved.mitigating = list(aggravating), list(mitigating)
    saved.final_gravity_score = result.final_gravity_score
    case.refresh_derived()  # the escalation flag follows the final gravity score
    saved.regime = result.regime
    saved.assessment = {"decision_date": data["decision_date"], "input": data, "result": result.to_dict(),
                        "detail": result.detail()}
    saved.updated_by_id = actor.id
    case.previous_outcomes[:] = [PreviousOutcome(**row) for row in previous]
    summary = "Screening saved"
    if case.status == "referred":
        check_transition(case.status, "screening")
        case.status = "screening"
        summary += ": status changed from Referred to Screening"
    available = ", ".join(LABELS[d] for d in result.available) or "none"
    detail = (f"{regime_label(result.regime)}; final gravity score {result.final_gravity_score}. "
              f"Available: {available}. Refer to CPS: {'yes' if result.refer_to_cps else 'no'}.")
    _event(case, "screening", summary, detail, actor)
    yes_no = {True: "yes", False: "no", None: None}
    audit.record("alter", "screening", case.reference,
                 f"Screening saved: admission {yes_no[saved.admission]}, evidential stage "
                 f"{yes_no[saved.evidential_stage_met]}, {len(case.previous_outcomes)} previous outcome(s); {detail}",
                 user=actor)


def leaves_out_victims_choice(review) -> bool:
    """The decision leaves out an action a victim chose from the community remedy menu."""
    return any(p.reason.rule_id.startswith("community_remedy.") for p in review.advisories)


def record_decision(case: Case, *, disposal: str, rationale: str, completion_date: date | None,
                    override_code: str | None, override_note: str, remedy_reason: str, conditions: list[dict],
                    data: dict, result, review, config: EngineConfig, actor: User, today: date) -> Decision:
    """Record a caseworker's decision with the engine's answer kept beside it. Who must sign it off comes from
    webapp.domain.authorisation; one needing nobody is authorised at once and the case becomes decided. An action a
    victim asked for that is left out is recorded with the reason, and each such victim gets a task to be told.
    `conditions` holds dicts of Condition columns."""
    from webapp.domain.escalation import needs_supervisor_first
    from webapp.models import Condition
    from webapp.services.victims import tell_victims_action_not_attached

    overridden = review.override_required
    needs_prosecutor = authorisation.needs_prosecutor(result, review, disposal)
    reasons = authorisation.supervisor_reasons(disposal=disposal, assessment=result, review=review, overridden=overridden,
                                               high_risk=needs_supervisor_first(result.escalate),
                                               cps_diverted=case.source == "cps_diverted")
    now = utcnow()
    made = Decision(
        case_id=case.id, disposal=disposal, regime=result.regime, rationale=rationale.strip(),
        completion_date=completion_date, override_code=override_code if overridden else None,
        override_note=override_note.strip() if overridden else "",
        needs_supervisor=bool(reasons), needs_prosecutor=needs_prosecutor,
        status="awaiting_authorisation" if reasons else "authorised", decided_by_id=actor.id, decided_at=now,
        engine_snapshot={
            "decision_date": data["decision_date"], "input": data, "result": result.to_dict(),
            "detail": result.detail(), "settings": config.to_mapping(),
            "authorisation": {"supervisor_reasons": reasons, "hard": [p.field for p in review.hard],
                              "departures": [p.reason.rule_id for p in review.departures],
                              "prosecutor": [p.reason.rule_id for p in review.prosecutor]},
        })
    for row in conditions:
        made.conditions.append(Condition(case_id=case.id, status="pending", **row))
    case.decisions.append(made)
    if leaves_out_victims_choice(review):
        made.remedy_not_attached_reason = remedy_reason.strip()
        tell_victims_action_not_attached(case, made.remedy_not_attached_reason, {c.type for c in made.conditions},
                                         today, config=config, actor=actor)
    label = LABELS[disposal]
    detail = [rationale.strip()]
    if made.remedy_not_attached_reason:
        detail.append(f"The action the victim asked for is not attached: {made.remedy_not_attached_reason}")
    if overridden:
        detail.append(f"Override: {override_label(made.override_code)}. {made.override_note}")
    if reasons:
        detail.append("Needs authorisation: " + "; ".join(reasons) + ".")
    if made.status == "authorised":
        check_transition(case.status, "decided")
        case.status = "decided"
        made.authorised_at = now
        summary = f"Decision recorded: {label}; no authorisation needed, ready to deliver"
    else:
        summary = f"Decision recorded: {label}; awaiting authorisation"
    _event(case, "decision", summary, "\n".join(detail), actor)
    audit.record("collect", "decision", case.reference,
                 f"{summary}. Conditions: {len(made.conditions)}. Prosecutor needed: {'yes' if needs_prosecutor else 'no'}",
                 user=actor)
    if overridden:
        audit.record("alter", "decision_override", case.reference,
                     f"Departed from the engine's advice with override {made.override_code} "
                     f"({', '.join(p.reason.rule_id for p in (*review.departures, *review.prosecutor))}): "
                     f"{made.override_note}", user=actor)
    return made
