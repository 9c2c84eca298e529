"""Case documents, their progress and downloads; batches; template versions for administrators.

Identifiers other than the case reference travel as query parameters (?document=, ?job=, ?kind=),
so every URL can be built from a case reference alone (tests/web/test_access.py walks them all).
"""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from documents.catalogue import KINDS, get_kind
from documents.context import UK_TIME, build_context, example_parts
from documents.convert import pdf_available
from documents.render import RenderError, render
from jobs.tasks import batches as batch_tasks
from jobs.tasks import documents as document_tasks
from webapp.audit import log as audit
from webapp.documents import presenters
from webapp.documents.forms import (
    ActivateForm,
    BatchForm,
    DocumentRequestForm,
    DownloadForm,
    RetryForm,
    TemplateUploadForm,
)
from webapp.domain.document_options import Option
from webapp.extensions import db, htmx
from webapp.jinja_helpers import add_case_tab
from webapp.models import BackgroundJob, Case, DocumentTemplate, GeneratedDocument, User
from webapp.security import ADMINS, CASE_STAFF, roles_required
from webapp.services import document_parts, generated_documents, template_versions
from webapp.services import storage as store
from webapp.views import ensure_visible, int_arg as _int_arg, load_case, log_reading, parse_id, visible

bp = Blueprint("documents", __name__)
add_case_tab("documents", "Documents", "documents.case_documents")

DOCUMENT_ROLES = CASE_STAFF
CLINIC_BATCH_ROLES = ("clerk", "caseworker", "supervisor")
CLINIC_WORKER_ROLES = ("caseworker", "supervisor")
# What the documents pages read of a case: the header, and what decides which documents it may have.
CASE_OPTIONS = (joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
                selectinload(Case.victims), selectinload(Case.decisions))


def _today() -> date:
    return datetime.now(UK_TIME).date()


def _document(case: Case) -> GeneratedDocument:
    doc = db.session.get(GeneratedDocument, _int_arg("document"))
    if doc is None or doc.case_id != case.id:
        abort(404)
    if not presenters.may_have(current_user.role, doc.kind):
        abort(403)
    return doc


def _job() -> BackgroundJob:
    job = db.session.get(BackgroundJob, request.values.get("job", "")[:32])
    if job is None:
        abort(404)
    if job.case_id is not None:
        ensure_visible(db.session.get(Case, job.case_id))
    if job.kind == "batch":
        if job.created_by_id != current_user.id and current_user.role != "supervisor":
            abort(403)
        if job.created_by_id != current_user.id and not visible().allows(
                getattr(db.session.get(User, job.created_by_id or 0), "area_id", None)):
            abort(404)  # a supervisor sees the batches of staff in the areas they see
    else:
        docs = generated_documents.documents_for_job(job.id)
        for doc in docs:
            ensure_visible(doc.case)
        if any(not presenters.may_have(current_user.role, d.kind) for d in docs):
            abort(403)
    return job


def _download_response(form: DownloadForm, read: Callable[[], bytes], disclose: Callable[[], None],
                       **file) -> tuple[object, str | None]:
    """On a valid download form: the file, once `read` has checked it and `disclose` logged who gets
    it; otherwise no file, and the reason a stored file was refused (if it was)."""
    if not form.validate_on_submit():
        return None, None
    try:
        data = read()
    except store.StoredFileProblem as exc:
        current_app.logger.warning("refused a download: %s", exc)
        return None, str(exc)
    disclose()
    db.session.commit()
    return send_file(io.BytesIO(data), as_attachment=True, max_age=0, **file), None


def _download_status(form: DownloadForm, problem: str | None) -> int:
    return 409 if problem else 422 if form.errors else 200


# --------------------------------------------------------------------------- case documents


def _request_form(options: list[Option]) -> DocumentRequestForm:
    form = DocumentRequestForm()
    form.option.choices = [(o.value, o.label) for o in options]
    return form


def _case_page(case: Case, form: DocumentRequestForm, available, unavailable, status: int = 200):
    docs = [d for d in generated_documents.case_documents(case) if presenters.may_have(current_user.role, d.kind)]
    return render_template("documents/case_documents.html", case=case, form=form, docs=docs,
                           available=available, unavailable=unavailable, presenters=presenters,
                           describe_subject=document_parts.describe_subject, retry_form=RetryForm(),
                           pdf_available=pdf_available(), title=f"Documents – {case.reference}"), status


def _options(case: Case) -> tuple[list[Option], list[Option]]:
    return presenters.options_for(current_user.role, generated_documents.document_options(case))


@bp.get("/cases/<reference>/documents")
@roles_required(*DOCUMENT_ROLES)
def case_documents(reference: str):
    case = load_case(reference, *CASE_OPTIONS)
    available, unavailable = _options(case)
    log_reading("case", case.reference, "Viewed the case's documents")
    return _case_page(case, _request_form(available), available, unavailable)


@bp.post("/cases/<reference>/documents")
@roles_required(*DOCUMENT_ROLES)
def request_document(reference: str):
    case = load_case(reference, *CASE_OPTIONS)
    available, unavailable = _options(case)
    form = _request_form(available)
    if not form.validate_on_submit():
        asked = request.form.get("option", "").partition("|")[0]
        if asked in KINDS and not presenters.may_have(current_user.role, asked):
            abort(403)
        if form.option.errors and asked:
            form.option.errors = ["That document is not available for this case: choose one from the list"]
        return _case_page(case, form, available, unavailable, 422)
    kind, _, subject = form.option.data.partition("|")
    option = next(o for o in available if o.value == form.option.data)
    job, doc = document_tasks.request_document(case=case, kind=kind, subject=subject, user=current_user,
                                               want_pdf=bool(form.pdf.data) and pdf_available())
    flash(f"{option.label}: version {doc.version} is being made", "success")
    return redirect(url_for("documents.case_documents", reference=case.reference, _anchor=f"document-{doc.id}"))


@bp.route("/cases/<reference>/documents/download", methods=["GET", "POST"])
@roles_required(*DOCUMENT_ROLES)
def download(reference: str):
    case = load_case(reference, *CASE_OPTIONS)
    doc = _document(case)
    extension = request.args.get("format", "docx")
    path, digest = (doc.docx_path, doc.docx_sha256) if extension == "docx" else (doc.pdf_path, doc.pdf_sha256)
    if extension not in ("docx", "pdf") or doc.status != "done" or not path:
        abort(404)
    what = f"{doc.kind} version {doc.version} (document {doc.id}, {extension}"
    if request.method == "GET":  # the page names the case and the document: a consultation
        log_reading("document", case.reference, f"Opened the download page for {what})")
    form = DownloadForm()
    sent, problem = _download_response(
        form, lambda: store.read_verified(path, digest, what="This document"),
        lambda: audit.record("disclose", "document", case.reference, f"Downloaded {what}, SHA-256 {digest})",
                             justification=form.purpose_text, recipient=form.recipient_text),
        mimetype=presenters.MIME[extension], download_name=presenters.download_name(doc, extension))
    return sent or (render_template("documents/download.html", case=case, doc=doc, extension=extension, form=form,
                                    problem=problem, presenters=presenters,
                                    describe_subject=document_parts.describe_subject,
                                    title=f"Download {presenters.kind_title(doc.kind)}"),
                    _download_status(form, problem))


# --------------------------------------------------------------------------- progress and retry


@bp.get("/documents/progress")
@roles_required(*DOCUMENT_ROLES)
def job_progress():
    job = _job()
    docs = generated_documents.documents_for_job(job.id) if job.kind == "document" else []
    doc = docs[0] if docs else None
    context = dict(job=job, state=presenters.job_state(job), doc=doc, presenters=presenters,
                   retry_form=RetryForm(job=job.id))
    if htmx:  # the page's own polling: its consultation was logged when it opened
        return render_template("documents/_job_progress.html", oob=doc is not None, **context)
    log_reading("document", document_tasks.record_id(doc) if doc else job.id,
                f"Viewed the progress of job {job.id} ({job.title})")
    back = (url_for("documents.case_documents", reference=doc.case.reference) if doc and doc.case
            else url_for("documents.batches"))
    return render_template("documents/job.html", back=back, title=job.title, **context)


@bp.post("/documents/retry")
@roles_required(*DOCUMENT_ROLES)
def retry():
    form = RetryForm()
    job = _job()
    docs = generated_documents.documents_for_job(job.id) if job.kind == "document" else []
    if form.validate_on_submit() and presenters.job_state(job)["can_retry"] and (docs or job.kind == "batch"):
        generated_documents.queue_again(job)
        flash(f"{job.title}: trying again", "success")
    if docs and docs[0].case is not None:
        return redirect(url_for("documents.case_documents", reference=docs[0].case.reference,
                                _anchor=f"document-{docs[0].id}"))
    return redirect(url_for("documents.batches", job=job.id))


# --------------------------------------------------------------------------- batches


def _batch_form() -> BatchForm:
    form = BatchForm()
    choices = [("victim_updates", "Letters for victim updates due today or overdue")]
    if current_user.role in CLINIC_BATCH_ROLES:
        choices.append(("clinic", "Today's clinic: the day list and the notice for each appointment"))
    form.batch.choices = choices
    workers = db.session.scalars(select(User).where(User.role.in_(CLINIC_WORKER_ROLES), User.active.is_(True))
                                 .order_by(User.full_name)).all()
    if current_user.role == "caseworker":
        workers = [w for w in workers if w.id == current_user.id]
    form.caseworker_id.choices = [(w.id, w.full_name) for w in workers]
    if request.method == "GET" and current_user.role in CLINIC_WORKER_ROLES:
        form.caseworker_id.data = current_user.id
    return form


def _batch_plan(form: BatchForm) -> tuple[batch_tasks.Plan | None, str]:
    """The batch the form asks for, and what to say if it is empty; no plan if the form is wrong."""
    if form.batch.data == "clinic":
        worker = db.session.get(User, form.caseworker_id.data or 0)
        if worker is None or worker.id not in dict(form.caseworker_id.choices):
            form.caseworker_id.errors.append("Select whose clinic it is")
            return None, ""
        return batch_tasks.plan_clinic(_today(), worker), f"{worker.full_name} has no clinic appointments today."
    seen = visible()  # only the letters of cases in the areas this user sees
    plan = batch_tasks.plan_victim_updates(_today(), None if seen.every_area else seen.area_ids)
    return plan, "No victim updates with a letter are due today."


def _flash_skipped(plan: batch_tasks.Plan) -> None:
    for line in plan.skipped[:20]:
        flash(f"Not included: {line}")
    if len(plan.skipped) > 20:
        flash(f"…and {len(plan.skipped) - 20} more not included.")


@bp.route("/documents/batches", methods=["GET", "POST"])
@roles_required(*DOCUMENT_ROLES)
def batches():
    form = _batch_form()
    plan, empty = _batch_plan(form) if form.validate_on_submit() else (None, "")
    if plan is None:
        seen = visible()
        jobs = generated_documents.recent_batches(
            made_by=None if current_user.role == "supervisor" else current_user,
            areas=None if seen.every_area else seen.area_ids)
        log_reading("case_list", "", f"Batch documents page ({len(jobs)} batches shown)")
        return render_template("documents/batches.html", form=form, jobs=jobs, presenters=presenters,
                               retry_form=RetryForm(), highlight=request.args.get("job"),
                               pdf_available=pdf_available(), today=_today(), title="Batch documents"), (
            422 if form.errors else 200)
    plan.items = [i for i in plan.items if presenters.may_have(current_user.role, i[1])]
    _flash_skipped(plan)
    if not plan.items:
        flash(empty)
        return redirect(url_for("documents.batches"))
    job = batch_tasks.start_batch(plan, user=current_user, want_pdf=bool(form.pdf.data) and pdf_available())
    log_reading("case_list", "", f"Started batch {job.id}: {job.title}")
    flash(f"{job.title}: being made", "success")
    return redirect(url_for("documents.batches", job=job.id))


@bp.route("/documents/batches/download", methods=["GET", "POST"])
@roles_required(*DOCUMENT_ROLES)
def batch_download():
    job = _job()
    if job.kind != "batch" or job.status != "done":
        abort(404)
    docs = generated_documents.documents_for_job(job.id)
    form = DownloadForm()

    def disclose() -> None:
        for doc in (d for d in docs if d.status == "done"):
            audit.record("disclose", "document", document_tasks.record_id(doc),
                         f"Downloaded {doc.kind} version {doc.version} (document {doc.id}) in the zip "
                         f"of batch {job.id}", justification=form.purpose_text, recipient=form.recipient_text)

    sent, problem = _download_response(form, lambda: batch_tasks.verify_zip(job), disclose,
                                       mimetype=presenters.MIME["zip"],
                                       download_name=f"oocr-batch-{job.created_at:%Y-%m-%d}-{job.id[:8]}.zip")
    return sent or (render_template("documents/batch_download.html", job=job, docs=docs, form=form,
                                    problem=problem, presenters=presenters, title="Download the batch"),
                    _download_status(form, problem))


# --------------------------------------------------------------------------- template versions


def _upload_form() -> TemplateUploadForm:
    form = TemplateUploadForm()
    form.kind.choices = [(name, f"{spec.title} ({name})") for name, spec in KINDS.items()]
    return form


def _uploaded(form: TemplateUploadForm) -> tuple[DocumentTemplate | None, list[str]]:
    """The version made from a valid upload, or none and why the template was rejected."""
    if not form.validate_on_submit():
        return None, []
    try:
        return template_versions.add_version(form.kind.data, form.file.data.read(), user=current_user,
                                             notes=form.notes.data or ""), []
    except template_versions.TemplateRejected as exc:
        form.file.errors = list(exc.problems)
        return None, exc.problems


@bp.route("/admin/templates", methods=["GET", "POST"])
@roles_required(*ADMINS)
def templates():
    form = _upload_form()
    row, problems = _uploaded(form)
    if row is None:
        grouped, users, counts = template_versions.overview()
        return render_template("documents/templates.html", form=form, grouped=grouped, kinds=KINDS, users=users,
                               counts=counts, problems=problems, activate_form=ActivateForm(), presenters=presenters,
                               title="Document templates"), 422 if form.errors else 200
    flash(f"{get_kind(row.kind).title}: version {row.version} uploaded and in use", "success")
    return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))


def _back_to_templates(kind: str, message: str):
    flash(message)
    return redirect(url_for("documents.templates", _anchor=f"kind-{kind}"))


@bp.post("/admin/templates/activate")
@roles_required(*ADMINS)
def activate_template():
    form = ActivateForm()
    version = parse_id(form.version.data)
    if not form.validate_on_submit() or form.kind.data not in KINDS or version is None:
        abort(400)
    try:
        row = template_versions.activate(form.kind.data, version, user=current_user)
    except LookupError:
        abort(404)
    except store.StoredFileProblem as exc:
        return _back_to_templates(form.kind.data, str(exc))
    flash(f"{get_kind(row.kind).title}: version {row.version} is now in use", "success")
    return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))


def _template_file() -> tuple[DocumentTemplate, bytes]:
    """The version asked for and its checked bytes; back to the templates page if the file has changed."""
    kind = request.args.get("kind", "")
    if kind not in KINDS:
        abort(404)
    template_versions.active_template(kind)
    row = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                           DocumentTemplate.version == _int_arg("version")))
    if row is None:
        abort(404)
    try:
        return row, template_versions.template_bytes(row)
    except store.StoredFileProblem as exc:
        abort(_back_to_templates(kind, str(exc)))


def _send_docx(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=presenters.MIME["docx"], as_attachment=True, download_name=name,
                     max_age=0)


@bp.get("/admin/templates/file")
@roles_required(*ADMINS)
def template_file():
    """A template version as stored, to edit in Word and upload as the next version."""
    row, data = _template_file()
    return _send_docx(data, f"{row.kind}-template-v{row.version}.docx")


@bp.get("/admin/templates/preview")
@roles_required(*ADMINS)
def template_preview():
    """A version filled in with fictional data (documents.context.example_parts): no real person's data."""
    row, data = _template_file()
    context = build_context(row.kind, marking=current_app.config["PROTECTIVE_MARKING"], **example_parts(row.kind))
    try:
        filled = render(row.kind, context, template_bytes=data)
    except RenderError as exc:
        return _back_to_templates(row.kind, f"Version {row.version} cannot be previewed: {exc}")
    return _send_docx(filled, f"{row.kind}-v{row.version}-example.docx")
