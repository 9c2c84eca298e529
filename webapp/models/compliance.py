"""Compliance with conditions (attendance, payments, tasks), breaches, and the evidence bundles
prepared when a breach is prosecuted.

Two rules shape these tables:

* nothing applies twice: an attendance file is known by its SHA-256, and an attendance record is
  unique per condition and session date, so re-uploading a file (or the same row in another file)
  changes nothing; a sweep task is unique by its key, so the daily sweep can run any number of times;
* the redaction log (RedactionDecision) says what kind of thing was removed, where, by whom and
  when, never the value itself; it stays with the case and never goes into the bundle.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

BREACH_STATUSES = {"proposed": "Awaiting approval", "approved": "Approved", "rejected": "Rejected"}
EVIDENCE_KINDS = {"docx": "Word document", "pdf": "PDF", "txt": "Plain text", "image": "Scanned image"}
REDACTION_DECISIONS = {"accepted": "Removed", "rejected": "Kept", "added": "Added by reviewer"}
BUNDLE_STATUSES = {"queued": "Queued", "building": "Being built", "verified": "Ready to release",
                   "refused": "Refused: something would leak", "failed": "Failed"}
TASK_KINDS = {"reminder": "Reminder", "review": "Review", "time_limit": "Time limit"}


class AttendanceUpload(db.Model):
    """One provider file as uploaded. The checksum is unique: the same file is never applied twice."""

    __tablename__ = "attendance_uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(120), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_applied: Mapped[int] = mapped_column(default=0)
    rows_already: Mapped[int] = mapped_column(default=0)
    rows_mismatched: Mapped[int] = mapped_column(default=0)

    uploaded_by = relationship("User")
    mismatches = relationship("AttendanceMismatch", back_populates="upload", cascade="all, delete-orphan",
                              order_by="AttendanceMismatch.row_number")


class AttendanceRecord(db.Model):
    """A session attended or missed, as a provider reported it (or a person resolved a mismatch)."""

    __tablename__ = "attendance_records"
    __table_args__ = (UniqueConstraint("condition_id", "session_date", name="uq_attendance_records_condition_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    session_date: Mapped[date]
    attended: Mapped[bool]
    course: Mapped[str] = mapped_column(String(200), default="")
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("attendance_uploads.id", ondelete="SET NULL"), index=True)
    row_number: Mapped[int | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    condition = relationship("Condition")
    upload = relationship("AttendanceUpload")


class AttendanceMismatch(db.Model):
    """A row that matched no condition, or more than one, waiting for a person to decide."""

    __tablename__ = "attendance_mismatches"
    __table_args__ = (UniqueConstraint("upload_id", "row_number", name="uq_attendance_mismatches_upload_row"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("attendance_uploads.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int]
    problem: Mapped[str] = mapped_column(String(20))  # unmatched / ambiguous
    reason: Mapped[str] = mapped_column(String(255), default="")
    row_data: Mapped[dict] = mapped_column(JSON, default=dict)
    candidate_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open / applied / dismissed
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="SET NULL"))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]

    upload = relationship("AttendanceUpload", back_populates="mismatches")
    resolved_by = relationship("User")


class Payment(db.Model):
    """Money the money-handling unit reports received: against a condition (compensation, a penalty
    condition) or against a breach's Community Caution financial penalty."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    breach_id: Mapped[int | None] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    paid_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(60), default="")
    reported_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Breach(db.Model):
    """A breach of one condition: what happened, any excuse, the offender's account, and the outcome
    the law allows for the disposal (webapp.domain.compliance.breach_outcomes), which a supervisor approves."""

    __tablename__ = "breaches"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    what_happened: Mapped[str] = mapped_column(Text)
    reasonable_excuse: Mapped[str] = mapped_column(Text, default="")
    offender_account: Mapped[str] = mapped_column(Text, default="")
    proposed_outcome: Mapped[str] = mapped_column(String(30))
    outcome_notes: Mapped[str] = mapped_column(Text, default="")
    # Continue or vary: the new date to comply by.
    new_due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    supervisor_comments: Mapped[str] = mapped_column(Text, default="")
    # Community Caution: the financial penalty and its registration as a fine if unpaid (PCSC 2022 s.111-112).
    penalty_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    penalty_due_date: Mapped[date | None]
    registration_status: Mapped[str] = mapped_column(String(20), default="")
    registered_on: Mapped[date | None]
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case = relationship("Case")
    condition = relationship("Condition")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    witnesses = relationship("Witness", back_populates="breach", cascade="all, delete-orphan", order_by="Witness.id")
    evidence = relationship("EvidenceFile", back_populates="breach", cascade="all, delete-orphan",
                            order_by="EvidenceFile.position, EvidenceFile.id")

    @property
    def status_label(self) -> str:
        return BREACH_STATUSES.get(self.status, self.status)


class Witness(db.Model):
    """A witness named in the breach evidence: removed from the bundle like the victims."""

    __tablename__ = "witnesses"
    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    breach = relationship("Breach", back_populates="witnesses")


class EvidenceFile(db.Model):
    """An uploaded piece of evidence, kept as uploaded under DOCUMENT_STORE. Its proposed redactions
    (which hold values, for the reviewer's screen) are a file beside it, never a database column."""

    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    proposal_status: Mapped[str] = mapped_column(String(20), default="pending")  # pending/proposed/failed
    proposal_error: Mapped[str] = mapped_column(Text, default="")
    proposals_path: Mapped[str] = mapped_column(String(500), default="")
    proposals_sha256: Mapped[str] = mapped_column(String(64), default="")
    proposals_count: Mapped[int] = mapped_column(default=0)
    # Which names and kept names the proposals were made with: a witness added later makes them stale.
    proposals_key: Mapped[str] = mapped_column(String(64), default="")

    breach = relationship("Breach", back_populates="evidence")
    uploaded_by = relationship("User")
    decisions = relationship("RedactionDecision", back_populates="evidence", cascade="all, delete-orphan",
                             order_by="RedactionDecision.id")

    @property
    def kind_label(self) -> str:
        return EVIDENCE_KINDS.get(self.kind, self.kind)


class RedactionDecision(db.Model):
    """The redaction log: one reviewer decision on one proposal (or a value the reviewer added).
    Category and location only: the redacted value is never stored here."""

    __tablename__ = "redaction_decisions"
    __table_args__ = (UniqueConstraint("evidence_id", "proposal_id", name="uq_redaction_decisions_evidence_proposal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    location: Mapped[str] = mapped_column(String(255), default="")
    decision: Mapped[str] = mapped_column(String(10))
    # Why a person named in the evidence was kept (issue 8: nobody leaves unless someone decided
    # they may, and said why). The reviewer's words, never the name itself.
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    evidence = relationship("EvidenceFile", back_populates="decisions")
    decided_by = relationship("User")

    @property
    def decision_label(self) -> str:
        return REDACTION_DECISIONS.get(self.decision, self.decision)


class ReviewerValue(db.Model):
    """A value the reviewer saw the detectors miss, kept only so the build can remove it. Working
    data with the evidence (like the evidence itself), not part of the log; the matching
    RedactionDecision ("added") is what the log shows."""

    __tablename__ = "reviewer_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("redaction_decisions.id", ondelete="CASCADE"), unique=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(255))


class EvidenceBundle(db.Model):
    """One build of the redacted bundle (Word and PDF). Only a verified bundle may be downloaded."""

    __tablename__ = "evidence_bundles"
    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    docx_path: Mapped[str] = mapped_column(String(500), default="")
    docx_sha256: Mapped[str] = mapped_column(String(64), default="")
    pdf_path: Mapped[str] = mapped_column(String(500), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[int | None]
    job_id: Mapped[str | None] = mapped_column(ForeignKey("background_jobs.id", ondelete="SET NULL"), index=True)
    verified: Mapped[bool] = mapped_column(default=False)
    # Why a build was refused: which document and what kind of value, never the value.
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    breach = relationship("Breach")
    job = relationship("BackgroundJob")
    created_by = relationship("User")

    @property
    def status_label(self) -> str:
        return BUNDLE_STATUSES.get(self.status, self.status)


class ComplianceTask(db.Model):
    """A to-do the daily sweep (or a breach) creates. `key` is unique, so the sweep never adds one twice."""

    __tablename__ = "compliance_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(255))
    due_date: Mapped[date] = mapped_column(index=True)
    done: Mapped[bool] = mapped_column(default=False, index=True)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case = relationship("Case")
    condition = relationship("Condition")
    done_by = relationship("User")

    @property
    def kind_label(self) -> str:
        return TASK_KINDS.get(self.kind, self.kind)
