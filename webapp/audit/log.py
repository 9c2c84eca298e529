"""Writing the processing log. Called by views, jobs and commands alike."""
from __future__ import annotations

from flask import g, has_app_context, has_request_context, request
from flask_login import current_user

from webapp.extensions import db
from webapp.models import AuditRecord


def default_justification(user) -> str:
    """s.62(2) asks for the justification of each consultation; a role's duty is the usual one."""
    if user is None:
        return "System process"
    return f"Duties as {user.role_label.lower()}"


def record(action: str, record_type: str, record_id, description: str = "", *,
           justification: str | None = None, recipient: str = "", user=None, username: str | None = None) -> AuditRecord:
    """Add an audit line to the current transaction, so it commits (or rolls back) with the work.

    `username` names someone who is not (yet) a signed-in user, such as the name typed at a failed sign-in."""
    if user is None and username is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    entry = AuditRecord(
        user_id=user.id if user is not None else None,
        username=user.username if user is not None else (username or "system")[:80],
        action=action,
        record_type=record_type,
        record_id=str(record_id or ""),
        description=description[:2000],
        # The reason the user gave for opening this case (webapp/views.py), else their role's duty.
        justification=(justification or (g.get("access_justification") if has_app_context() else None)
                       or default_justification(user))[:255],
        recipient=recipient[:255],
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(entry)
    return entry
