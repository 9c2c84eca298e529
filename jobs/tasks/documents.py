"""Making one document: the job behind "Ask for a document", and the code the batch job and
`oocr documents render` share with it.

The web request adds the GeneratedDocument row (queued, with its version and template version)
and the BackgroundJob row, commits, then enqueues `generate_document`. The task only fills the row
in, so running it again never adds a row:

* a document already done, whose stored file still matches its checksum, is left alone;
* files are written to a temporary name in the same directory and renamed into place, so a worker
  killed half-way leaves at most a stray temporary file (removed on the next attempt), never a
  truncated document under the real name;
* each file's name ends with the start of its SHA-256, so one run never writes over another's;
* the row becomes "done" only after its files are in place, in the same commit as its checksums,
  and only once: the update that claims it checks it is not done already, so if two runs of the
  same job overlap, the second keeps the first's result and removes its own files.

On failure the job and the document are marked failed with the error, and the exception is
re-raised so that RQ retries with back-off. A document stopped on purpose is not a failure: when
the screening finds a victim's or witness's name or contact detail in the free text of a document
for the offender or a provider (:class:`OutgoingDisclosure`), the document is marked "stopped" with
the message saying where, and the task returns normally so that RQ does not try again: the same
text would stop it every time. Once the clerk changes the text, "Try again" makes it.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Callable

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from documents.catalogue import get_kind
from documents.context import build_context
from documents.convert import pdf_available, to_pdf
from documents.redaction.outgoing import OutgoingDisclosure
from documents.render import render
from jobs.queue import JobReporter, enqueue
from webapp.audit import log as audit
from webapp.database import commit_keeping_loaded_rows
from webapp.domain.document_options import document_title, parse_subject
from webapp.extensions import db
from webapp.models import BackgroundJob, Case, GeneratedDocument, User
from webapp.models._types import utcnow
from webapp.services import document_parts, generated_documents, template_versions
from webapp.services import storage as store
from webapp.services.evidence import third_parties

log = logging.getLogger(__name__)

TASK = "jobs.tasks.documents.generate_document"
COMMAND_LINE = "OOCR Casework (command line)"
# Test hook: seconds to pause half-way through writing a file, so a test can kill the worker there.
PAUSE_ENV = "OOCR_TEST_PAUSE_MIDWRITE"

Step = Callable[[int, str], None]
DOCUMENTS = GeneratedDocument.__table__  # plain (Core) updates: cheaper than ORM-enabled ones


def _midway() -> Callable[[], None] | None:
    seconds = os.environ.get(PAUSE_ENV)
    if not seconds:
        return None
    return lambda: time.sleep(float(seconds))


def document_stem(doc: GeneratedDocument) -> str:
    """Where a document's files live, relative to the store, without the part that names the content.

    Each file is named `<stem>-<first 12 hex of its SHA-256>.<ext>`: a run of the job never writes
    over another run's file, so even two runs of the same job at once (RQ can start a second when a
    worker loses touch with Redis) cannot leave a row pointing at the other run's bytes.
    """
    name = f"{doc.id}-{doc.kind}-v{doc.version}"
    if doc.case is not None:
        return f"cases/{store.safe_name(doc.case.reference)}/{name}"
    keys = parse_subject(doc.recipient)
    day = keys.get("clinic", ":").partition(":")[2] or "other"
    return f"clinic/{store.safe_name(day)}/{name}"


def record_id(doc: GeneratedDocument) -> str:
    """What audit lines about a document are filed under: its case, so a search by case finds them."""
    return doc.case.reference if doc.case is not None else f"document {doc.id}"


def files_intact(doc: GeneratedDocument) -> bool:
    ok = store.matches(doc.docx_path, doc.docx_sha256)
    if ok and doc.pdf_path:
        ok = store.matches(doc.pdf_path, doc.pdf_sha256)
    return ok


# --------------------------------------------------------------------------- asking for a document


def request_document(*, case: Case | None, kind: str, subject: str, user: User | None, want_pdf: bool,
                     start: bool = True) -> tuple[BackgroundJob, GeneratedDocument]:
    """Add and commit the document and job rows, then (if `start`) enqueue the job.

    The version is the next one for the case and kind; two people asking at the same moment both
    get one (the unique constraint makes the loser try the next number).
    """
    get_kind(kind)  # an unknown kind fails here, before any row is added
    template = template_versions.active_template(kind)
    for attempt in range(5):
        job = BackgroundJob(kind="document", title=document_title(kind), case_id=case.id if case else None,
                            created_by_id=user.id if user else None, total=3 if want_pdf else 2)
        db.session.add(job)
        db.session.flush()
        doc = generated_documents.new_document(case=case, kind=kind, subject=subject, template=template,
                                               user=user, want_pdf=want_pdf, job_id=job.id)
        job.title = f"{document_title(kind)}, version {doc.version}" + (f", {case.reference}" if case else "")
        try:
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()
            if attempt == 4:
                raise
    if start:
        enqueue(TASK, job, document_id=doc.id)
    return job, doc


# --------------------------------------------------------------------------- the task


def generate_document(job_id: str, document_id: int) -> str | None:
    """RQ / in-process task: make the files for one document row. Returns the .docx path, or None
    when the screening stopped the document (not retried: see the module's docstring)."""
    reporter = JobReporter(job_id)
    want_pdf = db.session.scalar(select(GeneratedDocument.want_pdf).where(GeneratedDocument.id == document_id))
    if want_pdf is None:
        error = LookupError(f"Document {document_id} no longer exists")
        reporter.fail(error)
        raise error
    db.session.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == document_id, DOCUMENTS.c.status != "done")
                       .values(status="running", error=""))
    reporter.start(total=3 if want_pdf else 2, message="Reading the case record")  # commits job and document
    doc = generated_documents.load_document(document_id)  # after the commit, which would have expired what it loads
    made: list[str] = []

    def finish(path: str) -> None:
        made.append(path)
        reporter.finish("Ready to download", result_path=path)  # commits the document with the job

    try:
        make_document(doc, step=reporter.step, finish=finish)
    except OutgoingDisclosure as exc:
        record_failure(document_id, exc)
        stopped(reporter, exc)
        return None
    except Exception as exc:
        record_failure(document_id, exc, retrying=reporter.attempt_failed(exc))
        raise
    return made[0]


def stopped(reporter: JobReporter, exc: OutgoingDisclosure) -> None:
    """The job ends without an exception (so RQ does not retry it), showing why it stopped. It stays
    "failed" on the job row, so the page shows the message and offers "Try again" after the change."""
    reporter.fail(exc)
    reporter.job.message = "Stopped: the text names a victim or witness"
    db.session.commit()


def record_failure(document_id: int, exc: BaseException, retrying: bool = False) -> None:
    """The document is "stopped" when the screening held it back on purpose, "queued" (with the error)
    while RQ is to try again, otherwise "failed"."""
    db.session.rollback()
    doc = db.session.get(GeneratedDocument, document_id)
    if doc is not None and doc.status != "done":
        doc.status = "stopped" if isinstance(exc, OutgoingDisclosure) else "queued" if retrying else "failed"
        doc.error = (str(exc) or exc.__class__.__name__)[:4000]
        doc.finished_at = None if retrying else utcnow()
        db.session.commit()


def make_document(doc: GeneratedDocument, *, step: Step | None = None,
                  finish: Callable[[str], None] | None = None, mark_running: bool = True) -> GeneratedDocument:
    """Render, store and record one document. Safe to call again on the same row.

    `finish(docx_path)` commits the finished row (by default a plain commit), so that the caller's
    own progress goes in the same commit; `mark_running=False` leaves the row "queued" while it is
    made (a batch shows progress on its job instead). Fewer commits matter: each is a disk flush.
    """
    step = step or (lambda done, message="": None)
    finish = finish or (lambda path: db.session.commit())
    if doc.status == "done":
        if not files_intact(doc):
            raise store.StoredFileProblem(
                "This document was made before, but its stored file no longer matches its checksum. "
                "It has not been remade, so that the change can be looked into: ask for a new version.")
        finish(doc.docx_path)
        return doc

    template = doc.template or template_versions.active_template(doc.kind)
    doc.template_id = template.id
    if mark_running:
        doc.status, doc.error = "running", ""
    generated_by = doc.created_by.full_name if doc.created_by else COMMAND_LINE
    found = document_parts.gather(doc, template, generated_by=generated_by)
    # Victims and witnesses must not be named in what the offender or a provider receives (issue 8).
    context = build_context(doc.kind, marking=current_app.config["PROTECTIVE_MARKING"],
                            third_parties=third_parties(doc.case) if doc.case else (), **found.parts)
    template_data = template_versions.template_bytes(template)
    doc_id, kind, version, want_pdf = doc.id, doc.kind, doc.version, doc.want_pdf
    template_version = template.version
    stem = document_stem(doc)
    case_reference = record_id(doc)
    # End the transaction: rendering and PDF conversion take a while and must not hold database
    # locks (on SQLite a reader blocks every writer, such as the audit line of each page view).
    # Nothing read so far changes under us, so the loaded rows are kept rather than reloaded.
    commit_keeping_loaded_rows(db.session())

    data = render(kind, context, template_bytes=template_data)
    docx_path = _store(stem, "docx", data)
    written = [docx_path]
    summary = dict(found.summary)
    pdf_path = pdf_sha = ""
    if want_pdf and pdf_available():
        step(1, "Word document made; making the PDF")
        pdf = to_pdf(data)
        pdf_path = _store(stem, "pdf", pdf)
        pdf_sha = store.sha256(pdf)
        written.append(pdf_path)
    elif want_pdf:
        summary["pdf"] = "Not made: LibreOffice is not installed on the server."

    # Claim the row: only one run can turn it "done" (the WHERE is checked under the row's lock).
    claimed = db.session.execute(
        update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id, DOCUMENTS.c.status != "done")
        .values(status="done", error="", docx_path=docx_path, docx_sha256=store.sha256(data), pdf_path=pdf_path,
                pdf_sha256=pdf_sha, source_summary=generated_documents.summary_json(summary), finished_at=utcnow())).rowcount
    if not claimed:  # another run of this job finished first: keep its files, drop ours
        db.session.rollback()
        doc = db.session.get(GeneratedDocument, doc_id, populate_existing=True)
        _remove_unused(stem, keep={doc.docx_path, doc.pdf_path})
        finish(doc.docx_path)
        return doc
    audit.record("collect", "document", case_reference,
                 f"Made {kind} version {version} (document {doc_id}, template version {template_version}) "
                 "from the case record", user=doc.created_by,
                 justification=None if doc.created_by else "Command-line render")
    finish(docx_path)
    _remove_unused(stem, keep=set(written))
    return doc


def rehearse(cases: int = 3) -> int:
    """Make in memory, and throw away, every document the newest decided cases could have.

    A worker does this once before it starts forking: each job runs in a fork that ends with it, so
    whatever the job compiles (its SQL statements, the templates' Jinja code) is lost with the fork
    unless the worker compiled it first (a letter cost a worker about 155 ms of CPU here cold, 100 ms
    warm). Nothing is stored or recorded: the rows added are rolled back. Returns the documents made.
    """
    made = 0
    newest = db.session.scalars(select(Case).where(Case.decisions.any()).order_by(Case.id.desc()).limit(cases)).all()
    for case in newest:
        for option in generated_documents.document_options(case):
            if not option.available:
                continue
            kind, _, subject = option.value.partition("|")
            try:
                template = template_versions.active_template(kind)
                doc = generated_documents.new_document(case=case, kind=kind, subject=subject, template=template,
                                                       user=None, want_pdf=False, job_id=None)
                doc = generated_documents.load_document(doc.id)
                found = document_parts.gather(doc, template, generated_by=COMMAND_LINE)
                context = build_context(kind, marking=current_app.config["PROTECTIVE_MARKING"],
                                        third_parties=third_parties(case), **found.parts)
                render(kind, context, template_bytes=template_versions.template_bytes(template))
                made += 1
            except Exception:  # noqa: BLE001 (a rehearsal that fails costs only speed: the real job reports)
                log.debug("rehearsing %s for %s failed", kind, case.reference, exc_info=True)
            finally:
                db.session.rollback()
    return made


def _store(stem: str, extension: str, data: bytes) -> str:
    """Store one file whole under its content-named key; returns the key."""
    key = f"{stem}-{store.sha256(data)[:12]}.{extension}"
    removed = store.remove_unfinished(stem + "-")
    if removed:
        log.warning("removed %d unfinished file(s) left by an earlier attempt at %s", removed, stem)
    store.write(key, data, midway=_midway())
    return key


def _remove_unused(stem: str, keep: set[str]) -> None:
    """Files of this document that its row does not point to: left by runs that lost or were killed."""
    for key in store.keys(stem + "-"):
        if key.endswith((".docx", ".pdf")) and key not in keep:
            store.delete(key)
