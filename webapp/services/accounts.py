"""Accounts: signing in and out, and the administration of users.

Ending sessions works by raising the user's session version: every session signed in with an older
number stops being accepted on its next request (webapp.security.load_user), on every device at once.
"""
from __future__ import annotations

import secrets

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


def sign_in(username: str, password: str, lockout_after: int) -> User | None:
    """The user if the password is right and the account may sign in; None otherwise, audited.

    Every attempt costs one password hash, even for an unknown username, so the time taken does not
    tell an attacker which usernames exist. `lockout_after` failures in a row lock the account until
    a supervisor or administrator unlocks it (the right password does not unlock it).
    """
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _hash_anyway(password)
        audit_log.record("failed", "user", "", "Failed sign-in: unknown username",
                         username="(unknown username)", justification=SIGN_IN)
        db.session.commit()
        return None
    right = user.check_password(password)
    if right and user.active and user.locked_at is None:
        user.failed_sign_ins = 0
        audit_log.record("sign_in", "user", user.username, "Signed in", user=user, justification=SIGN_IN)
        db.session.commit()
        return user
    reason = "account locked" if user.locked_at else "wrong password" if not right else "account deactivated"
    if not right:
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        if user.locked_at is None and user.failed_sign_ins >= lockout_after:
            user.locked_at = utcnow()
            reason += f"; account locked after {user.failed_sign_ins} failures in a row"
    audit_log.record("failed", "user", user.username, f"Failed sign-in: {reason}", username=user.username,
                     justification=SIGN_IN)
    db.session.commit()
    return None


LAST_ADMIN = ("This is the only active administrator account. Add or reactivate another administrator "
              "before you change its role or deactivate it")


def save_user(user: User, *, by: User, full_name: str, role: str, area_id: int | None, active: bool,
              password: str | None) -> str | None:
    """An administrator's change to an account, audited as theirs; returns why it was refused, or None.

    Never leaves the service without an active administrator. A new password or a deactivation ends
    the account's sessions.
    """
    if user.role == "admin" and user.active and (role != "admin" or not active) and not _other_active_admins(user):
        return LAST_ADMIN
    changes = []
    for attr, value in (("full_name", full_name.strip()), ("role", role), ("active", active)):
        if getattr(user, attr) != value:
            changes.append(f"{attr}: {getattr(user, attr)} → {value}")
            setattr(user, attr, value)
    if area_id != user.area_id:
        changes.append("home area changed")
        user.area_id = area_id
    if password:
        user.set_password(password)
        changes.append("password reset")
    if password or not user.active:
        end_all_sessions(user)
    audit_log.record("alter", "user", user.username, "; ".join(changes) or "No change", user=by)
    db.session.commit()
    return None


def change_own_password(user: User, current: str, new: str) -> str | None:
    """A person's change of their own password; ends every other session of theirs (the caller starts a
    fresh one for this browser). Returns why it was refused, or None."""
    if not user.check_password(current):
        audit_log.record("failed", "user", user.username, "Password change refused: current password not right",
                         user=user, justification=SIGN_IN)
        db.session.commit()
        return "Your current password is not right"
    user.set_password(new)
    end_all_sessions(user)
    audit_log.record("alter", "user", user.username, "Password changed by its owner; other sessions ended", user=user)
    db.session.commit()
    return None


def _other_active_admins(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id)) or 0


def unlock(user: User, by: User | None, how: str = "") -> None:
    user.locked_at = None
    user.failed_sign_ins = 0
    audit_log.record("alter", "user", user.username, " ".join(["Account unlocked after failed sign-ins", how]).strip(),
                     user=by)
    db.session.commit()


def locked_accounts(unlockable_roles) -> list[User]:
    return list(db.session.scalars(select(User).where(User.locked_at.is_not(None), User.role.in_(unlockable_roles))
                                   .order_by(User.locked_at.desc())))


_dummy_hashes: dict[int, str] = {}


def _hash_anyway(password: str) -> None:
    """Verify the password against a throw-away hash made with the same hasher as real ones."""
    from argon2.exceptions import VerificationError

    from webapp.models import user as user_model
    hasher = user_model._hasher
    dummy = _dummy_hashes.get(id(hasher)) or _dummy_hashes.setdefault(id(hasher), hasher.hash(secrets.token_hex(16)))
    try:
        hasher.verify(dummy, password)
    except VerificationError:
        pass
