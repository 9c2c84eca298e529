"""The enquiries log: logging a call, e-mail or letter, routing it, answering it or passing it on.

An enquiry about a case also goes on the case's timeline, so the case page shows its correspondence
alongside everything else that happened.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from webapp.audit import log as audit
from webapp.domain import enquiries as rules
from webapp.extensions import db
from webapp.models import Case, CaseEvent, Enquiry, User
from webapp.models.case import case_in_areas


class EnquiryError(ValueError):
    """The change asked for is not allowed; the message says why."""


@dataclass
class NewEnquiry:
    direction: str
    channel: str
    from_type: str
    contact_name: str
    contact_details: str
    summary: str
    received_on: date
    target_days: int
    team: str
    assigned_to: User | None = None
    case: Case | None = None


def _timeline(enquiry: Enquiry, summary: str, detail: str, user: User) -> None:
    if enquiry.case_id is not None:
        db.session.add(CaseEvent(case_id=enquiry.case_id, kind="correspondence", summary=summary[:255],
                                 detail=detail, actor_id=user.id))


def _record_id(enquiry: Enquiry) -> str:
    return enquiry.case.reference if enquiry.case is not None else f"enquiry {enquiry.id}"


def log(new: NewEnquiry, user: User) -> Enquiry:
    if new.team not in rules.TEAMS:
        raise EnquiryError("Choose the team to answer it")
    if new.assigned_to is not None and rules.ROLE_TEAMS.get(new.assigned_to.role) != new.team:
        raise EnquiryError(f"{new.assigned_to.full_name} is not in the {rules.TEAMS[new.team].lower()} team")
    enquiry = Enquiry(
        case=new.case, direction=new.direction, channel=new.channel, from_type=new.from_type,
        contact_name=new.contact_name.strip(), contact_details=new.contact_details.strip(), summary=new.summary.strip(),
        received_on=new.received_on, target_days=new.target_days,
        due_on=rules.due_on(new.received_on, new.target_days), team=new.team,
        assigned_to_id=new.assigned_to.id if new.assigned_to else None, status="open", logged_by_id=user.id)
    if new.direction == "out":
        # Something we sent: nothing to answer, it is on the record.
        enquiry.status, enquiry.answered_on, enquiry.answered_by_id = "answered", new.received_on, user.id
    db.session.add(enquiry)
    db.session.flush()
    who = f"{enquiry.from_label.lower()} {enquiry.contact_name}"
    heading = (f"{enquiry.channel_label} from {who}" if enquiry.direction == "in"
               else f"{enquiry.channel_label} to {who}")
    _timeline(enquiry, heading, enquiry.summary, user)
    audit.record("collect", "enquiry", _record_id(enquiry), f"Enquiry {enquiry.id} logged: {heading}", user=user)
    return enquiry


def route(enquiry: Enquiry, team: str, person: User | None, user: User) -> str:
    if enquiry.status != "open":
        raise EnquiryError(f"This enquiry is already {enquiry.status_label.lower()}")
    if team not in rules.TEAMS:
        raise EnquiryError("Choose the team to answer it")
    if person is not None and rules.ROLE_TEAMS.get(person.role) != team:
        raise EnquiryError(f"{person.full_name} is not in the {rules.TEAMS[team].lower()} team")
    enquiry.team, enquiry.assigned_to_id = team, person.id if person else None
    said = f"Enquiry routed to {person.full_name if person else 'the ' + rules.TEAMS[team].lower() + ' team'}"
    audit.record("alter", "enquiry", _record_id(enquiry), f"Enquiry {enquiry.id}: {said}", user=user)
    return said


def answer(enquiry: Enquiry, response: str, on: date, user: User) -> str:
    if enquiry.status != "open":
        raise EnquiryError(f"This enquiry is already {enquiry.status_label.lower()}")
    enquiry.status, enquiry.response, enquiry.answered_on, enquiry.answered_by_id = "answered", response.strip(), on, user.id
    late = on > enquiry.due_on
    said = f"Enquiry from {enquiry.contact_name} answered{' after its target date' if late else ''}"
    _timeline(enquiry, said, enquiry.response, user)
    audit.record("alter", "enquiry", _record_id(enquiry), f"Enquiry {enquiry.id} answered", user=user)
    return said


def pass_on(enquiry: Enquiry, to: str, note: str, on: date, user: User) -> str:
    """Passed to someone outside the team (the officer in the case, another force, a partner): a
    disclosure of what the enquirer said, logged with its recipient (DPA 2018 s.62(3))."""
    if enquiry.status != "open":
        raise EnquiryError(f"This enquiry is already {enquiry.status_label.lower()}")
    enquiry.status, enquiry.passed_to, enquiry.response = "passed_on", to.strip()[:200], note.strip()
    enquiry.answered_on, enquiry.answered_by_id = on, user.id
    said = f"Enquiry from {enquiry.contact_name} passed on to {enquiry.passed_to}"
    _timeline(enquiry, said, enquiry.response, user)
    audit.record("disclose", "enquiry", _record_id(enquiry), f"Enquiry {enquiry.id} passed on",
                 justification="Passing an enquiry to the person who can answer it", recipient=enquiry.passed_to,
                 user=user)
    return said


# --------------------------------------------------------------------------- queues


def queue(*, person: User | None = None, team: str | None = None, overdue_on: date | None = None,
          open_only: bool = True, limit: int = 200) -> list[Enquiry]:
    """Enquiries oldest due first: one person's, one team's (including those assigned within it), or
    every overdue one."""
    stmt = (select(Enquiry).options(joinedload(Enquiry.case), joinedload(Enquiry.assigned_to))
            .order_by(Enquiry.due_on, Enquiry.id).limit(limit))
    if open_only or overdue_on is not None:
        stmt = stmt.where(Enquiry.status == "open")
    if person is not None:
        stmt = stmt.where(Enquiry.assigned_to_id == person.id)
    if team is not None:
        stmt = stmt.where(Enquiry.team == team)
    if overdue_on is not None:
        stmt = stmt.where(Enquiry.due_on < overdue_on)
    return list(db.session.scalars(stmt))


def overdue_count(today: date, area_ids: frozenset[int] | None = None) -> int:
    """Open enquiries past their answer-by date; with `area_ids`, only those about no case or a case there."""
    stmt = select(func.count(Enquiry.id)).where(Enquiry.status == "open", Enquiry.due_on < today)
    if area_ids is not None:
        stmt = stmt.where(or_(Enquiry.case_id.is_(None), case_in_areas(Enquiry.case_id, area_ids)))
    return db.session.scalar(stmt)


def for_case(case_id: int) -> list[Enquiry]:
    return list(db.session.scalars(select(Enquiry).where(Enquiry.case_id == case_id)
                                   .options(joinedload(Enquiry.assigned_to))
                                   .order_by(Enquiry.received_on.desc(), Enquiry.id.desc())))
