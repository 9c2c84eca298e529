from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from webapp.extensions import db
from webapp.models._types import utcnow

# DPA 2018 s.62(1): the operations a law-enforcement processing log must record.
ACTIONS = {
    "collect": "Collection",
    "consult": "Consultation",
    "alter": "Alteration",
    "disclose": "Disclosure",
    "combine": "Combination",
    "erase": "Erasure",
    # Security events beside the s.62 operations (ASVS 7.2): who signed in or out, failed, or was refused.
    "sign_in": "Sign-in",
    "sign_out": "Sign-out",
    "failed": "Failed sign-in",
    "refused": "Refused request",
}


class AuditRecord(db.Model):
    """An append-only log line: who did which operation on which record, when, why and for whom.

    Columns follow DPA 2018 s.62(2)-(3): justification, date and time, identity of the person,
    and for disclosures the recipients.
    """

    __tablename__ = "audit_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(10), index=True)
    record_type: Mapped[str] = mapped_column(String(40), index=True)
    record_id: Mapped[str] = mapped_column(String(40), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(String(255), default="")
    recipient: Mapped[str] = mapped_column(String(255), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    """The log must be trustworthy evidence (s.62(4)): nobody edits or deletes a line through the app."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditRecord):
            raise AuditLogIsAppendOnly("Audit records cannot be changed or deleted")
