"""The provider directory (admins keep it; staff read it) and a case's referrals to partner agencies,
for the offender and for victims."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp import views
from webapp.domain import partners as vocab
from webapp.extensions import db
from webapp.jinja_helpers import add_case_tab
from webapp.models import Area, Case, Condition, PartnerReferral, Provider
from webapp.partners import presenters
from webapp.partners.forms import ProviderForm, ReferralForm, ReferralUpdateForm
from webapp.security import roles_required
from webapp.services import partners as service

bp = Blueprint("partners", __name__)

DIRECTORY_READ = ("clerk", "caseworker", "victim_liaison", "supervisor", "admin")
DIRECTORY_ADMIN = ("admin",)
REFERRAL_ROLES = ("caseworker", "victim_liaison", "supervisor")
OFFENDER_ROLES = ("caseworker", "supervisor")  # the offender's needs are health and personal data

add_case_tab("referrals", "Referrals", "partners.case_referrals", REFERRAL_ROLES)


def _area_names() -> dict[str, str]:
    return dict(db.session.execute(select(Area.code, Area.name).order_by(Area.name)).all())


# ----- The directory --------------------------------------------------------------------------------

@bp.app_template_global()
def directory_provider_names() -> list[str]:
    """For pages outside this area that name a provider (the attendance upload): the directory's names."""
    return [p.name for p in service.providers()]


@bp.get("/partners")
@roles_required(*DIRECTORY_READ)
def directory():
    service_key = request.args.get("service") if request.args.get("service") in vocab.SERVICES else None
    area_names = _area_names()
    area = request.args.get("area") if request.args.get("area") in area_names else None
    rows = service.providers(service=service_key, area_code=area, active_only=current_user.role != "admin")
    return render_template("partners/directory.html", providers=rows, area_names=area_names, service_key=service_key,
                           area=area, services=vocab.SERVICES, presenters=presenters, title="Partner agencies")


def _provider_form(provider: Provider | None) -> ProviderForm:
    form = ProviderForm(obj=provider if request.method == "GET" else None)
    form.areas.choices = list(_area_names().items())
    return form


def _save_provider(provider: Provider | None):
    form = _provider_form(provider)
    if form.validate_on_submit():
        values = form.values()
        clash = db.session.scalar(select(Provider.id).where(func.lower(Provider.name) == values["name"].lower()))
        if clash is not None and (provider is None or clash != provider.id):
            form.name.errors.append("A provider with this name is already in the directory")
        else:
            saved = service.save_provider(provider, values, current_user)
            db.session.commit()
            flash(f"{saved.name} saved", "success")
            return redirect(url_for("partners.directory"))
    heading = f"Change {provider.name}" if provider else "Add a provider"
    return render_template("partners/provider_form.html", form=form, provider=provider, title=heading), \
        422 if form.errors else 200


@bp.route("/partners/new", methods=["GET", "POST"])
@roles_required(*DIRECTORY_ADMIN)
def new_provider():
    return _save_provider(None)


@bp.route("/partners/edit", methods=["GET", "POST"])
@roles_required(*DIRECTORY_ADMIN)
def edit_provider():
    provider = db.session.get(Provider, views.int_arg("provider"))
    if provider is None:
        abort(404)
    return _save_provider(provider)


# ----- A case's referrals ---------------------------------------------------------------------------

def _subjects() -> list[str]:
    return [vocab.OFFENDER, vocab.VICTIM] if current_user.role in OFFENDER_ROLES else [vocab.VICTIM]


def _referral_form(case: Case) -> ReferralForm:
    form = ReferralForm(formdata=request.form if request.method == "POST" else None)
    subjects = _subjects()
    form.subject.choices = [(s, vocab.SUBJECTS[s]) for s in subjects]
    if request.method == "GET":
        asked = request.args.get("subject")
        form.subject.data = asked if asked in subjects else subjects[0]
        form.service.data = request.args.get("service", "")
        form.reason.data = request.args.get("reason", "")[:2000]
    allowed = {k: v for s in subjects for k, v in vocab.services_for(s).items()}
    form.service.choices = [("", "Choose a service")] + list(allowed.items())
    # Filtered only when the page is opened for one service (from the needs assessment); a posted form
    # accepts any provider in the area, and the service says if it does not offer what was chosen.
    chosen = form.service.data if request.method == "GET" and form.service.data in allowed else None
    area_code = case.area.code if case.area else None
    form.provider_id.choices = [(0, "Choose a provider")] + [
        (p.id, presenters.provider_choice(p)) for p in service.providers(service=chosen, area_code=area_code)
        if set(p.services or ()) & set(allowed)]
    form.victim_id.choices = [(0, "Choose a victim")] + [(v.id, v.full_name) for v in case.victims]
    form.condition_id.choices = [(0, "No, it is not for a condition")] + [
        (c.id, f"{c.description or c.type.replace('_', ' ')}" + (f", due {c.due_date.day} {c.due_date:%b %Y}" if c.due_date else ""))
        for c in service.open_conditions(case)]
    return form


def _visible_referrals(case: Case) -> list[PartnerReferral]:
    subjects = _subjects()
    return [r for r in service.case_referrals(case) if r.subject in subjects]


def _referrals_page(case: Case, form: ReferralForm, update: ReferralUpdateForm | None = None, status: int = 200):
    referrals = _visible_referrals(case)
    updates = {r.id: (update if update is not None and update.referral_id.data == str(r.id) else _update_form(r))
               for r in referrals}
    return render_template("partners/case_referrals.html", case=case, form=form, referrals=referrals, updates=updates,
                           failed=update, presenters=presenters, subjects=vocab.SUBJECTS, case_tab="referrals",
                           title=f"Referrals – {case.reference}"), status


def _update_form(referral: PartnerReferral, formdata=None) -> ReferralUpdateForm:
    form = ReferralUpdateForm(formdata=formdata, prefix=f"r{referral.id}")
    if formdata is None:
        form.status.choices = [("", "Choose the new status")] + presenters.next_statuses(referral)
        form.referral_id.data = str(referral.id)
        form.on.data = date.today()
        form.consent.data = bool(referral.consent)
    return form


@bp.get("/cases/<reference>/partner-referrals")
@roles_required(*REFERRAL_ROLES)
def case_referrals(reference: str):
    case = views.load_case(reference)
    views.log_reading("partner_referral", case.reference, "Viewed the case's referrals to partner agencies")
    return _referrals_page(case, _referral_form(case))


@bp.post("/cases/<reference>/partner-referrals")
@roles_required(*REFERRAL_ROLES)
def refer(reference: str):
    case = views.load_case(reference)
    form = _referral_form(case)
    if form.validate_on_submit():
        subject = form.subject.data
        victim = next((v for v in case.victims if v.id == form.victim_id.data), None)
        condition = db.session.get(Condition, form.condition_id.data) if form.condition_id.data else None
        new = service.NewReferral(subject=subject, service=form.service.data,
                                  provider=db.session.get(Provider, form.provider_id.data), reason=form.reason.data,
                                  consent=bool(form.consent.data), victim=victim if subject == vocab.VICTIM else None,
                                  condition=condition if subject == vocab.OFFENDER else None,
                                  send_on=date.today() if form.send.data == "yes" else None)
        try:
            referral = service.refer(case, new, current_user)
        except service.ReferralError as problem:
            form.show_refusal(str(problem))
        else:
            db.session.commit()
            flash(f"Referral to {referral.agency} saved", "success")
            return redirect(url_for("partners.case_referrals", reference=reference, _anchor=f"referral-{referral.id}"))
    return _referrals_page(case, form, status=422)


@bp.post("/cases/<reference>/partner-referrals/update")
@roles_required(*REFERRAL_ROLES)
def update_referral(reference: str):
    case = views.load_case(reference)
    referral = db.session.get(PartnerReferral, views.int_arg("referral"))
    if referral is None or referral.case_id != case.id or referral.subject not in _subjects():
        abort(404)
    form = _update_form(referral, formdata=request.form)
    if form.validate_on_submit():
        try:
            said = service.change_status(referral, form.status.data, current_user, on=form.on.data,
                                         notes=form.notes.data or "", consent=True if form.consent.data else None)
        except service.ReferralError as problem:
            (form.consent if "agreed" in str(problem) else form.status).errors.append(str(problem))
        else:
            db.session.commit()
            flash(said, "success")
            return redirect(url_for("partners.case_referrals", reference=reference, _anchor=f"referral-{referral.id}"))
    # Any status is accepted from the form so the service can say why a step is not allowed; the page
    # offers only the next steps.
    form.status.choices = [("", "Choose the new status")] + presenters.next_statuses(referral)
    return _referrals_page(case, _referral_form(case), update=form, status=422)
