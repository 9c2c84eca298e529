"""Sending a youth's case to the joint decision panel with the Youth Offending Team, and recording what the
panel decided. Plain arguments, no request: views and the demo seeding call these alike; the caller commits."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import object_session

from webapp.audit import log as audit
from webapp.domain import youth as rules
from webapp.domain.lifecycle import STATUSES, check_transition
from webapp.models import Case, CaseEvent, ComplianceTask, User
from webapp.models._types import utcnow
from webapp.models.decision import YouthPanelReferral

# The task the referral creates, closed when the panel's outcome is recorded.
TASK_KIND = "youth_referral"
TASK_DAYS = 10


class YouthReferralRefused(ValueError):
    pass


def _task_key(case: Case) -> str:
    return f"youth-referral-{case.id}"


def refer_to_youth_panel(case: Case, *, team: str, referred_on: date, actor: User | None) -> YouthPanelReferral:
    """Send the case to the joint decision panel; a task follows it until the panel's outcome is recorded."""
    session = object_session(case)
    if session.query(YouthPanelReferral).filter_by(case_id=case.id).first() is not None:
        raise YouthReferralRefused("This case has already been sent to the Youth Offending Team panel")
    if not rules.is_youth(case.suspect.date_of_birth, referred_on):
        raise YouthReferralRefused("The suspect is 18 or over: the adult framework applies")
    referral = YouthPanelReferral(case_id=case.id, team=team.strip(), referred_on=referred_on,
                                  referred_by_id=actor.id if actor is not None else None, outcome_notes="")
    session.add(referral)
    session.add(ComplianceTask(key=_task_key(case), case_id=case.id, kind=TASK_KIND,
                               title=f"Youth Offending Team panel: get the outcome for {case.reference}"[:255],
                               due_date=referred_on + timedelta(days=TASK_DAYS)))
    case.events.append(CaseEvent(kind="youth_referral", actor_id=actor.id if actor is not None else None,
                                 summary=f"Sent to the Youth Offending Team joint decision panel ({referral.team})"[:255],
                                 detail=rules.REFERRAL_REASON))
    audit.record("collect", "youth_referral", case.reference, f"Referred to the youth panel: {referral.team}",
                 user=actor)
    return referral


def record_panel_outcome(case: Case, referral: YouthPanelReferral, *, outcome: str, outcome_on: date, notes: str,
                         actor: User | None) -> None:
    """The panel's decision; the case leaves the adult process (closed) and the referral task is done."""
    if outcome not in rules.PANEL_OUTCOMES:
        raise YouthReferralRefused("Select the panel's outcome")
    if referral.outcome is not None:
        raise YouthReferralRefused("The panel's outcome is already recorded")
    session = object_session(case)
    referral.outcome, referral.outcome_on, referral.outcome_notes = outcome, outcome_on, notes.strip()
    referral.outcome_by_id = actor.id if actor is not None else None
    task = session.query(ComplianceTask).filter_by(key=_task_key(case)).first()
    if task is not None and not task.done:
        task.done, task.done_at = True, utcnow()
        task.done_by_id = actor.id if actor is not None else None
    label, source = rules.PANEL_OUTCOMES[outcome]
    moved = ""
    if case.status != "closed":
        check_transition(case.status, "closed")
        moved = f"; status changed from {STATUSES[case.status]} to Closed"
        case.status = "closed"
    case.events.append(CaseEvent(kind="youth_panel_outcome", actor_id=actor.id if actor is not None else None,
                                 summary=f"Youth panel outcome: {label}{moved}"[:255],
                                 detail=f"{source}. {referral.outcome_notes}".strip()))
    audit.record("alter", "youth_referral", case.reference, f"Youth panel outcome recorded: {label}", user=actor)
