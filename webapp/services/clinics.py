"""Caution Clinic: booking, attendance and cancelling (each with its timeline line and audit line),
the suspect's appointment letter parts, and a caseworker's day and week of clinics with their caseload
counts. Called alike by the clinic pages and the demo; the caller commits."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.audit import log as audit
from webapp.domain.formatting import clock_time, date_at_time
from webapp.domain.ids import parse_id
from webapp.domain.lifecycle import OPEN_STATUSES, STATUSES, TransitionError, check_transition
from webapp.extensions import db
from webapp.models import Case, ClinicAppointment, User

# Who can be booked to see someone at the clinic (and who runs it).
CLINIC_STAFF_ROLES = ("caseworker", "supervisor")


class AppointmentRefused(ValueError):
    """The booking, attendance or cancellation cannot be recorded; the message says why, in staff's words."""


def clinic_staff() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_(CLINIC_STAFF_ROLES), User.active.is_(True)).order_by(User.full_name)))


def chosen_caseworker(asked: str, staff: list[User], me: User) -> User | None:
    """Whose clinics a day or week shows: the caseworker asked for by id, everyone's for "all" (None),
    and by default one's own when one runs clinics, else everyone's."""
    if asked == "all":
        return None
    wanted = parse_id(asked)
    if wanted is not None:
        return next((w for w in staff if w.id == wanted), None)
    return me if me.role in CLINIC_STAFF_ROLES else None


def case_appointments(case: Case) -> list[ClinicAppointment]:
    """The case's appointments, newest first."""
    return list(db.session.scalars(
        select(ClinicAppointment).where(ClinicAppointment.case_id == case.id)
        .options(joinedload(ClinicAppointment.caseworker)).order_by(ClinicAppointment.starts_at.desc())))


def case_appointment(case: Case, appointment_id: int | None) -> ClinicAppointment | None:
    """One of this case's appointments, or None (another case's id is not this case's)."""
    appointment = db.session.get(ClinicAppointment, appointment_id or 0)
    return appointment if appointment is not None and appointment.case_id == case.id else None


@dataclass(frozen=True)
class Booking:
    starts_at: datetime
    location: str
    caseworker: User
    purpose: str
    notes: str = ""


def book(case: Case, booking: Booking, actor: User) -> ClinicAppointment:
    """Book the suspect in with a caseworker; a case being screened moves on to awaiting the clinic."""
    worker = booking.caseworker
    clash = db.session.scalar(select(ClinicAppointment.id).where(
        ClinicAppointment.caseworker_id == worker.id, ClinicAppointment.starts_at == booking.starts_at,
        ClinicAppointment.status == "booked"))
    if clash is not None:
        raise AppointmentRefused(f"{worker.full_name} already has an appointment at {clock_time(booking.starts_at)} "
                                 "on that day: choose another time")
    appointment = ClinicAppointment(case_id=case.id, caseworker_id=worker.id, starts_at=booking.starts_at,
                                    location=booking.location[:120], purpose=booking.purpose,
                                    notes=booking.notes.strip())
    db.session.add(appointment)
    when = date_at_time(booking.starts_at)
    case.add_event("clinic_booked", f"Clinic appointment booked for {when}",
                   f"{appointment.purpose_label} with {worker.full_name} at {appointment.location}.", actor)
    try:
        check_transition(case.status, "awaiting_clinic")
    except TransitionError:
        pass  # only a case being screened moves on; others keep their status
    else:
        case.add_event("updated", f"Status changed from {case.status_label} to {STATUSES['awaiting_clinic']}",
                       actor=actor)
        case.status = "awaiting_clinic"
    db.session.flush()
    audit.record("collect", "clinic_appointment", case.reference,
                 f"Booked clinic appointment {appointment.id} for {when} with {worker.full_name}", user=actor)
    return appointment


def check_still_booked(appointment: ClinicAppointment) -> None:
    if appointment.status != "booked":
        raise AppointmentRefused(f"This appointment is already recorded as {appointment.status_label.lower()}")


def record_attendance(case: Case, appointment: ClinicAppointment, outcome: str, notes: str, actor: User,
                      today: date) -> str:
    """Attended or did not attend, from the day of the appointment on; returns the timeline's words."""
    check_still_booked(appointment)
    if appointment.starts_at.date() > today:
        raise AppointmentRefused("You can record attendance on or after the day of the appointment")
    appointment.status = outcome
    notes = notes.strip()
    if notes:
        appointment.notes = "\n".join(filter(None, [appointment.notes, notes]))
    when = date_at_time(appointment.starts_at)
    attended = outcome == "attended"
    summary = f"Attended the Caution Clinic on {when}" if attended else f"Did not attend the Caution Clinic on {when}"
    case.add_event("clinic_attended" if attended else "clinic_did_not_attend", summary, notes, actor)
    audit.record("alter", "clinic_appointment", case.reference, f"Appointment {appointment.id}: {summary}", user=actor)
    return summary


def cancel(case: Case, appointment: ClinicAppointment, reason: str, actor: User) -> str:
    """Cancel a booked appointment, keeping why in its notes; returns when it was, in words."""
    check_still_booked(appointment)
    reason = reason.strip()
    appointment.status = "cancelled"
    appointment.notes = "\n".join(filter(None, [appointment.notes, f"Cancelled: {reason}"]))
    when = date_at_time(appointment.starts_at)
    case.add_event("clinic_cancelled", f"Clinic appointment for {when} cancelled", reason, actor)
    audit.record("alter", "clinic_appointment", case.reference, f"Cancelled appointment {appointment.id}", user=actor)
    return when


def day(on: date, worker_id: int | None, area_clause) -> list[ClinicAppointment]:
    """One day's appointments (one caseworker's, or everyone's) on the cases `area_clause` lets through."""
    start = datetime.combine(on, time.min)
    stmt = (select(ClinicAppointment).where(ClinicAppointment.starts_at >= start,
                                            ClinicAppointment.starts_at < start + timedelta(days=1),
                                            ClinicAppointment.case.has(area_clause))
            .options(joinedload(ClinicAppointment.case).joinedload(Case.suspect),
                     joinedload(ClinicAppointment.case).selectinload(Case.offences),
                     joinedload(ClinicAppointment.caseworker))
            .order_by(ClinicAppointment.starts_at, ClinicAppointment.id))
    if worker_id:
        stmt = stmt.where(ClinicAppointment.caseworker_id == worker_id)
    return list(db.session.scalars(stmt).unique())


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
