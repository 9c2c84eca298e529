"""Accounts: signing in and out, and the administration of users.

Ending sessions works by raising the user's session version: every session signed in with an older
number stops being accepted on its next request (webapp.security.load_user), on every device at once.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.audit import log as audit_log
from webapp.extensions import db
from webapp.models import User
from webapp.models._types import utcnow

SIGN_IN = "Sign-in attempt"


def end_all_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def sign_out(user: User, description: str = "Signed out") -> None:
    """Sign-out ends every session of the user, so a copied session cookie is useless afterwards."""
    end_all_sessions(user)
    audit_log.record("sign_out", "user", user.username, description, user=user, justification=SIGN_IN)
    db.session.commit()


def sign_in(username: str, password: str) -> User | None:
    """The user if the password is right and the account may sign in; None otherwise (and audited)."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not user.check_password(password) or not user.active:
        audit_log.record("failed", "user", username[:40] if user else "", "Failed sign-in",
                         username=username if user else "(unknown username)", justification=SIGN_IN)
        db.session.commit()
        return None
    audit_log.record("sign_in", "user", user.username, "Signed in", user=user, justification=SIGN_IN)
    db.session.commit()
    return user
