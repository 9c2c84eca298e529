"""Restorative Justice between a victim and the offender: suitability of each, what was offered, the
facilitator, the outcome and the follow-up. It may stand for a reparative condition."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.domain.restorative import OUTCOMES, RISK_LEVELS, STATUSES, TYPES
from webapp.extensions import db
from webapp.models._types import utcnow


class RestorativeJustice(db.Model):
    __tablename__ = "restorative_justice"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victims.id", ondelete="CASCADE"), index=True)
    victim_consents: Mapped[bool]
    victim_ready: Mapped[bool]
    victim_risk: Mapped[str] = mapped_column(String(10))
    victim_notes: Mapped[str] = mapped_column(Text, default="")
    offender_consents: Mapped[bool]
    offender_accepts_responsibility: Mapped[bool]
    offender_ready: Mapped[bool]
    offender_risk: Mapped[str] = mapped_column(String(10))
    offender_notes: Mapped[str] = mapped_column(Text, default="")
    safety_plan: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[date]
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    rj_type: Mapped[str] = mapped_column(String(30), default="")
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(30), default="")
    outcome_on: Mapped[date | None]
    outcome_notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None]
    follow_up_notes: Mapped[str] = mapped_column(Text, default="")
    followed_up_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    victim = relationship("Victim")
    condition = relationship("Condition")
    assessed_by = relationship("User")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def type_label(self) -> str:
        return TYPES.get(self.rj_type, "")

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, "")

    @property
    def victim_risk_label(self) -> str:
        return RISK_LEVELS.get(self.victim_risk, self.victim_risk)

    @property
    def offender_risk_label(self) -> str:
        return RISK_LEVELS.get(self.offender_risk, self.offender_risk)
