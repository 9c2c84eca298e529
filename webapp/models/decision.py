"""Screening, the Full Code Test, the decision with its conditions, and its authorisation."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

DECISION_STATUSES = {
    "draft": "Draft",
    "awaiting_authorisation": "Awaiting authorisation",
    "returned": "Returned for changes",
    "authorised": "Authorised",
    "delivered": "Delivered",
}

CONDITION_STATUSES = {
    "pending": "Pending",
    "completed": "Completed",
    "breached": "Breached",
    "varied": "Varied",
    "withdrawn": "Withdrawn",
}


class PreviousOutcome(db.Model):
    """An earlier conviction or out-of-court outcome, as the two-year similar-offence rule needs it."""

    __tablename__ = "previous_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(40))
    outcome_date: Mapped[date]
    similar: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(String(255), default="")


class Screening(db.Model):
    """The facts the eligibility engine reads, as last recorded for the case, and its last answer."""

    __tablename__ = "screenings"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    admission: Mapped[bool | None]
    admission_date: Mapped[date | None]
    evidential_stage_met: Mapped[bool | None]
    aggravating: Mapped[list] = mapped_column(JSON, default=list)
    mitigating: Mapped[list] = mapped_column(JSON, default=list)
    final_gravity_score: Mapped[int | None]
    regime: Mapped[str] = mapped_column(String(20), default="")
    assessment: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FullCodeTest(db.Model):
    """The evidential review: evidential stage and public-interest factors, each with a note."""

    __tablename__ = "full_code_tests"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    evidential_met: Mapped[bool | None]
    evidential_notes: Mapped[str] = mapped_column(Text, default="")
    public_interest: Mapped[dict] = mapped_column(JSON, default=dict)
    public_interest_notes: Mapped[str] = mapped_column(Text, default="")
    public_interest_conclusion: Mapped[str | None] = mapped_column(String(30))  # webapp.domain.full_code_test.CONCLUSIONS
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]

    reviewed_by = relationship("User")


class Decision(db.Model):
    """A disposal decision with its rationale. Departing from the engine needs a coded override reason.

    `engine_snapshot` keeps the engine's answer at the moment of decision, so a later rule change
    never rewrites why this decision was lawful when it was made.
    """

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    disposal: Mapped[str] = mapped_column(String(30))
    regime: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    rationale: Mapped[str] = mapped_column(Text)
    completion_date: Mapped[date | None]
    override_code: Mapped[str | None] = mapped_column(String(40))
    override_note: Mapped[str] = mapped_column(Text, default="")
    engine_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    needs_supervisor: Mapped[bool] = mapped_column(default=False)
    needs_prosecutor: Mapped[bool] = mapped_column(default=False)
    prosecutor_name: Mapped[str] = mapped_column(String(120), default="")
    prosecutor_consent_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    authorised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    authorised_at: Mapped[datetime | None]
    supervisor_comments: Mapped[str] = mapped_column(Text, default="")
    # Why an action a victim asked for from the community remedy document was not attached (s.23ZA(2), s.102(4)).
    remedy_not_attached_reason: Mapped[str] = mapped_column(Text, default="")
    delivered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case = relationship("Case", back_populates="decisions")
    conditions = relationship("Condition", back_populates="decision", cascade="all, delete-orphan",
                              order_by="Condition.id")
    delivery = relationship("CautionDelivery", uselist=False, back_populates="decision", cascade="all, delete-orphan")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    authorised_by = relationship("User", foreign_keys=[authorised_by_id])

    @property
    def status_label(self) -> str:
        return DECISION_STATUSES.get(self.status, self.status)


class CautionDelivery(db.Model):
    """What happened when a caution was given (CJA 2003 ss.22-23; PCSC 2022 s.99(2)): who gave it, with what
    authority, the admission made to them, the explanation and warning, where and when, and the offender's
    signed document (kept in the document store with its SHA-256). Conditions start only once this exists.
    `given_at` is UK local (wall-clock) time, as the signed form says."""

    __tablename__ = "caution_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    given_by_name: Mapped[str] = mapped_column(String(120))
    given_by_rank: Mapped[str] = mapped_column(String(60))
    given_by_authority: Mapped[str] = mapped_column(String(30))  # webapp.domain.delivery.AUTHORITIES
    admission_to_giver: Mapped[bool] = mapped_column(default=False)
    admission_words: Mapped[str] = mapped_column(Text, default="")
    effect_explained: Mapped[bool] = mapped_column(default=False)
    breach_warning_given: Mapped[bool] = mapped_column(default=False)
    given_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    signed_file_name: Mapped[str] = mapped_column(String(255))
    signed_path: Mapped[str] = mapped_column(String(255))
    signed_sha256: Mapped[str] = mapped_column(String(64))
    signed_content_type: Mapped[str] = mapped_column(String(40))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    decision = relationship("Decision", back_populates="delivery")
    recorded_by = relationship("User")


class Condition(db.Model):
    """One condition (or, for a Community Resolution, an agreed action) with its due date and status."""

    __tablename__ = "conditions"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(String(255), default="")
    provider: Mapped[str] = mapped_column(String(120), default="")
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    due_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    completed_at: Mapped[date | None]
    evidence: Mapped[str] = mapped_column(Text, default="")

    decision = relationship("Decision", back_populates="conditions")

    @property
    def status_label(self) -> str:
        return CONDITION_STATUSES.get(self.status, self.status)


class EngineSetting(db.Model):
    """A force's override of one configurable rule value (see webapp.domain.config)."""

    __tablename__ = "engine_settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class YouthPanelReferral(db.Model):
    """A youth's case sent to the joint decision panel with the Youth Offending Team, and what it decided
    (webapp.domain.youth.PANEL_OUTCOMES). `task_id` is the referral task, closed when the outcome is in."""

    __tablename__ = "youth_panel_referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    team: Mapped[str] = mapped_column(String(120))
    referred_on: Mapped[date]
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_on: Mapped[date | None]
    outcome_notes: Mapped[str] = mapped_column(Text, default="")
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    referred_by = relationship("User", foreign_keys=[referred_by_id])
    outcome_by = relationship("User", foreign_keys=[outcome_by_id])
