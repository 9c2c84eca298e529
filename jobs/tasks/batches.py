"""Batches: many documents as one background job with one progress bar and one zip at the end.

Two batches exist:

* "Victim updates due": a letter for every open victim contact due today or overdue;
* "Today's clinic": the clinic day list for a caseworker and the notice for each case they see.

The web request plans the batch (`plan_victim_updates`, `plan_clinic`), adds every document row
and the job row in ONE commit (`start_batch`) and enqueues `generate_batch(job_id)`. The task makes
each document with the same code as a single document (so a retry skips the ones already done),
then writes the zip to a temporary file and renames it into place.

A document whose records no longer allow it (say, a decision was withdrawn in the meantime) is
marked failed with the reason and listed in the zip's manifest; the batch goes on. Any other error
(database, disk) fails the job and is re-raised so RQ retries it.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from jinja2.exceptions import TemplateError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from documents.catalogue import get_kind
from documents.render import RenderError
from jobs.queue import JobReporter, enqueue
from jobs.tasks.documents import make_document, record_failure
from webapp.domain.csv_safety import safe_row
from webapp.domain.disposals import disposal_label
from webapp.domain.document_options import NotAvailable, clinic_subject
from webapp.domain.formatting import clock_time, long_date
from webapp.services import document_parts, generated_documents, template_versions
from webapp.services import storage as store
from webapp.extensions import db
from webapp.models import BackgroundJob, Case, ClinicAppointment, GeneratedDocument, User, VictimContact

TASK = "jobs.tasks.batches.generate_batch"
# Which letter answers which kind of victim contact.
CONTACT_LETTERS = {
    "views": "victim_views_letter",
    "outcome": "victim_outcome_letter",
    "breach": "victim_breach_letter",
    "update": "victim_outcome_letter",
}
NOTICE_KINDS = ("community_resolution_record", "conditional_caution_notice", "diversionary_caution_notice",
                "community_caution_notice", "simple_caution_notice")
# A document that fails for one of these reasons is a problem with its data: the batch goes on.
DATA_PROBLEMS = (NotAvailable, ValueError, TypeError, RenderError, TemplateError)


@dataclass
class Plan:
    title: str
    items: list[tuple[Case | None, str, str]] = field(default_factory=list)  # (case, kind, subject)
    skipped: list[str] = field(default_factory=list)

    def add(self, case: Case | None, kind: str, subject: str) -> None:
        if (case, kind, subject) not in self.items:
            self.items.append((case, kind, subject))


def plan_victim_updates(day: date, area_ids: frozenset[int] | None = None) -> Plan:
    """A letter for each open victim contact due on or before `day` (in these areas' cases, if given)."""
    in_areas = (VictimContact.case_id.in_(select(Case.id).where(Case.area_id.in_(sorted(area_ids))))
                if area_ids is not None else VictimContact.id.is_not(None))
    contacts = db.session.scalars(
        select(VictimContact).where(VictimContact.done_at.is_(None), VictimContact.due_date <= day, in_areas)
        .options(joinedload(VictimContact.victim))
        .order_by(VictimContact.due_date, VictimContact.id)).all()
    plan = Plan(title=f"Victim updates due by {long_date(day)}")
    cases: dict[int, Case] = {}
    for contact in contacts:
        case = cases.get(contact.case_id) or db.session.get(Case, contact.case_id)
        cases[contact.case_id] = case
        who = f"{case.reference}, {contact.victim.full_name} ({contact.purpose_label.lower()})"
        kind = CONTACT_LETTERS.get(contact.purpose)
        if kind is None:
            plan.skipped.append(f"{who}: there is no letter for this contact; make it in person or by phone.")
            continue
        options = [o for o in generated_documents.document_options(case) if o.kind == kind]
        mine = [o for o in options if o.available and f"victim:{contact.victim_id}" in o.subject.split(",")]
        if not mine:
            reason = next((o.reason for o in options if o.reason), "not available")
            plan.skipped.append(f"{who}: {reason}")
        for option in mine:
            plan.add(case, option.kind, option.subject)
    return plan


def plan_clinic(day: date, caseworker: User) -> Plan:
    """The day list for `caseworker` on `day`, and the notice for each case with an appointment."""
    start = datetime.combine(day, time.min)
    appointments = db.session.scalars(
        select(ClinicAppointment).where(ClinicAppointment.caseworker_id == caseworker.id,
                                        ClinicAppointment.starts_at >= start,
                                        ClinicAppointment.starts_at < start + timedelta(days=1),
                                        ClinicAppointment.status != "cancelled")
        .options(joinedload(ClinicAppointment.case))
        .order_by(ClinicAppointment.starts_at)).all()
    plan = Plan(title=f"Clinic on {long_date(day)} for {caseworker.full_name}")
    if not appointments:
        return plan
    plan.add(None, "clinic_day_list", clinic_subject(caseworker.id, day))
    for appointment in appointments:
        case = appointment.case
        decision = case.current_decision
        when = f"{case.reference} at {clock_time(appointment.starts_at)}"
        if decision is None:
            plan.skipped.append(f"{when}: no notice, because there is no decision yet.")
            continue
        notices = [o for o in generated_documents.document_options(case) if o.kind in NOTICE_KINDS
                   and decision.disposal in get_kind(o.kind).disposal_codes]
        if not notices:
            plan.skipped.append(f"{when}: there is no notice for a {disposal_label(decision.disposal).lower()}.")
        for option in notices:
            if option.available:
                plan.add(case, option.kind, option.subject)
            else:
                plan.skipped.append(f"{when}: no {option.title.lower()} document, because "
                                    f"{option.reason[0].lower()}{option.reason[1:]}")
    return plan


def start_batch(plan: Plan, *, user: User | None, want_pdf: bool, start: bool = True) -> BackgroundJob:
    """Add the job and every document row in one commit, then enqueue the batch."""
    templates = {kind: template_versions.active_template(kind) for kind in {k for _, k, _ in plan.items}}
    for attempt in range(5):
        job = BackgroundJob(kind="batch", title=f"{plan.title} ({len(plan.items)} documents)",
                            created_by_id=user.id if user else None, total=len(plan.items) + 1,
                            message=f"Waiting to make {len(plan.items)} documents")
        db.session.add(job)
        db.session.flush()
        for case, kind, subject in plan.items:
            generated_documents.new_document(case=case, kind=kind, subject=subject, template=templates[kind],
                                             user=user, want_pdf=want_pdf, job_id=job.id)
        try:
            db.session.commit()
            break
        except IntegrityError:  # someone made one of these documents at the same moment
            db.session.rollback()
            if attempt == 4:
                raise
    if start:
        enqueue(TASK, job)
    return job


# --------------------------------------------------------------------------- the task


def zip_path(job_id: str) -> str:
    return f"batches/{job_id}.zip"


def generate_batch(job_id: str) -> str:
    """RQ / in-process task: make every document of the batch, then the zip. Returns the zip's path.

    Like every task it expects a database session of its own (the runners give it one): it empties
    the session after each document.
    """
    reporter = JobReporter(job_id)
    ids = [d.id for d in generated_documents.documents_for_job(job_id)]
    reporter.start(total=len(ids) + 1, message=f"Making {len(ids)} documents")
    try:
        for number, document_id in enumerate(ids, 1):
            doc = db.session.get(GeneratedDocument, document_id)
            progress = f"{number} of {len(ids)} documents made"
            try:  # the document and the job's progress are committed together
                make_document(doc, mark_running=False, finish=lambda path: reporter.step(number, progress))
            except DATA_PROBLEMS as exc:
                record_failure(document_id, exc)
                reporter.step(number, progress)
            # Forget this document's rows: a session holding hundreds of them makes every commit
            # expire them all, and the batch slows down as it goes.
            db.session.expunge_all()
            reporter.job = db.session.get(BackgroundJob, job_id)
        path = build_zip(job_id)
    except Exception as exc:
        reporter.fail(exc)
        raise
    failed = sum(1 for d in generated_documents.documents_for_job(job_id) if d.status != "done")
    message = f"{len(ids) - failed} of {len(ids)} documents ready" + (f"; {failed} could not be made" if failed else "")
    reporter.finish(message, result_path=path)
    return path


def member_name(doc: GeneratedDocument, extension: str) -> str:
    folder = store.safe_name(doc.case.reference) if doc.case is not None else "clinic"
    return f"{folder}/{doc.id}-{doc.kind}-v{doc.version}.{extension}"


def build_zip(job_id: str) -> str:
    """One zip of the batch's documents and a manifest, each file checked against its checksum."""
    docs = generated_documents.documents_for_job(job_id)
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["file", "case", "document", "version", "about", "status", "sha256", "problem"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for doc in docs:
            about = document_parts.describe_subject(doc.recipient)
            case_ref = doc.case.reference if doc.case is not None else ""
            if doc.status != "done":
                writer.writerow(safe_row(["", case_ref, doc.kind, doc.version, about, doc.status, "", doc.error]))
                continue
            files = [(doc.docx_path, doc.docx_sha256, "docx")]
            if doc.pdf_path:
                files.append((doc.pdf_path, doc.pdf_sha256, "pdf"))
            for path, digest, extension in files:
                data = store.read_verified(path, digest, what=f"Document {doc.id} ({doc.kind})")
                name = member_name(doc, extension)
                archive.writestr(name, data)
                writer.writerow(safe_row([name, case_ref, doc.kind, doc.version, about, doc.status, digest, ""]))
        archive.writestr("manifest.csv", manifest.getvalue().encode("utf-8-sig"), compress_type=zipfile.ZIP_DEFLATED)
    path = zip_path(job_id)
    store.remove_unfinished(path)
    store.write(path, buffer.getvalue())
    return path


def verify_zip(job: BackgroundJob) -> bytes:
    """The batch zip's bytes, refused if any document in it differs from the checksum on its row."""
    data = store.read(job.result_path, what="The zip for this batch") if job.result_path else b""
    if not data:
        raise store.StoredFileProblem("The zip for this batch is missing.")
    expected = {}
    for doc in generated_documents.documents_for_job(job.id):
        if doc.status == "done":
            expected[member_name(doc, "docx")] = doc.docx_sha256
            if doc.pdf_path:
                expected[member_name(doc, "pdf")] = doc.pdf_sha256
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()) - {"manifest.csv"}
            if names != set(expected):
                raise store.StoredFileProblem("The zip for this batch does not hold the documents it was made with.")
            for name, digest in expected.items():
                if store.sha256(archive.read(name)) != digest:
                    raise store.StoredFileProblem(
                        f"{name} in the batch zip has changed since it was made, so the zip has not been sent.")
    except zipfile.BadZipFile:
        raise store.StoredFileProblem("The zip for this batch is damaged.") from None
    return data

