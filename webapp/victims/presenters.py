"""What the victim pages show: each victim's rights and contacts, and the liaison queue's rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.domain.config import EngineConfig
from webapp.extensions import db
from webapp.models import Case, Victim, VictimContact
from webapp.models.victim_contact import ATTEMPT_PREFIX
from webapp.domain.victims import enhanced_rights, is_organisation, update_due, working_days_for

DUE_FILTERS = {"overdue": "Overdue", "today": "Due today", "week": "Due this week"}


def due_tag(due: date, today: date | None = None) -> tuple[str, str] | None:
    """(text, class) for a GOV.UK tag beside an open contact's due date."""
    today = today or date.today()
    if due < today:
        days = (today - due).days
        return f"Overdue by {days} day{'s' if days != 1 else ''}", "govuk-tag--red"
    if due == today:
        return "Due today", "govuk-tag--yellow"
    return None


def victim_cards(case: Case, contacts: list[VictimContact], config: EngineConfig) -> list[dict]:
    by_victim: dict[int, list[VictimContact]] = {}
    for c in contacts:
        by_victim.setdefault(c.victim_id, []).append(c)
    cards = []
    for victim in case.victims:
        rights = enhanced_rights(victim, case.offence)
        mine = by_victim.get(victim.id, [])
        cards.append({
            "victim": victim,
            "organisation": is_organisation(victim),
            "enhanced": rights.enhanced,
            "reasons": list(rights.reasons),
            "days": working_days_for(rights.enhanced, config),
            "update_due_from_today": update_due(victim, case.offence, date.today(), config),
            "open": sorted([c for c in mine if c.done_at is None], key=lambda c: (c.due_date, c.id)),
            "done": sorted([c for c in mine if c.done_at is not None], key=lambda c: c.done_at, reverse=True),
            "view_attempts": sum(1 for c in mine if c.purpose == "views" and c.done_at is not None),
        })
    return cards


@dataclass
class QueueFilter:
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
        stmt = stmt.where(VictimContact.case_id.in_(select(Case.id).where(Case.area_id.in_(f.area_ids))))
    if f.visible_area_ids is not None:
        stmt = stmt.where(VictimContact.case_id.in_(select(Case.id).where(Case.area_id.in_(sorted(f.visible_area_ids)))))
    return stmt


def open_contacts(f: QueueFilter, page: int = 1, per_page: int = 50, today: date | None = None):
    """Open contacts: overdue first (most overdue at the top), then by due date. Returns (rows, total)."""
    today = today or date.today()
    total = db.session.scalar(_queue_where(select(func.count(VictimContact.id)), f, today)) or 0
    overdue_first = sql_case((VictimContact.due_date < today, 0), else_=1)
    stmt = (_queue_where(select(VictimContact), f, today)
            .options(joinedload(VictimContact.victim),
                     joinedload(VictimContact.case).joinedload(Case.area),
                     joinedload(VictimContact.case).selectinload(Case.offences))
            .order_by(overdue_first, VictimContact.due_date, VictimContact.id)
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
    found = {}
    for contact in contacts:
        for attempt in attempts:
            if (attempt.victim_id == contact.victim_id and attempt.purpose == contact.purpose
                    and attempt.done_at >= contact.created_at):
                found[contact.id] = attempt
    return found


def row(contact: VictimContact, attempts: dict[int, VictimContact], today: date | None = None) -> dict:
    rights = enhanced_rights(contact.victim, contact.case.offence)
    return {"contact": contact, "enhanced": rights.enhanced, "reasons": list(rights.reasons),
            "tag": due_tag(contact.due_date, today) if contact.done_at is None else None,
            "attempt": attempts.get(contact.id)}


def load_victims(case_id: int) -> list[Victim]:
    return list(db.session.scalars(select(Victim).where(Victim.case_id == case_id).order_by(Victim.id)))


def case_contacts(case_id: int) -> list[VictimContact]:
    return list(db.session.scalars(
        select(VictimContact).where(VictimContact.case_id == case_id)
        .options(joinedload(VictimContact.done_by), selectinload(VictimContact.victim))))
