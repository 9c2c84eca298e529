"""Case documents, their progress and downloads; batches; template versions for administrators.

Identifiers other than the case reference travel as query parameters (?document=, ?job=, ?kind=),
so every URL can be built from a case reference alone (tests/web/test_access.py walks them all).
"""
from __future__ import annotations

import io
from datetime import date, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from documents.catalogue import KINDS, get_kind
from documents.context import UK_TIME, build_context, example_parts
from documents.convert import pdf_available
from documents.render import RenderError, render
from jobs.queue import enqueue
from jobs.tasks import batches as batch_tasks
from jobs.tasks import documents as document_tasks
from webapp.audit import log as audit
from webapp.documents import presenters, sources, store, versions
from webapp.documents.forms import (
    ActivateForm,
    BatchForm,
    DocumentRequestForm,
    DownloadForm,
    RetryForm,
    TemplateUploadForm,
)
from webapp.extensions import db
from webapp.jinja_helpers import add_case_tab
from webapp.models import BackgroundJob, Case, DocumentTemplate, GeneratedDocument, User
from webapp.security import ADMINS, CASE_STAFF, roles_required
from webapp.views import case_scope, ensure_visible, int_arg as _int_arg, load_case, parse_id, visible

bp = Blueprint("documents", __name__)
add_case_tab("documents", "Documents", "documents.case_documents")

DOCUMENT_ROLES = CASE_STAFF
CLINIC_BATCH_ROLES = ("clerk", "caseworker", "supervisor")
CLINIC_WORKER_ROLES = ("caseworker", "supervisor")


def _today() -> date:
    return datetime.now(UK_TIME).date()


def _load_case(reference: str) -> Case:
    return load_case(reference, joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
                     selectinload(Case.victims), selectinload(Case.decisions))


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
        docs = document_tasks.documents_for_job(job.id)
        for doc in docs:
            ensure_visible(doc.case)
        if any(not presenters.may_have(current_user.role, d.kind) for d in docs):
            abort(403)
    return job


# --------------------------------------------------------------------------- case documents


def _request_form(options: list[sources.Option]) -> DocumentRequestForm:
    form = DocumentRequestForm()
    form.option.choices = [(o.value, o.label) for o in options]
    return form


def _case_page(case: Case, form: DocumentRequestForm, available, unavailable, status: int = 200):
    docs = db.session.scalars(
        select(GeneratedDocument).where(GeneratedDocument.case_id == case.id)
        .options(joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.job),
                 joinedload(GeneratedDocument.template))
        .order_by(GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc())).all()
    docs = [d for d in docs if presenters.may_have(current_user.role, d.kind)]
    return render_template("documents/case_documents.html", case=case, form=form, docs=docs,
                           available=available, unavailable=unavailable, presenters=presenters,
                           sources=sources, retry_form=RetryForm(), pdf_available=pdf_available(),
                           title=f"Documents – {case.reference}"), status


@bp.get("/cases/<reference>/documents")
@roles_required(*DOCUMENT_ROLES)
def case_documents(reference: str):
    case = _load_case(reference)
    available, unavailable = presenters.options_for(current_user.role, sources.document_options(case))
    audit.record("consult", "case", case.reference, "Viewed the case's documents")
    db.session.commit()
    return _case_page(case, _request_form(available), available, unavailable)


@bp.post("/cases/<reference>/documents")
@roles_required(*DOCUMENT_ROLES)
def request_document(reference: str):
    case = _load_case(reference)
    available, unavailable = presenters.options_for(current_user.role, sources.document_options(case))
    form = _request_form(available)
    if not form.validate_on_submit():
        if request.form.get("option", "").partition("|")[0] in KINDS and not presenters.may_have(
                current_user.role, request.form["option"].partition("|")[0]):
            abort(403)
        if form.option.errors and request.form.get("option"):
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
    case = _load_case(reference)
    doc = _document(case)
    extension = request.args.get("format", "docx")
    if extension not in ("docx", "pdf"):
        abort(404)
    path, digest = (doc.docx_path, doc.docx_sha256) if extension == "docx" else (doc.pdf_path, doc.pdf_sha256)
    if doc.status != "done" or not path:
        abort(404)
    form = DownloadForm()
    problem = None
    if request.method == "GET":  # the page names the case and the document: a consultation
        audit.record("consult", "document", case.reference,
                     f"Opened the download page for {doc.kind} version {doc.version} (document {doc.id}, {extension})")
        db.session.commit()
    if form.validate_on_submit():
        try:
            data = store.read_verified(path, digest, what="This document")
        except store.StoredFileProblem as exc:
            problem = str(exc)
            current_app.logger.warning("refused download of document %s (%s): %s", doc.id, extension, exc)
        else:
            audit.record("disclose", "document", case.reference,
                         f"Downloaded {doc.kind} version {doc.version} (document {doc.id}, {extension}, "
                         f"SHA-256 {digest})", justification=form.purpose_text, recipient=form.recipient_text)
            db.session.commit()
            return send_file(io.BytesIO(data), mimetype=presenters.MIME[extension], as_attachment=True,
                             download_name=presenters.download_name(doc, extension), max_age=0)
    return render_template("documents/download.html", case=case, doc=doc, extension=extension, form=form,
                           problem=problem, presenters=presenters, sources=sources,
                           title=f"Download {presenters.kind_title(doc.kind)}"), (
        409 if problem else 422 if form.errors else 200)


# --------------------------------------------------------------------------- progress and retry


@bp.get("/documents/progress")
@roles_required(*DOCUMENT_ROLES)
def job_progress():
    job = _job()
    docs = document_tasks.documents_for_job(job.id) if job.kind == "document" else []
    doc = docs[0] if docs else None
    context = dict(job=job, state=presenters.job_state(job), doc=doc, presenters=presenters,
                   retry_form=RetryForm(job=job.id))
    if request.headers.get("HX-Request"):  # the page's own polling: its consultation was logged when it opened
        return render_template("documents/_job_progress.html", oob=doc is not None, **context)
    audit.record("consult", "document", document_tasks.record_id(doc) if doc else job.id,
                 f"Viewed the progress of job {job.id} ({job.title})")
    db.session.commit()
    back = (url_for("documents.case_documents", reference=doc.case.reference) if doc and doc.case
            else url_for("documents.batches"))
    return render_template("documents/job.html", back=back, title=job.title, **context)


@bp.post("/documents/retry")
@roles_required(*DOCUMENT_ROLES)
def retry():
    form = RetryForm()
    job = _job()
    docs = document_tasks.documents_for_job(job.id) if job.kind == "document" else []
    if form.validate_on_submit() and presenters.job_state(job)["can_retry"] and (docs or job.kind == "batch"):
        job.status, job.error, job.progress, job.message = "queued", "", 0, "Queued again"
        if job.kind == "batch":
            db.session.commit()
            enqueue(batch_tasks.TASK, job)
        else:
            doc = docs[0]
            if doc.status != "done":
                doc.status, doc.error = "queued", ""
            db.session.commit()
            enqueue(document_tasks.TASK, job, document_id=doc.id)
        flash(f"{job.title}: trying again", "success")
        docs = document_tasks.documents_for_job(job.id) if job.kind == "document" else []
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


def _batches_page(form: BatchForm, status: int = 200):
    stmt = select(BackgroundJob).where(BackgroundJob.kind == "batch")
    if current_user.role != "supervisor":
        stmt = stmt.where(BackgroundJob.created_by_id == current_user.id)
    else:
        stmt = stmt.where(BackgroundJob.created_by_id.in_(select(User.id).where(case_scope(User.area_id))))
    jobs = db.session.scalars(stmt.order_by(BackgroundJob.created_at.desc()).limit(20)).all()
    audit.record("consult", "case_list", "", f"Batch documents page ({len(jobs)} batches shown)")
    db.session.commit()
    return render_template("documents/batches.html", form=form, jobs=jobs, presenters=presenters,
                           retry_form=RetryForm(), highlight=request.args.get("job"),
                           pdf_available=pdf_available(), today=_today(), title="Batch documents"), status


@bp.get("/documents/batches")
@roles_required(*DOCUMENT_ROLES)
def batches():
    return _batches_page(_batch_form())


@bp.post("/documents/batches")
@roles_required(*DOCUMENT_ROLES)
def start_batch():
    form = _batch_form()
    if not form.validate_on_submit():
        return _batches_page(form, 422)
    day = _today()
    if form.batch.data == "clinic":
        worker = db.session.get(User, form.caseworker_id.data or 0)
        if worker is None or worker.id not in dict(form.caseworker_id.choices):
            form.caseworker_id.errors.append("Select whose clinic it is")
            return _batches_page(form, 422)
        plan = batch_tasks.plan_clinic(day, worker)
        empty = f"{worker.full_name} has no clinic appointments today."
    else:
        seen = visible()  # only the letters of cases in the areas this user sees
        plan = batch_tasks.plan_victim_updates(day, None if seen.every_area else seen.area_ids)
        empty = "No victim updates with a letter are due today."
    if current_user.role in presenters.ROLE_AUDIENCES:
        plan.items = [i for i in plan.items if presenters.may_have(current_user.role, i[1])]
    for line in plan.skipped[:20]:
        flash(f"Not included: {line}")
    if len(plan.skipped) > 20:
        flash(f"…and {len(plan.skipped) - 20} more not included.")
    if not plan.items:
        flash(empty)
        return redirect(url_for("documents.batches"))
    job = batch_tasks.start_batch(plan, user=current_user, want_pdf=bool(form.pdf.data) and pdf_available())
    audit.record("consult", "case_list", "", f"Started batch {job.id}: {job.title}")
    db.session.commit()
    flash(f"{job.title}: being made", "success")
    return redirect(url_for("documents.batches", job=job.id))


@bp.route("/documents/batches/download", methods=["GET", "POST"])
@roles_required(*DOCUMENT_ROLES)
def batch_download():
    job = _job()
    if job.kind != "batch" or job.status != "done":
        abort(404)
    docs = document_tasks.documents_for_job(job.id)
    form = DownloadForm()
    problem = None
    if form.validate_on_submit():
        try:
            data = batch_tasks.verify_zip(job)
        except store.StoredFileProblem as exc:
            problem = str(exc)
        else:
            for doc in docs:
                if doc.status == "done":
                    audit.record("disclose", "document", document_tasks.record_id(doc),
                                 f"Downloaded {doc.kind} version {doc.version} (document {doc.id}) in the zip "
                                 f"of batch {job.id}", justification=form.purpose_text,
                                 recipient=form.recipient_text)
            db.session.commit()
            return send_file(io.BytesIO(data), mimetype=presenters.MIME["zip"], as_attachment=True,
                             download_name=f"oocr-batch-{job.created_at:%Y-%m-%d}-{job.id[:8]}.zip", max_age=0)
    return render_template("documents/batch_download.html", job=job, docs=docs, form=form, problem=problem,
                           presenters=presenters, title="Download the batch"), (
        409 if problem else 422 if form.errors else 200)


# --------------------------------------------------------------------------- template versions


def _upload_form() -> TemplateUploadForm:
    form = TemplateUploadForm()
    form.kind.choices = [(name, f"{spec.title} ({name})") for name, spec in KINDS.items()]
    return form


def _templates_page(form: TemplateUploadForm, problems: list[str] | None = None, status: int = 200):
    grouped = versions.versions_by_kind()
    users = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_({r.uploaded_by_id for rows in grouped.values() for r in rows if r.uploaded_by_id})))}
    counts = dict(db.session.execute(select(GeneratedDocument.template_id, db.func.count())
                                     .group_by(GeneratedDocument.template_id)).all())
    return render_template("documents/templates.html", form=form, grouped=grouped, kinds=KINDS, users=users,
                           counts=counts, problems=problems or [], activate_form=ActivateForm(),
                           presenters=presenters, title="Document templates"), status


@bp.get("/admin/templates")
@roles_required(*ADMINS)
def templates():
    return _templates_page(_upload_form())


@bp.post("/admin/templates")
@roles_required(*ADMINS)
def upload_template():
    form = _upload_form()
    if not form.validate_on_submit():
        return _templates_page(form, status=422)
    data = form.file.data.read()
    try:
        row = versions.add_version(form.kind.data, data, user_id=current_user.id, notes=form.notes.data or "")
    except versions.TemplateRejected as exc:
        form.file.errors = list(exc.problems)
        return _templates_page(form, problems=exc.problems, status=422)
    audit.record("alter", "document_template", f"{row.kind} v{row.version}",
                 f"Uploaded version {row.version} of {row.kind} (SHA-256 {row.sha256}); now in use")
    db.session.commit()
    flash(f"{get_kind(row.kind).title}: version {row.version} uploaded and in use", "success")
    return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))


@bp.post("/admin/templates/activate")
@roles_required(*ADMINS)
def activate_template():
    form = ActivateForm()
    version = parse_id(form.version.data)
    if not form.validate_on_submit() or form.kind.data not in KINDS or version is None:
        abort(400)
    try:
        row = versions.activate(form.kind.data, version)
    except LookupError:
        abort(404)
    except store.StoredFileProblem as exc:
        flash(str(exc))
        return redirect(url_for("documents.templates", _anchor=f"kind-{form.kind.data}"))
    audit.record("alter", "document_template", f"{row.kind} v{row.version}", f"Version {row.version} put back in use")
    db.session.commit()
    flash(f"{get_kind(row.kind).title}: version {row.version} is now in use", "success")
    return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))


def _template_row() -> DocumentTemplate:
    kind = request.args.get("kind", "")
    if kind not in KINDS:
        abort(404)
    versions.active_template(kind)
    row = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                           DocumentTemplate.version == _int_arg("version")))
    if row is None:
        abort(404)
    return row


@bp.get("/admin/templates/file")
@roles_required(*ADMINS)
def template_file():
    """A template version as stored, to edit in Word and upload as the next version."""
    row = _template_row()
    try:
        data = versions.template_bytes(row)
    except store.StoredFileProblem as exc:
        flash(str(exc))
        return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))
    return send_file(io.BytesIO(data), mimetype=presenters.MIME["docx"], as_attachment=True,
                     download_name=f"{row.kind}-template-v{row.version}.docx", max_age=0)


@bp.get("/admin/templates/preview")
@roles_required(*ADMINS)
def template_preview():
    """A version filled in with fictional data (documents.context.example_parts): no real person's data."""
    row = _template_row()
    try:
        data = versions.template_bytes(row)
    except store.StoredFileProblem as exc:
        flash(str(exc))
        return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))
    context = build_context(row.kind, marking=current_app.config["PROTECTIVE_MARKING"], **example_parts(row.kind))
    try:
        filled = render(row.kind, context, template_bytes=data)
    except RenderError as exc:
        flash(f"Version {row.version} cannot be previewed: {exc}")
        return redirect(url_for("documents.templates", _anchor=f"kind-{row.kind}"))
    return send_file(io.BytesIO(filled), mimetype=presenters.MIME["docx"],
                     as_attachment=True, download_name=f"{row.kind}-v{row.version}-example.docx", max_age=0)
