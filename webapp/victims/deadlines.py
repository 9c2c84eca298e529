"""When a victim must be contacted, and why their rights are enhanced. No Flask here.

The Victims' Code timescales (5 working days, or 1 for victims with enhanced rights) come from
EngineConfig, whose defaults rest on a secondary summary of the Victims' Code 2020 Right 6 and are
UNCERTAIN; a force can change them. Days are England and Wales working days (bank holidays skipped).

Other areas of work call `create_update_tasks` when something happens that victims must be told of:
a decision, a breach, the outcome.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import object_session

from webapp.domain.config import EngineConfig
from webapp.domain.working_days import add_working_days

if TYPE_CHECKING:
    from webapp.models import Case, User, VictimContact

# Why a victim has enhanced rights (Victims' Code 2020, per law-and-practice.md section 4).
REASONS = {
    "domestic_abuse": "The offence is domestic abuse (a victim of the most serious crime)",
    "hate_crime": "The offence is a hate crime (a victim of the most serious crime)",
    "vulnerable": "Recorded as a vulnerable victim",
    "intimidated": "Recorded as an intimidated victim",
    "persistently_targeted": "Recorded as persistently targeted",
}

# Catalogue offences whose victims are "victims of the most serious crime" in the Code's list (the others in
# that list, such as sexual offences, attempted murder or kidnap, are not in the OOCR offence catalogue).
MOST_SERIOUS_OFFENCES = {
    "gbh_with_intent": "The offence is wounding or grievous bodily harm with intent (a victim of the most serious crime)",
}

# Purposes for which an organisation (a shop, a council) gets no task from create_update_tasks.
INDIVIDUALS_ONLY = frozenset({"restorative_justice"})


def is_organisation(victim) -> bool:
    """An organisation victim (a shop, a council). Intake records one as a last name with no first name."""
    if getattr(victim, "is_organisation", False):
        return True
    first_name = getattr(victim, "first_name", None)
    return first_name is not None and not first_name.strip()


def is_enhanced(victim, offence) -> tuple[bool, list[str]]:
    """Whether the Victims' Code gives this victim enhanced rights, with the reasons to show.

    `victim` needs `vulnerable`, `intimidated` and `persistently_targeted` (optionally `first_name` and
    `is_organisation`: see `is_organisation`). `offence` needs `domestic_abuse` and `hate_crime` (optionally
    `offence_key`), or is None. An organisation's own flags do not apply (only people are vulnerable or
    intimidated), but the nature of the offence still does.
    """
    reasons = []
    if offence is not None:
        if getattr(offence, "domestic_abuse", False):
            reasons.append(REASONS["domestic_abuse"])
        if getattr(offence, "hate_crime", False):
            reasons.append(REASONS["hate_crime"])
        serious = MOST_SERIOUS_OFFENCES.get(getattr(offence, "offence_key", None) or "")
        if serious:
            reasons.append(serious)
    if not is_organisation(victim):
        for flag in ("vulnerable", "intimidated", "persistently_targeted"):
            if getattr(victim, flag, False):
                reasons.append(REASONS[flag])
    return bool(reasons), reasons


def working_days_for(enhanced: bool, config: EngineConfig | None = None) -> int:
    config = config or EngineConfig()
    return config.victim_update_working_days_enhanced if enhanced else config.victim_update_working_days


def victim_contact_due(start: date, enhanced: bool, config: EngineConfig | None = None) -> date:
    """The last day to contact the victim: `start` plus 5 working days, or 1 when rights are enhanced
    (values from `config`; the start day itself never counts)."""
    return add_working_days(start, working_days_for(enhanced, config))


def create_update_tasks(case: Case, purpose: str, reason: str, start: date | None = None, *,
                        config: EngineConfig | None = None, actor: User | None = None) -> list[VictimContact]:
    """One open contact task per victim of `case`, due by the Victims' Code timescale from `start`.

    Skips a victim who already has an open task for the same purpose (the existing one stands), and
    organisations for purposes that only concern people (restorative justice). Adds the tasks and a
    timeline event and an audit line to the case's session; the caller commits. Returns the tasks created.
    Needs an application context (the audit log); `actor` defaults to the signed-in user in a request.
    """
    from webapp.audit import log as audit
    from webapp.models import CaseEvent, VictimContact
    from webapp.models.victim_contact import PURPOSES

    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    session = object_session(case)
    if session is None:
        raise ValueError("the case must belong to a session")
    start = start or date.today()
    open_purposes = set(session.execute(
        select(VictimContact.victim_id).where(VictimContact.case_id == case.id, VictimContact.purpose == purpose,
                                              VictimContact.done_at.is_(None))).scalars())
    created = []
    for victim in case.victims:
        if victim.id in open_purposes or (is_organisation(victim) and purpose in INDIVIDUALS_ONLY):
            continue
        enhanced, _ = is_enhanced(victim, case.offence)
        contact = VictimContact(victim_id=victim.id, case_id=case.id, purpose=purpose, reason=reason[:255],
                                due_date=victim_contact_due(start, enhanced, config))
        contact.victim = victim
        session.add(contact)
        created.append(contact)
    if created:
        first_due = min(c.due_date for c in created)
        case.events.append(CaseEvent(
            kind="victim_contact_task", actor_id=actor.id if actor is not None else None,
            summary=f"Victim contact due: {PURPOSES[purpose].lower()}"[:255],
            detail=f"{reason}. {len(created)} victim(s); first due {first_due.day} {first_due:%B %Y}."))
        audit.record("collect", "victim_contact", case.reference,
                     f"{len(created)} victim contact task(s) created ({purpose}): {reason}"[:2000], user=actor)
    return created
