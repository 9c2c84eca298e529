"""The reason page before a case outside one's caseload, and area cover grants."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from webapp.access.forms import CoverForm, EndCoverForm, ReasonForm
from webapp.audit import log as audit
from webapp.domain.access import reason_text
from webapp.extensions import db
from webapp.models import Area, AreaCover, Case, User
from webapp.security import CASE_STAFF, roles_required
from webapp.services import areas
from webapp.views import case_scope, consulted, int_arg, remember_reason, safe_next
from webapp.domain.formatting import long_date

bp = Blueprint("access", __name__)

COVER_ROLES = ("supervisor", "admin")


@bp.route("/cases/<reference>/reason", methods=["GET", "POST"])
@roles_required(*CASE_STAFF)
def reason(reference: str):
    """Asked once per case per session; the answer is the justification of every audit line after it."""
    case = db.session.scalar(select(Case).where(Case.reference == reference, case_scope())) or abort(404)
    form = ReasonForm()
    case_page = url_for("cases.show", reference=case.reference)
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), case_page)
    if form.validate_on_submit():
        text = reason_text(form.reason.data, form.details.data)
        remember_reason(case, text)
        audit.record("consult", "case", case.reference, "Opened a case outside their caseload", justification=text)
        db.session.commit()
        return redirect(safe_next(form.next.data, case_page))
    return render_template("access/reason.html", form=form, case=case,
                           title=f"Why are you opening case {case.reference}?"), (422 if form.errors else 200)


def _cover_form() -> CoverForm:
    form = CoverForm()
    staff = db.session.scalars(select(User).where(User.role.in_(areas.COVERABLE_ROLES), User.active.is_(True))
                               .order_by(User.full_name)).all()
    form.user_id.choices = [(0, "Choose a person")] + [
        (u.id, f"{u.full_name} ({u.role_label}, {u.area.name if u.area else 'no area'})") for u in staff]
    form.area_id.choices = [(0, "Choose an area")] + [
        (a.id, a.name) for a in areas.areas_granter_may_cover(current_user, current_app.config)]
    return form


def _cover_page(form: CoverForm, status: int = 200):
    covers = areas.active_covers()
    page = render_template("access/cover.html", form=form, covers=covers, end_form=EndCoverForm(),
                           title="Cover for another area"), status
    return consulted(page, "area_cover", "", f"Viewed area cover ({len(covers)} active)")


@bp.get("/cover")
@roles_required(*COVER_ROLES)
def cover():
    return _cover_page(_cover_form())


@bp.post("/cover")
@roles_required(*COVER_ROLES)
def grant_cover():
    form = _cover_form()
    if form.validate_on_submit():
        user, area = db.session.get(User, form.user_id.data or 0), db.session.get(Area, form.area_id.data or 0)
        if user is None:
            form.user_id.errors.append("Select who is covering")
        elif area is None:
            form.area_id.errors.append("Select the area they are covering")
        else:
            try:
                areas.grant_cover(user=user, area=area, until=form.until.data, reason=form.reason.data,
                                  granted_by=current_user, config=current_app.config)
            except areas.CoverRefused as refusal:
                getattr(form, refusal.field).errors.append(str(refusal))
            else:
                db.session.commit()
                flash(f"{user.full_name} can work {area.name} cases until "
                      f"{long_date(form.until.data)}", "success")
                return redirect(url_for("access.cover"))
    return _cover_page(form, 422)


@bp.post("/cover/end")
@roles_required(*COVER_ROLES)
def end_cover():
    form = EndCoverForm()
    if not form.validate_on_submit():
        abort(400)
    row = db.session.get(AreaCover, int_arg("cover"))
    if row is None or row.ended_at is not None or row.area not in areas.areas_granter_may_cover(
            current_user, current_app.config):
        abort(404)
    areas.end_cover(row, current_user)
    db.session.commit()
    flash(f"Cover for {row.user.full_name} in {row.area.name} ended", "success")
    return redirect(url_for("access.cover"))
