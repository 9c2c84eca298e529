"""Referral intake, the case list with live search, the case page and the escalation queue."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.cases import presenters
from webapp.cases.forms import CaseUpdateForm, NoteForm, ReferralForm
from webapp.cases.queries import CaseFilter, escalation_queue, search_cases
from webapp.domain.lifecycle import STATUSES, TransitionError
from webapp.extensions import db, htmx
from webapp.jinja_helpers import url_with
from webapp.models import Area, Case, CaseEvent, OffenceType, User
from webapp.security import CASE_STAFF, SUPERVISORS, roles_required
from webapp.services import cases
from webapp.views import (DEFAULT_OPTIONS, STALE_MESSAGE, case_scope, commit_or_stale, consulted, id_list, load_case,
                          page_arg, parse_id, visible)

bp = Blueprint("cases", __name__, url_prefix="/cases")

INTAKE_ROLES = ("clerk", "caseworker", "supervisor")
ASSIGN_ROLES = ("caseworker", "supervisor")
# The case page shows the timeline, with who wrote each line.
CASE_PAGE = (*DEFAULT_OPTIONS, selectinload(Case.events).joinedload(CaseEvent.actor))


def _caseworkers() -> list[User]:
    """Active staff a case can be assigned to (and filtered by)."""
    return list(db.session.scalars(
        select(User).where(User.role.in_(ASSIGN_ROLES), User.active.is_(True)).order_by(User.full_name)))


def _filter_from_request() -> CaseFilter:
    args = request.args
    f = CaseFilter(
        q=args.get("q", "").strip()[:100],
        statuses=[s for s in args.getlist("status") if s in STATUSES],
        area_ids=id_list(args.getlist("area")),
        visible_area_ids=None if visible().every_area else visible().area_ids,
        flags=[x for x in args.getlist("flag") if x in ("high_risk", "domestic_abuse", "hate_crime")],
        sort=args.get("sort", "created"),
        direction="asc" if args.get("dir") == "asc" else "desc",
    )
    if args.get("mine"):
        f.caseworker_id = current_user.id
    elif parse_id(args.get("caseworker")):
        f.caseworker_id = parse_id(args["caseworker"])
    return f


@bp.get("")
@roles_required(*CASE_STAFF)
def index():
    f = _filter_from_request()
    result = search_cases(f, page=page_arg(),
                          per_page=current_app.config["CASES_PER_PAGE"])
    context = dict(result=result, f=f, title="My cases" if request.args.get("mine") else "Cases")
    if htmx and htmx.target == "case-results":
        page = render_template("cases/_results.html", **context)
    else:
        areas = db.session.scalars(select(Area).order_by(Area.name)).all()
        filters = presenters.filter_panel(f, areas, _caseworkers(), url_with)
        page = render_template("cases/index.html", filters=filters, **context)
    return consulted(page, "case_list", "", f"Case list: q={f.q!r} page={result.page} ({len(result.rows)} rows shown)")


def _referral_form() -> ReferralForm:
    form = ReferralForm()
    form.area_id.choices = [(a.id, a.name) for a in db.session.scalars(select(Area).order_by(Area.name))]
    form.offence_key.choices = [("", "Choose an offence")] + [
        (o.key, o.wording) for o in db.session.scalars(select(OffenceType).order_by(OffenceType.wording))]
    if request.method == "GET" and current_user.area_id:
        form.area_id.data = current_user.area_id
    return form


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*INTAKE_ROLES)
def new():
    form = _referral_form()
    if form.add_victim.data:
        # Works without JavaScript: the whole form comes back with one more victim, nothing typed lost.
        form.victims.append_entry()
        return render_template("cases/new.html", form=form, title="New referral")
    if form.validate_on_submit():
        case = cases.receive_referral(form.intake(), current_user)
        db.session.commit()
        flash(f"Referral {case.reference} created", "success")
        return redirect(url_for("cases.show", reference=case.reference))
    return render_template("cases/new.html", form=form, title="New referral"), (422 if form.errors else 200)


@bp.get("/offence-defaults")
@roles_required(*INTAKE_ROLES)
def offence_defaults():
    """HTMX: fill the offence fields from the catalogue when an offence is chosen."""
    offence = db.session.get(OffenceType, request.args.get("offence_key", ""))
    form = ReferralForm(formdata=None)
    if offence is not None:
        form.wording.data = offence.wording
        form.mode_of_trial.data = offence.mode_of_trial
        form.gravity_score.data = offence.default_gravity_score
    return render_template("cases/_offence_fields.html", form=form, offence=offence)


def _update_form(case: Case) -> CaseUpdateForm:
    form = CaseUpdateForm()
    form.caseworker_id.choices = [(0, "Unassigned")] + [(u.id, u.full_name) for u in _caseworkers()]
    form.status.choices = presenters.status_choices(case)
    if request.method == "GET":
        form.version.data = str(case.version)
        form.caseworker_id.data = case.caseworker_id or 0
        form.status.data = case.status
    return form


def _case_page(case: Case, update_form: CaseUpdateForm | None = None, note_form: NoteForm | None = None,
               status: int = 200):
    return render_template("cases/show.html", case=case, update_form=update_form or _update_form(case),
                           note_form=note_form or NoteForm(), presenters=presenters,
                           title=f"Case {case.reference}"), status


@bp.get("/<reference>")
@roles_required(*CASE_STAFF)
def show(reference: str):
    case = load_case(reference, *CASE_PAGE)
    return consulted(_case_page(case), "case", case.reference, "Viewed case page")


@bp.post("/<reference>/update")
@roles_required(*ASSIGN_ROLES)
def update(reference: str):
    case = load_case(reference, *CASE_PAGE)
    form = _update_form(case)
    if not form.validate_on_submit():
        return _case_page(case, form, status=422)
    if form.version.data != str(case.version):
        form.version.errors = []
        form.status.errors.append(STALE_MESSAGE)
        form.version.data = str(case.version)
        return _case_page(case, form, status=409)
    worker = db.session.get(User, form.caseworker_id.data) if form.caseworker_id.data else None
    try:
        changes = cases.update_case(case, caseworker=worker, status=form.status.data, note=form.note.data or "",
                                    actor=current_user)
    except TransitionError as exc:
        form.status.errors.append(str(exc))
        return _case_page(case, form, status=422)
    if (changes or form.note.data) and commit_or_stale():
        flash("Case updated", "success")
    return redirect(url_for("cases.show", reference=reference))


@bp.post("/<reference>/notes")
@roles_required(*CASE_STAFF)
def add_note(reference: str):
    case = load_case(reference, *CASE_PAGE)
    form = NoteForm()
    if form.validate_on_submit():
        cases.add_note(case, form.note.data, current_user)
        db.session.commit()
        db.session.refresh(case)
        form = NoteForm(formdata=None)
    if htmx:
        return render_template("cases/_timeline.html", case=case, note_form=form, presenters=presenters)
    if form.errors:
        return _case_page(case, note_form=form, status=422)
    return redirect(url_for("cases.show", reference=reference, _anchor="timeline"))


@bp.get("/escalations")
@roles_required(*SUPERVISORS)
def escalations():
    """High-risk referrals (domestic abuse, hate crime, indictable-only, either-way) still open."""
    rows = escalation_queue(case_scope())
    page = render_template("cases/escalations.html", rows=rows, presenters=presenters, title="Escalations")
    return consulted(page, "case_list", "", f"Escalation queue ({len(rows)} cases shown)")
