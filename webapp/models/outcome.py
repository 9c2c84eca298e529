"""Home Office outcomes as told to the force's records system: who recorded each, and which export sent it.

The outcome itself (code, wording, date) is derived from the decision or breach that gives it
(webapp.domain.outcomes.outcome_for); a row here is made when a clerk records it or an export sends
it, and keeps what was recorded or sent, so a later rule change never rewrites what the records
system was told. `decision_id`, `breach_id` and `youth_referral_id` (a youth panel's outcome) are
unique: one outcome, one row, never sent twice.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow


class OutcomeExport(db.Model):
    """One bulk export file: when, by whom (none for the command line), how many rows."""

    __tablename__ = "outcome_exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    via: Mapped[str] = mapped_column(String(10), default="web")  # web / command
    rows: Mapped[int] = mapped_column(default=0)

    created_by = relationship("User")


class OutcomeEntry(db.Model):
    __tablename__ = "outcome_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), unique=True)
    breach_id: Mapped[int | None] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), unique=True)
    youth_referral_id: Mapped[int | None] = mapped_column(ForeignKey("youth_panel_referrals.id", ondelete="CASCADE"),
                                                          unique=True)
    code: Mapped[str] = mapped_column(String(4), default="")
    wording: Mapped[str] = mapped_column(String(255), default="")
    disposal: Mapped[str] = mapped_column(String(30), default="")
    # A prosecution after breach re-codes the crime: the code it replaces.
    replaces_code: Mapped[str] = mapped_column(String(4), default="")
    outcome_date: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None]
    export_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_exports.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case = relationship("Case")
    recorded_by = relationship("User")
    export = relationship("OutcomeExport")
