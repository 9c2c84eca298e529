"""What changes victims' records: contact tasks due by the Victims' Code, views with the remedy a
victim asks for. Called alike by the victims pages, the decisions service, breaches and the demo.
The liaison queue's and a case's contacts are read here too, so the presenters get plain rows.

Each function adds rows, a timeline event and an audit line to the case's session; the caller
commits. `actor` is the user doing it (None for the system, e.g. a sweep).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, object_session, selectinload

from webapp.audit import log as audit
from webapp.domain.config import EngineConfig
from webapp.domain.victims import enhanced_rights, is_organisation, latest_attempts, update_due
from webapp.extensions import db
from webapp.models import Case, CaseEvent, User, Victim, VictimContact
from webapp.models.victim import CommunityRemedyAction
from webapp.models._types import utcnow
from webapp.models.case import case_in_areas
from webapp.models.victim_contact import ATTEMPT_PREFIX, PURPOSES
from webapp.domain.formatting import counted, long_date

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
            detail=f"{reason}. {counted(len(created), 'victim')}; first due {long_date(first_due)}."))
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
        detail=f"{reason}. {victim.full_name}; due {long_date(contact.due_date)}."))
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


def remedy_menu(include_withdrawn: bool = False) -> list[CommunityRemedyAction]:
    """The force area's community remedy document, as admins keep it (ASBCPA 2014 s.101)."""
    query = select(CommunityRemedyAction).order_by(CommunityRemedyAction.title)
    if not include_withdrawn:
        query = query.where(CommunityRemedyAction.active.is_(True))
    return list(db.session.scalars(query))


def record_victim_views(case: Case, victim: Victim, *, views: str, obtained_on: date, method: str, notes: str,
                        requested_action: CommunityRemedyAction | None = None,
                        actor: User | None = None) -> VictimContact:
    """The victim's views on an out-of-court resolution (or the effort made), and the community remedy action
    they would like; closes an open "seek views" task, or logs the contact as done."""
    from webapp.models.victim import VIEWS
    from webapp.models.victim_contact import METHODS

    victim.views = views
    victim.views_recorded_on = obtained_on
    victim.views_method = method
    victim.views_notes = notes.strip()
    victim.requested_action = requested_action
    contact = _open_task_or_new(case, victim, "views", obtained_on, "Views sought")
    complete_contact(contact, method, victim.views_notes, actor)
    label = VIEWS[views] if views != "not_obtained" else "Not obtained"
    asked = f" Asked for: {requested_action.title}." if requested_action else ""
    case.events.append(CaseEvent(
        kind="victim_views", actor_id=actor.id if actor is not None else None,
        summary=f"Victim's views recorded for {victim.full_name}: {label.lower()}"[:255],
        detail=f"By {METHODS[method].lower()} on {long_date(obtained_on)}. {victim.views_notes}{asked}"))
    audit.record("alter", "victim", case.reference, f"Victim {victim.id}: views recorded ({views})"
                 + (f"; asked for community remedy action {requested_action.id}" if requested_action else ""),
                 user=actor)
    return contact


def _open_task_or_new(case: Case, victim: Victim, purpose: str, day: date, reason: str) -> VictimContact:
    """The victim's earliest open task for `purpose`; or, when nobody set one, a new one dated `day`, so a contact
    made without a task is still on the record."""
    session = _session(case)
    contact = session.scalar(select(VictimContact).where(
        VictimContact.victim_id == victim.id, VictimContact.purpose == purpose, VictimContact.done_at.is_(None))
        .order_by(VictimContact.due_date).limit(1))
    if contact is None:
        contact = VictimContact(victim_id=victim.id, case_id=case.id, purpose=purpose, due_date=day, reason=reason)
        session.add(contact)
    return contact


def record_restorative_justice(case: Case, victim: Victim, *, offered_on: date, response: str, method: str,
                               notes: str, actor: User | None = None) -> VictimContact:
    """Restorative justice offered to a victim and their answer; closes an open task for it, or logs the contact."""
    from webapp.models.victim import RJ_RESPONSES

    victim.rj_offered_on = offered_on
    victim.rj_response = response
    notes = (notes or "").strip()
    contact = _open_task_or_new(case, victim, "restorative_justice", offered_on, "Restorative justice offered")
    complete_contact(contact, method, f"{RJ_RESPONSES[response]}. {notes}".strip(), actor)
    case.events.append(CaseEvent(
        kind="restorative_justice", actor_id=actor.id if actor is not None else None, detail=notes,
        summary=f"Restorative justice offered to {victim.full_name}: {RJ_RESPONSES[response].lower()}"[:255]))
    audit.record("alter", "victim", case.reference, f"Victim {victim.id}: restorative justice {response}", user=actor)
    return contact


def record_contact(contact: VictimContact, *, reached: bool, method: str, summary: str, views: str | None = None,
                   rj_response: str | None = None, actor: User | None = None) -> str:
    """A contact task done, or an attempt that did not reach the victim (logged as its own row; the task stays
    open). A views or restorative justice contact records the victim's answer too. Returns what to tell the user."""
    from webapp.models.victim_contact import ATTEMPT_PREFIX, METHODS

    case, victim = contact.case, contact.victim
    summary = summary.strip()
    if not reached:
        attempt = VictimContact(victim_id=victim.id, case_id=case.id, purpose=contact.purpose,
                                due_date=contact.due_date, reason=f"{ATTEMPT_PREFIX}: {contact.reason}"[:255])
        _session(case).add(attempt)
        complete_contact(attempt, method, summary, actor)
        text = f"Tried to contact {victim.full_name} ({contact.purpose_label.lower()}): not reached"
        message = "Attempt recorded: the task stays open"
    else:
        complete_contact(contact, method, summary, actor)
        if contact.purpose == "views":
            victim.views, victim.views_recorded_on = views, date.today()
            victim.views_method, victim.views_notes = method, summary
        if contact.purpose == "restorative_justice":
            victim.rj_offered_on = victim.rj_offered_on or date.today()
            victim.rj_response = rj_response
        text = f"Contacted {victim.full_name}: {contact.purpose_label.lower()}"
        message = "Contact recorded"
    case.events.append(CaseEvent(kind="victim_contact", summary=text[:255], actor_id=actor.id if actor else None,
                                 detail=f"By {METHODS[method].lower()}. {summary}"))
    audit.record("alter", "victim_contact", case.reference, f"Contact {contact.id}: {text}", user=actor)
    return message


def complete_contact(contact: VictimContact, method: str, summary: str, actor: User | None) -> None:
    contact.done_at = utcnow()
    contact.method = method
    contact.summary = summary
    contact.done_by_id = actor.id if actor is not None else None


def tell_victims_action_not_attached(case: Case, reason: str, conditions_types: set[str], start: date, *,
                                     config: EngineConfig | None = None, actor: User | None = None) -> list:
    """For each victim whose chosen community remedy action is not among the conditions: a task to tell them
    why (s.23ZA(2); ASBCPA 2014 s.102(4))."""
    tasks = []
    for victim in case.victims:
        action = victim.requested_action
        if action is not None and action.condition_type not in conditions_types:
            tasks.append(create_contact_task(
                case, victim, "update", f"Tell the victim why '{action.title}' was not included: {reason}",
                start, config=config, actor=actor))
    return tasks


def add_remedy_action(*, title: str, description: str, condition_type: str, kind: str,
                      actor: User | None = None) -> CommunityRemedyAction:
    from webapp.extensions import db
    action = CommunityRemedyAction(title=title.strip(), description=description.strip(),
                                   condition_type=condition_type, kind=kind, active=True)
    db.session.add(action)
    db.session.flush()
    audit.record("alter", "community_remedy", str(action.id), f"Community remedy action added: {action.title}",
                 user=actor)
    return action


def set_remedy_action_active(action: CommunityRemedyAction, active: bool, *, actor: User | None = None) -> None:
    action.active = active
    audit.record("alter", "community_remedy", str(action.id),
                 f"Community remedy action {'restored' if active else 'withdrawn'}: {action.title}", user=actor)


# ----- Reading the liaison queue and a case's contacts -------------------------------------------------

@dataclass
class QueueFilter:
    """What the liaison queue is narrowed to: the due filter and areas chosen, within the areas the user may see."""

    due: str = ""  # "", overdue, today, week
    area_ids: list[int] = field(default_factory=list)
    visible_area_ids: frozenset[int] | None = None  # the areas the user may see; None means every area


def week_end(today: date) -> date:
    """The Sunday that ends today's week."""
    return today + timedelta(days=6 - today.weekday())


def _queue_where(stmt, f: QueueFilter, today: date):
    stmt = stmt.where(VictimContact.done_at.is_(None))
    if f.due == "overdue":
        stmt = stmt.where(VictimContact.due_date < today)
    elif f.due == "today":
        stmt = stmt.where(VictimContact.due_date == today)
    elif f.due == "week":
        stmt = stmt.where(VictimContact.due_date >= today, VictimContact.due_date <= week_end(today))
    if f.area_ids:
        stmt = stmt.where(case_in_areas(VictimContact.case_id, f.area_ids))
    if f.visible_area_ids is not None:
        stmt = stmt.where(case_in_areas(VictimContact.case_id, f.visible_area_ids))
    return stmt


def open_contacts(f: QueueFilter, page: int = 1, per_page: int = 50, today: date | None = None):
    """Open contacts: overdue first (most overdue at the top), then by due date. Returns (rows, total).
    Overdue first is simply due-date order (every contact has a due date), which the open contacts'
    index gives without sorting them all."""
    today = today or date.today()
    total = db.session.scalar(_queue_where(select(func.count(VictimContact.id)), f, today)) or 0
    stmt = (_queue_where(select(VictimContact), f, today)
            .options(joinedload(VictimContact.victim),
                     joinedload(VictimContact.case).joinedload(Case.area),
                     joinedload(VictimContact.case).selectinload(Case.offences))
            .order_by(VictimContact.due_date, VictimContact.id)
            .limit(per_page).offset((page - 1) * per_page))
    return list(db.session.scalars(stmt).unique()), total


def last_attempts(contacts: list[VictimContact]) -> dict[int, VictimContact]:
    """For each open contact, the latest recorded attempt that did not reach the victim, if any."""
    if not contacts:
        return {}
    victim_ids = {c.victim_id for c in contacts}
    attempts = db.session.scalars(
        select(VictimContact).where(VictimContact.victim_id.in_(victim_ids), VictimContact.done_at.is_not(None),
                                    VictimContact.reason.startswith(ATTEMPT_PREFIX))
        .order_by(VictimContact.done_at)).all()
    return latest_attempts(contacts, list(attempts))


def case_contacts(case_id: int) -> list[VictimContact]:
    return list(db.session.scalars(
        select(VictimContact).where(VictimContact.case_id == case_id)
        .options(joinedload(VictimContact.done_by), selectinload(VictimContact.victim))))
