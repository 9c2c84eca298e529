"""Referral intake, the case list with live search, the case page and the escalation queue."""
from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from webapp.audit import log as audit
from webapp.cases import presenters
from webapp.cases.forms import CaseUpdateForm, NoteForm, ReferralForm
from webapp.cases.queries import CaseFilter, search_cases
from webapp.domain.lifecycle import STATUSES, TransitionError, check_transition
from webapp.extensions import db
from webapp.jinja_helpers import url_with
from webapp.models.case import SOURCES
from webapp.models import Area, Case, CaseEvent, Offence, OffenceType, Person, User, Victim
from webapp.security import CASE_STAFF, SUPERVISORS, roles_required
from webapp.views import (STALE_MESSAGE, case_scope, commit_or_stale, id_list, load_case, page_arg, parse_id,
                          visible)

bp = Blueprint("cases", __name__, url_prefix="/cases")

INTAKE_ROLES = ("clerk", "caseworker", "supervisor")
ASSIGN_ROLES = ("caseworker", "supervisor")


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
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "case-results":
        page = render_template("cases/_results.html", **context)
    else:
        areas = db.session.scalars(select(Area).order_by(Area.name)).all()
        caseworkers = db.session.scalars(
            select(User).where(User.role.in_(ASSIGN_ROLES), User.active.is_(True)).order_by(User.full_name)).all()
        filters = presenters.filter_panel(f, areas, caseworkers, url_with)
        page = render_template("cases/index.html", filters=filters, **context)
    # Rendered before the audit commit: committing first would expire and reload every row on the page.
    audit.record("consult", "case_list", "", f"Case list: q={f.q!r} page={result.page} ({len(result.rows)} rows shown)")
    db.session.commit()
    return page


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
        case = _create_case(form)
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


def _create_case(form: ReferralForm) -> Case:
    suspect = Person(
        first_name=form.first_name.data.strip(), last_name=form.last_name.data.strip(),
        date_of_birth=form.date_of_birth.data,
        address_line1=form.address_line1.data or "", address_line2=form.address_line2.data or "",
        town=form.town.data or "", postcode=(form.postcode.data or "").upper().strip(),
        pnc_id=(form.pnc_id.data or "").upper().strip() or None,
    )
    case = Case(
        reference=uuid.uuid4().hex[:20], area_id=form.area_id.data, source=form.source.data,
        referring_officer=form.referring_officer.data.strip(), circumstances=form.circumstances.data or "",
        cps_direction=form.cps_direction.data or "", suspect=suspect, status="referred",
        caseworker_id=current_user.id if current_user.role == "caseworker" else None,
    )
    case.offences.append(Offence(
        offence_key=form.offence_key.data or None, wording=form.wording.data.strip(),
        mode_of_trial=form.mode_of_trial.data, gravity_score=form.gravity_score.data,
        offence_date=form.offence_date.data, location=form.location.data or "",
        domestic_abuse=form.domestic_abuse.data, intimate_partner=form.intimate_partner.data,
        hate_crime=form.hate_crime.data,
    ))
    for entry in form.victims:
        if entry.form.is_blank():
            continue
        v = entry.form
        case.victims.append(Victim(
            first_name=(v.first_name.data or "").strip(), last_name=(v.last_name.data or "").strip(),
            address_line1=v.address_line1.data or "", town=v.town.data or "",
            postcode=(v.postcode.data or "").upper().strip(), phone=v.phone.data or "", email=v.email.data or "",
            vulnerable=v.vulnerable.data, intimidated=v.intimidated.data,
            persistently_targeted=v.persistently_targeted.data, views=v.views.data,
        ))
    db.session.add(case)
    db.session.flush()
    case.reference = f"OC{date.today():%y}-{case.id:06d}"
    case.refresh_derived()
    detail = f"Source: {SOURCES[case.source].lower()}. Victims: {len(case.victims)}."
    if case.is_high_risk:
        detail += " Escalated: " + ", ".join(presenters.flag_labels(case)) + "."
    case.events.append(CaseEvent(kind="referred", summary="Referral received", actor_id=current_user.id, detail=detail))
    audit.record("collect", "case", case.reference, f"Referral created with suspect and {len(case.victims)} victim(s)")
    db.session.commit()
    return case


def _load_case(reference: str) -> Case:
    return load_case(reference, joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
                     selectinload(Case.offences), selectinload(Case.victims),
                     selectinload(Case.events).joinedload(CaseEvent.actor))


def _update_form(case: Case) -> CaseUpdateForm:
    form = CaseUpdateForm()
    form.caseworker_id.choices = [(0, "Unassigned")] + [
        (u.id, u.full_name) for u in db.session.scalars(
            select(User).where(User.role.in_(ASSIGN_ROLES), User.active.is_(True)).order_by(User.full_name))]
    form.status.choices = presenters.status_choices(case)
    if request.method == "GET":
        form.version.data = str(case.version)
        form.caseworker_id.data = case.caseworker_id or 0
        form.status.data = case.status
    return form


@bp.get("/<reference>")
@roles_required(*CASE_STAFF)
def show(reference: str):
    case = _load_case(reference)
    page = render_template("cases/show.html", case=case, update_form=_update_form(case), note_form=NoteForm(),
                           presenters=presenters, title=f"Case {case.reference}")
    audit.record("consult", "case", case.reference, "Viewed case page")
    db.session.commit()
    return page


@bp.post("/<reference>/update")
@roles_required(*ASSIGN_ROLES)
def update(reference: str):
    case = _load_case(reference)
    form = _update_form(case)
    if not form.validate_on_submit():
        return render_template("cases/show.html", case=case, update_form=form, note_form=NoteForm(),
                               presenters=presenters, title=f"Case {case.reference}"), 422
    if form.version.data != str(case.version):
        form.version.errors = []
        form.status.errors.append(STALE_MESSAGE)
        form.version.data = str(case.version)
        return render_template("cases/show.html", case=case, update_form=form, note_form=NoteForm(),
                               presenters=presenters, title=f"Case {case.reference}"), 409
    changes = []
    new_worker = form.caseworker_id.data or None
    if new_worker != case.caseworker_id:
        worker = db.session.get(User, new_worker) if new_worker else None
        case.caseworker_id = new_worker
        changes.append(f"Assigned to {worker.full_name}" if worker else "Unassigned")
    if form.status.data != case.status:
        try:
            check_transition(case.status, form.status.data)
        except TransitionError as exc:
            form.status.errors.append(str(exc))
            return render_template("cases/show.html", case=case, update_form=form, note_form=NoteForm(),
                                   presenters=presenters, title=f"Case {case.reference}"), 422
        changes.append(f"Status changed from {case.status_label} to {STATUSES[form.status.data]}")
        case.status = form.status.data
    if changes or form.note.data:
        case.events.append(CaseEvent(kind="updated", summary="; ".join(changes) or "Note added",
                                     actor_id=current_user.id, detail=form.note.data or ""))
        audit.record("alter", "case", case.reference, "; ".join(changes) or "Note added")
        if not commit_or_stale():
            return redirect(url_for("cases.show", reference=reference))
        flash("Case updated", "success")
    return redirect(url_for("cases.show", reference=reference))


@bp.post("/<reference>/notes")
@roles_required(*CASE_STAFF)
def add_note(reference: str):
    case = _load_case(reference)
    form = NoteForm()
    if form.validate_on_submit():
        case.events.append(CaseEvent(kind="note", summary="Note added", actor_id=current_user.id, detail=form.note.data))
        audit.record("alter", "case", case.reference, "Note added to timeline")
        db.session.commit()
        db.session.refresh(case)
        form = NoteForm(formdata=None)
    if request.headers.get("HX-Request"):
        return render_template("cases/_timeline.html", case=case, note_form=form, presenters=presenters)
    if form.errors:
        return render_template("cases/show.html", case=case, update_form=_update_form(case), note_form=form,
                               presenters=presenters, title=f"Case {case.reference}"), 422
    return redirect(url_for("cases.show", reference=reference, _anchor="timeline"))


@bp.get("/escalations")
@roles_required(*SUPERVISORS)
def escalations():
    """High-risk referrals (domestic abuse, hate crime, indictable-only, either-way) still open."""
    rows = db.session.scalars(
        select(Case).where(Case.is_high_risk.is_(True), Case.status.in_(("referred", "screening")), case_scope())
        .options(joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
                 selectinload(Case.offences))
        .order_by(Case.created_at.asc()).limit(200)).unique().all()
    page = render_template("cases/escalations.html", rows=rows, presenters=presenters, title="Escalations")
    audit.record("consult", "case_list", "", f"Escalation queue ({len(rows)} cases shown)")
    db.session.commit()
    return page
