"""Restorative Justice: assessing suitability, arranging it (optionally as a reparative condition),
recording the outcome and the follow-up. The caller commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.domain import restorative as rules
from webapp.extensions import db
from webapp.models import Case, Condition, RestorativeJustice, User, Victim
from webapp.services.partners import complete_condition
from webapp.domain.formatting import long_date



class RestorativeError(ValueError):
    """Not allowed now; the message says why."""


@dataclass
class Assessment:
    victim: Victim
    victim_side: rules.Side
    offender_side: rules.Side
    victim_notes: str
    offender_notes: str
    safety_plan: str
    on: date


def _event(case: Case, summary: str, detail: str, user: User) -> None:
    case.add_event("restorative_justice", summary, detail, user)


def for_case(case: Case) -> list[RestorativeJustice]:
    return list(db.session.scalars(select(RestorativeJustice).where(RestorativeJustice.case_id == case.id)
                                   .order_by(RestorativeJustice.id)))


def assess(case: Case, a: Assessment, user: User) -> tuple[RestorativeJustice, list[str]]:
    if a.victim.case_id != case.id:
        raise RestorativeError("Choose a victim on this case")
    reasons = rules.unsuitable_reasons(a.victim_side, a.offender_side)
    rj = RestorativeJustice(
        case_id=case.id, victim_id=a.victim.id, victim_consents=a.victim_side.consents,
        victim_ready=a.victim_side.ready, victim_risk=a.victim_side.risk, victim_notes=a.victim_notes.strip(),
        offender_consents=a.offender_side.consents, offender_ready=a.offender_side.ready,
        offender_accepts_responsibility=a.offender_side.accepts_responsibility, offender_risk=a.offender_side.risk,
        offender_notes=a.offender_notes.strip(), safety_plan=a.safety_plan.strip(), assessed_on=a.on,
        assessed_by_id=user.id, status="not_suitable" if reasons else "suitable")
    db.session.add(rj)
    db.session.flush()
    summary = (f"Restorative Justice with {a.victim.full_name}: "
               f"{'not suitable' if reasons else 'victim and offender suitable'}")
    _event(case, summary, "; ".join(reasons), user)
    audit.record("collect", "restorative_justice", case.reference, f"Restorative Justice {rj.id} assessed: "
                 f"{rj.status_label.lower()}", user=user)
    return rj, reasons


def condition_choices(case: Case) -> list[Condition]:
    """The open reparative conditions of the case's current decision that an activity can stand for.

    Conditions are only ever set with the decision (the engine checks them and the offender agrees to
    them), so a Restorative Justice condition is proposed there, as an apology or attendance condition,
    and linked here; this never adds one."""
    decision = case.current_decision
    if decision is None:
        return []
    return [c for c in decision.conditions if c.kind == "reparative" and c.status == "pending"]


def arrange(case: Case, rj: RestorativeJustice, rj_type: str, facilitator: str, condition_id: int | None,
            user: User) -> str:
    if rj.status not in ("suitable", "arranged"):
        raise RestorativeError(f"Restorative Justice that is {rj.status_label.lower()} cannot be arranged: "
                               "assess the victim and the offender again")
    if rj_type not in rules.TYPES:
        raise RestorativeError("Choose the type of Restorative Justice")
    condition = None
    if condition_id:
        condition = next((c for c in condition_choices(case) if c.id == condition_id), None)
        if condition is None:
            raise RestorativeError("Choose one of the case's open reparative conditions")
    rj.rj_type, rj.facilitator, rj.status = rj_type, facilitator.strip()[:120], "arranged"
    if condition is not None:
        rj.condition_id = condition.id
    said = f"Restorative Justice arranged ({rules.TYPES[rj_type].lower()}), facilitated by {rj.facilitator}"
    if condition is not None:
        said += f", as the condition \u201c{condition.description}\u201d"
    _event(case, said, "", user)
    audit.record("alter", "restorative_justice", case.reference, f"Restorative Justice {rj.id}: {said}", user=user)
    return said


def record_outcome(case: Case, rj: RestorativeJustice, outcome: str, on: date, notes: str,
                   follow_up_on: date | None, user: User) -> str:
    if rj.status != "arranged":
        raise RestorativeError("Only Restorative Justice that has been arranged can have an outcome")
    if outcome not in rules.OUTCOMES:
        raise RestorativeError("Choose what happened")
    rj.outcome, rj.outcome_on, rj.outcome_notes = outcome, on, notes.strip()
    rj.follow_up_on, rj.status = follow_up_on, rules.outcome_status(outcome)
    said = f"Restorative Justice: {rules.OUTCOMES[outcome][0].lower()}{rules.OUTCOMES[outcome][1:]}"
    _event(case, said, rj.outcome_notes, user)
    audit.record("alter", "restorative_justice", case.reference, f"Restorative Justice {rj.id}: {said}", user=user)
    condition = db.session.get(Condition, rj.condition_id) if rj.condition_id else None
    if condition is not None and condition.status == "pending" and rj.status == "completed":
        said += ". " + complete_condition(condition, case, on, f"Restorative Justice, facilitated by {rj.facilitator}",
                                          user)
    return said


def follow_up(case: Case, rj: RestorativeJustice, notes: str, on: date, user: User) -> str:
    if rj.status not in ("completed", "not_completed"):
        raise RestorativeError("Follow-up comes after the outcome is recorded")
    rj.follow_up_notes = "\n".join(filter(None, [rj.follow_up_notes, f"{long_date(on)}: {notes.strip()}"]))
    rj.followed_up_on = on
    said = "Restorative Justice follow-up recorded"
    _event(case, said, notes.strip(), user)
    audit.record("alter", "restorative_justice", case.reference, f"Restorative Justice {rj.id}: follow-up", user=user)
    return said
