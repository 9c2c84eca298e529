"""Compliance: the case's Compliance section (conditions, attendance, payments, breaches, evidence
bundles), providers' attendance uploads, and the team's compliance tasks.

Identifiers other than the case reference travel as query parameters (?condition=, ?breach=,
?evidence=, ?bundle=, ?job=), as in the documents area.
"""
from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.compliance import presenters, review_page
from webapp.compliance.forms import (
    ActionForm,
    AddValueForm,
    PersonDecisionForm,
    AttendanceUploadForm,
    BreachDecisionForm,
    BreachForm,
    BundleDownloadForm,
    CompleteForm,
    EvidenceForm,
    PaymentForm,
    ResolveForm,
    TaskDoneForm,
    VariationAgreementForm,
    VariationRefusedForm,
    WitnessForm,
)
from webapp.domain import compliance as rules
from webapp.domain.attendance_files import AttendanceFileError
from webapp.domain.formatting import counted, long_date
from webapp.extensions import db, htmx
from webapp.jinja_helpers import add_case_tab
from webapp.models import (AttendanceMismatch, AttendanceUpload, BackgroundJob, Breach, Case, ComplianceTask, Condition,
                           Decision, EvidenceBundle, EvidenceFile)
from webapp.security import roles_required
from webapp.services import attendance, breaches, evidence as evidence_service, sweeps, variations
from webapp.services.storage import StoredFileProblem
from webapp.views import case_scope, commit_or_stale, consulted, ensure_visible, int_arg as _int_arg, load_case, log_reading, page_arg, parse_id

bp = Blueprint("compliance", __name__)

COMPLIANCE_ROLES = ("clerk", "caseworker", "supervisor")
BREACH_ROLES = ("caseworker", "supervisor")
SUPERVISORS = ("supervisor",)

add_case_tab("compliance", "Compliance", "compliance.case_compliance", COMPLIANCE_ROLES)

# What the compliance pages show of a case: the header, and every decision's conditions.
CASE_PAGE = (joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences), selectinload(Case.victims),
             selectinload(Case.decisions).selectinload(Decision.conditions))


def _condition(case: Case) -> Condition:
    wanted = _int_arg("condition")
    decision = case.current_decision
    condition = next((c for c in (decision.conditions if decision else []) if c.id == wanted), None)
    if condition is None:
        abort(404)
    return condition


def _breach(case: Case) -> Breach:
    breach = db.session.scalar(select(Breach).where(Breach.id == _int_arg("breach"), Breach.case_id == case.id)
                               .options(selectinload(Breach.witnesses), selectinload(Breach.evidence)))
    if breach is None:
        abort(404)
    return breach


def _case_and_breach(reference: str) -> tuple[Case, Breach]:
    """The case (if the user may see it) and the breach of it named by ?breach=."""
    case = load_case(reference, *CASE_PAGE)
    return case, _breach(case)


def _to_section(reference: str, anchor: str | None = None):
    return redirect(url_for("compliance.case_compliance", reference=reference, _anchor=anchor))


def _to_breach(reference: str, breach_id: int, anchor: str | None = None):
    return redirect(url_for("compliance.breach", reference=reference, breach=breach_id, _anchor=anchor))


def _propose_redactions(case: Case, breach: Breach, message: str, anchor: str):
    """Propose redactions over all the breach's evidence (again, when a witness or file is added), then say so."""
    evidence_service.start_proposals(case, breach, current_user)
    flash(message, "success")
    return _to_breach(case.reference, breach.id, anchor)


def _to_review(reference: str, evidence: EvidenceFile, anchor: str):
    """Back to the review page at the item decided, or to the bundle when the step was offered there."""
    if request.form.get("back") == "bundle":
        return _to_breach(reference, evidence.breach_id, "bundle")
    return redirect(url_for("compliance.redactions", reference=reference, breach=evidence.breach_id, _anchor=anchor))


def _evidence(case: Case) -> EvidenceFile:
    evidence = db.session.get(EvidenceFile, _int_arg("evidence"))
    if evidence is None or evidence.breach.case_id != case.id:
        abort(404)
    return evidence


def _title(case: Case, heading: str) -> str:
    return f"{heading} – {case.reference}"


def _consulted(case: Case, what: str, kind: str = "case") -> None:
    """A page shows the case's personal data (the header at least): log the consultation."""
    log_reading(kind, case.reference, what)


# --------------------------------------------------------------------------- the case's section


@bp.get("/cases/<reference>/compliance")
@roles_required(*COMPLIANCE_ROLES)
def case_compliance(reference: str):
    case = load_case(reference, *CASE_PAGE)
    today, decision = date.today(), case.current_decision
    rows = presenters.condition_rows(case, breaches.condition_records(decision.conditions if decision else []), today)
    _consulted(case, "Viewed the compliance section")
    return render_template(
        "compliance/case_compliance.html", case=case, rows=rows, today=today, presenters=presenters,
        decision=decision, disposal=presenters.disposal_label(case),
        enforceable=decision is not None and rules.is_enforceable(decision.disposal),
        not_enforceable=rules.not_enforceable_reason(decision.disposal) if decision else None,
        limit=breaches.time_limit(case, today), breach_list=breaches.case_breaches(case),
        tasks=breaches.case_tasks(case), victim_updates=presenters.victim_updates(breaches.victim_updates(case)),
        awaiting_variations=variations.awaiting(case),
        task_form=TaskDoneForm(), title=_title(case, "Compliance"))


@bp.route("/cases/<reference>/compliance/complete", methods=["GET", "POST"])
@roles_required(*COMPLIANCE_ROLES)
def complete(reference: str):
    case = load_case(reference, *CASE_PAGE)
    condition = _condition(case)
    if condition.status != rules.PENDING:
        flash(f"That condition is already {condition.status_label.lower()}")
        return _to_section(reference)
    form = CompleteForm()
    if request.method == "GET":
        form.completed_on.data = date.today()
        _consulted(case, f"Opened the completion form for condition {condition.id}")
    if form.validate_on_submit():
        breaches.complete_condition(case, condition, form.completed_on.data, form.evidence.data, current_user)
        if commit_or_stale():
            flash(f"{breaches.describe(condition)}: completed", "success")
        return _to_section(reference)
    return render_template("compliance/complete.html", case=case, condition=condition, form=form,
                           title=_title(case, "Mark a condition completed")), 422 if form.errors else 200


@bp.route("/cases/<reference>/compliance/payment", methods=["GET", "POST"])
@roles_required(*COMPLIANCE_ROLES)
def payment(reference: str):
    case = load_case(reference, *CASE_PAGE)
    condition = breach = None
    if request.values.get("breach"):
        breach = _breach(case)
        if breach.registration_status not in ("awaiting_payment", "registered"):
            abort(404)
        owed, what = breach.penalty_amount, "the financial penalty for the breach"
    else:
        condition = _condition(case)
        if condition.type not in rules.PAYMENT_TYPES:
            abort(404)
        owed, what = condition.amount, breaches.describe(condition).lower()
    form = PaymentForm()
    if request.method == "GET":
        form.paid_on.data = date.today()
        _consulted(case, f"Opened the payment form ({what})")
    if form.validate_on_submit():
        message = breaches.record_payment(case, amount=form.amount.data, paid_on=form.paid_on.data,
                                          reference=form.reference.data or "", reported_by=form.reported_by.data,
                                          user=current_user, condition=condition, breach=breach)
        if commit_or_stale():
            flash(message, "success")
        return _to_breach(reference, breach.id) if breach is not None else _to_section(reference)
    return render_template("compliance/payment.html", case=case, form=form, what=what, owed=owed,
                           presenters=presenters, title=_title(case, "Record a payment")), 422 if form.errors else 200


@bp.route("/cases/<reference>/compliance/breach/new", methods=["GET", "POST"])
@roles_required(*BREACH_ROLES)
def new_breach(reference: str):
    case = load_case(reference, *CASE_PAGE)
    condition = _condition(case)
    today = date.today()
    blocked = breaches.why_no_breach(case, condition)
    if blocked:
        flash(f"A breach cannot be recorded: {blocked}")
        return _to_section(reference)
    outcomes = breaches.outcomes(case, condition, today)
    form = BreachForm()
    form.outcome.choices = [(o.code, o.label) for o in outcomes]
    if request.method == "GET":
        _consulted(case, f"Opened the breach form for condition {condition.id}")
    if form.validate_on_submit():
        try:
            made = breaches.record_breach(
                case, condition, what_happened=form.what_happened.data, reasonable_excuse=form.reasonable_excuse.data or "",
                offender_account=form.offender_account.data or "", outcome=form.outcome.data,
                notes=form.notes.data or "", user=current_user, today=today, penalty_amount=form.penalty_amount.data,
                penalty_due_date=form.penalty_due_date.data, new_due_date=form.new_due_date.data)
        except breaches.BreachError as exc:
            form.outcome.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Breach recorded: a supervisor must approve it", "success")
            return _to_breach(reference, made.id)
    return render_template("compliance/breach_new.html", case=case, condition=condition, form=form,
                           outcomes=presenters.outcome_items(outcomes), limit=breaches.time_limit(case, today),
                           disposal=presenters.disposal_label(case),
                           title=_title(case, "Record a breach")), 422 if form.errors else 200


def _breach_page(case: Case, breach: Breach, status: int = 200, **forms):
    reviews = evidence_service.review(case, breach) if breach.evidence else []
    context = dict(
        decision_form=forms.get("decision_form") or BreachDecisionForm(formdata=None),
        witness_form=forms.get("witness_form") or WitnessForm(formdata=None),
        evidence_form=forms.get("evidence_form") or EvidenceForm(formdata=None),
        action_form=ActionForm(formdata=None))
    paid = breaches.paid_so_far(breach_id=breach.id) if breach.penalty_amount is not None else None
    proposals_job = evidence_service.latest_job(case, "redaction_proposals")
    return render_template(
        "compliance/breach.html", case=case, breach=breach, condition=breach.condition, reviews=reviews,
        blockers=evidence_service.not_ready(case, breach, reviews), bundles=evidence_service.bundles_of(breach),
        presenters=presenters, paid=paid, today=date.today(), outcome_label=rules.OUTCOME_LABELS.get(
            breach.proposed_outcome, breach.proposed_outcome),
        registrable=paid is not None and rules.penalty_registrable(
            breach.registration_status, breach.penalty_due_date, paid, breach.penalty_amount, date.today()),
        proposals_job=proposals_job, variation=variations.for_breach(breach), title=_title(case, "Breach"),
        **context), status


@bp.get("/cases/<reference>/compliance/breach")
@roles_required(*COMPLIANCE_ROLES)
def breach(reference: str):
    case, found = _case_and_breach(reference)
    _consulted(case, f"Viewed breach {found.id}", "breach")
    return _breach_page(case, found)


@bp.post("/cases/<reference>/compliance/breach/decision")
@roles_required(*SUPERVISORS)
def decide_breach(reference: str):
    case, found = _case_and_breach(reference)
    form = BreachDecisionForm()
    if not form.validate_on_submit():
        return _breach_page(case, found, 422, decision_form=form)
    try:
        message = breaches.decide_breach(case, found, approve=form.decision.data == "approve",
                                         comments=form.comments.data or "", user=current_user, today=date.today())
    except breaches.BreachError as exc:
        db.session.rollback()
        form.decision.errors.append(str(exc))
        return _breach_page(case, _breach(case), 422, decision_form=form)
    if commit_or_stale():
        flash(message, "success")
    return _to_breach(reference, found.id)


@bp.post("/cases/<reference>/compliance/breach/register")
@roles_required(*BREACH_ROLES)
def register_penalty(reference: str):
    case, found = _case_and_breach(reference)
    if ActionForm().validate_on_submit():
        try:
            message = breaches.register_penalty(case, found, current_user, date.today())
        except breaches.BreachError as exc:
            flash(str(exc))
        else:
            if commit_or_stale():
                flash(message, "success")
    return _to_breach(reference, found.id)


def _waiting_variation(reference: str):
    """The case, its breach and the variation waiting for the offender's answer; otherwise (flashed) back to the breach."""
    case, found = _case_and_breach(reference)
    variation = variations.for_breach(found)
    if variation is None or variation.status != variations.AWAITING:
        flash("There is no varied condition waiting for the offender's agreement on this breach.")
        abort(_to_breach(reference, found.id))
    return case, found, variation


def _variation_page(case: Case, found: Breach, variation, form: VariationAgreementForm, status: int = 200,
                    refused_form: VariationRefusedForm | None = None):
    return render_template("compliance/variation.html", case=case, breach=found, variation=variation, form=form,
                           refused_form=refused_form or VariationRefusedForm(formdata=None),
                           title=_title(case, "Record the offender's agreement")), status


def _variation_page_again(case: Case, form: VariationAgreementForm, refused_form: VariationRefusedForm | None = None):
    """The page again (422) after a refused change was rolled back: the breach and its variation read afresh."""
    found = _breach(case)
    return _variation_page(case, found, variations.for_breach(found), form, 422, refused_form)


@bp.post("/cases/<reference>/compliance/variation/refused")
@roles_required(*COMPLIANCE_ROLES)
def variation_refused(reference: str):
    """The offender did not agree to the new terms: the variation lapses and the missed condition stands again."""
    case, _, variation = _waiting_variation(reference)
    form = VariationRefusedForm()
    try:
        if not form.validate_on_submit():
            raise variations.VariationRefused({})
        variations.record_refusal(case, variation, notes=form.notes.data, user=current_user)
    except variations.VariationRefused as refused:
        db.session.rollback()
        form.notes.errors = [*form.notes.errors, *refused.problems.values()]
        return _variation_page_again(case, VariationAgreementForm(formdata=None), form)
    if commit_or_stale():
        flash("Recorded that the offender did not agree: the original condition stands. Record the breach again "
              "and choose what should happen now.", "success")
    return _to_section(reference)


@bp.route("/cases/<reference>/compliance/variation", methods=["GET", "POST"])
@roles_required(*COMPLIANCE_ROLES)
def variation_agreement(reference: str):
    """The offender's agreement to varied conditions: who took it, when and where, and the signed document."""
    case, found, variation = _waiting_variation(reference)
    form = VariationAgreementForm()
    if request.method == "GET":
        _consulted(case, f"Opened the agreement record for variation {variation.id}")
        return _variation_page(case, found, variation, form)
    if not form.validate_on_submit():
        return _variation_page(case, found, variation, form, 422)
    upload = form.signed_document.data
    try:
        variations.record_agreement(
            case, variation, taken_by_name=form.taken_by_name.data or "", taken_by_rank=form.taken_by_rank.data or "",
            offender_agreed=form.offender_agreed.data, agreed_at=form.agreed_at(), place=form.place.data or "",
            signed_document=upload.read() if upload else None, signed_file_name=getattr(upload, "filename", "") or "",
            user=current_user)
    except variations.VariationRefused as refused:
        db.session.rollback()
        for name, message in refused.problems.items():
            target = {"agreed_at": form.agreed_on}.get(name) or getattr(form, name, None)
            (target.errors.append(message) if target is not None else form.form_errors.append(message))
        return _variation_page_again(case, form)
    if commit_or_stale():
        flash("The offender's agreement is recorded: the varied condition has started", "success")
    return _to_section(reference)


@bp.post("/cases/<reference>/compliance/breach/witness")
@roles_required(*COMPLIANCE_ROLES)
def add_witness(reference: str):
    case, found = _case_and_breach(reference)
    form = WitnessForm()
    if not form.validate_on_submit():
        return _breach_page(case, found, 422, witness_form=form)
    evidence_service.add_witness(case, found, full_name=form.full_name.data, address=form.address.data or "",
                                 phone=form.phone.data or "", email=form.email.data or "", user=current_user)
    db.session.commit()
    if found.evidence:
        return _propose_redactions(case, _breach(case), "Witness added: redactions are being proposed again to include "
                                   "them", "witnesses")
    flash("Witness added", "success")
    return _to_breach(reference, found.id, "witnesses")


# --------------------------------------------------------------------------- evidence and redaction


@bp.post("/cases/<reference>/compliance/evidence")
@roles_required(*COMPLIANCE_ROLES)
def upload_evidence(reference: str):
    case, found = _case_and_breach(reference)
    if found.status == "rejected":
        abort(404)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            evidence_service.add_evidence(case, found, filename=upload.filename or "", title=form.title.data,
                                          data=upload.read(), user=current_user)
        except evidence_service.EvidenceError as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
            return _propose_redactions(case, _breach(case), f"{form.title.data.strip()} uploaded: redactions are being "
                                       "proposed", "evidence")
    return _breach_page(case, _breach(case), 422, evidence_form=form)


@bp.post("/cases/<reference>/compliance/evidence/propose")
@roles_required(*COMPLIANCE_ROLES)
def propose_again(reference: str):
    case, found = _case_and_breach(reference)
    if ActionForm().validate_on_submit() and found.evidence:
        return _propose_redactions(case, found, "Redactions are being proposed", "evidence")
    return _to_breach(reference, found.id, "evidence")


@bp.get("/cases/<reference>/compliance/redactions")
@roles_required(*COMPLIANCE_ROLES)
def redactions(reference: str):
    case, found = _case_and_breach(reference)
    reviews = evidence_service.review(case, found)
    shown = review_page.paginate(reviews, evidence_service.people(reviews), page_arg())
    _consulted(case, f"Reviewed proposed redactions for breach {found.id} (page {shown.number} of {shown.pages}: "
                     f"items {shown.first} to {shown.last} of {shown.total})", "evidence")
    return _redactions_page(case, found, reviews)


def _redactions_page(case, found, reviews, *, add_form=None, add_for=None, person_form=None, person_for=None):
    """The review page, in pages: people named in the evidence first, then each document's other proposals."""
    people = evidence_service.people(reviews)
    shown = review_page.paginate(reviews, people, page_arg(), showing=person_for)
    return render_template("compliance/redactions.html", case=case, breach=found, reviews=reviews,
                           people=people, shown=shown, presenters=presenters,
                           action_form=ActionForm(formdata=None), add_form=add_form or AddValueForm(formdata=None),
                           add_for=add_for, blank_add_form=AddValueForm(formdata=None),
                           person_form=person_form, person_for=person_for,
                           blank_person_form=PersonDecisionForm(formdata=None), title=_title(case, "Review redactions"),
                           proposals_job=evidence_service.latest_job(case, "redaction_proposals"))


@bp.post("/cases/<reference>/compliance/redactions/person")
@roles_required(*COMPLIANCE_ROLES)
def decide_person(reference: str):
    """One decision for a person across every document: removed everywhere, or kept with a reason."""
    case, found = _case_and_breach(reference)
    form = PersonDecisionForm()
    decision = {"remove": "accepted", "keep": "rejected"}.get(request.form.get("decision", ""))
    form.validate_on_submit()
    if decision is None or request.method != "POST" or set(form.errors) - {"reason"}:
        abort(400)
    reviews = evidence_service.review(case, found)
    error = form.reason.errors[0] if form.reason.errors else None
    if error is None:
        try:
            person = evidence_service.decide_person(case, reviews, form.person.data, decision, form.reason.data,
                                                    current_user)
        except LookupError:
            abort(404)
        except evidence_service.EvidenceError as exc:
            db.session.rollback()
            error = str(exc)
            reviews = evidence_service.review(case, found)
    if error:
        form.reason.errors = [error]
        person = next((p for p in evidence_service.people(reviews) if p.key == form.person.data), None)
        if person is None:
            abort(404)
        if htmx:  # 200 so that htmx swaps the card in, with its error message
            return render_template("compliance/_person_row.html", case=case, breach=found, person=person,
                                   person_form=form, person_for=person.key, presenters=presenters)
        return _redactions_page(case, found, reviews, person_form=form, person_for=person.key), 422
    db.session.commit()
    if htmx:
        return render_template("compliance/_person_decided.html", case=case, breach=found, person=person,
                               person_form=None, person_for=None, blank_person_form=PersonDecisionForm(formdata=None),
                               presenters=presenters, shown=_review_counts(case, found))
    if request.form.get("back") == "bundle":  # the one-step removal offered where the bundle was refused
        return _to_breach(reference, found.id, "bundle")
    return redirect(url_for("compliance.redactions", reference=reference, breach=found.id, _anchor=person.anchor))


def _review_counts(case, found) -> review_page.ReviewPage:
    """The review page's counts after a decision, for the reply that updates them out of band."""
    reviews = evidence_service.review(case, found)
    return review_page.paginate(reviews, evidence_service.people(reviews))


def _proposal(evidence) -> object:
    wanted = request.values.get("proposal", "")
    proposal = next((p for p in evidence_service.load_proposals(evidence) if p.id == wanted), None)
    if proposal is None:
        abort(404)
    return proposal


@bp.post("/cases/<reference>/compliance/redactions/decide")
@roles_required(*COMPLIANCE_ROLES)
def decide_redaction(reference: str):
    """One proposal accepted (removed) or rejected (kept). For HTMX, only the row comes back."""
    case = load_case(reference, *CASE_PAGE)
    evidence = _evidence(case)
    proposal = _proposal(evidence)
    form = ActionForm()
    decision = {"remove": "accepted", "keep": "rejected"}.get(request.form.get("decision", ""))
    if not form.validate_on_submit() or decision is None:
        abort(400)
    row = evidence_service.decide(case, evidence, proposal, decision, current_user)
    db.session.commit()
    if htmx:
        return render_template("compliance/_proposal_decided.html", case=case, evidence=evidence, proposal=proposal,
                               decided=row, presenters=presenters, action_form=ActionForm(formdata=None),
                               shown=_review_counts(case, evidence.breach))
    return _to_review(reference, evidence, f"proposal-{evidence.id}-{proposal.id}")


@bp.post("/cases/<reference>/compliance/redactions/accept-all")
@roles_required(*COMPLIANCE_ROLES)
def accept_all(reference: str):
    case = load_case(reference, *CASE_PAGE)
    evidence = _evidence(case)
    if ActionForm().validate_on_submit():
        count = evidence_service.accept_remaining(case, evidence, current_user)
        db.session.commit()
        flash(f"{evidence.title}: {counted(count, 'remaining proposal')} accepted", "success")
    return redirect(url_for("compliance.redactions", reference=reference, breach=evidence.breach_id,
                            _anchor=f"evidence-{evidence.id}"))


@bp.post("/cases/<reference>/compliance/redactions/add")
@roles_required(*COMPLIANCE_ROLES)
def add_value(reference: str):
    case = load_case(reference, *CASE_PAGE)
    evidence = _evidence(case)
    form = AddValueForm()
    if form.validate_on_submit():
        try:
            row = evidence_service.add_value(case, evidence.breach, evidence, form.value.data, current_user)
        except evidence_service.EvidenceError as exc:
            db.session.rollback()
            form.value.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"{evidence.title}: the value will be removed from every document ({row.location})", "success")
            return _to_review(reference, evidence, f"evidence-{evidence.id}")
    found = _breach(case) if request.values.get("breach") else evidence.breach
    return _redactions_page(case, found, evidence_service.review(case, found), add_form=form, add_for=evidence.id), 422


@bp.post("/cases/<reference>/compliance/bundle")
@roles_required(*COMPLIANCE_ROLES)
def build_bundle(reference: str):
    case, found = _case_and_breach(reference)
    if not ActionForm().validate_on_submit():
        abort(400)
    blockers = evidence_service.not_ready(case, found, evidence_service.review(case, found))
    if blockers:
        flash("The bundle cannot be built yet: " + "; ".join(str(b) for b in blockers))
        return _to_breach(reference, found.id, "bundle")
    made = evidence_service.start_bundle(case, found, current_user)
    db.session.expire_all()
    made = db.session.get(EvidenceBundle, made.id)
    flash("Evidence bundle: " + made.status_label.lower(), "success" if made.status != "refused" else None)
    return _to_breach(reference, found.id, "bundle")


@bp.route("/cases/<reference>/compliance/bundle/download", methods=["GET", "POST"])
@roles_required(*COMPLIANCE_ROLES)
def download_bundle(reference: str):
    case = load_case(reference, *CASE_PAGE)
    bundle = db.session.get(EvidenceBundle, _int_arg("bundle"))
    extension = request.args.get("format", "docx")
    if not evidence_service.downloadable(bundle, case, extension):
        abort(404)
    form = BundleDownloadForm()
    problem = None
    if request.method == "GET":
        _consulted(case, f"Opened the download page for evidence bundle {bundle.id}")
    if form.validate_on_submit():
        try:
            data = evidence_service.disclose_bundle(case, bundle, extension, recipient=form.recipient.data,
                                                    purpose=form.purpose.data, user=current_user)
        except StoredFileProblem as exc:
            problem = str(exc)
        else:
            db.session.commit()
            return send_file(io.BytesIO(data), mimetype=evidence_service.BUNDLE_FORMATS[extension], as_attachment=True,
                             max_age=0, download_name=f"{case.reference}-evidence-bundle-{bundle.id}.{extension}")
    return render_template("compliance/download.html", case=case, bundle=bundle, form=form, extension=extension,
                           problem=problem, title=_title(case, "Download the evidence bundle")), (
        409 if problem else 422 if form.errors else 200)


@bp.get("/cases/<reference>/compliance/progress")
@roles_required(*COMPLIANCE_ROLES)
def job_progress(reference: str):
    case = load_case(reference, *CASE_PAGE)
    job = db.session.get(BackgroundJob, request.args.get("job", "")[:32])
    if job is None or job.case_id != case.id or job.kind not in ("redaction_proposals", "evidence_bundle"):
        abort(404)
    context = dict(case=case, job=job, state=presenters.job_state(job))
    if htmx:
        response = make_response(render_template("compliance/_job_progress.html", **context))
        if job.finished:  # the page around the progress bar (evidence, bundles) is out of date: reload it
            response.headers["HX-Refresh"] = "true"
        return response
    return render_template("compliance/job.html", title=job.title, **context)


# --------------------------------------------------------------------------- tasks and attendance


@bp.get("/compliance")
@roles_required(*COMPLIANCE_ROLES)
def index():
    tasks = breaches.open_tasks(case_scope(), 200)
    page = render_template("compliance/index.html", tasks=tasks, open_rows=attendance.open_rows(),
                           uploads=attendance.recent_uploads(10), awaiting=breaches.awaiting_decision(case_scope()),
                           today=date.today(), presenters=presenters, task_form=TaskDoneForm(), title="Compliance",
                           **_sweep_section())
    return consulted(page, "case_list", "", f"Compliance tasks ({len(tasks)} shown)")


@bp.post("/compliance/tasks/done")
@roles_required(*COMPLIANCE_ROLES)
def task_done():
    form = TaskDoneForm()
    task = db.session.get(ComplianceTask, parse_id(form.task.data) or 0)
    if task is None or not form.validate_on_submit():
        abort(404)
    ensure_visible(task.case)
    breaches.task_done(task, current_user)
    db.session.commit()
    flash("Task marked as done", "success")
    if request.args.get("from") == "case":
        return _to_section(task.case.reference, "tasks")
    return redirect(url_for("compliance.index"))


@bp.route("/compliance/attendance", methods=["GET", "POST"])
@roles_required(*COMPLIANCE_ROLES)
def attendance_upload():
    form = AttendanceUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            outcome = attendance.apply_file(upload.filename or "", data, current_user, form.provider.data or "")
        except AttendanceFileError as exc:
            db.session.rollback()
            problems = [str(p) for p in exc.problems[:20]]
            if len(exc.problems) > 20:
                problems.append(f"… and {len(exc.problems) - 20} more problems")
            form.file.errors.append("The file could not be used: nothing was recorded. Correct it and upload it again")
        else:
            if outcome.duplicate_of is not None:
                db.session.commit()
                flash(f"This file was already uploaded on {long_date(outcome.duplicate_of.uploaded_at)}: nothing "
                      "was recorded again")
                return redirect(url_for("compliance.attendance_summary", upload=outcome.duplicate_of.id))
            try:
                db.session.commit()
            except IntegrityError:  # the same file, uploaded at the same moment by someone else
                db.session.rollback()
                flash("This file was uploaded by someone else at the same moment: nothing was recorded again")
                return redirect(url_for("compliance.attendance_upload"))
            flash(f"{counted(outcome.applied, 'attendance record')} added, {outcome.already} already recorded, "
                  f"{counted(outcome.mismatched, 'row')} to check", "success")
            return redirect(url_for("compliance.attendance_summary", upload=outcome.upload.id))
    uploads = attendance.recent_uploads(20)
    log_reading("attendance_upload", "", f"Attendance uploads list ({len(uploads)} shown)")
    return render_template("compliance/attendance.html", form=form, problems=problems, uploads=uploads,
                           presenters=presenters, title="Upload attendance"), 422 if form.errors else 200


def _mismatch_choices(mismatch: AttendanceMismatch, reference: str = "") -> list[tuple[str, str]]:
    return presenters.condition_choices(attendance.choices_for(mismatch, reference, case_scope()))


def _summary_page(upload: AttendanceUpload, status: int = 200, forms: dict | None = None):
    forms = forms or {}
    mismatch_forms = {}
    for mismatch in upload.mismatches:
        if mismatch.status != "open":
            continue
        form = forms.get(mismatch.id) or ResolveForm(formdata=None)
        if not form.condition.choices:
            form.condition.choices = _mismatch_choices(mismatch)
        mismatch_forms[mismatch.id] = form
    return render_template("compliance/attendance_summary.html", upload=upload, mismatch_forms=mismatch_forms,
                           presenters=presenters, title=f"Attendance file {upload.file_name}"), status


@bp.get("/compliance/attendance/upload")
@roles_required(*COMPLIANCE_ROLES)
def attendance_summary():
    upload = db.session.get(AttendanceUpload, _int_arg("upload"))
    if upload is None:
        abort(404)
    log_reading("attendance_upload", upload.id, "Viewed an attendance upload and its rows to check")
    return _summary_page(upload)


@bp.post("/compliance/attendance/resolve")
@roles_required(*COMPLIANCE_ROLES)
def resolve_mismatch():
    mismatch = db.session.get(AttendanceMismatch, _int_arg("mismatch"))
    if mismatch is None:
        abort(404)
    upload = mismatch.upload
    if mismatch.status != "open":
        flash(f"Row {mismatch.row_number} was already dealt with")
        return redirect(url_for("compliance.attendance_summary", upload=upload.id))
    form = ResolveForm()
    reference = (form.reference.data or "").strip().upper()
    form.condition.choices = _mismatch_choices(mismatch, reference)
    if not form.validate_on_submit():
        return _summary_page(upload, 422, {mismatch.id: form})
    if form.dismiss.data:
        if not (form.note.data or "").strip():
            form.note.errors.append("Enter why the row is dismissed")
            return _summary_page(upload, 422, {mismatch.id: form})
        message = attendance.resolve(mismatch, None, form.note.data, current_user)
    else:
        chosen = next((c for c in form.condition.choices if c[0] == form.condition.data), None)
        if chosen is None:
            if reference and form.condition.choices:
                form.condition.errors.append("Select the condition on that case")
            elif reference:
                form.reference.errors.append(f"No course or attendance condition on case {reference}")
            else:
                form.condition.errors.append("Select the condition, or find the case by its reference")
            return _summary_page(upload, 422, {mismatch.id: form})
        condition = db.session.get(Condition, int(chosen[0]))
        message = attendance.resolve(mismatch, condition, form.note.data or "Matched by a person", current_user)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("compliance.attendance_summary", upload=upload.id, _anchor="rows"))


# --------------------------------------------------------------------------- the daily sweep


def _sweep_section(job_id: str | None = None):
    """Everyone on the compliance page sees when the sweep last ran; a supervisor can run it now."""
    job = db.session.get(BackgroundJob, job_id[:32]) if job_id else None
    if job is not None and job.kind != "compliance_sweep":
        abort(404)
    job = job or (db.session.get(BackgroundJob, sweeps.running_job_id()) if sweeps.running_job_id() else None)
    return dict(sweep_job=job, sweep_state=presenters.job_state(job) if job else None,
                last_sweep=next(iter(sweeps.last_runs()), None), sweep_form=ActionForm(formdata=None))


@bp.get("/compliance/sweep")
@roles_required(*COMPLIANCE_ROLES)
def sweep():
    context = _sweep_section(request.args.get("job"))
    if htmx:
        return render_template("compliance/_sweep.html", **context)
    return render_template("compliance/sweep.html", title="Daily compliance sweep", **context)


@bp.post("/compliance/sweep/run")
@roles_required(*SUPERVISORS)
def run_sweep_now():
    if not ActionForm().validate_on_submit():
        abort(400)
    job = sweeps.start_by_hand(current_user, date.today())
    return redirect(url_for("compliance.sweep", job=job.id))
