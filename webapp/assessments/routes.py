"""The Full Code Test, the Caution Clinic (booking, attendance, the caseworker's day) and the needs
assessment with partner-agency referrals."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.assessments import presenters
from webapp.assessments.forms import (
    OTHER,
    AttendanceForm,
    BookingForm,
    CancelForm,
    FullCodeTestForm,
    NeedsForm,
    ReferralForm,
    ReferralStatusForm,
)
from webapp.domain import partners as vocab
from webapp.domain.formatting import clock_time, date_at_time, day_and_date, short_date
from webapp.domain.full_code_test import CONCLUSIONS, PUBLIC_INTEREST_FACTORS
from webapp.extensions import db, htmx
from webapp.jinja_helpers import add_case_tab
from webapp.models import Case, ClinicAppointment, FullCodeTest, NeedsAssessment, PartnerReferral, Provider, User
from webapp.partners.presenters import provider_choice
from webapp.security import roles_required
from webapp.services import assessments, clinics, partners
from webapp.services.clinics import CLINIC_STAFF_ROLES, AppointmentRefused
from webapp.views import case_scope, commit_or_stale, date_arg, load_case, log_reading, parse_id

bp = Blueprint("assessments", __name__)

FCT_READ = ("clerk", "caseworker", "supervisor")
FCT_WRITE = ("caseworker", "supervisor")
CLINIC_BOOK = ("clerk", "caseworker", "supervisor")  # clerks book and see the day; they do not run the clinic
CLINIC_RUN = ("caseworker", "supervisor")
NEEDS_ROLES = ("caseworker", "supervisor")  # health and safeguarding details: the people who assess

add_case_tab("assessment", "Assessment", "assessments.full_code_test", FCT_READ)
add_case_tab("clinic", "Clinic", "assessments.clinic", CLINIC_BOOK)
add_case_tab("needs", "Needs", "assessments.needs", NEEDS_ROLES)


def _commit_or_retry(reference: str, endpoint: str):
    """Commit; when someone else changed the case at the same moment, say so rather than lose it silently."""
    return None if commit_or_stale() else redirect(url_for(endpoint, reference=reference))


def _page(template: str, case: Case, status: int = 200, **context):
    return render_template(template, case=case, safeguarding=assessments.safeguarding_concern(case.id),
                           presenters=presenters, title=f"{context.pop('heading')} – {case.reference}",
                           **context), status


# ----- Full Code Test -------------------------------------------------------------------------------

def _fct_form(fct: FullCodeTest | None) -> FullCodeTestForm:
    if request.method == "POST" or fct is None:
        return FullCodeTestForm()
    data = {
        "evidential_met": {True: "yes", False: "no"}.get(fct.evidential_met),
        "evidential_notes": fct.evidential_notes,
        "public_interest_conclusion": fct.public_interest_conclusion,
        "public_interest_notes": fct.public_interest_notes,
    }
    for factor in PUBLIC_INTEREST_FACTORS:
        entry = (fct.public_interest or {}).get(factor.key) or {}
        data[f"pi_{factor.key}"] = bool(entry.get("relevant"))
        data[f"pi_{factor.key}_note"] = entry.get("note", "")
    return FullCodeTestForm(data=data)


def _fct_page(case: Case, form: FullCodeTestForm | None, status: int = 200):
    return _page("assessments/full_code_test.html", case, status, fct=case.full_code_test, form=form,
                 heading="Full Code Test", conclusions=CONCLUSIONS)


@bp.get("/cases/<reference>/full-code-test")
@roles_required(*FCT_READ)
def full_code_test(reference: str):
    case = load_case(reference)
    log_reading("full_code_test", case.reference, "Viewed the Full Code Test")
    form = _fct_form(case.full_code_test) if current_user.role in FCT_WRITE else None
    return _fct_page(case, form)


@bp.post("/cases/<reference>/full-code-test")
@roles_required(*FCT_WRITE)
def save_full_code_test(reference: str):
    case = load_case(reference)
    form = FullCodeTestForm()
    if not form.validate_on_submit():
        return _fct_page(case, form, 422)
    assessments.save_full_code_test(case, form.review(), current_user)
    if (stale := _commit_or_retry(reference, "assessments.full_code_test")) is not None:
        return stale
    flash("Full Code Test saved", "success")
    return redirect(url_for("assessments.full_code_test", reference=reference))


# ----- Caution Clinic: the case's appointments ------------------------------------------------------

def _booking_form(case: Case) -> BookingForm:
    form = BookingForm()
    suites = case.area.custody_suite_list if case.area else []
    form.location.choices = [(s, s) for s in suites] + [(OTHER, "Somewhere else")]
    form.caseworker_id.choices = [(0, "Choose a caseworker")] + [(u.id, u.full_name) for u in clinics.clinic_staff()]
    if request.method == "GET":
        if case.caseworker_id:
            form.caseworker_id.data = case.caseworker_id
        elif current_user.role in CLINIC_STAFF_ROLES:
            form.caseworker_id.data = current_user.id
    return form


def _clinic_page(case: Case, form: BookingForm, status: int = 200, attendance_form: AttendanceForm | None = None):
    return _page("assessments/clinic.html", case, status, form=form, appointments=clinics.case_appointments(case),
                 attendance_form=attendance_form or AttendanceForm(formdata=None), heading="Caution Clinic",
                 view="case", today=date.today())


@bp.get("/cases/<reference>/clinic")
@roles_required(*CLINIC_BOOK)
def clinic(reference: str):
    case = load_case(reference)
    log_reading("clinic_appointment", case.reference, "Viewed the case's clinic appointments")
    return _clinic_page(case, _booking_form(case))


@bp.post("/cases/<reference>/clinic")
@roles_required(*CLINIC_BOOK)
def book_clinic(reference: str):
    case = load_case(reference)
    form = _booking_form(case)
    if not form.validate_on_submit():
        return _clinic_page(case, form, 422)
    try:
        appointment = clinics.book(case, form.booking(db.session.get(User, form.caseworker_id.data)), current_user)
    except AppointmentRefused as problem:
        form.appointment_time.errors.append(str(problem))
        return _clinic_page(case, form, 422)
    if (stale := _commit_or_retry(reference, "assessments.clinic")) is not None:
        return stale
    flash(f"Appointment booked for {date_at_time(appointment.starts_at)} at {appointment.location}. Send the "
          "appointment letter from the case's Documents section.", "success")
    return redirect(url_for("assessments.clinic", reference=reference))


def _case_appointment(case: Case, raw_id) -> ClinicAppointment:
    appointment = clinics.case_appointment(case, parse_id(raw_id))
    if appointment is None:
        abort(404)
    return appointment


def _appointment_row(appointment: ClinicAppointment, view: str, error: str = ""):
    safeguarding_ids = assessments.safeguarding_case_ids([appointment.case_id])
    return render_template("assessments/_appointment_row.html", appointment=appointment, view=view, error=error,
                           attendance_form=AttendanceForm(formdata=None), safeguarding_ids=safeguarding_ids,
                           presenters=presenters, today=date.today())


@bp.post("/cases/<reference>/clinic/attendance")
@roles_required(*CLINIC_RUN)
def record_attendance(reference: str):
    """Attended or did not attend. From the clinic day (HTMX swaps the row) or the case's clinic page."""
    case = load_case(reference)
    form = AttendanceForm()
    appointment = _case_appointment(case, form.appointment_id.data)
    view = "day" if request.form.get("view") == "day" else "case"
    try:
        if not form.validate_on_submit():
            raise AppointmentRefused(next(iter(form.errors.values()))[0])
        summary = clinics.record_attendance(case, appointment, form.outcome.data, form.notes.data or "",
                                            current_user, date.today())
    except AppointmentRefused as problem:
        if htmx:
            return _appointment_row(appointment, view, str(problem))
        flash(str(problem))
        return redirect(url_for("assessments.clinic", reference=reference))
    db.session.commit()
    if htmx:
        return _appointment_row(appointment, view)
    flash(summary, "success")
    if view == "day":
        return redirect(url_for("assessments.clinic_day", date=appointment.starts_at.date().isoformat(),
                                caseworker=appointment.caseworker_id or "all"))
    return redirect(url_for("assessments.clinic", reference=reference))


@bp.route("/cases/<reference>/clinic/cancel", methods=["GET", "POST"])
@roles_required(*CLINIC_BOOK)
def cancel_appointment(reference: str):
    case = load_case(reference)
    appointment = _case_appointment(case, request.values.get("appointment"))
    form = CancelForm()
    try:
        clinics.check_still_booked(appointment)
        if form.validate_on_submit():
            when = clinics.cancel(case, appointment, form.reason.data, current_user)
            db.session.commit()
            flash(f"Appointment for {when} cancelled", "success")
            return redirect(url_for("assessments.clinic", reference=reference))
    except AppointmentRefused as problem:
        flash(str(problem))
        return redirect(url_for("assessments.clinic", reference=reference))
    return _page("assessments/cancel.html", case, 422 if form.errors else 200, form=form, appointment=appointment,
                 heading="Cancel clinic appointment")


# ----- Caution Clinic: a caseworker's day -----------------------------------------------------------

@bp.get("/clinics")
@roles_required(*CLINIC_BOOK)
def clinic_day():
    day = date_arg()
    workers = clinics.clinic_staff()
    worker = clinics.chosen_caseworker(request.args.get("caseworker", ""), workers, current_user)
    worker_id = worker.id if worker else None
    appointments = clinics.day(day, worker_id, case_scope())
    who = worker.full_name if worker else "all caseworkers"
    log_reading("clinic_day", day.isoformat(), f"Clinic day for {who}: {len(appointments)} appointment(s)")
    caseworker_arg = str(worker_id) if worker_id else "all"
    return render_template(
        "assessments/clinic_day.html", day=day, appointments=appointments, worker=worker, workers=workers,
        caseworker_arg=caseworker_arg, today=date.today(),
        prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1),
        safeguarding_ids=assessments.safeguarding_case_ids([a.case_id for a in appointments]),
        attendance_form=AttendanceForm(formdata=None), presenters=presenters, view="day",
        title=f"Clinic day – {day_and_date(day)}")


# ----- Needs assessment and partner referrals -------------------------------------------------------
# The offender's referrals are made and moved on through webapp.services.partners, the one path every
# referral takes (directory provider, the person's agreement, timeline, disclosure audit line).

def _referrals(case: Case) -> list[PartnerReferral]:
    return partners.case_referrals(case, vocab.OFFENDER)


def _referral_form(case: Case, formdata=None) -> ReferralForm:
    """The form with the directory's providers for the case's area; opened from a suggestion
    (?service=...&reason=...), it is filled in and lists only providers of that service."""
    form = ReferralForm(formdata=formdata)
    form.service.choices = [("", "Choose a service")] + list(vocab.OFFENDER_SERVICES.items())
    only = None  # a posted form accepts any provider in the area; the service says if it lacks the service
    if formdata is None:
        asked = request.args.get("service", "")
        only = asked if asked in vocab.OFFENDER_SERVICES else None
        form.service.data = only or ""
        form.reason.data = request.args.get("reason", "")[:2000]
    area_code = case.area.code if case.area else None
    providers = partners.providers(service=only, area_code=area_code)
    form.provider_id.choices = [(0, "Choose a provider")] + [
        (p.id, provider_choice(p)) for p in providers if set(p.services or ()) & set(vocab.OFFENDER_SERVICES)]
    return form


def _needs_form(case: Case, latest: NeedsAssessment | None, appointments: list[ClinicAppointment]) -> NeedsForm:
    if request.method == "POST" or latest is None:
        form = NeedsForm()
    else:
        data = {"vulnerable": latest.vulnerable, "safeguarding_concern": latest.safeguarding_concern,
                "safeguarding_notes": latest.safeguarding_notes, "assessor_opinion": latest.assessor_opinion,
                "appointment_id": latest.appointment_id or 0}
        for row in presenters.need_rows(latest):
            data[f"need_{row['domain'].key}"] = row["present"]
            data[f"need_{row['domain'].key}_note"] = row["note"]
        form = NeedsForm(data=data)
    form.appointment_id.choices = [(0, "Not at a clinic appointment")] + [
        (a.id, f"{short_date(a.starts_at)} {clock_time(a.starts_at)}, {a.location} ({a.status_label.lower()})")
        for a in appointments if a.status in ("attended", "booked") or (latest and a.id == latest.appointment_id)]
    if request.method == "GET" and latest is None:
        attended = [a for a in appointments if a.status == "attended"]
        form.appointment_id.data = attended[0].id if attended else 0
    return form


def _needs_page(case: Case, form: NeedsForm | None = None, referral_form: ReferralForm | None = None,
                status: int = 200):
    latest = assessments.latest_needs(case.id)
    appointments = clinics.case_appointments(case)
    referrals = _referrals(case)
    history = list(db.session.scalars(
        select(NeedsAssessment).where(NeedsAssessment.case_id == case.id)
        .options(joinedload(NeedsAssessment.assessed_by))
        .order_by(NeedsAssessment.assessed_at.desc(), NeedsAssessment.id.desc())))
    return _page("assessments/needs.html", case, status, latest=latest, history=history,
                 form=form or _needs_form(case, latest, appointments),
                 referral_form=referral_form or _referral_form(case), referrals=referrals,
                 suggestions=presenters.suggestions(case, latest, referrals),
                 status_form=ReferralStatusForm(formdata=None), heading="Needs assessment")


@bp.get("/cases/<reference>/needs")
@roles_required(*NEEDS_ROLES)
def needs(reference: str):
    case = load_case(reference)
    log_reading("needs_assessment", case.reference, "Viewed the needs assessment and referrals")
    return _needs_page(case)


@bp.post("/cases/<reference>/needs")
@roles_required(*NEEDS_ROLES)
def save_needs(reference: str):
    case = load_case(reference)
    previous = assessments.latest_needs(case.id)
    form = _needs_form(case, previous, clinics.case_appointments(case))
    if not form.validate_on_submit():
        return _needs_page(case, form=form, status=422)
    assessments.record_needs(case, form.findings(), current_user)
    db.session.commit()
    flash("Needs assessment saved", "success")
    return redirect(url_for("assessments.needs", reference=reference, _anchor="referrals"))


def _referrals_fragment(case: Case, referral_form: ReferralForm | None = None):
    latest = assessments.latest_needs(case.id)
    referrals = _referrals(case)
    return render_template("assessments/_referrals.html", case=case, referrals=referrals,
                           referral_form=referral_form or _referral_form(case),
                           suggestions=presenters.suggestions(case, latest, referrals),
                           status_form=ReferralStatusForm(formdata=None), presenters=presenters, fragment=True)


@bp.post("/cases/<reference>/referrals")
@roles_required(*NEEDS_ROLES)
def add_referral(reference: str):
    case = load_case(reference)
    form = _referral_form(case, formdata=request.form)
    if form.validate_on_submit():
        new = partners.NewReferral(subject=vocab.OFFENDER, service=form.service.data,
                                   provider=db.session.get(Provider, form.provider_id.data), reason=form.reason.data,
                                   consent=bool(form.consent.data),
                                   send_on=date.today() if form.send.data == "yes" else None)
        try:
            referral = partners.refer(case, new, current_user)
        except partners.ReferralError as problem:
            form.show_refusal(str(problem))
        else:
            db.session.commit()
            if htmx:
                return _referrals_fragment(case)
            flash(f"Referral to {referral.agency} saved", "success")
            return redirect(url_for("assessments.needs", reference=reference, _anchor="referrals"))
    if htmx:
        return _referrals_fragment(case, form)
    return _needs_page(case, referral_form=form, status=422)


@bp.post("/cases/<reference>/referrals/status")
@roles_required(*NEEDS_ROLES)
def update_referral(reference: str):
    case = load_case(reference)
    form = ReferralStatusForm()
    referral = db.session.get(PartnerReferral, parse_id(form.referral_id.data or "") or 0)
    if referral is None or referral.case_id != case.id or referral.subject != vocab.OFFENDER:
        abort(404)
    error = "" if form.validate_on_submit() else next(iter(form.errors.values()))[0]
    if not error:
        try:
            said = partners.change_status(referral, form.status.data, current_user, on=date.today(),
                                          consent=True if form.consent.data else None)
        except partners.ReferralError as problem:
            error = str(problem)
            db.session.rollback()
        else:
            db.session.commit()
    if htmx:
        return render_template("assessments/_referral_row.html", case=case, referral=referral, error=error,
                               status_form=ReferralStatusForm(formdata=None), presenters=presenters)
    if error:
        flash(error)
    else:
        flash(said, "success")
    return redirect(url_for("assessments.needs", reference=reference, _anchor="referrals"))
