"""Evidence for a breach bundle: storing uploads, who is redacted and who kept, the proposals a
reviewer works through, their decisions, and starting the background jobs.

Proposals hold the values they would remove (for the reviewer's screen), so they are kept as a
file in the document store beside the evidence they came from, with its checksum, never in a
database column. The database keeps only the log: category, location, decision, who and when.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from sqlalchemy import func, select

from documents.bundle import Redactions, category_label, source_of
from documents.redaction import Proposal, UnreadableDocument, verify
from documents.redaction.detectors import NAME
from documents.redaction.docx import check_package
from documents.redaction.outgoing import ThirdParty
from documents.redaction.people import group_people, person_key
from documents.redaction.values import normalise
from jobs.queue import enqueue
from webapp.audit import log as audit
from webapp.domain.victims import is_organisation
from webapp.domain.formatting import counted
from webapp.extensions import db
from webapp.models import (BackgroundJob, Breach, Case, CaseEvent, EvidenceBundle, EvidenceFile, RedactionDecision,
                           ReviewerValue, Witness)
from webapp.models.decision import CautionDelivery
from webapp.models._types import utcnow
from webapp.services import storage as store

PROPOSE_TASK = "jobs.tasks.bundles.propose_redactions"
BUILD_TASK = "jobs.tasks.bundles.build_bundle"
MAX_BYTES = 20 * 1024 * 1024
KINDS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}


class EvidenceError(ValueError):
    """An upload or a review step cannot be accepted; the message is for the page."""


# --------------------------------------------------------------------------- who is redacted


def redactions_for(case: Case, breach: Breach, with_added: bool = True) -> Redactions:
    """Victims and witnesses go, with every detail the record holds on them; the defendant and the
    referring officer stay. Organisation victims (a shop) are not people: their name stays."""
    names, known, labels = [], [], {}
    for victim in case.victims:
        if not is_organisation(victim):
            names.append(victim.full_name)
            labels[victim.full_name] = "victim's name"
        for value, what in ((victim.address_line1, "address"), (victim.postcode, "postcode"),
                            (victim.phone, "telephone number"), (victim.email, "email address")):
            if value and value.strip():
                known.append((value.strip(), f"victim's {what}"))
    for witness in breach.witnesses:
        names.append(witness.full_name)
        labels[witness.full_name] = "witness's name"
        for value, what in ((witness.address, "address"), (witness.phone, "telephone number"),
                            (witness.email, "email address")):
            if value and value.strip():
                known.append((value.strip(), f"witness's {what}"))
    keep = [case.suspect.full_name]
    if case.referring_officer.strip():
        keep.append(case.referring_officer.strip())
    delivery = _caution_delivery(breach)
    if delivery is not None and delivery.given_by_name.strip():  # the officer who gave the caution
        keep.append(f"{delivery.given_by_rank.strip()} {delivery.given_by_name.strip()}".strip())
    added = []
    if with_added:
        added = list(db.session.scalars(select(ReviewerValue.value).where(ReviewerValue.breach_id == breach.id)
                                        .order_by(ReviewerValue.id)))
    suspect = case.suspect
    own = [" ".join(suspect.address_lines)] + ([suspect.date_of_birth] if suspect.date_of_birth else [])
    return Redactions(names=names, keep=keep, known=known, added=added, name_label=labels, own=own)


def third_parties(case: Case) -> list[ThirdParty]:
    """The case's victims (people, not organisations) and every breach witness, with their contact
    details: what must not reach a document for the offender or a provider."""
    found = []
    for victim in case.victims:
        if not is_organisation(victim):
            details = tuple(v.strip() for v in (victim.phone, victim.email, victim.address_line1, victim.postcode)
                            if v and v.strip())
            found.append(ThirdParty(victim.full_name, "victim", details))
    witnesses = db.session.scalars(select(Witness).join(Breach, Breach.id == Witness.breach_id)
                                   .where(Breach.case_id == case.id).order_by(Witness.id))
    for witness in witnesses:
        details = tuple(v.strip() for v in (witness.phone, witness.email, witness.address) if v and v.strip())
        found.append(ThirdParty(witness.full_name, "witness", details))
    return found


def proposals_key(red: Redactions) -> str:
    """What the proposals depend on: a witness added later makes them out of date."""
    return hashlib.sha256(json.dumps([red.names, red.keep], sort_keys=True).encode()).hexdigest()


def add_witness(case: Case, breach: Breach, *, full_name: str, address: str, phone: str, email: str,
                user) -> Witness:
    """A witness to the breach: they are redacted from the bundle like the victims."""
    witness = Witness(breach_id=breach.id, full_name=" ".join(full_name.split()), address=address.strip(),
                      phone=phone.strip(), email=email.strip(), added_by_id=user.id)
    db.session.add(witness)
    case.events.append(CaseEvent(kind="witness_added", actor_id=user.id, summary="Witness added to the breach evidence",
                                 detail="Their name and details are removed from the evidence bundle"))
    audit.record("collect", "witness", case.reference, f"Witness added to breach {breach.id}")
    return witness


# --------------------------------------------------------------------------- uploads


def evidence_kind(filename: str, data: bytes) -> str:
    """docx, pdf or txt, checked by content as well as by name."""
    kind = KINDS.get(PurePath(filename or "").suffix.lower())
    if kind is None:
        raise EvidenceError("The evidence must be a Word document (.docx), a PDF (.pdf) or plain text (.txt)")
    if not data:
        raise EvidenceError("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise EvidenceError("The file must be smaller than 20 MB")
    if kind == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" not in archive.namelist():
                    raise EvidenceError("The file is not a Word document: save it as .docx")
                check_package(archive)
        except zipfile.BadZipFile:
            raise EvidenceError("The file is not a Word document: save it as .docx") from None
        except UnreadableDocument as exc:
            raise EvidenceError(f"The Word document cannot be used: {exc}") from None
    elif kind == "pdf" and not data.startswith(b"%PDF"):
        raise EvidenceError("The file is not a PDF")
    elif kind == "txt" and b"\x00" in data:
        raise EvidenceError("The file is not plain text")
    return kind


def _folder(case: Case, breach: Breach) -> str:
    return f"cases/{store.safe_name(case.reference)}/breach-{breach.id}"


def add_evidence(case: Case, breach: Breach, *, filename: str, title: str, data: bytes, user) -> EvidenceFile:
    kind = evidence_kind(filename, data)
    position = (db.session.scalar(select(func.max(EvidenceFile.position)).where(EvidenceFile.breach_id == breach.id))
                or 0) + 1
    evidence = EvidenceFile(breach_id=breach.id, title=title.strip()[:200], original_filename=(filename or "")[:255],
                            stored_path="", sha256=store.sha256(data), kind=kind, position=position,
                            uploaded_by_id=user.id)
    db.session.add(evidence)
    db.session.flush()
    relative = f"{_folder(case, breach)}/evidence/{evidence.id}.{kind}"
    store.write(relative, data)
    evidence.stored_path = relative
    case.events.append(CaseEvent(kind="evidence_added", actor_id=user.id,
                                 summary=f"Evidence added to the breach: {evidence.title}"[:255],
                                 detail=f"{evidence.kind_label}, {len(data):,} bytes"))
    audit.record("collect", "evidence", case.reference, f"Evidence {evidence.id} ({kind}) added to breach {breach.id}")
    return evidence


# --------------------------------------------------------------------------- the signed caution document

SIGNED_CAUTION_TITLE = "The offender's signed caution document"
_SIGNED_KINDS = {"application/pdf": "pdf", "image/jpeg": "image", "image/png": "image"}


def _caution_delivery(breach: Breach) -> CautionDelivery | None:
    """The delivery record of the caution whose condition was breached (none for a community resolution)."""
    condition = breach.condition
    return condition.decision.delivery if condition is not None and condition.decision is not None else None


def signed_caution(breach: Breach) -> EvidenceFile | None:
    """The breach evidence that is the offender's signed caution document, if it has been added."""
    delivery = _caution_delivery(breach)
    if delivery is None or not delivery.signed_path:
        return None
    return next((e for e in breach.evidence if e.stored_path == delivery.signed_path), None)


def include_signed_caution(case: Case, breach: Breach, user) -> EvidenceFile | None:
    """Put the offender's signed caution document (uploaded or captured when the caution was given) in
    the breach evidence, first, so it is proposed, reviewed, redacted and verified like every other
    document: the defendant and the officer who gave it stay, anyone else is decided on. The evidence row
    points at the stored signed document (same checksum), so nothing is copied and the delivery record
    keeps it. Returns the row, or None when there is no signed document (a community resolution)."""
    delivery = _caution_delivery(breach)
    if delivery is None or not delivery.signed_path:
        return None
    found = signed_caution(breach)
    if found is not None:
        return found
    evidence = EvidenceFile(breach_id=breach.id, title=SIGNED_CAUTION_TITLE,
                            original_filename=(delivery.signed_file_name or "")[:255], stored_path=delivery.signed_path,
                            sha256=delivery.signed_sha256, kind=_SIGNED_KINDS.get(delivery.signed_content_type, "image"),
                            position=0, uploaded_by_id=user.id if user is not None else None)
    db.session.add(evidence)
    breach.evidence.insert(0, evidence)
    db.session.flush()
    case.events.append(CaseEvent(kind="evidence_added", actor_id=user.id if user is not None else None,
                                 summary="The offender's signed caution document added to the breach evidence",
                                 detail="Redacted like the rest of the bundle: the defendant stays"))
    audit.record("collect", "evidence", case.reference,
                 f"Signed caution document (delivery {delivery.id}) added as evidence {evidence.id} to breach {breach.id}")
    return evidence


def read_source(evidence: EvidenceFile) -> bytes | str:
    data = store.read_verified(evidence.stored_path, evidence.sha256, what=f"The evidence \u201c{evidence.title}\u201d")
    return source_of(evidence.kind, data)


# --------------------------------------------------------------------------- proposals


def save_proposals(case: Case, breach: Breach, evidence: EvidenceFile, proposals: list[Proposal], key: str) -> None:
    data = json.dumps([asdict(p) for p in proposals], ensure_ascii=False).encode()
    relative = f"{_folder(case, breach)}/evidence/{evidence.id}.proposals.json"
    store.write(relative, data)
    evidence.proposals_path, evidence.proposals_sha256 = relative, store.sha256(data)
    evidence.proposals_count, evidence.proposals_key = len(proposals), key
    evidence.proposal_status, evidence.proposal_error = "proposed", ""
    wanted = {p.id for p in proposals}
    for decision in list(evidence.decisions):
        if decision.decision != "added" and decision.proposal_id not in wanted:
            db.session.delete(decision)


def load_proposals(evidence: EvidenceFile) -> list[Proposal]:
    if evidence.proposal_status != "proposed":
        return []
    data = store.read_verified(evidence.proposals_path, evidence.proposals_sha256, what="The proposed redactions")
    return [Proposal(**item) for item in json.loads(data)]


@dataclass
class DocumentReview:
    evidence: EvidenceFile
    proposals: list[Proposal]
    decisions: dict[str, RedactionDecision]
    added: list[RedactionDecision] = field(default_factory=list)
    stale: bool = False

    @property
    def undecided(self) -> int:
        return sum(1 for p in self.proposals if p.id not in self.decisions)


def review(case: Case, breach: Breach) -> list[DocumentReview]:
    key = proposals_key(redactions_for(case, breach, with_added=False))
    out = []
    for evidence in breach.evidence:
        decisions = {d.proposal_id: d for d in evidence.decisions if d.decision != "added"}
        added = [d for d in evidence.decisions if d.decision == "added"]
        out.append(DocumentReview(evidence, load_proposals(evidence), decisions, added,
                                  stale=evidence.proposal_status == "proposed" and evidence.proposals_key != key))
    return out


def decide(case: Case, evidence: EvidenceFile, proposal: Proposal, decision: str, user,
           reason: str = "") -> RedactionDecision:
    if decision not in ("accepted", "rejected"):
        raise EvidenceError("Choose whether to remove or keep it")
    row = db.session.scalar(select(RedactionDecision).where(RedactionDecision.evidence_id == evidence.id,
                                                            RedactionDecision.proposal_id == proposal.id))
    if row is None:
        row = RedactionDecision(evidence_id=evidence.id, proposal_id=proposal.id)
        db.session.add(row)
    row.category, row.location = proposal.category, proposal.location[:255]
    row.decision, row.decided_by_id, row.decided_at = decision, user.id, utcnow()
    row.reason = reason if decision == "rejected" else ""
    audit.record("alter", "evidence", case.reference,
                 f"Redaction {proposal.id} in evidence {evidence.id} ({proposal.category}, {proposal.location}): {decision}")
    return row


# --------------------------------------------------------------------------- people named in the evidence


@dataclass
class Mention:
    review: DocumentReview
    proposal: Proposal

    @property
    def decision(self) -> RedactionDecision | None:
        return self.review.decisions.get(self.proposal.id)


@dataclass
class PersonInEvidence:
    """Everyone a name refers to across all the documents: one decision covers every mention."""

    key: str
    mentions: list[Mention]

    @property
    def label(self) -> str:
        """The fullest way the documents write the name."""
        return max((m.proposal.text for m in self.mentions), key=lambda t: (len(t.split()), len(t)))

    @property
    def anchor(self) -> str:
        return "person-" + hashlib.sha256(self.key.encode()).hexdigest()[:12]

    @property
    def status(self) -> str:
        """undecided, removed, kept or mixed (decided one by one before grouping)."""
        decisions = {m.decision.decision if m.decision else None for m in self.mentions}
        if None in decisions:
            return "undecided"
        if decisions == {"accepted"}:
            return "removed"
        return "kept" if decisions == {"rejected"} else "mixed"

    @property
    def reason(self) -> str:
        return next((m.decision.reason for m in self.mentions if m.decision and m.decision.reason), "")

    @property
    def documents(self) -> int:
        return len({m.review.evidence.id for m in self.mentions})


def people(reviews: list[DocumentReview]) -> list[PersonInEvidence]:
    """Every candidate person across the breach's evidence, grouped by person, undecided first."""
    mentions = [(person_key(p.text), Mention(r, p)) for r in reviews for p in r.proposals if p.category == NAME]
    owner = group_people(key for key, _ in mentions)
    grouped: dict[str, list[Mention]] = {}
    for key, mention in mentions:
        grouped.setdefault(owner[key], []).append(mention)
    found = [PersonInEvidence(key, items) for key, items in grouped.items()]
    return sorted(found, key=lambda p: (p.status != "undecided", p.label.casefold()))


def decide_person(case: Case, reviews: list[DocumentReview], key: str, decision: str, reason: str, user) -> PersonInEvidence:
    """Remove a person from every document, or keep them everywhere with a reason."""
    person = next((p for p in people(reviews) if p.key == key), None)
    if person is None:
        raise LookupError(key)
    reason = " ".join((reason or "").split())
    if decision == "rejected" and not reason:
        raise EvidenceError("Enter why this person may stay in the bundle")
    if len(reason) > 500:
        raise EvidenceError("The reason must be 500 characters or fewer")
    for mention in person.mentions:
        row = decide(case, mention.review.evidence, mention.proposal, decision, user, reason)
        mention.review.decisions[mention.proposal.id] = row
    audit.record("alter", "evidence", case.reference,
                 f"Person named {len(person.mentions)} time(s) in {person.documents} document(s) of the breach "
                 f"evidence: {'kept, with a reason' if decision == 'rejected' else 'removed from every document'}")
    return person


def accept_remaining(case: Case, evidence: EvidenceFile, user) -> int:
    done = {d.proposal_id for d in evidence.decisions}
    count = 0
    for proposal in load_proposals(evidence):
        if proposal.id not in done:
            decide(case, evidence, proposal, "accepted", user)
            count += 1
    return count


def add_value(case: Case, breach: Breach, evidence: EvidenceFile, value: str, user) -> RedactionDecision:
    """A value the detectors missed. The log says where it was found, never what it was; the value
    itself is kept apart (ReviewerValue) so the build can remove it from every document."""
    value = " ".join(value.split())
    if len(normalise(value)) < 3:
        raise EvidenceError("Enter at least 3 letters or numbers to remove")
    places = verify(read_source(evidence), [value]) if len(normalise(value)) >= 5 else []
    where = places[0].partition(" survives in ")[2] if places else ""
    number = sum(1 for d in evidence.decisions if d.decision == "added") + 1
    row = RedactionDecision(evidence_id=evidence.id, proposal_id=f"added-{number}", category="reviewer_value",
                            location=(f"found in {where}" if where else "added by the reviewer")[:255],
                            decision="added", decided_by_id=user.id, decided_at=utcnow())
    db.session.add(row)
    db.session.flush()
    db.session.add(ReviewerValue(decision_id=row.id, breach_id=breach.id, value=value[:255]))
    audit.record("alter", "evidence", case.reference,
                 f"Reviewer added a value to remove from breach {breach.id}'s evidence ({row.location})")
    return row


# --------------------------------------------------------------------------- jobs


def start_proposals(case: Case, breach: Breach, user) -> BackgroundJob:
    include_signed_caution(case, breach, user)
    job = BackgroundJob(kind="redaction_proposals", title=f"Proposing redactions for {case.reference}",
                        case_id=case.id, created_by_id=user.id, total=max(1, len(breach.evidence)))
    db.session.add(job)
    db.session.commit()
    return enqueue(PROPOSE_TASK, job, breach_id=breach.id)


def latest_job(case: Case, kind: str) -> BackgroundJob | None:
    """The case's most recent job of this kind (proposing redactions, building a bundle), for its progress."""
    return db.session.scalar(select(BackgroundJob).where(BackgroundJob.case_id == case.id, BackgroundJob.kind == kind)
                             .order_by(BackgroundJob.created_at.desc()).limit(1))


def bundles_of(breach: Breach) -> list[EvidenceBundle]:
    return list(db.session.scalars(select(EvidenceBundle).where(EvidenceBundle.breach_id == breach.id)
                                   .order_by(EvidenceBundle.id.desc())))


@dataclass
class Blocker:
    """One reason the bundle cannot be built or released, in words. When it is about a value in the
    evidence it names the value, the document and where, and says what one step removes it:
    ``person`` (remove that person from every document), ``proposal`` (remove that proposal) or
    just ``evidence`` (add the value to the redactions). Shown to the reviewer only, never logged."""

    text: str
    value: str = ""
    evidence: int | None = None
    proposal: str = ""
    person: str = ""

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict:
        return asdict(self)


UNDECIDED_SHOWN = 5  # undecided proposals named one by one per document; the rest are counted
PEOPLE_SHOWN = 20    # undecided people named one by one; the rest are counted (the review page has them all)


def not_ready(case: Case, breach: Breach, reviews: list[DocumentReview]) -> list[Blocker]:
    """What stops the bundle being built, in words: every undecided person and proposal by its value,
    document and place."""
    problems = []
    if breach.status != "approved" or breach.proposed_outcome != "prosecute":
        problems.append(Blocker("A bundle is built once a supervisor has approved prosecution for the breach"))
    if not reviews:
        problems.append(Blocker("Upload the evidence first"))
    elif _caution_delivery(breach) is not None and _caution_delivery(breach).signed_path and signed_caution(breach) is None:
        problems.append(Blocker(f"{SIGNED_CAUTION_TITLE} is not in the evidence yet: propose the redactions again "
                                "to add it"))
    undecided = [p for p in people(reviews) if p.status == "undecided"]
    for person in undecided[:PEOPLE_SHOWN]:
        first = person.mentions[0]
        more = len(person.mentions) - 1
        problems.append(Blocker(
            f"\u201c{person.label}\u201d, named in {first.review.evidence.title} ({first.proposal.location})"
            + (f" and {more} other place{'' if more == 1 else 's'}" if more else "")
            + ": remove or keep them on the review page",
            value=person.label, evidence=first.review.evidence.id, person=person.key))
    if len(undecided) > PEOPLE_SHOWN:
        problems.append(Blocker(f"{len(undecided) - PEOPLE_SHOWN} more people named in the evidence not yet "
                                "decided, on the review page"))
    for item in reviews:
        title = item.evidence.title
        if item.evidence.proposal_status == "pending":
            problems.append(Blocker(f"{title}: redactions are still being proposed"))
        elif item.evidence.proposal_status == "failed":
            problems.append(Blocker(f"{title}: could not be read ({item.evidence.proposal_error})"))
        elif item.stale:
            problems.append(Blocker(f"{title}: a witness was added after the redactions were proposed: "
                                    "propose them again"))
        elif item.undecided:
            waiting = [p for p in item.proposals if p.id not in item.decisions and p.category != NAME]
            for proposal in waiting[:UNDECIDED_SHOWN]:
                problems.append(Blocker(
                    f"\u201c{proposal.text}\u201d ({category_label(proposal.category)}), in {title} "
                    f"({proposal.location}): remove or keep it on the review page",
                    value=proposal.text, evidence=item.evidence.id, proposal=proposal.id))
            if len(waiting) > UNDECIDED_SHOWN:
                problems.append(Blocker(f"{title}: {counted(len(waiting) - UNDECIDED_SHOWN, 'more proposed redaction')} "
                                        "not yet reviewed, on the review page", evidence=item.evidence.id))
    return problems


def start_bundle(case: Case, breach: Breach, user) -> EvidenceBundle:
    job = BackgroundJob(kind="evidence_bundle", title=f"Evidence bundle for {case.reference}", case_id=case.id,
                        created_by_id=user.id, total=len(breach.evidence) + 2)
    db.session.add(job)
    db.session.flush()
    bundle = EvidenceBundle(breach_id=breach.id, case_id=case.id, job_id=job.id, created_by_id=user.id)
    db.session.add(bundle)
    case.events.append(CaseEvent(kind="bundle_requested", actor_id=user.id,
                                 summary="Evidence bundle requested for the breach prosecution"))
    audit.record("combine", "evidence", case.reference, f"Evidence bundle for breach {breach.id} requested")
    db.session.commit()
    enqueue(BUILD_TASK, job, bundle_id=bundle.id)
    return bundle


# --------------------------------------------------------------------------- disclosure

BUNDLE_FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "pdf": "application/pdf"}


def downloadable(bundle: EvidenceBundle | None, case: Case, extension: str) -> bool:
    """Only a verified bundle of this case, in a format it was made in, ever leaves the team."""
    return (bundle is not None and bundle.case_id == case.id and extension in BUNDLE_FORMATS and bundle.verified
            and bundle.status == "verified" and bool(bundle.docx_path if extension == "docx" else bundle.pdf_path))


def disclose_bundle(case: Case, bundle: EvidenceBundle, extension: str, *, recipient: str, purpose: str,
                    user) -> bytes:
    """The bundle's file, checked against its SHA-256, with the disclosure logged with its recipient and
    purpose (DPA 2018 s.62(3)). Raises storage.StoredFileProblem when the stored file is missing or changed."""
    path, digest = (bundle.docx_path, bundle.docx_sha256) if extension == "docx" else (bundle.pdf_path,
                                                                                      bundle.pdf_sha256)
    data = store.read_verified(path, digest, what="This bundle")
    audit.record("disclose", "evidence_bundle", case.reference,
                 f"Downloaded evidence bundle {bundle.id} ({extension}, SHA-256 {digest})",
                 justification=purpose.strip(), recipient=recipient.strip())
    case.events.append(CaseEvent(kind="disclosure", actor_id=user.id,
                                 summary=f"Evidence bundle disclosed to {recipient.strip()}"[:255],
                                 detail=f"{extension.upper()}, SHA-256 {digest[:12]}"))
    return data
