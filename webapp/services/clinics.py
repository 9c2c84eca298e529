"""Caution Clinic: the suspect's appointment letter parts, and a caseworker's week of clinics with
their caseload counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.domain.lifecycle import OPEN_STATUSES, STATUSES
from webapp.extensions import db
from webapp.models import Case, ClinicAppointment, User


class NoAppointment(ValueError):
    """The appointment cannot have a letter; the message says why."""


def bookable_letters(case: Case) -> list[ClinicAppointment]:
    """Appointments still to come that the suspect should be written to about."""
    return list(db.session.scalars(
        select(ClinicAppointment).where(ClinicAppointment.case_id == case.id, ClinicAppointment.status == "booked")
        .options(joinedload(ClinicAppointment.caseworker)).order_by(ClinicAppointment.starts_at)))


def appointment_letter_clinic(case: Case, raw_id: str):
    """The letter's clinic part: the day, place and caseworker, with this one appointment only."""
    from documents.context import Appointment, Clinic

    appointment = next((a for a in bookable_letters(case) if str(a.id) == raw_id), None)
    if appointment is None:
        raise NoAppointment("That appointment is not booked on this case (it may have been cancelled).")
    return Clinic(date=appointment.starts_at.date(), location=appointment.location,
                  caseworker_name=appointment.caseworker.full_name if appointment.caseworker else "A caseworker",
                  appointments=(Appointment(time=appointment.starts_at.time(), case_reference=case.reference,
                                            person_name=case.suspect.full_name, purpose=appointment.purpose_label),))


@dataclass
class Week:
    monday: date
    days: list[tuple[date, list[ClinicAppointment]]]
    caseload: list[tuple[str, int]] = field(default_factory=list)  # (status label, count), open cases only
    open_cases: int = 0
    booked: int = 0


def week(monday: date, worker: User | None) -> Week:
    """Monday to Sunday of clinics (one caseworker's, or everyone's), and the caseworker's open cases by status."""
    start = datetime.combine(monday, time.min)
    stmt = (select(ClinicAppointment).where(ClinicAppointment.starts_at >= start,
                                            ClinicAppointment.starts_at < start + timedelta(days=7))
            .options(joinedload(ClinicAppointment.case).joinedload(Case.suspect),
                     joinedload(ClinicAppointment.caseworker))
            .order_by(ClinicAppointment.starts_at, ClinicAppointment.id))
    if worker is not None:
        stmt = stmt.where(ClinicAppointment.caseworker_id == worker.id)
    rows = list(db.session.scalars(stmt).unique())
    days = [(monday + timedelta(days=i), [a for a in rows if a.starts_at.date() == monday + timedelta(days=i)])
            for i in range(7)]
    result = Week(monday=monday, days=days, booked=sum(1 for a in rows if a.status == "booked"))
    counts = select(Case.status, func.count(Case.id)).where(Case.status.in_(OPEN_STATUSES)).group_by(Case.status)
    if worker is not None:
        counts = counts.where(Case.caseworker_id == worker.id)
    by_status = dict(db.session.execute(counts).all())
    result.caseload = [(label, by_status[key]) for key, label in STATUSES.items() if by_status.get(key)]
    result.open_cases = sum(n for _, n in result.caseload)
    return result
