"""Screening, the decision form, authorisation, delivery, the override report and the rules page.

Every page asks the engine the same way `oocr assess` does: rows -> engine_input.case_input -> parse_case
-> assess, with the force's settings (webapp.services.settings.engine_config). What a caseworker may depart
from and who signs off is in webapp.domain.authorisation.
"""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.audit import log as audit
from webapp.decisions import presenters
from webapp.decisions.forms import (
    OUTCOME_LABELS, DecisionForm, DeliverForm, DeliveryRecordForm, ReviewForm, YouthOutcomeForm, YouthReferralForm, ScreeningForm, add_error,
    refresh_list_errors,
)
from webapp.domain.assess import AssessInputError, assess, parse_case
from webapp.domain import authorisation as policy
from webapp.domain.authorisation import four_eyes_problem
from webapp.domain.delivery import BREACH_WARNINGS, conditions_due_by, missing, needs_delivery_record
from webapp.domain.case import CONDITION_KINDS
from webapp.domain.conditions import CONDITION_CATALOGUE
from webapp.domain.disposals import LABELS, REGIME_DISPOSALS
from webapp.domain.rules import load_rulebook, procedures
from webapp.extensions import db, htmx
from webapp.jinja_helpers import add_case_tab
from webapp.models import Case, CaseEvent, Decision
from webapp.security import SUPERVISORS, roles_required
from webapp.services import decisions as services
from webapp.services.decisions import DecisionRefused
from webapp.services import engine_input
from webapp.services.settings import engine_config, setting_rows
from webapp.services import youth as youth_services
from webapp.domain.youth import REFERRAL_REASON, is_youth, outcome_label as youth_outcome_label
from webapp.models.decision import YouthPanelReferral
from webapp.views import case_scope, commit_or_stale as _commit_or_stale, load_case, log_reading

bp = Blueprint("decisions", __name__)

DECIDERS = ("caseworker", "supervisor")
DELIVERERS = ("clerk", "caseworker", "supervisor")
RULE_READERS = ("caseworker", "supervisor", "admin")
SCREENABLE = ("referred", "screening", "awaiting_clinic")
DECIDABLE = ("screening", "awaiting_clinic")

add_case_tab("screening", "Screening", "decisions.screening", DECIDERS)
add_case_tab("decision", "Decision", "decisions.decision", DECIDERS)


def _today() -> date:
    return date.today()


def _load_case(reference: str) -> Case:
    return load_case(reference, joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
                     selectinload(Case.victims), selectinload(Case.previous_outcomes), joinedload(Case.screening),
                     selectinload(Case.decisions).selectinload(Decision.conditions),
                     selectinload(Case.events).joinedload(CaseEvent.actor))


def _assess(case: Case, config, **rows):
    """(input, facts, assessment, error): the error is the engine's AssessInputError, shown not raised."""
    try:
        data = engine_input.case_input(case, decision_date=_today(), **rows)
        case_facts = parse_case(data)
        return data, case_facts, assess(case_facts, config), None
    except AssessInputError as error:
        return None, None, None, error


# --- Screening ---------------------------------------------------------------------------------

def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _screening_form(case: Case) -> ScreeningForm:
    saved = case.screening
    if request.method == "GET":
        data: dict = {"previous": [{"outcome": p.outcome, "outcome_date": p.outcome_date, "similar": p.similar}
                                   for p in case.previous_outcomes]}
        if saved:
            data.update(admission=_yes_no(saved.admission), admission_date=saved.admission_date,
                        aggravating=list(saved.aggravating or []), mitigating=list(saved.mitigating or []))
        form = ScreeningForm(data=data)
    else:
        form = ScreeningForm()
    form.set_factor_choices(saved.aggravating if saved else [], saved.mitigating if saved else [])
    return form


def _screening_rows(case: Case, form: ScreeningForm) -> tuple[SimpleNamespace, list[SimpleNamespace], list[str]]:
    """What the form says, as unsaved rows for the engine; rows not yet complete are left out and named. The
    evidential stage is not asked here: the Full Code Test page answers it (engine_input.evidential_stage)."""
    screening = SimpleNamespace(
        admission=form.admission.data == "yes", evidential_stage_met=engine_input.evidential_stage(case, None),
        aggravating=[f for f in form.aggravating.data or [] if isinstance(f, str)],
        mitigating=[f for f in form.mitigating.data or [] if isinstance(f, str)])
    previous, left_out = [], []
    for i, entry in enumerate(form.previous):
        row = entry.form
        if row.is_blank():
            continue
        if row.outcome.data in OUTCOME_LABELS and row.outcome_date.data is not None:
            previous.append(SimpleNamespace(outcome=row.outcome.data, outcome_date=row.outcome_date.data,
                                            similar=bool(row.similar.data)))
        else:
            left_out.append(f"Previous outcome {i + 1} is not complete and was left out")
    notes = []
    if not form.admission.data:
        notes.append("No answer on admission yet: the engine treats the offence as not admitted")
    if engine_input.evidential_stage(case, None) is None:
        notes.append("The Full Code Test has not been recorded: the engine treats the evidential stage as not met")
    return screening, previous, notes + left_out


def _screening_panel(case: Case, form: ScreeningForm | None, config) -> tuple[dict, tuple]:
    if form is None:
        rows: dict = {}
        left_out = [] if case.screening else ["The case has not been screened: the engine treats the offence as "
                                              "not admitted and the evidential stage as not met"]
    else:
        screening, previous, left_out = _screening_rows(case, form)
        rows = {"screening": screening, "previous": previous}
    data, case_facts, result, error = _assess(case, config, **rows)
    panel = presenters.eligibility_panel(assessment=result, facts=case_facts, config=config, decision_date=_today(),
                                         error=error, left_out=left_out)
    return panel, (data, result)


def _render_screening(case: Case, form: ScreeningForm, panel: dict, status: int = 200):
    return render_template("decisions/screening.html", case=case, form=form, panel=panel,
                           editable=case.status in SCREENABLE, presenters=presenters,
                           title=f"Screening – {case.reference}"), status


@bp.route("/cases/<reference>/screening", methods=["GET", "POST"])
@roles_required(*DECIDERS)
def screening(reference: str):
    case = _load_case(reference)
    form = _screening_form(case)
    config = engine_config()
    if request.method == "GET":
        panel, _ = _screening_panel(case, None, config)
        log_reading("case", case.reference, "Viewed screening and eligibility")
        return _render_screening(case, form, panel)

    audit.record("consult", "case", case.reference, "Checked eligibility on the screening page")
    if case.status not in SCREENABLE:
        db.session.commit()
        form.form_errors.append(f"A case that is {case.status_label.lower()} can no longer be screened")
        panel, _ = _screening_panel(case, None, config)
        return _render_screening(case, form, panel, 409)
    if form.add_previous.data:
        # Works without JavaScript: the whole form comes back with one more row, nothing typed lost.
        form.previous.append_entry()
    elif "remove_previous" in request.form:
        index = request.form["remove_previous"]
        if index in [str(i) for i in range(len(form.previous.entries))]:
            form.previous.entries.pop(int(index))
    elif form.submit.data:
        if form.validate():
            panel, (data, result) = _screening_panel(case, form, config)
            if result is not None:
                _save_screening(case, form, data, result)
                if _commit_or_stale("Someone else changed this case at the same moment. Nothing was saved: "
                                    "check the screening and save again."):
                    flash("Screening saved", "success")
                return redirect(url_for("decisions.screening", reference=case.reference))
        panel, _ = _screening_panel(case, form, config)
        db.session.commit()
        return _render_screening(case, form, panel, 422)
    panel, _ = _screening_panel(case, form, config)
    db.session.commit()
    return _render_screening(case, form, panel)


@bp.post("/cases/<reference>/screening/eligibility")
@roles_required(*DECIDERS)
def screening_eligibility(reference: str):
    """HTMX: the eligibility panel for what the screening form says now; without HTMX, the whole page."""
    case = _load_case(reference)
    form = _screening_form(case)
    config = engine_config()
    panel, _ = _screening_panel(case, form, config)
    log_reading("case", case.reference, "Checked eligibility on the screening page")
    if htmx:
        return render_template("decisions/_eligibility.html", panel=panel, presenters=presenters)
    return _render_screening(case, form, panel)


def _save_screening(case: Case, form: ScreeningForm, data: dict, result) -> None:
    services.record_screening(
        case, admission=form.admission.data == "yes", admission_date=form.admission_date.data,
        evidential_stage_met=engine_input.evidential_stage(case, None), aggravating=form.aggravating.data or [],
        mitigating=form.mitigating.data or [], data=data, result=result, actor=current_user,
        previous=[{"outcome": e.form.outcome.data, "outcome_date": e.form.outcome_date.data,
                   "similar": bool(e.form.similar.data)} for e in form.previous if not e.form.is_blank()])


# --- Decision ----------------------------------------------------------------------------------

def _open_for_decision(case: Case) -> bool:
    current = case.current_decision
    return (case.status in DECIDABLE and case.screening is not None
            and (current is None or current.status == "returned"))


def _decision_form(case: Case, base) -> DecisionForm:
    form = DecisionForm()
    if request.method == "GET":
        returned = case.current_decision if case.current_decision and case.current_decision.status == "returned" \
            else None
        if returned is not None:
            form = DecisionForm(data={
                "disposal": returned.disposal, "completion_date": returned.completion_date,
                "rationale": returned.rationale, "override_code": returned.override_code,
                "override_note": returned.override_note,
                "conditions": [{"type": c.type, "kind": c.kind, "description": c.description,
                                "provider": c.provider, "hours": c.hours, "amount": c.amount,
                                "due_date": c.due_date} for c in returned.conditions] or [{}]})
        elif asked := _victims_asked(case):
            form = DecisionForm(data={"conditions": asked})
    if base is not None:
        form.disposal.choices = presenters.disposal_choices(base)
    else:
        form.disposal.choices = []
    return form


def _victims_asked(case: Case) -> list[dict]:
    """Conditions to start from: each action a victim chose from the community remedy menu is attached
    unless the caseworker judges it inappropriate and says why (CJA 2003 s.23ZA; ASBCPA 2014 s.102)."""
    actions = {v.requested_action.id: v.requested_action for v in case.victims if v.requested_action is not None}
    return [{"type": a.condition_type, "kind": a.kind, "description": a.title} for a in actions.values()]


def _proposal(form: DecisionForm, regime: str | None):
    """The proposal on the form as unsaved rows, and for each condition the engine sees, its row on the form."""
    if not form.disposal.data or regime is None or form.disposal.data not in REGIME_DISPOSALS[regime]:
        return None, []
    rows = [(i, row) for i, row in form.filled_conditions()
            if row.type.data in CONDITION_CATALOGUE and row.kind.data in CONDITION_KINDS]
    conditions = [SimpleNamespace(kind=row.kind.data, type=row.type.data, hours=row.hours.data,
                                  amount=row.amount.data) for _, row in rows]
    return (SimpleNamespace(disposal=form.disposal.data, completion_date=form.completion_date.data,
                            conditions=conditions), [i for i, _ in rows])


def _attach_problems(form: DecisionForm, items: list[dict]) -> list[dict]:
    """Put each of the engine's problems beside its field; returns those that belong to the whole list."""
    list_level = []
    for item in items:
        message = f"{item['text']} ({item.get('legal_source') or item['source']})"
        target = item["field_id"]
        if target.startswith("conditions-"):
            _, row, name = target.split("-", 2)
            entry = form.conditions.entries[int(row)].form if int(row) < len(form.conditions.entries) else None
            field = getattr(entry, name, None) if entry else None
            if field is not None:
                add_error(field, message)
                continue
        elif target in ("disposal", "completion_date"):
            add_error(getattr(form, target), message)
            continue
        list_level.append({**item, "message": message})
    refresh_list_errors(form.conditions)
    return list_level


class _Evaluation(SimpleNamespace):
    """Everything one look at the decision form produced (see _evaluate)."""


def _evaluate(case: Case, form: DecisionForm, config, base_result) -> _Evaluation:
    regime = base_result.regime if base_result is not None else None
    proposal, row_map = _proposal(form, regime)
    data, case_facts, result, error = _assess(case, config, proposal=proposal)
    review = policy.review_proposal(result) if result is not None and proposal is not None else None
    input_error_item = None
    if error is not None and error.field.startswith("proposed"):
        # A value the engine cannot read (e.g. negative hours typed while the form is half-filled).
        input_error_item = {"field": error.field, "field_id": presenters.form_field_id(error.field, row_map),
                            "field_label": presenters.form_field_label(error.field), "text": error.message,
                            "source": "the engine's input rules", "kind": policy.HARD}
    panel = presenters.eligibility_panel(assessment=result or base_result, facts=case_facts, config=config,
                                         decision_date=_today(), error=error if input_error_item is None else None,
                                         review=review, row_map=row_map)
    return _Evaluation(proposal=proposal, row_map=row_map, data=data, result=result, review=review, panel=panel,
                       input_error=input_error_item)


def _render_decision(case: Case, *, form=None, panel=None, base=None, review_form=None, list_problems=(),
                     status=200, extra_errors=()):
    current = case.current_decision
    if form is not None:
        summary = presenters.error_summary(form, list_problems=list_problems, messages=extra_errors)
    else:
        summary = presenters.error_summary(review_form, messages=extra_errors)
    if review_form is None and current is not None and current.status == "awaiting_authorisation":
        review_form = ReviewForm(formdata=None, decision_id=str(current.id), version=str(current.version))
    deliver_form = None
    if current is not None and current.status == "authorised":
        deliver_form = DeliverForm(formdata=None, decision_id=str(current.id), version=str(current.version))
    return render_template(
        "decisions/decision.html", case=case, form=form, panel=panel, base=base, current=current,
        review_form=review_form, deliver_form=deliver_form, list_problems=list(list_problems), summary=summary,
        open_for_decision=_open_for_decision(case), presenters=presenters,
        title=f"Decision – {case.reference}"), status


def _decision_page_get(case: Case, form, config, base_facts, base_result, base_error):
    log_reading("case", case.reference, "Viewed the decision page")
    panel = None
    if form is not None:
        panel = (_evaluate(case, form, config, base_result).panel if form.disposal.data else
                 presenters.eligibility_panel(assessment=base_result, facts=base_facts, config=config,
                                              decision_date=_today(), error=base_error))
    return _render_decision(case, form=form, panel=panel, base=base_result)


def _blocking_answer(form: DecisionForm, verdict) -> bool:
    """Put on the form why the decision cannot be recorded as it stands; False when it can."""
    if verdict.refused:
        form.form_errors.append("This decision breaks a rule that cannot be overridden, so it cannot be made: "
                                "change the highlighted answers or choose another disposal")
    elif services.leaves_out_victims_choice(verdict) and not (form.remedy_reason.data or "").strip():
        add_error(form.remedy_reason, "Enter why the action the victim asked for would be inappropriate: "
                                      "the victim will be told")
    elif verdict.override_required and not (form.override_code.data and (form.override_note.data or "").strip()):
        if not form.override_code.data:
            add_error(form.override_code, "Select a reason for departing from the engine's advice")
        if not (form.override_note.data or "").strip():
            add_error(form.override_note, "Enter a note explaining why this case is an exception")
    else:
        return False
    return True


def _recorded(case: Case, form: DecisionForm, config, found: _Evaluation):
    made = _save_decision(case, form, config, found)
    if _commit_or_stale("Someone else changed this case at the same moment. Nothing was saved: "
                        "check the case and submit the decision again."):
        flash(f"Decision recorded: {LABELS[made.disposal]}. " + (
            "It is waiting for a supervisor's authorisation." if made.status == "awaiting_authorisation"
            else "It is ready to deliver."), "success")
    return redirect(url_for("decisions.decision", reference=case.reference))


@bp.route("/cases/<reference>/decision", methods=["GET", "POST"])
@roles_required(*DECIDERS)
def decision(reference: str):
    case = _load_case(reference)
    config = engine_config()
    _, base_facts, base_result, base_error = _assess(case, config)
    form = _decision_form(case, base_result) if _open_for_decision(case) else None
    if request.method == "GET":
        return _decision_page_get(case, form, config, base_facts, base_result, base_error)
    log_reading("case", case.reference, "Checked a decision against the rules")
    if form is None or base_result is None:
        return _render_decision(case, status=409, extra_errors=[
            "A decision cannot be recorded now: the case must be screened, and must not already have a decision "
            "waiting, authorised or delivered."])
    if form.add_condition.data:
        form.conditions.append_entry()
        return _render_decision(case, form=form, panel=_evaluate(case, form, config, base_result).panel,
                                base=base_result)
    valid = form.validate()
    checking = not form.submit.data
    if checking:
        form.rationale.errors = []
    found = _evaluate(case, form, config, base_result)
    # Advisory problems are lawful with a recorded reason: the panel lists them, the fields stay clear.
    items = [p for p in found.panel.get("problems") or [] if p["kind"] != "advisory"] + (
        [found.input_error] if found.input_error else [])
    list_problems = _attach_problems(form, items)
    if not checking and valid and found.review is not None and not found.input_error \
            and not _blocking_answer(form, found.review):
        return _recorded(case, form, config, found)
    failed = not checking and (not valid or bool(form.errors) or bool(form.form_errors) or bool(list_problems))
    return _render_decision(case, form=form, panel=found.panel, base=base_result, list_problems=list_problems,
                            status=422 if failed else 200)


@bp.post("/cases/<reference>/decision/check")
@roles_required(*DECIDERS)
def decision_check(reference: str):
    """HTMX: the eligibility panel with the engine's problems for the decision as it stands on the form."""
    case = _load_case(reference)
    config = engine_config()
    _, base_facts, base_result, base_error = _assess(case, config)
    log_reading("case", case.reference, "Checked a decision against the rules")
    if base_result is None or not _open_for_decision(case):
        panel = presenters.eligibility_panel(assessment=base_result, facts=base_facts, config=config,
                                             decision_date=_today(), error=base_error)
    else:
        form = _decision_form(case, base_result)
        panel = _evaluate(case, form, config, base_result).panel
    if htmx:
        return render_template("decisions/_eligibility.html", panel=panel, presenters=presenters)
    return redirect(url_for("decisions.decision", reference=case.reference))


def _save_decision(case: Case, form: DecisionForm, config, found: _Evaluation) -> Decision:
    conditions = [{"kind": row.kind.data, "type": row.type.data, "description": (row.description.data or "").strip(),
                   "provider": (row.provider.data or "").strip(), "hours": row.hours.data, "amount": row.amount.data,
                   "due_date": row.due_date.data} for _, row in form.filled_conditions()]
    return services.record_decision(
        case, disposal=form.disposal.data, rationale=form.rationale.data, completion_date=form.completion_date.data,
        override_code=form.override_code.data, override_note=form.override_note.data or "",
        remedy_reason=form.remedy_reason.data or "", conditions=conditions, data=found.data, result=found.result,
        review=found.review, config=config, actor=current_user, today=_today())


# --- Authorisation -----------------------------------------------------------------------------

STALE = ("This decision changed after you opened it: someone else approved, returned or resubmitted it. "
         "Nothing was saved: check the decision below.")


def _still_as_opened(current: Decision | None, status: str, form) -> bool:
    """The optimistic lock: the decision the form was opened on, unchanged since (same row, same version)."""
    return (current is not None and current.status == status and form.decision_id.data == str(current.id)
            and form.version.data == str(current.version))


def _review_valid(form: ReviewForm, current: Decision) -> bool:
    """Whether the supervisor's answer can be acted on; what is wrong goes on the form."""
    valid = form.validate()
    if problem := four_eyes_problem(current.decided_by_id, current_user.id):
        form.form_errors.append(problem)
        valid = False
    if form.return_decision.data:
        if not (form.comments.data or "").strip():
            add_error(form.comments, "Enter comments saying what must change before the decision can be approved")
            valid = False
    elif form.approve.data:
        if current.needs_prosecutor and current.prosecutor_consent_at is None and not form.require_consent():
            valid = False
    else:
        valid = False
        form.form_errors.append("Choose whether to approve or return the decision")
    return valid


@bp.post("/cases/<reference>/decision/review")
@roles_required(*SUPERVISORS)
def review_decision(reference: str):
    case = _load_case(reference)
    current = case.current_decision
    form = ReviewForm()
    if not _still_as_opened(current, "awaiting_authorisation", form):
        log_reading("case", case.reference, "Stale authorisation refused")
        return _render_decision(case, status=409, extra_errors=[STALE])
    valid = _review_valid(form, current)
    comments = (form.comments.data or "").strip()
    try:
        if not valid:
            raise DecisionRefused({})
        if form.return_decision.data:
            services.return_decision(case, current, actor=current_user, comments=comments)
            message = f"Decision for {case.reference} returned to the caseworker"
        else:
            services.authorise_decision(case, current, actor=current_user, comments=comments,
                                        prosecutor_name=form.prosecutor_name.data or "",
                                        prosecutor_consent_at=form.consent_at())
            message = f"Decision for {case.reference} authorised: it is now on the to-deliver queue"
    except DecisionRefused as refused:
        db.session.rollback()
        form.form_errors.extend(m for f, m in refused.problems.items() if not f and m not in form.form_errors)
        log_reading("case", case.reference, "Viewed a decision for authorisation")
        return _render_decision(_load_case(reference), review_form=form, status=422)
    if not _commit_or_stale(STALE):
        return redirect(url_for("decisions.decision", reference=case.reference))
    flash(message, "success")
    return redirect(url_for("decisions.authorisations"))


@bp.get("/decisions/authorisations")
@roles_required(*SUPERVISORS)
def authorisations():
    return _queue_page("awaiting_authorisation", Decision.decided_at.asc(), "decisions/authorisations.html",
                       "Authorisation queue", "Decisions awaiting authorisation",
                       joinedload(Decision.case).selectinload(Case.offences), joinedload(Decision.decided_by))


def _queue_page(status: str, order, template: str, queue_name: str, title: str, *shown):
    """A supervisors' or clerks' queue: up to 500 decisions in one status, the viewing audit-logged.
    `shown` loads what that queue's table shows beyond the case, suspect and conditions: at 500 rows,
    loading every case's offences for a table that shows none took half the to-deliver page."""
    rows = db.session.scalars(
        select(Decision).where(Decision.status == status, Decision.case.has(case_scope()))
        .options(joinedload(Decision.case).joinedload(Case.suspect), selectinload(Decision.conditions), *shown)
        .order_by(order).limit(500)).unique().all()
    log_reading("case_list", "", f"{queue_name} ({len(rows)} decisions shown)")
    return render_template(template, rows=rows, presenters=presenters, title=title)


# --- Delivery ----------------------------------------------------------------------------------

@bp.get("/decisions/to-deliver")
@roles_required(*DELIVERERS)
def to_deliver():
    return _queue_page("authorised", Decision.authorised_at.asc(), "decisions/to_deliver.html", "To-deliver queue",
                       "Decisions to deliver", joinedload(Decision.authorised_by))


@bp.post("/cases/<reference>/decision/deliver")
@roles_required(*DELIVERERS)
def deliver(reference: str):
    """A Community Resolution starts when it is marked delivered; a caution needs its delivery record."""
    case = _load_case(reference)
    current = case.current_decision
    form = DeliverForm()
    if not form.validate() or not _still_as_opened(current, "authorised", form):
        flash("This decision was already delivered, or changed after you opened the list. Nothing was saved.")
        return redirect(url_for("decisions.to_deliver"))
    if needs_delivery_record(current.disposal):
        return redirect(url_for("decisions.record_delivery", reference=reference))
    services.deliver_community_resolution(case, current, actor=current_user)
    label = LABELS.get(current.disposal, current.disposal)
    if _commit_or_stale("Someone else changed this case at the same moment. Nothing was saved: try again."):
        flash(f"{label} for {case.reference} marked delivered", "success")
    return redirect(url_for("decisions.to_deliver"))


def _beside_fields(form: DeliveryRecordForm, problems: dict[str, str]) -> None:
    """Each problem beside its field, unless that field already shows one (a time typed wrongly, say)."""
    for name, message in problems.items():
        if name == "given_at" and (form.given_on.errors or form.given_time.errors):
            continue
        target = {"given_at": form.given_on}.get(name) or getattr(form, name, None)
        if target is None:
            form.form_errors.append(message)
        elif not target.errors:
            add_error(target, message)


def _delivery_page(case: Case, form: DeliveryRecordForm, status: int = 200):
    current = case.current_decision
    normal, latest = conditions_due_by(_today(), engine_config())
    return render_template("decisions/delivery.html", case=case, current=current, form=form,
                           breach_warning=BREACH_WARNINGS.get(current.disposal), normal=normal, latest=latest,
                           summary=presenters.error_summary(form), presenters=presenters,
                           title=f"Record delivery – {case.reference}"), status


@bp.route("/cases/<reference>/decision/delivery", methods=["GET", "POST"])
@roles_required(*DELIVERERS)
def record_delivery(reference: str):
    """Who gave the caution, the admission, the explanation and warning, the signed document, when and where."""
    case = _load_case(reference)
    current = case.current_decision
    if current is None or current.status != "authorised" or not needs_delivery_record(current.disposal):
        flash("There is no authorised caution waiting to be given on this case.")
        return redirect(url_for("decisions.to_deliver"))
    form = DeliveryRecordForm()
    if request.method == "GET":
        form.decision_id.data, form.version.data = str(current.id), str(current.version)
        log_reading("case", case.reference, "Opened the delivery record")
        return _delivery_page(case, form)
    valid = form.validate()
    if not _still_as_opened(current, "authorised", form):
        form.form_errors.append(STALE)
        return _delivery_page(case, form, 422)
    if not valid:  # a field typed wrongly: name what else is missing too, so one more try is enough
        _beside_fields(form, missing(current.disposal, form.facts()))
        return _delivery_page(case, form, 422)
    upload = form.signed_document.data
    try:
        services.record_caution_delivery(
            case, current, given_by_name=form.given_by_name.data or "", given_by_rank=form.given_by_rank.data or "",
            given_by_authority=form.given_by_authority.data or "", admission_to_giver=form.admission_to_giver.data,
            admission_words=form.admission_words.data or "", effect_explained=form.effect_explained.data,
            breach_warning_given=form.breach_warning_given.data, given_at=form.given_at(),
            place=form.place.data or "", signed_document=upload.read() if upload else None,
            signed_file_name=getattr(upload, "filename", "") or "", actor=current_user, config=engine_config())
    except DecisionRefused as refused:
        db.session.rollback()
        _beside_fields(form, refused.problems)
        return _delivery_page(_load_case(reference), form, 422)
    if _commit_or_stale("Someone else changed this case at the same moment. Nothing was saved: try again."):
        flash(f"{LABELS[current.disposal]} for {case.reference} recorded as given: it now has effect", "success")
    return redirect(url_for("decisions.to_deliver"))


# --- Youth: the joint decision panel with the Youth Offending Team -------------------------------

@bp.route("/cases/<reference>/youth-panel", methods=["GET", "POST"])
@roles_required(*DECIDERS)
def youth_panel(reference: str):
    """Send a youth's case to the joint decision panel, then record the panel's outcome."""
    case = _load_case(reference)
    referral = db.session.scalar(select(YouthPanelReferral).where(YouthPanelReferral.case_id == case.id))
    refer_form, outcome_form = YouthReferralForm(), YouthOutcomeForm()
    if request.method == "GET":
        refer_form.referred_on.data = outcome_form.outcome_on.data = _today()
    try:
        if request.method == "POST" and referral is None and refer_form.validate_on_submit():
            youth_services.refer_to_youth_panel(case, team=refer_form.team.data, referred_on=refer_form.referred_on.data,
                                                actor=current_user)
        elif request.method == "POST" and referral is not None and outcome_form.validate_on_submit():
            youth_services.record_panel_outcome(case, referral, outcome=outcome_form.outcome.data,
                                                outcome_on=outcome_form.outcome_on.data,
                                                notes=outcome_form.notes.data or "", actor=current_user)
        elif request.method == "POST":
            raise youth_services.YouthReferralRefused("")
        else:
            log_reading("case", case.reference, "Viewed the youth panel page")
            return _youth_page(case, referral, refer_form, outcome_form)
    except youth_services.YouthReferralRefused as refused:
        db.session.rollback()
        form = outcome_form if referral is not None else refer_form
        if str(refused):
            form.form_errors.append(str(refused))
        return _youth_page(_load_case(reference), referral, refer_form, outcome_form, 422)
    if _commit_or_stale("Someone else changed this case at the same moment. Nothing was saved: try again."):
        flash("Youth panel outcome recorded" if referral else "Case sent to the Youth Offending Team panel", "success")
    return redirect(url_for("decisions.youth_panel", reference=reference))


def _youth_page(case, referral, refer_form, outcome_form, status: int = 200):
    form = outcome_form if referral is not None else refer_form
    return render_template("decisions/youth_panel.html", case=case, referral=referral, refer_form=refer_form,
                           outcome_form=outcome_form, summary=presenters.error_summary(form), reason=REFERRAL_REASON,
                           youth=is_youth(case.suspect.date_of_birth, _today()), outcome_label=youth_outcome_label,
                           presenters=presenters, title=f"Youth panel – {case.reference}"), status


# --- Override report ---------------------------------------------------------------------------

@bp.get("/decisions/overrides")
@roles_required(*SUPERVISORS)
def overrides():
    counts = db.session.execute(
        select(Decision.override_code, func.count()).where(Decision.override_code.is_not(None),
                                                           Decision.case.has(case_scope()))
        .group_by(Decision.override_code)).all()
    rows = db.session.scalars(
        select(Decision).where(Decision.override_code.is_not(None), Decision.case.has(case_scope()))
        .options(joinedload(Decision.case).joinedload(Case.suspect), joinedload(Decision.decided_by))
        .order_by(Decision.decided_at.desc()).limit(500)).unique().all()
    log_reading("case_list", "", f"Override report ({len(rows)} decisions shown)")
    return render_template("decisions/overrides.html", counts=presenters.override_report([tuple(c) for c in counts]),
                           total=sum(n for _, n in counts), rows=rows, presenters=presenters,
                           title="Overrides of the engine's advice")


# --- Rules and settings ------------------------------------------------------------------------

def _rules_page():
    book = load_rulebook()
    rules = [{"id": rule_id, "versions": book.versions(rule_id),
              "class": policy.RULE_CLASS_LABELS[policy.rule_class(
                  rule_id, any(v.prosecutor_may_authorise for v in book.versions(rule_id)))]}
             for rule_id in book.ids()]
    return render_template("decisions/rules.html", settings=setting_rows(), rules=rules, presenters=presenters,
                           procedures=presenters.procedure_rows(procedures()),
                           can_edit=current_user.role == "admin", override_codes=policy.OVERRIDE_CODES,
                           title="Rules and settings")


@bp.get("/admin/rules")
@roles_required(*RULE_READERS)
def rules():
    return _rules_page()
