"""Victim liaison: the case's Victims section (rights, views, restorative justice, contacts) and the
team's queue of contacts due across cases."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db, htmx
from webapp.jinja_helpers import add_case_tab
from webapp.models import Area, Case, Victim, VictimContact
from webapp.models.victim_contact import PURPOSES
from webapp import views
from webapp.security import roles_required
from webapp.victims import presenters
from webapp.domain.victims import is_organisation
from webapp.services.victims import (
    add_remedy_action, create_contact_task, create_update_tasks, record_restorative_justice, record_victim_views,
    remedy_menu, set_remedy_action_active, set_victim_date_of_birth,
)
from webapp.services import victims as services
from webapp.domain.conditions import CONDITION_CATALOGUE
from webapp.models.victim import CommunityRemedyAction
from flask_wtf import FlaskForm
from webapp.victims.forms import (
    ALL_VICTIMS,
    ContactTaskForm,
    DateOfBirthForm,
    RecordContactForm,
    RemedyActionForm,
    RestorativeJusticeForm,
    SatisfactionForm,
    ViewsForm,
)
from webapp.services import assessments as assessment_service
from webapp.services import satisfaction as satisfaction_service
from webapp.services.settings import engine_config
from webapp.domain.formatting import day_and_date

bp = Blueprint("victims", __name__)

# Caseworkers seek victims' views too (it is part of the decision); the queue is the liaison team's.
VICTIM_ROLES = ("victim_liaison", "caseworker", "supervisor")
QUEUE_ROLES = ("victim_liaison", "supervisor")

add_case_tab("victims", "Victims", "victims.case_victims", VICTIM_ROLES)


def load_case(reference: str) -> Case:
    return views.load_case(reference, joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
                           selectinload(Case.victims))


def _victim(case: Case, raw) -> Victim:
    victim = next((v for v in case.victims if str(v.id) == str(raw or "")), None)
    if victim is None:
        abort(404)
    return victim


def _page(template: str, case: Case, status: int = 200, **context):
    return render_template(template, case=case, safeguarding=assessment_service.safeguarding_concern(case.id),
                           title=f"{context.pop('heading')} – {case.reference}", **context), status


def _to_card(reference: str, victim: Victim):
    """Back to the victim's card on the case's Victims section."""
    return redirect(url_for("victims.case_victims", reference=reference, _anchor=f"victim-{victim.id}"))


def _form_page(template: str, case: Case, victim: Victim, form, what: str, heading: str, status: int | None = None,
               **context):
    """One victim's form, new or with its errors; opening it reads their record, so it is audit-logged."""
    views.log_reading("victim", case.reference, f"Victim {victim.id}: opened the {what} form")
    return _page(template, case, status or (422 if form.errors else 200), form=form, victim=victim, heading=heading,
                 **context)


# ----- The case's Victims section -------------------------------------------------------------------

@bp.get("/cases/<reference>/victims")
@roles_required(*VICTIM_ROLES)
def case_victims(reference: str):
    case = load_case(reference)
    config = engine_config()
    contacts = services.case_contacts(case.id)
    today = date.today()
    views.log_reading("victim", case.reference, f"Viewed the victims section ({len(case.victims)} victim(s))")
    return _page("victims/case_victims.html", case, cards=presenters.victim_cards(case, contacts, config, today),
                 config=config, today=today, due_tag=presenters.due_tag, heading="Victims",
                 ask_satisfaction=satisfaction_service.can_ask(case) and current_user.role in SATISFACTION_ROLES)


@bp.route("/cases/<reference>/victims/views", methods=["GET", "POST"])
@roles_required(*VICTIM_ROLES)
def record_views(reference: str):
    """Record the victim's views on an out-of-court resolution, or the effort made to get them."""
    case = load_case(reference)
    victim = _victim(case, request.values.get("victim"))
    form = ViewsForm()
    actions = remedy_menu()
    form.set_action_choices(actions)
    if request.method == "GET":
        form.obtained_on.data = date.today()
        form.requested_action.data = str(victim.requested_action_id or "")
    if stale := views.opened_before_a_change(form.version, victim.version):
        form.views.errors = [views.STALE_MESSAGE]
    elif form.validate_on_submit():
        chosen = next((a for a in actions if str(a.id) == form.requested_action.data), None)
        record_victim_views(case, victim, views=form.views.data, obtained_on=form.obtained_on.data,
                            method=form.method.data, notes=form.notes.data, requested_action=chosen,
                            actor=current_user)
        if views.commit_or_stale():
            flash(f"Views recorded for {victim.full_name}", "success")
        return _to_card(reference, victim)
    return _form_page("victims/views.html", case, victim, form, "views", "Victim's views", status=409 if stale else None)


@bp.route("/cases/<reference>/victims/date-of-birth", methods=["GET", "POST"])
@roles_required(*VICTIM_ROLES)
def record_date_of_birth(reference: str):
    """A victim under 18 at the offence has enhanced rights, so their date of birth matters."""
    case = load_case(reference)
    victim = _victim(case, request.values.get("victim"))
    if is_organisation(victim):
        abort(404)
    form = DateOfBirthForm()
    if request.method == "GET" and victim.date_of_birth:
        form.date_of_birth.data = victim.date_of_birth
    if form.validate_on_submit():
        now_enhanced = set_victim_date_of_birth(case, victim, form.date_of_birth.data, actor=current_user)
        db.session.commit()
        flash(f"Date of birth saved for {victim.full_name}" + (
            ": under 18 at the offence, so enhanced rights now apply" if now_enhanced else ""), "success")
        return _to_card(reference, victim)
    return _form_page("victims/date_of_birth.html", case, victim, form, "date of birth", "Victim's date of birth",
                      config=engine_config())


@bp.route("/cases/<reference>/victims/restorative-justice", methods=["GET", "POST"])
@roles_required(*VICTIM_ROLES)
def record_rj(reference: str):
    case = load_case(reference)
    victim = _victim(case, request.values.get("victim"))
    if is_organisation(victim):
        flash("Restorative justice is offered to people, not organisations: record it against the person "
              "who speaks for the organisation if they are a victim themselves.")
        return redirect(url_for("victims.case_victims", reference=reference))
    form = RestorativeJusticeForm()
    if request.method == "GET":
        form.offered_on.data = victim.rj_offered_on or date.today()
        form.response.data = victim.rj_response or None
    if form.validate_on_submit():
        record_restorative_justice(case, victim, offered_on=form.offered_on.data, response=form.response.data,
                                   method=form.method.data, notes=form.notes.data, actor=current_user)
        db.session.commit()
        flash(f"Restorative justice recorded for {victim.full_name}", "success")
        return _to_card(reference, victim)
    return _form_page("victims/restorative_justice.html", case, victim, form, "restorative justice",
                      "Restorative justice")


# Satisfaction at closure is the victim liaison officer's question (and a supervisor's).
SATISFACTION_ROLES = ("victim_liaison", "supervisor")


@bp.route("/cases/<reference>/victims/satisfaction", methods=["GET", "POST"])
@roles_required(*SATISFACTION_ROLES)
def record_satisfaction(reference: str):
    """When the case closes: how satisfied the victim was with how it was dealt with."""
    case = load_case(reference)
    victim = _victim(case, request.values.get("victim"))
    if not satisfaction_service.can_ask(case):
        flash("Ask the victim about their satisfaction when the case has closed.")
        return redirect(url_for("victims.case_victims", reference=reference))
    form = SatisfactionForm()
    if request.method == "GET":
        form.answer.data = victim.satisfaction or None
        form.asked_on.data = victim.satisfaction_recorded_on or date.today()
    if form.validate_on_submit():
        satisfaction_service.record_satisfaction(case, victim, answer=form.answer.data, asked_on=form.asked_on.data,
                                                 actor=current_user)
        if views.commit_or_stale():
            flash(f"Satisfaction at closure recorded for {victim.full_name}", "success")
        return _to_card(reference, victim)
    return _form_page("victims/satisfaction.html", case, victim, form, "satisfaction", "Victim's satisfaction")


@bp.route("/cases/<reference>/victims/contacts/new", methods=["GET", "POST"])
@roles_required(*VICTIM_ROLES)
def new_contact(reference: str):
    """A contact task for one victim or all, due by the Victims' Code timescale from the start date."""
    case = load_case(reference)
    config = engine_config()
    form = ContactTaskForm()
    form.victim.choices = [(str(v.id), v.full_name) for v in case.victims] + (
        [(ALL_VICTIMS, "All victims")] if len(case.victims) > 1 else [])
    if request.method == "GET":
        form.start.data = date.today()
        if request.args.get("victim"):
            form.victim.data = request.args["victim"]
        elif len(case.victims) == 1:
            form.victim.data = str(case.victims[0].id)
        if request.args.get("purpose") in PURPOSES:
            form.purpose.data = request.args["purpose"]
    if not case.victims:
        flash("This case has no victim to contact")
        return redirect(url_for("victims.case_victims", reference=reference))
    if form.validate_on_submit():
        reason = form.reason.data.strip()
        if form.victim.data == ALL_VICTIMS:
            created = create_update_tasks(case, form.purpose.data, reason, form.start.data, config=config,
                                          actor=current_user)
        else:
            created = [create_contact_task(case, _victim(case, form.victim.data), form.purpose.data, reason,
                                           form.start.data, config=config, actor=current_user)]
        db.session.commit()
        if created:
            first = min(c.due_date for c in created)
            flash(f"{len(created)} contact task{'s' if len(created) != 1 else ''} created, "
                  f"due by {day_and_date(first)}", "success")
        else:
            flash("No task created: each victim already has an open task for this, or it does not apply to them")
        return redirect(url_for("victims.case_victims", reference=reference))
    return _page("victims/new_contact.html", case, 422 if form.errors else 200, form=form, config=config,
                 heading="New victim contact task")


# ----- Recording a contact (from the queue or the case) ---------------------------------------------

def _load_contact(raw) -> VictimContact:
    contact = db.session.scalar(
        select(VictimContact).where(VictimContact.id == int(raw)).options(
            joinedload(VictimContact.victim), joinedload(VictimContact.done_by),
            joinedload(VictimContact.case).joinedload(Case.area),
            joinedload(VictimContact.case).selectinload(Case.offences))) if views.parse_id(raw) else None
    if contact is None:
        abort(404)
    views.ensure_visible(contact.case)
    return contact


def _row(contact: VictimContact, message: str = ""):
    attempts = services.last_attempts([contact]) if contact.done_at is None else {}
    return render_template("victims/_contact_row.html", r=presenters.row(contact, attempts), message=message)


def _back(contact: VictimContact, origin: str):
    if origin == "case":
        return _to_card(contact.case.reference, contact.victim)
    return redirect(url_for("victims.queue"))


@bp.route("/victims/contacts/record", methods=["GET", "POST"])
@roles_required(*VICTIM_ROLES)
def record_contact():
    contact = _load_contact(request.values.get("contact"))
    origin = "case" if request.values.get("from") == "case" else "queue"
    form = RecordContactForm()
    if contact.done_at is not None:
        message = "This contact was already recorded"
        if htmx:
            return _row(contact, message)
        flash(message)
        return _back(contact, origin)
    if request.method == "POST" and form.validate_on_submit() and form.check_purpose(contact.purpose):
        message = services.record_contact(contact, reached=form.reached.data != "no", method=form.method.data,
                                          summary=form.summary.data, views=form.views.data,
                                          rj_response=form.rj_response.data, actor=current_user)
        db.session.commit()
        if htmx:
            return _row(contact, message)
        flash(message, "success")
        return _back(contact, origin)
    if request.method == "GET":
        views.log_reading("victim_contact", contact.case.reference, f"Opened contact {contact.id} to record it")
    context = dict(form=form, contact=contact, origin=origin, r=presenters.row(contact, {}))
    if htmx:
        return render_template("victims/_contact_form_row.html", **context)
    return render_template("victims/record_contact.html", case=contact.case,
                           title=f"Record contact – {contact.case.reference}", **context), (
        422 if form.errors else 200)


@bp.get("/victims/contacts/row")
@roles_required(*VICTIM_ROLES)
def contact_row():
    """HTMX: one queue row as it was (the inline form's Cancel)."""
    contact = _load_contact(request.args.get("contact"))
    if not htmx:
        return redirect(url_for("victims.queue"))
    views.log_reading("victim_contact", contact.case.reference, f"Contact {contact.id} shown in the queue")
    return _row(contact)


# ----- The community remedy menu (admins keep it) ---------------------------------------------------

@bp.route("/admin/community-remedy", methods=["GET", "POST"])
@roles_required("admin")
def remedy_menu_page():
    """The force area's community remedy document: the actions a victim may choose from."""
    form = RemedyActionForm()
    if form.validate_on_submit():
        action = add_remedy_action(title=form.title.data, description=form.description.data or "",
                                   condition_type=form.condition_type.data, kind=form.kind.data, actor=current_user)
        db.session.commit()
        flash(f"“{action.title}” added to the community remedy menu", "success")
        return redirect(url_for("victims.remedy_menu_page"))
    return render_template("victims/remedy_menu.html", form=form, actions=remedy_menu(include_withdrawn=True),
                           catalogue=CONDITION_CATALOGUE, title="Community remedy menu"), 422 if form.errors else 200


@bp.post("/admin/community-remedy/active")
@roles_required("admin")
def remedy_action_active():
    """Withdraw an action from the menu (victims who chose it keep their choice on record), or restore it."""
    raw = request.form.get("action", "")
    action = db.session.get(CommunityRemedyAction, views.parse_id(raw) or 0) or abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        set_remedy_action_active(action, request.form.get("active") == "yes", actor=current_user)
        db.session.commit()
        flash(f"“{action.title}” {'restored to' if action.active else 'withdrawn from'} the menu", "success")
    return redirect(url_for("victims.remedy_menu_page"))


# ----- The liaison queue ----------------------------------------------------------------------------

@bp.get("/victims/contacts")
@roles_required(*QUEUE_ROLES)
def queue():
    f = services.QueueFilter(due=request.args.get("due", "") if request.args.get("due") in presenters.DUE_FILTERS
                             else "", area_ids=views.id_list(request.args.getlist("area")),
                             visible_area_ids=None if views.visible().every_area else views.visible().area_ids)
    page = views.page_arg()
    per_page = current_app.config.get("VICTIM_CONTACTS_PER_PAGE", 50)
    today = date.today()
    contacts, total = services.open_contacts(f, page, per_page, today)
    attempts = services.last_attempts(contacts)
    rows = [presenters.row(c, attempts, today) for c in contacts]
    views.log_reading("victim_contact_list", "",
                      f"Victim contacts queue: due={f.due or 'all'} areas={f.area_ids} page={page} ({len(rows)} rows shown)")
    areas = db.session.scalars(select(Area).order_by(Area.name)).all()
    pages = max(1, -(-total // per_page))
    context = dict(rows=rows, total=total, f=f, filters=presenters.filter_items(f, areas), page=page, pages=pages,
                   per_page=per_page, due_filters=presenters.DUE_FILTERS, config=engine_config(), title="Victim contacts")
    if htmx and htmx.target == "contact-results":
        return render_template("victims/_queue_results.html", **context)
    return render_template("victims/queue.html", **context)
