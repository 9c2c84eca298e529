"""Recording a victim's satisfaction with how their case was dealt with, asked when the case closes.

The answer feeds the statistics ("Victims' satisfaction at closure"); the case timeline and the audit
log say who recorded it. Plain arguments, no request; the caller commits.
"""
from __future__ import annotations

from datetime import date

from webapp.audit import log as audit
from webapp.domain.lifecycle import OPEN_STATUSES
from webapp.models import Case, CaseEvent, User, Victim
from webapp.models.victim import SATISFACTION


class SatisfactionRefused(ValueError):
    pass


def can_ask(case: Case) -> bool:
    """Satisfaction is asked at closure: once the case is completed, prosecuted or closed."""
    return case.status not in OPEN_STATUSES


def record_satisfaction(case: Case, victim: Victim, *, answer: str, asked_on: date, actor: User) -> None:
    if not can_ask(case):
        raise SatisfactionRefused("Ask about satisfaction when the case has closed")
    if answer not in SATISFACTION:
        raise SatisfactionRefused("Select how satisfied the victim was")
    changed = bool(victim.satisfaction) and victim.satisfaction != answer
    victim.satisfaction, victim.satisfaction_recorded_on = answer, asked_on
    label = SATISFACTION[answer]
    case.events.append(CaseEvent(kind="victim_satisfaction", actor_id=actor.id,
                                 summary=f"Satisfaction at closure recorded for {victim.full_name}: {label.lower()}"[:255]))
    audit.record("alter", "victim", case.reference,
                 f"Victim {victim.id}: satisfaction at closure {'changed to' if changed else 'recorded as'} {answer}",
                 user=actor)
