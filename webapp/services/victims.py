"""What changes victims' records: contact tasks due by the Victims' Code, views with the remedy a
victim asks for. Called alike by the victims pages, the decisions service, breaches and the demo.

Each function adds rows, a timeline event and an audit line to the case's session; the caller
commits. `actor` is the user doing it (None for the system, e.g. a sweep).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import object_session

from webapp.audit import log as audit
from webapp.domain.config import EngineConfig
from webapp.domain.victims import enhanced_rights, is_organisation, update_due
from webapp.models import Case, CaseEvent, User, Victim, VictimContact
from webapp.models.victim_contact import PURPOSES

# Purposes for which an organisation (a shop, a council) gets no task from create_update_tasks.
INDIVIDUALS_ONLY = frozenset({"restorative_justice"})


def _session(case: Case):
    session = object_session(case)
    if session is None:
        raise ValueError("the case must belong to a session")
    return session


def create_update_tasks(case: Case, purpose: str, reason: str, start: date | None = None, *,
                        config: EngineConfig | None = None, actor: User | None = None) -> list[VictimContact]:
    """One open contact task per victim of `case`, each due by that victim's own Victims' Code timescale.

    Skips a victim who already has an open task for the same purpose (the existing one stands), and
    organisations for purposes that only concern people (restorative justice). Returns the tasks created.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    session = _session(case)
    start = start or date.today()
    open_purposes = set(session.execute(
        select(VictimContact.victim_id).where(VictimContact.case_id == case.id, VictimContact.purpose == purpose,
                                              VictimContact.done_at.is_(None))).scalars())
    created = []
    for victim in case.victims:
        if victim.id in open_purposes or (is_organisation(victim) and purpose in INDIVIDUALS_ONLY):
            continue
        contact = VictimContact(victim_id=victim.id, case_id=case.id, purpose=purpose, reason=reason[:255],
                                due_date=update_due(victim, case.offence, start, config))
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


def create_contact_task(case: Case, victim: Victim, purpose: str, reason: str, start: date, *,
                        config: EngineConfig | None = None, actor: User | None = None) -> VictimContact:
    """One contact task for one victim, due by their own timescale from `start`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    contact = VictimContact(victim_id=victim.id, case_id=case.id, purpose=purpose, reason=reason[:255],
                            due_date=update_due(victim, case.offence, start, config))
    contact.victim = victim
    _session(case).add(contact)
    case.events.append(CaseEvent(
        kind="victim_contact_task", actor_id=actor.id if actor is not None else None,
        summary=f"Victim contact due: {PURPOSES[purpose].lower()}"[:255],
        detail=f"{reason}. {victim.full_name}; due {contact.due_date.day} {contact.due_date:%B %Y}."))
    audit.record("collect", "victim_contact", case.reference,
                 f"Contact task created for victim {victim.id} ({purpose})", user=actor)
    return contact


def set_victim_date_of_birth(case: Case, victim: Victim, born: date | None, *, actor: User | None = None) -> bool:
    """Record (or clear) a victim's date of birth; returns whether their rights became enhanced by it."""
    before = enhanced_rights(victim, case.offence).enhanced
    victim.date_of_birth = born
    after = enhanced_rights(victim, case.offence).enhanced
    case.events.append(CaseEvent(
        kind="victim_details", actor_id=actor.id if actor is not None else None,
        summary=f"Date of birth recorded for {victim.full_name}"[:255] if born else
        f"Date of birth removed for {victim.full_name}"[:255],
        detail="Enhanced rights now apply (under 18 at the time of the offence)." if after and not before else ""))
    audit.record("alter", "victim", case.reference, f"Victim {victim.id}: date of birth "
                 f"{'recorded' if born else 'removed'}", user=actor)
    return after and not before
