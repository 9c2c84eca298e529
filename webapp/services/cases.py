"""What changes a case from its own page: a referral received, the case allocated or moved on, a note
on the timeline. Called alike by the case pages and the demo; each adds the timeline line and the
audit line, and the caller commits.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from webapp.audit import log as audit
from webapp.domain.lifecycle import ESCALATION_LABELS, STATUSES, check_transition
from webapp.extensions import db
from webapp.models import Case, Offence, Person, User, Victim
from webapp.models.case import SOURCES


@dataclass
class Intake:
    """A referral as the officer sent it: the suspect, the offence and any victims (unsaved rows)."""
    area_id: int
    source: str
    referring_officer: str
    suspect: Person
    offence: Offence
    victims: list[Victim] = field(default_factory=list)
    circumstances: str = ""
    cps_direction: str = ""


def receive_referral(intake: Intake, actor: User) -> Case:
    """Open the case; a caseworker who keys in a referral takes it on themselves."""
    case = Case(reference=uuid.uuid4().hex[:20], area_id=intake.area_id, source=intake.source,
                referring_officer=intake.referring_officer.strip(), circumstances=intake.circumstances,
                cps_direction=intake.cps_direction, suspect=intake.suspect, status="referred",
                caseworker_id=actor.id if actor.role == "caseworker" else None)
    case.offences.append(intake.offence)
    case.victims.extend(intake.victims)
    db.session.add(case)
    db.session.flush()
    case.reference = f"OC{date.today():%y}-{case.id:06d}"
    case.refresh_derived()
    detail = f"Source: {SOURCES[case.source].lower()}. Victims: {len(case.victims)}."
    if case.is_high_risk:
        detail += " Escalated: " + ", ".join(ESCALATION_LABELS[r] for r in case.escalation_reasons) + "."
    case.add_event("referred", "Referral received", detail, actor)
    audit.record("collect", "case", case.reference, f"Referral created with suspect and {len(case.victims)} victim(s)",
                 user=actor)
    return case


def update_case(case: Case, *, caseworker: User | None, status: str, note: str, actor: User) -> list[str]:
    """Allocate the case and move it on; returns what changed (empty when only nothing did).

    Raises lifecycle.TransitionError, before changing anything, for a status the case cannot move to."""
    if status != case.status:
        check_transition(case.status, status)
    changes = []
    new_worker_id = caseworker.id if caseworker is not None else None
    if new_worker_id != case.caseworker_id:
        case.caseworker_id = new_worker_id
        changes.append(f"Assigned to {caseworker.full_name}" if caseworker else "Unassigned")
    if status != case.status:
        changes.append(f"Status changed from {case.status_label} to {STATUSES[status]}")
        case.status = status
    if changes or note:
        what = "; ".join(changes) or "Note added"
        case.add_event("updated", what, note, actor)
        audit.record("alter", "case", case.reference, what, user=actor)
    return changes


def add_note(case: Case, text: str, actor: User) -> None:
    case.add_event("note", "Note added", text, actor)
    audit.record("alter", "case", case.reference, "Note added to timeline", user=actor)
