"""Generated documents as records: which a case may have (the facts the rule in
`webapp.domain.document_options` reads), the row a job fills in, and loading it back.

Reads ORM rows and takes plain arguments, never the request, so the web request, the background
job and the command line all use it alike.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from documents.catalogue import get_kind
from webapp.domain.document_options import CaseFacts, ClinicDay, NotAvailable, Option
from webapp.domain.document_options import document_options as options_from_facts
from webapp.extensions import db
from webapp.models import BackgroundJob, Case, ClinicAppointment, DocumentTemplate, GeneratedDocument, User
from webapp.models import Decision as DecisionRow
from webapp.services import clinics, partners


def case_by_reference(reference: str) -> Case | None:
    """A case for the command line, which has no signed-in user and so no area to check."""
    return db.session.scalar(select(Case).where(Case.reference == reference).options(
        joinedload(Case.suspect), joinedload(Case.area)))


def document_options(case: Case) -> list[Option]:
    """Every document the case could have now, and why the others cannot be made yet."""
    return options_from_facts(CaseFacts(decision=case.current_decision, victims=list(case.victims),
                                        referrals=partners.letter_referrals(case),
                                        booked=clinics.bookable_letters(case), clinic_days=_clinic_days(case)))


def _clinic_days(case: Case) -> list[ClinicDay]:
    appointments = db.session.scalars(
        select(ClinicAppointment).where(ClinicAppointment.case_id == case.id,
                                        ClinicAppointment.status != "cancelled",
                                        ClinicAppointment.caseworker_id.is_not(None))
        .options(joinedload(ClinicAppointment.caseworker)).order_by(ClinicAppointment.starts_at)).all()
    days: dict[str, ClinicDay] = {}
    for a in appointments:
        day = ClinicDay(a.caseworker_id, a.caseworker.full_name, a.starts_at.date(), a.location)
        days.setdefault(day.subject, day)
    return list(days.values())


def find_option(case: Case, kind: str, subject: str) -> Option:
    """The available option for `kind` about `subject`, or NotAvailable saying why not."""
    options = document_options(case)
    for option in options:
        if option.kind == kind and option.subject == subject and option.available:
            return option
    reasons = [o.reason for o in options if o.kind == kind and o.reason]
    raise NotAvailable(reasons[0] if reasons else f"{get_kind(kind).title} is not available for this case.")


# --------------------------------------------------------------------------- rows


def next_version(case_id: int | None, kind: str) -> int:
    condition = (GeneratedDocument.case_id == case_id) if case_id is not None else GeneratedDocument.case_id.is_(None)
    return (db.session.scalar(select(func.max(GeneratedDocument.version))
                              .where(condition, GeneratedDocument.kind == kind)) or 0) + 1


def new_document(*, case: Case | None, kind: str, subject: str, template: DocumentTemplate,
                 user: User | None, want_pdf: bool, job_id: str | None) -> GeneratedDocument:
    """Add (not commit) the row a job will fill in. Its version is the next for this case and kind."""
    doc = GeneratedDocument(case_id=case.id if case else None, kind=kind,
                            version=next_version(case.id if case else None, kind), recipient=subject,
                            template_id=template.id, job_id=job_id, status="queued", want_pdf=want_pdf,
                            created_by_id=user.id if user else None)
    db.session.add(doc)
    db.session.flush()
    return doc


@lru_cache(maxsize=1)
def _load_document_statement():
    # Built once: SQLAlchemy works out a statement's cache key on every execution unless the same
    # statement object is reused, and with these loader options that costs more than the query.
    return select(GeneratedDocument).where(GeneratedDocument.id == bindparam("document_id")).options(
        joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.template),
        joinedload(GeneratedDocument.case).options(
            joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
            selectinload(Case.victims),
            selectinload(Case.decisions).options(
                selectinload(DecisionRow.conditions), joinedload(DecisionRow.decided_by),
                joinedload(DecisionRow.authorised_by))))


def load_document(document_id: int) -> GeneratedDocument | None:
    """A document row with everything `document_parts.gather` reads, in a few queries rather than one per relation."""
    return db.session.scalar(_load_document_statement(), {"document_id": document_id})


def case_documents(case: Case) -> list[GeneratedDocument]:
    """The case's documents, newest first, with who made them, their job and template."""
    return list(db.session.scalars(
        select(GeneratedDocument).where(GeneratedDocument.case_id == case.id)
        .options(joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.job),
                 joinedload(GeneratedDocument.template))
        .order_by(GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc())))


def documents_for_job(job_id: str) -> list[GeneratedDocument]:
    return list(db.session.scalars(select(GeneratedDocument).where(GeneratedDocument.job_id == job_id)
                                   .order_by(GeneratedDocument.id)))


def recent_batches(*, made_by: User | None, areas: frozenset[int] | None, limit: int = 20) -> list[BackgroundJob]:
    """The latest batches made by one person (`made_by`), or by anyone in `areas` (None: every area)."""
    stmt = select(BackgroundJob).where(BackgroundJob.kind == "batch")
    if made_by is not None:
        stmt = stmt.where(BackgroundJob.created_by_id == made_by.id)
    elif areas is not None:
        stmt = stmt.where(BackgroundJob.created_by_id.in_(select(User.id).where(User.area_id.in_(sorted(areas)))))
    return list(db.session.scalars(stmt.order_by(BackgroundJob.created_at.desc()).limit(limit)))


def queue_again(job: BackgroundJob) -> None:
    """Put a failed or stalled job back on the queue. Commits. A document already made is kept: the
    task leaves a finished document alone."""
    from jobs.queue import enqueue
    from jobs.tasks import batches, documents

    job.status, job.error, job.progress, job.message = "queued", "", 0, "Queued again"
    if job.kind == "batch":
        db.session.commit()
        enqueue(batches.TASK, job)
        return
    doc = documents_for_job(job.id)[0]
    if doc.status != "done":
        doc.status, doc.error = "queued", ""
    db.session.commit()
    enqueue(documents.TASK, job, document_id=doc.id)


def summary_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, default=str)
