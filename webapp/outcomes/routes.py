"""The clerks' "outcomes to record" queue, marking one recorded, and the daily bulk export.

Which outcome is meant travels as a form field (?outcome=decision-12), as other areas do with ids.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from webapp.audit import log as audit
from webapp.extensions import db
from webapp.models.outcome import OutcomeExport
from webapp.outcomes.forms import ExportForm, RecordedForm
from webapp.security import roles_required
from webapp.services import outcomes as service
from webapp.views import case_scope, log_reading, page_arg, parse_id

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")


@bp.app_template_global("outcome_codes")
def outcome_codes():
    """Every version of every Home Office outcome mapping, for the administrators' Rules page."""
    from webapp.domain.outcomes import load_outcomes
    return load_outcomes().entries

OUTCOME_ROLES = ("clerk", "supervisor")
PER_PAGE = 50


@bp.get("")
@roles_required(*OUTCOME_ROLES)
def queue():
    page = page_arg()  # "²" passes str.isdigit() but not int(): plain ASCII digits only
    # The areas the user sees (their own, any they cover; every area for a supervisor set to see all).
    items, total = service.pending(scope=case_scope(), page=page, per_page=PER_PAGE)
    log_reading("outcome_queue", "", f"Outcomes to record, page {page}: {len(items)} shown of {total}")
    pages = max(1, -(-total // PER_PAGE))
    return render_template("outcomes/queue.html", title="Outcomes to record", items=items, total=total, page=page, pages=pages,
                           first=(page - 1) * PER_PAGE + 1 if items else 0, last=(page - 1) * PER_PAGE + len(items),
                           form=RecordedForm(), export_form=ExportForm(), exports=service.recent_exports(),
                           columns=service.EXPORT_COLUMNS)


@bp.post("/recorded")
@roles_required(*OUTCOME_ROLES)
def recorded():
    form = RecordedForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        entry = service.mark_recorded(form.outcome.data or "", current_user, scope=case_scope())
    except service.OutcomeNotFound:
        abort(404)
    if entry.recorded_by_id == current_user.id:
        flash(f"Outcome {entry.code} for {entry.case.reference} marked as recorded", "success")
    else:
        flash(f"Outcome {entry.code} for {entry.case.reference} was already recorded or exported. Nothing changed.")
    return redirect(url_for("outcomes.queue", page=request.args.get("page")))


@bp.post("/export")
@roles_required(*OUTCOME_ROLES)
def export():
    if not ExportForm().validate_on_submit():
        abort(400)
    made = service.export_new(current_user, via="web", scope=case_scope())
    if not made.rows:
        flash("No new outcomes since the last export. The file holds only the header row.")
    return redirect(url_for("outcomes.download", export=made.id))


@bp.get("/export")
@roles_required(*OUTCOME_ROLES)
def download():
    raw = request.args.get("export", "")
    made = db.session.get(OutcomeExport, parse_id(raw) or 0)
    if made is None:
        abort(404)
    audit.record("disclose", "outcome_export", made.id, f"Outcome export {made.id} downloaded",
                 recipient=service.RECORDS_SYSTEM)
    db.session.commit()
    headers = {"Content-Disposition": f'attachment; filename="{service.export_file_name(made)}"'}
    return Response(stream_with_context(service.export_csv(made.id, scope=case_scope())), mimetype="text/csv",
                    headers=headers)
