"""The enquiries log: calls, e-mails and letters in and out, routed to a person or a team."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.domain.enquiries import CHANNELS, DIRECTIONS, FROM_TYPES, STATUSES, TEAMS
from webapp.extensions import db
from webapp.models._types import utcnow


class Enquiry(db.Model):
    __tablename__ = "enquiries"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(3), default="in")
    channel: Mapped[str] = mapped_column(String(20))
    from_type: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_details: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date]
    target_days: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    team: Mapped[str] = mapped_column(String(20), index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    response: Mapped[str] = mapped_column(Text, default="")
    passed_to: Mapped[str] = mapped_column(String(200), default="")
    answered_on: Mapped[date | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)

    case = relationship("Case")
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    logged_by = relationship("User", foreign_keys=[logged_by_id])

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.direction, self.direction)

    @property
    def from_label(self) -> str:
        return FROM_TYPES.get(self.from_type, self.from_type)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def team_label(self) -> str:
        return TEAMS.get(self.team, self.team)
