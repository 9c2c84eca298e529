from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, String, Text, event
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


# The same refusal in the database itself, so no client (a console, a script, another service) can
# change or remove a line either. Migration 0009 creates these too; tables made by create_all get them
# from the after_create listener below.
APPEND_ONLY_MESSAGE = "audit records are append-only (DPA 2018 s.62)"
APPEND_ONLY_TRIGGERS = {
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
        "CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records "
        "FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()",
    ),
    "sqlite": (
        "CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
        "CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
    ),
}
DROP_APPEND_ONLY_TRIGGERS = {
    "postgresql": ("DROP TRIGGER IF EXISTS audit_records_append_only ON audit_records",
                   "DROP FUNCTION IF EXISTS audit_records_append_only()"),
    "sqlite": ("DROP TRIGGER IF EXISTS audit_records_no_update", "DROP TRIGGER IF EXISTS audit_records_no_delete"),
}

for _dialect, _statements in APPEND_ONLY_TRIGGERS.items():
    for _statement in _statements:
        event.listen(AuditRecord.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    """The log must be trustworthy evidence (s.62(4)): nobody edits or deletes a line through the app."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditRecord):
            raise AuditLogIsAppendOnly("Audit records cannot be changed or deleted")
