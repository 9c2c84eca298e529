"""The enquiries log: queues per person and team, logging a call, e-mail or letter, and answering,
routing or passing it on. The case page and the supervisor's escalations page show what is theirs."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.services.settings import engine_config
from webapp.domain import enquiries as vocab
from webapp.enquiries.forms import AnswerForm, EnquiryForm, PassOnForm, RouteForm
from webapp.extensions import db
from webapp.models import Case, Enquiry, User
from webapp import views
from webapp.security import roles_required
from webapp.services import enquiries as service
from webapp.domain.formatting import long_date

bp = Blueprint("enquiries", __name__)

ENQUIRY_ROLES = ("clerk", "caseworker", "victim_liaison", "supervisor")
VIEWS = {"mine": "Assigned to me", "team": "My team", "all": "All open", "overdue": "Overdue"}


@bp.app_template_global()
def case_correspondence(case_id: int) -> list[Enquiry]:
    """The case page's correspondence (read as part of the case page, whose view is audited)."""
    return service.for_case(case_id)


@bp.app_template_global()
def overdue_enquiries() -> int:
    seen = views.visible()
    return service.overdue_count(date.today(), None if seen.every_area else seen.area_ids)


def _team_members() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(vocab.TEAM_ROLES.values()),
                                                      User.active.is_(True)).order_by(User.full_name)))


def _with_people(form):
    form.assigned_to_id.choices = [(0, "Anyone in the team")] + [
        (u.id, f"{u.full_name} ({vocab.TEAMS[vocab.ROLE_TEAMS[u.role]].lower()})") for u in _team_members()]
    return form


@bp.get("/enquiries")
@roles_required(*ENQUIRY_ROLES)
def queue():
    view = request.args.get("view") if request.args.get("view") in VIEWS else "mine"
    team = vocab.ROLE_TEAMS.get(current_user.role)
    today = date.today()
    rows = {"mine": lambda: service.queue(person=current_user), "team": lambda: service.queue(team=team),
            "all": lambda: service.queue(), "overdue": lambda: service.queue(overdue_on=today)}[view]()
    rows = [e for e in rows if e.case is None or views.visible().allows(e.case.area_id)]
    views.log_reading("enquiry", view, f"Viewed the enquiries queue ({VIEWS[view].lower()}): {len(rows)} shown")
    return render_template("enquiries/queue.html", rows=rows, view=view, views=VIEWS, today=today,
                           team_label=vocab.TEAMS.get(team, ""), tags=vocab.STATUS_TAGS, title="Enquiries")


@bp.route("/enquiries/new", methods=["GET", "POST"])
@roles_required(*ENQUIRY_ROLES)
def new():
    form = _with_people(EnquiryForm())
    if request.method == "GET":
        form.received_on.data = date.today()
        form.case_reference.data = request.args.get("case", "")[:20]
        form.team.data = vocab.USUAL_TEAM
        form.target_days.data = engine_config().enquiry_response_working_days  # the force's standard
    if form.validate_on_submit():
        case = None
        if (form.case_reference.data or "").strip():
            case = db.session.scalar(select(Case).where(Case.reference == form.case_reference.data.strip().upper(),
                                                        views.case_scope()))
            if case is None:
                form.case_reference.errors.append("No case has this reference: check it, or leave it empty")
        if not form.errors:
            new = service.NewEnquiry(
                direction=form.direction.data, channel=form.channel.data, from_type=form.from_type.data,
                contact_name=form.contact_name.data, contact_details=form.contact_details.data or "",
                summary=form.summary.data, received_on=form.received_on.data, target_days=form.target_days.data,
                team=vocab.team_for(form.team.data, form.from_type.data),
                assigned_to=db.session.get(User, form.assigned_to_id.data or 0), case=case)
            try:
                enquiry = service.log(new, current_user)
            except service.EnquiryError as problem:
                form.assigned_to_id.errors.append(str(problem))
            else:
                db.session.commit()
                flash(f"Enquiry logged: answer due by {long_date(enquiry.due_on)}", "success")
                return redirect(url_for("enquiries.show", enquiry=enquiry.id))
    return render_template("enquiries/new.html", form=form, title="Log an enquiry"), 422 if form.errors else 200


def _enquiry() -> Enquiry:
    enquiry = db.session.scalar(select(Enquiry).where(Enquiry.id == views.int_arg("enquiry")).options(
        joinedload(Enquiry.case), joinedload(Enquiry.assigned_to), joinedload(Enquiry.logged_by)))
    if enquiry is None:
        abort(404)
    if enquiry.case is not None:
        views.ensure_visible(enquiry.case)  # an enquiry about a case in an area you do not see is not found
    return enquiry


def _show(enquiry: Enquiry, status: int = 200, **forms):
    route_form = forms.get("route_form") or _with_people(RouteForm(formdata=None))
    if "route_form" not in forms:
        route_form.team.data, route_form.assigned_to_id.data = enquiry.team, enquiry.assigned_to_id or 0
    answer_form = forms.get("answer_form") or AnswerForm(formdata=None)
    if "answer_form" not in forms:
        answer_form.answered_on.data = date.today()
    failed = next((f for f in forms.values() if f.errors), None)
    return render_template("enquiries/show.html", enquiry=enquiry, route_form=route_form, answer_form=answer_form,
                           pass_form=forms.get("pass_form") or PassOnForm(formdata=None), failed=failed,
                           overdue=vocab.is_overdue(enquiry.status, enquiry.due_on, date.today()),
                           tags=vocab.STATUS_TAGS, title=f"Enquiry from {enquiry.contact_name}"), status


@bp.get("/enquiries/show")
@roles_required(*ENQUIRY_ROLES)
def show():
    enquiry = _enquiry()
    views.log_reading("enquiry", enquiry.case.reference if enquiry.case else f"enquiry {enquiry.id}",
                      f"Viewed enquiry {enquiry.id}")
    return _show(enquiry)


def _change(form_name: str, form, field: str, act):
    """Validate `form`, apply `act` (a service call returning words), commit and go back to the enquiry;
    a refusal is shown against `field`."""
    enquiry = _enquiry()
    if form.validate_on_submit():
        try:
            said = act(enquiry, form)
        except service.EnquiryError as problem:
            form[field].errors.append(str(problem))
        else:
            db.session.commit()
            flash(said, "success")
            return redirect(url_for("enquiries.show", enquiry=enquiry.id))
    return _show(enquiry, 422, **{form_name: form})


@bp.post("/enquiries/route")
@roles_required(*ENQUIRY_ROLES)
def route():
    return _change("route_form", _with_people(RouteForm()), "assigned_to_id", lambda e, f: service.route(
        e, f.team.data, db.session.get(User, f.assigned_to_id.data or 0), current_user))


@bp.post("/enquiries/answer")
@roles_required(*ENQUIRY_ROLES)
def answer():
    return _change("answer_form", AnswerForm(), "response", lambda e, f: service.answer(
        e, f.response.data, f.answered_on.data, current_user))


@bp.post("/enquiries/pass-on")
@roles_required(*ENQUIRY_ROLES)
def pass_on():
    return _change("pass_form", PassOnForm(), "to", lambda e, f: service.pass_on(
        e, f.to.data, f.note.data or "", date.today(), current_user))
