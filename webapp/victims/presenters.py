"""What the victim pages show: each victim's rights and contacts, and the liaison queue's rows."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from webapp.domain.config import EngineConfig
from webapp.models import Case, VictimContact
from webapp.domain.victims import enhanced_rights, is_organisation, update_due, working_days_for

if TYPE_CHECKING:
    from webapp.services.victims import QueueFilter

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


def victim_cards(case: Case, contacts: list[VictimContact], config: EngineConfig, today: date) -> list[dict]:
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
            "update_due_from_today": update_due(victim, case.offence, today, config),
            "open": sorted([c for c in mine if c.done_at is None], key=lambda c: (c.due_date, c.id)),
            "done": sorted([c for c in mine if c.done_at is not None], key=lambda c: c.done_at, reverse=True),
            "view_attempts": sum(1 for c in mine if c.purpose == "views" and c.done_at is not None),
        })
    return cards


def row(contact: VictimContact, attempts: dict[int, VictimContact], today: date | None = None) -> dict:
    rights = enhanced_rights(contact.victim, contact.case.offence)
    return {"contact": contact, "enhanced": rights.enhanced, "reasons": list(rights.reasons),
            "tag": due_tag(contact.due_date, today) if contact.done_at is None else None,
            "attempt": attempts.get(contact.id)}


def filter_items(f: QueueFilter, areas) -> dict[str, list[dict]]:
    """The queue's filters as GOV.UK radios (due) and checkboxes (area) items, the chosen ones checked."""
    due = [{"value": value, "text": text, "checked": f.due == value}
           for value, text in [("", "Any time"), *DUE_FILTERS.items()]]
    return {"due": due, "area": [{"value": a.id, "text": a.name, "checked": a.id in f.area_ids} for a in areas]}
