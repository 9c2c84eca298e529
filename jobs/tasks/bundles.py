"""The evidence bundle's two background jobs: proposing redactions for a breach's evidence, and
building the redacted, verified bundle (Word and PDF).

Both are safe to run again. Proposals are rewritten whole (a reviewer's decisions survive for
proposals that are still there); a bundle that is already verified with its files intact is left
alone, and files are written atomically under new names before the row says where they are.
A bundle that fails verification is refused: no file is kept, and the row says what was found,
in which document and where, for the reviewer's page (the case history and the audit log say only
how many problems, never a value).
"""
from __future__ import annotations

import logging
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from documents.bundle import BundleError, Cover, Evidence, Finding, make_bundle
from webapp.domain.formatting import long_date
from documents.convert import PdfConversionError, pdf_available, to_pdf
from documents.redaction import UnreadableDocument, propose
from jobs.queue import JobReporter
from webapp.audit import log as audit
from webapp.services import evidence as service
from webapp.services import storage as store
from webapp.domain.compliance import OUTCOME_LABELS
from webapp.domain.disposals import LABELS
from webapp.extensions import db
from webapp.models import Breach, Case, CaseEvent, EvidenceBundle, EvidenceFile
from webapp.models._types import utcnow

log = logging.getLogger(__name__)


def _breach(breach_id: int) -> Breach:
    breach = db.session.scalar(select(Breach).where(Breach.id == breach_id).options(
        selectinload(Breach.witnesses), selectinload(Breach.evidence).selectinload(EvidenceFile.decisions)))
    if breach is None:
        raise LookupError(f"no breach {breach_id}")
    return breach


def propose_redactions(job_id: str, breach_id: int) -> None:
    reporter = JobReporter(job_id)
    try:
        breach = _breach(breach_id)
        case = db.session.get(Case, breach.case_id)
        red = service.redactions_for(case, breach, with_added=False)
        key = service.proposals_key(red)
        todo = [e for e in breach.evidence if e.proposal_status != "proposed" or e.proposals_key != key]
        reporter.start(total=max(1, len(todo)), message="Reading the evidence")
        for number, evidence in enumerate(todo, start=1):
            try:
                proposals = propose(service.read_source(evidence), red.names, red.keep, own_details=red.own)
            except (UnreadableDocument, BundleError, store.StoredFileProblem) as exc:
                evidence.proposal_status, evidence.proposal_error = "failed", str(exc)[:2000]
            else:
                service.save_proposals(case, breach, evidence, proposals, key)
            reporter.step(number, f"Proposed redactions for {number} of {len(todo)} document(s)")
        reporter.finish(f"Redactions proposed for {len(todo)} document(s)")
    except Exception as exc:
        log.exception("proposing redactions for breach %s failed", breach_id)
        reporter.fail(exc)
        raise


def _cover(case: Case, breach: Breach) -> Cover:
    condition = breach.condition
    decision = condition.decision
    offence = case.offence
    disposal = LABELS.get(decision.disposal, decision.disposal)
    rows = [
        ("Case reference", case.reference),
        ("Defendant", case.suspect.full_name),
        ("Offence", offence.wording if offence else ""),
        ("Date of the offence", long_date(offence.offence_date) if offence else ""),
        ("Out-of-court resolution", f"{disposal}, delivered {long_date(decision.delivered_at)}"
         if decision.delivered_at else disposal),
        ("Condition breached", condition.description or condition.type.replace("_", " ")),
        ("Date it was due", long_date(condition.due_date) if condition.due_date else ""),
        ("What happened", breach.what_happened),
        ("Reasonable excuse", breach.reasonable_excuse or "None given"),
        ("Offender's account", breach.offender_account or "None given"),
        ("Decision", OUTCOME_LABELS.get(breach.proposed_outcome, breach.proposed_outcome)),
        ("Approved", f"{breach.approved_by.full_name}, {long_date(breach.approved_at)}"
         if breach.approved_by and breach.approved_at else ""),
        ("Referring officer", case.referring_officer),
    ]
    return Cover(f"Evidence bundle: breach of {disposal.lower()}, {case.reference}", rows, date.today())


def _files_intact(bundle: EvidenceBundle) -> bool:
    return store.matches(bundle.docx_path, bundle.docx_sha256) and (
        not bundle.pdf_path or store.matches(bundle.pdf_path, bundle.pdf_sha256))


def _pdf_or_none(data: bytes) -> bytes | None:
    try:
        return to_pdf(data)
    except PdfConversionError as exc:
        log.warning("bundle PDF could not be made: %s", exc)
        return None


def _problems(problems, evidence_ids: list[int]) -> list:
    """Why the bundle was refused, for the breach page: each names the value, the document and where
    (paragraph, page of the PDF), with the evidence it is in, so the page can offer to add it to the
    redactions in one step. (A value found on the cover is added through the first document: an added
    value is removed from every document and the cover alike.)"""
    out = []
    for problem in problems:
        if isinstance(problem, Finding) and evidence_ids and problem.value:
            number = problem.document if 0 < problem.document <= len(evidence_ids) else 1
            out.append({"text": str(problem), "value": problem.value[:255], "evidence": evidence_ids[number - 1],
                        "document": problem.title, "where": problem.where})
        else:
            out.append({"text": str(problem)})
    return out


def build_bundle(job_id: str, bundle_id: int) -> None:
    reporter = JobReporter(job_id)
    try:
        bundle = db.session.get(EvidenceBundle, bundle_id)
        if bundle is None:
            raise LookupError(f"no evidence bundle {bundle_id}")
        if bundle.status == "verified" and _files_intact(bundle):
            reporter.finish("Already built")
            return
        breach = _breach(bundle.breach_id)
        case = db.session.get(Case, breach.case_id)
        reviews = service.review(case, breach)
        reporter.start(total=len(reviews) + 2, message="Checking the review")
        blockers = service.not_ready(case, breach, reviews)
        if blockers:
            bundle.status, bundle.finished_at = "failed", utcnow()
            bundle.problems = [b.as_dict() for b in blockers]
            db.session.commit()
            reporter.finish("Not built: " + str(blockers[0]))
            return
        bundle.status = "building"
        db.session.commit()
        items = []
        for item in reviews:
            accepted = [p for p in item.proposals if item.decisions[p.id].decision == "accepted"]
            rejected = [p for p in item.proposals if item.decisions[p.id].decision == "rejected"]
            items.append(Evidence(item.evidence.title, item.evidence.kind, service.read_source(item.evidence),
                                  accepted, rejected))
        red = service.redactions_for(case, breach)
        red.staff = [breach.approved_by.full_name] if breach.approved_by else []
        result = make_bundle(_cover(case, breach), items, red, marking=current_app.config["PROTECTIVE_MARKING"],
                             to_pdf=_pdf_or_none if pdf_available() else None, progress=reporter.step)
        bundle.finished_at = utcnow()
        if not result.verified:
            bundle.status, bundle.verified = "refused", False
            bundle.problems = _problems(result.problems, [item.evidence.id for item in reviews])
            case.events.append(CaseEvent(kind="bundle_refused", summary="Evidence bundle refused: verification "
                                         "found a value nobody decided may stay",
                                         detail=f"{len(result.problems)} problem(s); see the bundle on the breach page"))
            audit.record("combine", "evidence", case.reference,
                         f"Evidence bundle {bundle.id} refused by verification ({len(result.problems)} problem(s))",
                         user=bundle.created_by)
            db.session.commit()
            reporter.finish(f"Refused: {len(result.problems)} problem(s) found in the finished files")
            return
        folder = f"cases/{store.safe_name(case.reference)}/breach-{breach.id}"
        docx_relative = f"{folder}/bundle-{bundle.id}.docx"
        store.write(docx_relative, result.docx)
        bundle.docx_path, bundle.docx_sha256 = docx_relative, store.sha256(result.docx)
        if result.pdf:
            pdf_relative = f"{folder}/bundle-{bundle.id}.pdf"
            store.write(pdf_relative, result.pdf)
            bundle.pdf_path, bundle.pdf_sha256 = pdf_relative, store.sha256(result.pdf)
        bundle.pages, bundle.problems = result.pages, []
        bundle.status, bundle.verified = "verified", True
        case.events.append(CaseEvent(kind="bundle_built", summary="Evidence bundle built and verified",
                                     detail=f"{len(items)} document(s)" + (f", {result.pages} pages" if result.pages else "")))
        audit.record("combine", "evidence", case.reference,
                     f"Evidence bundle {bundle.id} built from {len(items)} redacted document(s) and verified",
                     user=bundle.created_by)
        db.session.commit()
        reporter.finish("Built and verified")
    except Exception as exc:
        log.exception("building evidence bundle %s failed", bundle_id)
        reporter.fail(exc)
        bundle = db.session.get(EvidenceBundle, bundle_id)
        if bundle is not None and bundle.status != "verified":
            bundle.status, bundle.finished_at = "failed", utcnow()
            db.session.commit()
        raise
