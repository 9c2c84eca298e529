"""Generated documents and the versions of their Word templates."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow


class DocumentTemplate(db.Model):
    """A version of a kind's template. Version 1 of each kind is the one shipped in documents/templates;
    admins upload later versions, and old versions stay so earlier documents can be traced to them."""

    __tablename__ = "document_templates"
    __table_args__ = (UniqueConstraint("kind", "version", name="uq_document_templates_kind_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int]
    path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(String(255), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class GeneratedDocument(db.Model):
    """One document made from the case record: who asked, which template version, which data, and
    where the file is (outside the database) with its checksum."""

    __tablename__ = "generated_documents"
    __table_args__ = (UniqueConstraint("case_id", "kind", "version", name="uq_generated_documents_case_kind_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)
    recipient: Mapped[str] = mapped_column(String(200), default="")
    template_id: Mapped[int | None] = mapped_column(ForeignKey("document_templates.id"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("background_jobs.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    error: Mapped[str] = mapped_column(Text, default="")
    docx_path: Mapped[str] = mapped_column(String(500), default="")
    docx_sha256: Mapped[str] = mapped_column(String(64), default="")
    pdf_path: Mapped[str] = mapped_column(String(500), default="")
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    want_pdf: Mapped[bool] = mapped_column(default=False)
    source_summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    case = relationship("Case")
    template = relationship("DocumentTemplate")
    job = relationship("BackgroundJob")
    created_by = relationship("User")
