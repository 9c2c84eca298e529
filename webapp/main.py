"""Landing and health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text

from webapp.extensions import db, login_manager
from webapp.security import public

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role == "admin":
        return redirect(url_for("admin.users"))
    return redirect(url_for("cases.index"))


@bp.get("/healthz")
@public
def healthz():
    """For load balancers and monitoring: does the database answer, and Redis when configured."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # the point is to report any failure, whatever its type
        checks["database"] = f"error: {exc.__class__.__name__}"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        try:
            Redis.from_url(redis_url, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
    else:
        checks["redis"] = "not configured (jobs run in-process)"
    healthy = all(v == "ok" or v.startswith("not configured") for v in checks.values())
    status = "ok" if healthy else "error"
    # How the service is built (which back-ends, in-process jobs) is for administrators, not for anyone
    # who can reach the address: monitors read the status code.
    if current_user.is_authenticated and current_user.role == "admin":
        return jsonify(status=status, **checks), (200 if healthy else 503)
    return jsonify(status=status), (200 if healthy else 503)
