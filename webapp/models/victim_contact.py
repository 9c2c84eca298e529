"""Contact with victims, each with the Victims' Code deadline it must meet."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

PURPOSES = {
    "views": "Seek views on the proposed resolution",
    "outcome": "Tell the victim the outcome",
    "update": "Update",
    "breach": "Tell the victim about a breach",
    "restorative_justice": "Offer restorative justice",
}

METHODS = {"phone": "Phone", "letter": "Letter", "email": "Email", "in_person": "In person"}

# A recorded attempt that did not reach the victim: kept as evidence of reasonable efforts, task stays open.
ATTEMPT_PREFIX = "Attempt, not reached"


class VictimContact(db.Model):
    """A due or completed contact. Open ones (done_at is None) are the victim-liaison team's tasks."""

    __tablename__ = "victim_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victims.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    due_date: Mapped[date] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(255), default="")
    done_at: Mapped[datetime | None]
    method: Mapped[str] = mapped_column(String(20), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    victim = relationship("Victim")
    case = relationship("Case")
    done_by = relationship("User")

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)

    @property
    def is_attempt(self) -> bool:
        return self.reason.startswith(ATTEMPT_PREFIX)

    @property
    def purpose_label(self) -> str:
        return PURPOSES.get(self.purpose, self.purpose)


# The contacts queue: the open contacts in due-date order (migration 0018).
Index("ix_victim_contacts_open", VictimContact.due_date, VictimContact.id,
      sqlite_where=VictimContact.done_at.is_(None), postgresql_where=VictimContact.done_at.is_(None))
