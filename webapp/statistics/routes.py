"""Statistics at /statistics (supervisors see every area, clerks their own), the figures as CSV and
XLSX, and the data-quality report. One URL serves the page or, for HTMX, the results fragment."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.domain import statistics as stats
from webapp.extensions import db, htmx
from webapp.models import Area
from webapp.security import roles_required
from webapp.views import log_reading
from webapp.services import statistics as service
from webapp.statistics.forms import RefreshForm, StatisticsFilterForm, quarter_periods

bp = Blueprint("statistics", __name__, url_prefix="/statistics")

STATISTICS_ROLES = ("clerk", "supervisor")
FILTER_ARGS = ("date_from", "date_to", "area", "disposal", "offence_group")
RECENT_DAYS = 90  # the data-quality working lists: cases referred in this many days


def _fixed_area() -> int | None:
    """Clerks see their own area's figures only."""
    return current_user.area_id if current_user.role == "clerk" else None


def _form() -> tuple[StatisticsFilterForm, stats.Filters, bool]:
    form = StatisticsFilterForm(formdata=request.args)
    form.set_areas(list(db.session.execute(select(Area.id, Area.name).order_by(Area.name)).all()))
    valid = form.validate() if request.args else True
    filters = form.filters(date.today(), _fixed_area())
    return form, filters, valid and not any(form.errors.values())


@bp.get("")
@roles_required(*STATISTICS_ROLES)
def index():
    form, filters, valid = _form()
    tables = service.all_figures(filters) if valid else []
    fragment = htmx and htmx.target == "statistics-results"
    template = "statistics/_results.html" if fragment else "statistics/index.html"
    return render_template(template, title="Statistics", form=form, filters=filters, tables=tables,
                           refreshed=service.last_refresh(), quarters=quarter_periods(date.today()),
                           fixed_area=_fixed_area(), refresh_form=RefreshForm(),
                           args={k: v for k, v in request.args.items() if k in FILTER_ARGS}), (200 if valid else 400)


@bp.get("/download")
@roles_required(*STATISTICS_ROLES)
def download():
    form, filters, valid = _form()
    wanted, fmt = request.args.get("figure", "all"), request.args.get("format", "xlsx")
    if not valid or fmt not in ("csv", "xlsx") or (wanted != "all" and wanted not in stats.BY_KEY):
        abort(400)
    if fmt == "csv":
        if wanted == "all":
            abort(400)
        body, mime = service.csv_chunks(service.figure(wanted, filters)), "text/csv"
    else:
        tables = service.all_figures(filters) if wanted == "all" else [service.figure(wanted, filters)]
        body, mime = service.xlsx_chunks(tables, current_app.config["PROTECTIVE_MARKING"]), service.XLSX_MIME
    name = f"statistics-{wanted}-{filters.date_from}-to-{filters.date_to}.{fmt}"
    # The figures are read above, so the chunks need no request: streamed with it, a download left
    # unread kept its request (and the signed-in user) current into the next one, which then failed.
    return Response(body, mimetype=mime,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/refresh")
@roles_required("supervisor")
def refresh():
    if not RefreshForm().validate_on_submit():
        abort(400)
    job = service.start_refresh(current_user)
    flash("The statistics are being worked out again. Reload this page in a minute." if job.status != "done"
          else "The statistics have been worked out again.", "success")
    return redirect(url_for("statistics.index"))


@bp.get("/data-quality")
@roles_required("supervisor")
def data_quality():
    from webapp.domain.data_quality import CHECKS
    from webapp.services import data_quality as checks

    from webapp.views import case_scope, visible

    findings = checks.report(recent_days=RECENT_DAYS, scope=case_scope())  # the areas the supervisor sees
    counted_on, totals = checks.latest_counts()
    log_reading("data_quality", "", "Data-quality report: " +
                ", ".join(f"{f.check.key} {f.count}" for f in findings))
    return render_template("statistics/data_quality.html", title="Data quality", findings=findings,
                           history=checks.history(), checks=CHECKS, counted_on=counted_on, totals=totals,
                           recent_days=RECENT_DAYS, every_area=visible().every_area)
