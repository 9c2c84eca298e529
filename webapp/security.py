"""Role checks, sessions, sign-in throttling and the response headers.

Every view declares who may use it; a test walks the URL map to prove it.
"""
from __future__ import annotations

import time
from functools import wraps

from flask import abort, current_app, flash, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from webapp.extensions import htmx, login_manager

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


def load_user(session_user_id: str):
    """Flask-Login's loader: the session names a user and the session version it was signed in with.

    A version older than the user's current one means the session was ended (sign-out, password change,
    deactivation), so the session is treated as signed out. A bare id (sessions from before versions)
    counts as version 0.
    """
    from webapp.extensions import db
    from webapp.models import User

    user_id, _, version = session_user_id.partition(":")
    version = version or "0"
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or int(version) != (user.session_version or 0):
        return None
    return user


def init_app(app) -> None:
    _init_sign_in_throttle(app)
    proxies = max(0, int(app.config.get("TRUSTED_PROXIES") or 0))
    if proxies:
        # Behind that many reverse proxies, take the user's address, scheme and host from their
        # X-Forwarded-* headers (the audit log and the throttle then see the user, HSTS sees TLS).
        # Never set it higher than the real count: a user could then forge their address.
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.before_request(_end_idle_session)
    app.after_request(_audit_refusal)
    app.after_request(_security_headers)
    app.register_error_handler(429, _too_many_attempts)


def _attempted_username() -> str:
    return "account:" + (request.form.get("username") or "").strip().lower()[:80]


def _failed(response) -> bool:
    return response.status_code != 302  # a sign-in that worked redirects; only failures count


def _init_sign_in_throttle(app) -> None:
    """The counts live in Redis when REDIS_URL is set, so every worker process shares them, and in memory
    otherwise (one process, the embedded default). One limiter per app, so each app keeps its own storage."""
    app.extensions["sign_in_limiter"] = Limiter(
        get_remote_address, app=app, storage_uri=app.config.get("REDIS_URL") or "memory://",
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "oocr"),
        strategy="moving-window",  # "5 a minute" means any 60 seconds, not per clock minute
        in_memory_fallback_enabled=True)  # Redis down: still throttled, per process


def throttle_sign_in(app, endpoint: str) -> None:
    """At most SIGN_IN_LIMIT_ACCOUNT failed sign-ins per account and SIGN_IN_LIMIT_ADDRESS per address:
    one attempt more is refused (429) before the password is even checked."""
    limiter = app.extensions["sign_in_limiter"]
    view = app.view_functions[endpoint]
    for limit, key in (("SIGN_IN_LIMIT_ADDRESS", get_remote_address), ("SIGN_IN_LIMIT_ACCOUNT", _attempted_username)):
        view = limiter.limit(lambda name=limit: current_app.config[name], key_func=key, methods=["POST"],
                             deduct_when=_failed, scope=f"sign-in-{limit.rsplit('_', 1)[1].lower()}")(view)
    app.view_functions[endpoint] = view


def _signed_in_account() -> str:
    return "user:" + (str(current_user.id) if current_user.is_authenticated else "-")


def _wrong_current_password(response) -> bool:
    from flask import g
    return bool(g.get("wrong_current_password"))


def count_wrong_current_password() -> None:
    """Called by the change-password view when the current password given was not right."""
    from flask import g
    g.wrong_current_password = True


def throttle_password_change(app, endpoint: str) -> None:
    """A signed-in session guessing its own account's password (a workstation left unlocked): at most
    SIGN_IN_LIMIT_ACCOUNT wrong current passwords per account; one more is refused (429) unchecked."""
    limiter = app.extensions["sign_in_limiter"]
    app.view_functions[endpoint] = limiter.limit(
        lambda: current_app.config["SIGN_IN_LIMIT_ACCOUNT"], key_func=_signed_in_account, methods=["POST"],
        deduct_when=_wrong_current_password, scope="password-change")(app.view_functions[endpoint])


def reset_sign_in_counts(app) -> None:
    app.extensions["sign_in_limiter"].reset()


def _too_many_attempts(error):
    from flask import render_template
    if request.endpoint == "auth.change_password":
        return render_template("errors/error.html", title="Too many attempts",
                               message="Your current password was not right several times. Wait a minute, "
                                       "then try again."), 429
    return render_template("errors/error.html", title="Too many sign-in attempts",
                           message="Wait a minute, then try again. If you have forgotten your password, "
                                   "ask a supervisor or administrator."), 429


def _audit_refusal(response):
    """Audit every refused request (403) and throttled sign-in (429), in a transaction of its own."""
    if response.status_code not in (403, 429):
        return response
    from webapp.audit import log as audit_log
    from webapp.extensions import db

    db.session.rollback()  # nothing the refused request started is kept
    if response.status_code == 429 and request.endpoint == "auth.change_password" and current_user.is_authenticated:
        audit_log.record("refused", "user", current_user.username, "Password change refused: too many attempts",
                         justification="Sign-in attempt")
    elif response.status_code == 429:
        attempted = (request.form.get("username") or "").strip()[:80]
        audit_log.record("refused", "user", attempted[:40], "Sign-in refused: too many attempts",
                         username=attempted or "(no username)", justification="Sign-in attempt")
    else:
        audit_log.record("refused", "request", (request.endpoint or "")[:40],
                         f"{request.method} {request.path[:500]} refused: role not allowed",
                         justification="Refused request")
    db.session.commit()
    return response


# Only our own files: no inline script or style (the one GOV.UK snippet is webapp/assets/js-enabled.js),
# no eval, no framing, forms post only here.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def _security_headers(response):
    # Responses differ for HTMX requests (fragment vs page): caches must key on it.
    response.vary.add("HX-Request")
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers without CSP 2
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:  # HTTPS, directly or (with TRUSTED_PROXIES) at the proxy
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static" and (response.mimetype == "text/html" or current_user.is_authenticated):
        # Anything a signed-in user receives may hold personal data (pages, fragments, downloads):
        # no copy in the browser's or a proxy's cache.
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


# Sent by page parts that refresh themselves (hx-trigger "every 1s" with
# hx-headers='{"X-Background-Poll": "1"}'): such a request is not the user doing anything, so it does not
# keep the session alive. A client that sends it on purpose only makes its own session end sooner.
BACKGROUND_POLL_HEADER = "X-Background-Poll"


def is_background_poll() -> bool:
    return request.headers.get(BACKGROUND_POLL_HEADER, "") == "1"


def _end_idle_session():
    """Sign out a session left unused for IDLE_TIMEOUT_MINUTES (a shared or unlocked workstation).

    Background polls (job progress left open on screen) are checked like any request but never count as
    use, so a page left open still times out."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get("_seen")
    limit = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    if seen is not None and now - seen > limit:
        from webapp.services import accounts
        accounts.sign_out(current_user._get_current_object(),
                          f"Signed out after {current_app.config['IDLE_TIMEOUT_MINUTES']} minutes without activity")
        end_session()
        flash("You were signed out because the system was not used for a while. Sign in again to continue.", "info")
        if htmx:
            # A page part asking in the background: reload the whole page, which now goes to sign-in,
            # rather than swapping the sign-in page into the part.
            from flask import make_response
            response = make_response("", 200)
            response.headers["HX-Refresh"] = "true"
            return response
        return login_manager.unauthorized()
    if is_background_poll():
        if seen is None:  # a session always has a last-seen time; give one without extending it
            session["_seen"] = now
        return None
    if seen is None or now - seen >= 30:  # rewrite the cookie at most every 30 seconds
        session["_seen"] = now
    return None


def end_session() -> None:
    logout_user()
    session.clear()


def start_session(user) -> None:
    """A fresh session for a sign-in: nothing carried over (session fixation) and a new CSRF token."""
    from flask import g
    from flask_login import login_user

    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    session["_seen"] = int(time.time())
