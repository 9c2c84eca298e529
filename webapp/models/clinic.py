"""Caution Clinic appointments, the suspect needs assessment and partner-agency referrals."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.domain.partners import REFERRAL_STATUSES, SERVICES, SUBJECTS
from webapp.extensions import db
from webapp.models._types import utcnow

APPOINTMENT_STATUSES = {"booked": "Booked", "attended": "Attended", "did_not_attend": "Did not attend",
                        "cancelled": "Cancelled"}
APPOINTMENT_PURPOSES = {"needs_assessment": "Needs assessment and outcome", "deliver_outcome": "Give the outcome",
                        "review": "Review progress", "other": "Other"}


class ClinicAppointment(db.Model):
    """A Caution Clinic slot. `starts_at` is UK local (wall-clock) time, as the appointment letter says."""

    __tablename__ = "clinic_appointments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    location: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="booked")
    notes: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(String(30), default="needs_assessment")

    case = relationship("Case")
    caseworker = relationship("User")

    @property
    def status_label(self) -> str:
        return APPOINTMENT_STATUSES.get(self.status, self.status)

    @property
    def purpose_label(self) -> str:
        return APPOINTMENT_PURPOSES.get(self.purpose, self.purpose)


class NeedsAssessment(db.Model):
    """The suspect's needs by domain (OASys-style plus OOCR screening domains), facts kept apart from
    the assessor's opinion (DPA 2018 s.38(4))."""

    __tablename__ = "needs_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("clinic_appointments.id", ondelete="SET NULL"))
    needs: Mapped[dict] = mapped_column(JSON, default=dict)
    vulnerable: Mapped[bool] = mapped_column(default=False)
    safeguarding_concern: Mapped[bool] = mapped_column(default=False)
    safeguarding_notes: Mapped[str] = mapped_column(Text, default="")
    assessor_opinion: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessed_by = relationship("User")
    appointment = relationship("ClinicAppointment")


class PartnerReferral(db.Model):
    __tablename__ = "partner_referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    referred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The directory and the referral's own record (webapp.services.partners): who it is for, which
    # service of which provider, their agreement, when it went, and a condition it serves.
    subject: Mapped[str] = mapped_column(String(10), default="offender", server_default="offender")
    victim_id: Mapped[int | None] = mapped_column(ForeignKey("victims.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(40), default="", server_default="")
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id", ondelete="SET NULL"), index=True)
    consent: Mapped[bool | None]
    sent_on: Mapped[date | None]
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="SET NULL"), index=True)
    outcome_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime | None]

    referred_by = relationship("User")
    provider = relationship("Provider")
    victim = relationship("Victim")
    condition = relationship("Condition")

    @property
    def status_label(self) -> str:
        return REFERRAL_STATUSES.get(self.status, self.status)

    @property
    def service_label(self) -> str:
        return SERVICES.get(self.service, self.service)

    @property
    def subject_label(self) -> str:
        return SUBJECTS.get(self.subject, self.subject)
