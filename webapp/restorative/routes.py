"""A case's Restorative Justice: suitability of the victim and the offender, what is offered and by
whom (optionally as a reparative condition), the outcome and the follow-up."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.domain import restorative as rules
from webapp.extensions import db
from webapp.jinja_helpers import add_case_tab
from webapp.models import Case, RestorativeJustice
from webapp import views
from webapp.restorative.forms import ArrangeForm, AssessmentForm, FollowUpForm, OutcomeForm
from webapp.security import roles_required
from webapp.services import restorative as service

bp = Blueprint("restorative", __name__)

RJ_ROLES = ("caseworker", "victim_liaison", "supervisor")

add_case_tab("restorative", "Restorative Justice", "restorative.case_rj", RJ_ROLES)

FORMS = {"arrange": ArrangeForm, "outcome": OutcomeForm, "follow_up": FollowUpForm}


def _assessment_form(case: Case, bound: bool = False) -> AssessmentForm:
    form = AssessmentForm(formdata=request.form if bound else None)
    form.victim_id.choices = [(v.id, v.full_name) for v in case.victims if not v.is_organisation]
    if not bound:
        form.assessed_on.data = date.today()
    return form


def _forms_for(case: Case, rj: RestorativeJustice, failed: dict | None) -> dict:
    """The arrange, outcome and follow-up forms of one record (prefixed, so several fit on one page)."""
    forms = {}
    for name, cls in FORMS.items():
        if failed and failed.get("rj") == rj.id and failed.get("name") == name:
            forms[name] = failed["form"]
            continue
        form = cls(formdata=None, prefix=f"rj{rj.id}")
        if name == "arrange":
            _condition_choices(case, form)
            form.rj_type.data, form.facilitator.data = rj.rj_type or None, rj.facilitator
            form.condition_id.data = rj.condition_id or 0
        elif name == "outcome":
            form.outcome_on.data = date.today()
        forms[name] = form
    return forms


def _condition_choices(case: Case, form: ArrangeForm) -> None:
    form.condition_id.choices = [(0, "No, it is not a condition")] + [
        (c.id, f"Yes, the condition \u201c{c.description or c.type}\u201d") for c in service.condition_choices(case)]


def _page(case: Case, form: AssessmentForm, failed: dict | None = None, status: int = 200):
    records = service.for_case(case)
    return render_template(
        "restorative/case_rj.html", case=case, form=form, records=records, failed=failed,
        forms={rj.id: _forms_for(case, rj, failed) for rj in records}, tags=rules.STATUS_TAGS,
        advice={rj.id: rules.advice(rj.rj_type, bool(case.offence and case.offence.domestic_abuse)) for rj in records},
        case_tab="restorative", title=f"Restorative Justice – {case.reference}"), status


@bp.get("/cases/<reference>/restorative-justice")
@roles_required(*RJ_ROLES)
def case_rj(reference: str):
    case = views.load_case(reference)
    views.log_reading("restorative_justice", case.reference, "Viewed the case's Restorative Justice")
    return _page(case, _assessment_form(case))


@bp.post("/cases/<reference>/restorative-justice")
@roles_required(*RJ_ROLES)
def assess(reference: str):
    case = views.load_case(reference)
    form = _assessment_form(case, bound=True)
    if form.validate_on_submit():
        yes = {f: getattr(form, f).data == "yes" for f in ("victim_consents", "victim_ready", "offender_consents",
                                                            "offender_ready", "offender_accepts_responsibility")}
        assessment = service.Assessment(
            victim=next(v for v in case.victims if v.id == form.victim_id.data),
            victim_side=rules.Side(yes["victim_consents"], yes["victim_ready"], form.victim_risk.data),
            offender_side=rules.Side(yes["offender_consents"], yes["offender_ready"], form.offender_risk.data,
                                     yes["offender_accepts_responsibility"]),
            victim_notes=form.victim_notes.data or "", offender_notes=form.offender_notes.data or "",
            safety_plan=form.safety_plan.data or "", on=form.assessed_on.data)
        rj, reasons = service.assess(case, assessment, current_user)
        db.session.commit()
        flash("Not suitable now: " + "; ".join(reasons) if reasons else "The victim and the offender are suitable",
              "success")
        return redirect(url_for("restorative.case_rj", reference=reference, _anchor=f"rj-{rj.id}"))
    return _page(case, form, status=422)


def _change(reference: str, name: str, act):
    """Validate one record's form, apply `act` (a service call returning words), commit, or show why not."""
    case = views.load_case(reference)
    rj = db.session.get(RestorativeJustice, views.int_arg("rj"))
    if rj is None or rj.case_id != case.id:
        abort(404)
    form = FORMS[name](prefix=f"rj{rj.id}")
    if name == "arrange":
        _condition_choices(case, form)
    if form.validate_on_submit():
        try:
            said = act(case, rj, form)
        except service.RestorativeError as problem:
            next(f for f in form if f.type not in ("CSRFTokenField", "HiddenField")).errors.append(str(problem))
        else:
            db.session.commit()
            flash(said, "success")
            return redirect(url_for("restorative.case_rj", reference=reference, _anchor=f"rj-{rj.id}"))
    return _page(case, _assessment_form(case), failed={"rj": rj.id, "name": name, "form": form}, status=422)


@bp.post("/cases/<reference>/restorative-justice/arrange")
@roles_required(*RJ_ROLES)
def arrange(reference: str):
    return _change(reference, "arrange", lambda case, rj, f: service.arrange(
        case, rj, f.rj_type.data, f.facilitator.data, f.condition_id.data or None, current_user))


@bp.post("/cases/<reference>/restorative-justice/outcome")
@roles_required(*RJ_ROLES)
def outcome(reference: str):
    return _change(reference, "outcome", lambda case, rj, f: service.record_outcome(
        case, rj, f.outcome.data, f.outcome_on.data, f.notes.data or "", f.follow_up_on.data, current_user))


@bp.post("/cases/<reference>/restorative-justice/follow-up")
@roles_required(*RJ_ROLES)
def follow_up(reference: str):
    return _change(reference, "follow_up", lambda case, rj, f: service.follow_up(
        case, rj, f.notes.data, date.today(), current_user))
