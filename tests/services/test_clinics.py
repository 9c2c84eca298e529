"""webapp.services.clinics: booking, attendance and cancelling a Caution Clinic appointment without a page."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, true

from factories import gen_appointment, gen_case, gen_user
from webapp.extensions import db
from webapp.models import AuditRecord, Case, ClinicAppointment, User
from webapp.services import clinics

AT = datetime(2026, 12, 7, 9, 30)


def _fresh(case_id: int, user_id: int) -> tuple[Case, User]:
    return db.session.get(Case, case_id), db.session.get(User, user_id)


def _latest_event(case: Case) -> tuple[str, str]:
    db.session.expire(case, ["events"])
    return case.events[0].kind, case.events[0].summary


def _booking(worker: User, at: datetime = AT) -> clinics.Booking:
    return clinics.Booking(starts_at=at, location="Northgate Police Station", caseworker=worker,
                           purpose="needs_assessment", notes=" Interpreter: Polish ")


def test_booking_moves_a_screened_case_on_and_writes_the_timeline(ctx):
    case, worker = _fresh(gen_case(status="screening").id, gen_user(full_name="Sam Clinic").id)
    appointment = clinics.book(case, _booking(worker), worker)
    db.session.commit()
    assert (appointment.status, appointment.notes, appointment.caseworker_id) == ("booked", "Interpreter: Polish",
                                                                                   worker.id)
    assert case.status == "awaiting_clinic"
    summaries = [e.summary for e in case.events]
    assert "Clinic appointment booked for 7 December 2026 at 09:30" in summaries
    assert "Status changed from Screening to Awaiting clinic" in summaries
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "clinic_appointment"))
    assert audit.description == f"Booked clinic appointment {appointment.id} for 7 December 2026 at 09:30 with Sam Clinic"


def test_booking_keeps_the_status_of_a_case_past_screening(ctx):
    case, worker = _fresh(gen_case(status="decided").id, gen_user().id)
    clinics.book(case, _booking(worker), worker)
    db.session.commit()
    assert case.status == "decided"


def test_a_caseworker_cannot_be_booked_twice_at_one_time(ctx):
    worker_id = gen_user(full_name="Sam Clinic").id
    first, worker = _fresh(gen_case().id, worker_id)
    clinics.book(first, _booking(worker), worker)
    db.session.commit()
    second = db.session.get(Case, gen_case().id)
    with pytest.raises(clinics.AppointmentRefused, match="Sam Clinic already has an appointment at 09:30"):
        clinics.book(second, _booking(db.session.get(User, worker_id)), worker)


def test_attendance_is_recorded_once_and_not_before_the_day(ctx):
    worker_id = gen_user().id
    case_id = gen_case().id
    appointment_id = gen_appointment(db.session.get(Case, case_id), db.session.get(User, worker_id),
                                     starts_at=AT).id
    case, worker = _fresh(case_id, worker_id)
    appointment = db.session.get(ClinicAppointment, appointment_id)
    with pytest.raises(clinics.AppointmentRefused, match="on or after the day"):
        clinics.record_attendance(case, appointment, "attended", "", worker, today=date(2026, 12, 6))
    summary = clinics.record_attendance(case, appointment, "did_not_attend", "Phoned in sick", worker,
                                        today=date(2026, 12, 7))
    db.session.commit()
    assert summary == "Did not attend the Caution Clinic on 7 December 2026 at 09:30"
    assert (appointment.status, appointment.notes) == ("did_not_attend", "Phoned in sick")
    assert _latest_event(case) == ("clinic_did_not_attend", summary)
    with pytest.raises(clinics.AppointmentRefused, match="already recorded as did not attend"):
        clinics.record_attendance(case, appointment, "attended", "", worker, today=date(2026, 12, 8))


def test_cancelling_keeps_the_reason(ctx):
    worker_id = gen_user().id
    case_id = gen_case().id
    appointment_id = gen_appointment(db.session.get(Case, case_id), db.session.get(User, worker_id), starts_at=AT).id
    case, worker = _fresh(case_id, worker_id)
    appointment = db.session.get(ClinicAppointment, appointment_id)
    assert clinics.cancel(case, appointment, " Solicitor unavailable ", worker) == "7 December 2026 at 09:30"
    db.session.commit()
    assert (appointment.status, appointment.notes) == ("cancelled", "Cancelled: Solicitor unavailable")
    assert _latest_event(case) == ("clinic_cancelled", "Clinic appointment for 7 December 2026 at 09:30 cancelled")
    with pytest.raises(clinics.AppointmentRefused):
        clinics.cancel(case, appointment, "Again", worker)


def test_case_appointment_is_only_the_cases_own(ctx):
    worker = gen_user()
    mine, theirs = gen_case(), gen_case()
    appointment = gen_appointment(theirs, worker, starts_at=AT)
    assert clinics.case_appointment(db.session.get(Case, mine.id), appointment.id) is None
    assert clinics.case_appointment(db.session.get(Case, theirs.id), appointment.id).id == appointment.id
    assert clinics.case_appointment(db.session.get(Case, mine.id), None) is None


def test_day_lists_one_caseworkers_appointments_in_time_order(ctx):
    me, colleague = gen_user(), gen_user()
    case = gen_case()
    late = gen_appointment(case, me, starts_at=AT.replace(hour=15))
    early = gen_appointment(case, me, starts_at=AT)
    gen_appointment(case, colleague, starts_at=AT.replace(hour=11))
    gen_appointment(case, me, starts_at=AT.replace(day=8))
    assert [a.id for a in clinics.day(AT.date(), me.id, true())] == [early.id, late.id]
    assert len(clinics.day(AT.date(), None, true())) == 3
    assert clinics.day(AT.date(), None, Case.area_id == -1) == []


def test_whose_clinics_a_day_shows(ctx):
    worker, colleague, clerk = (db.session.get(User, gen_user(role=r).id) for r in ("caseworker", "supervisor", "clerk"))
    staff = [worker, colleague]
    assert clinics.chosen_caseworker(str(colleague.id), staff, worker) is colleague
    assert clinics.chosen_caseworker("all", staff, worker) is None
    assert clinics.chosen_caseworker("", staff, worker) is worker
    assert clinics.chosen_caseworker("", staff, clerk) is None  # a clerk books but runs no clinic
    assert clinics.chosen_caseworker(str(clerk.id), staff, worker) is None  # not clinic staff: everyone's
