"""A variation of a condition after a breach, and the offender's agreement to it (CJA 2003 s.23B)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

VARIATION_STATUSES = {
    "awaiting_agreement": "Waiting for the offender's agreement",
    "agreed": "Agreed: the new condition has started",
    "refused": "Not agreed: the original condition stands",
}


class ConditionVariation(db.Model):
    """The new terms a supervisor approved on a breach, and, once recorded, the offender's agreement to them:
    who took it, when and where, and the signed document (kept in the document store with its SHA-256). The
    varied condition (`new_condition`) exists only once the agreement is on record. `agreed_at` is UK local
    (wall-clock) time, as the signed form says."""

    __tablename__ = "condition_variations"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), unique=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    new_terms: Mapped[str] = mapped_column(Text)
    new_due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(30), default="awaiting_agreement", index=True)
    new_condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="SET NULL"))
    taken_by_name: Mapped[str] = mapped_column(String(120), default="")
    taken_by_rank: Mapped[str] = mapped_column(String(60), default="")
    agreed_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    signed_file_name: Mapped[str] = mapped_column(String(255), default="")
    signed_path: Mapped[str] = mapped_column(String(255), default="")
    signed_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_content_type: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    breach = relationship("Breach")
    condition = relationship("Condition", foreign_keys=[condition_id])
    new_condition = relationship("Condition", foreign_keys=[new_condition_id])
    recorded_by = relationship("User")

    @property
    def status_label(self) -> str:
        return VARIATION_STATUSES.get(self.status, self.status)
