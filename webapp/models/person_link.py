"""People across cases: other names a person is known by, proposed matches, and reversible merges.

A merge never deletes anyone: the merged person's row stays, their cases point to the person kept,
and the merge row remembers which cases moved and what was copied, so undoing it puts every one back.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow
from webapp.models.person import Person

MATCH_STATUSES = {"proposed": "To review", "merged": "Same person (merged)", "rejected": "Not the same person",
                  "undone": "Merge undone"}

# Blocking: finding candidates for a new person by birth date, PNC ID or postcode must not scan everyone.
Index("ix_people_date_of_birth", Person.date_of_birth)
Index("ix_people_pnc_id", Person.pnc_id)
Index("ix_people_postcode", Person.postcode)


class PersonAlias(db.Model):
    """Another name (and birth date) a person has been recorded under; matching compares these too."""

    __tablename__ = "person_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(String(20), default="merge")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonMatch(db.Model):
    """A pair the model scored above the threshold, and what a person decided about it.

    `person_id` is the newer record (the suspect on the case that was checked), `candidate_id` the
    earlier one. One row per pair: a pair once judged "not the same person" is not proposed again.
    """

    __tablename__ = "person_matches"
    __table_args__ = (UniqueConstraint("person_id", "candidate_id", name="uq_person_matches_pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    match_weight: Mapped[float]
    match_probability: Mapped[float]
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    model_version: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")

    person = relationship("Person", foreign_keys=[person_id])
    candidate = relationship("Person", foreign_keys=[candidate_id])
    decided_by = relationship("User")

    @property
    def status_label(self) -> str:
        return MATCH_STATUSES.get(self.status, self.status)


class PersonMerge(db.Model):
    """One merge: the cases that moved to the person kept, what was copied, and any undoing."""

    __tablename__ = "person_merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("person_matches.id", ondelete="CASCADE"), index=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    case_ids: Mapped[list] = mapped_column(JSON, default=list)
    alias_ids: Mapped[list] = mapped_column(JSON, default=list)
    copied_pnc_id: Mapped[str] = mapped_column(String(20), default="")
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None] = mapped_column(index=True)
    undo_reason: Mapped[str] = mapped_column(Text, default="")

    match = relationship("PersonMatch")
    kept = relationship("Person", foreign_keys=[kept_id])
    merged = relationship("Person", foreign_keys=[merged_id])
    merged_by = relationship("User", foreign_keys=[merged_by_id])
