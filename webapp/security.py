"""Role checks. Every view declares who may use it; a test walks the URL map to prove it."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from webapp.extensions import login_manager

ALL_STAFF = ("clerk", "caseworker", "victim_liaison", "supervisor")
CASE_STAFF = ALL_STAFF
SUPERVISORS = ("supervisor",)
ADMINS = ("admin",)


def roles_required(*roles: str):
    """Allow only signed-in users whose role is listed; others get 403, the signed-out go to log in."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def public(view):
    """Mark a view that is deliberately open (log-in page, health check)."""
    view.allowed_roles = "public"
    return view
