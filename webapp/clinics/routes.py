"""A caseworker's week: their Caution Clinic appointments day by day and their open caseload by status."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp import views
from webapp.domain.formatting import long_date
from webapp.services import clinics as service
from webapp.security import roles_required

bp = Blueprint("clinics", __name__)

WEEK_ROLES = ("clerk", "caseworker", "supervisor")


@bp.get("/clinics/week")
@roles_required(*WEEK_ROLES)
def week():
    day = views.date_arg()
    monday = day - timedelta(days=day.weekday())
    workers = service.clinic_staff()
    worker = service.chosen_caseworker(request.args.get("caseworker", ""), workers, current_user)
    shown = service.week(monday, worker)
    seen = views.visible()
    shown.days = [(d, [a for a in rows if seen.allows(a.case.area_id)]) for d, rows in shown.days]
    shown.booked = sum(1 for _, rows in shown.days for a in rows if a.status == "booked")
    who = worker.full_name if worker else "all caseworkers"
    views.log_reading("clinic_week", monday.isoformat(),
                      f"Clinic week for {who}: {sum(len(a) for _, a in shown.days)} appointment(s)")
    return render_template("clinics/week.html", week=shown, worker=worker, workers=workers,
                           caseworker_arg=str(worker.id) if worker else "all", today=date.today(),
                           prev_week=monday - timedelta(days=7), next_week=monday + timedelta(days=7),
                           title=f"Clinic week – {long_date(monday)}")
