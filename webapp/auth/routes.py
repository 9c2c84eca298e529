from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import security
from webapp.auth.forms import ChangePasswordForm, LoginForm
from webapp.security import ADMINS, ALL_STAFF, public, roles_required
from webapp.services import accounts

bp = Blueprint("auth", __name__)
# One message for every refusal, so it does not tell which usernames exist or which accounts are locked.
NOT_RIGHT = ("The username or password is not right. After several failed attempts an account is locked: "
             "ask a supervisor to unlock it")


def _safe_next(target: str | None) -> str | None:
    """Only follow ?next= to a path on this site, so the log-in page cannot bounce users elsewhere.

    Browsers read a backslash as a slash and drop tabs and newlines, so `/\\evil.example`, or `/` and a tab
    before `/evil.example`, would leave the site: a path must start with a single "/" and hold no backslash
    or control character.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public  # throttled: see _throttle_sign_in below
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.sign_in(form.username.data.strip(), form.password.data, current_app.config["SIGN_IN_LOCKOUT_AFTER"])
        if user is None:
            form.password.errors.append(NOT_RIGHT)
        else:
            security.start_session(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form, title="Sign in")


@bp.record_once
def _throttle_sign_in(state) -> None:
    security.throttle_sign_in(state.app, "auth.login")


@bp.post("/logout")
@roles_required(*ALL_STAFF, *ADMINS)
def logout():
    accounts.sign_out(current_user._get_current_object())
    security.end_session()
    flash("You have signed out", "success")
    return redirect(url_for("auth.login"))




@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ALL_STAFF, *ADMINS)
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.related_inputs = (user.username, user.full_name)
    if form.validate_on_submit():
        refused = accounts.change_own_password(user, form.current.data, form.new.data)
        if refused:  # audited by the service; counted towards the throttle below
            security.count_wrong_current_password()
            form.current.errors.append(refused)
        else:
            security.start_session(user)  # this browser carries on; every other session has ended
            flash("Your password has been changed. Anywhere else you were signed in, you have been signed out.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form, title="Change your password"), (422 if form.errors else 200)


@bp.record_once
def _throttle_password_change(state) -> None:  # after the route, so the view exists
    security.throttle_password_change(state.app, "auth.change_password")
