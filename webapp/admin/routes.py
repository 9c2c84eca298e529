"""User administration and the audit-log search."""
from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp.admin.forms import AuditSearchForm, EditUserForm, UserForm
from webapp.audit import log as audit_log
from webapp.audit import scope as audit_scope
from webapp.extensions import db
from webapp.models import Area, AuditRecord, User
from webapp.models.user import ROLES
from webapp.security import ADMINS, ALL_STAFF, roles_required
from webapp.services import accounts
from webapp.views import page_arg, visible

bp = Blueprint("admin", __name__, url_prefix="/admin")
AUDIT_PAGE = 50
UNLOCKERS = ("supervisor", *ADMINS)


def _area_choices():
    return [(0, "None")] + [(a.id, a.name) for a in db.session.scalars(select(Area).order_by(Area.name))]


@bp.get("/users")
@roles_required(*ADMINS)
def users():
    rows = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("admin/users.html", users=rows, title="Users")


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def user_new():
    form = UserForm()
    form.area_id.choices = _area_choices()
    if form.validate_on_submit():
        if db.session.scalar(select(User).where(User.username == form.username.data)):
            form.username.errors.append("That username is taken")
        else:
            user = User(username=form.username.data, full_name=form.full_name.data.strip(), role=form.role.data,
                        area_id=form.area_id.data or None)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.flush()
            audit_log.record("collect", "user", user.username, f"User created with role {user.role}")
            db.session.commit()
            flash(f"User {user.username} added", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, title="Add a user"), (422 if form.errors else 200)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(*ADMINS)
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    form.area_id.choices = _area_choices()
    if request.method == "GET":
        form.area_id.data = user.area_id or 0
    if form.validate_on_submit():
        refused = accounts.save_user(user, by=current_user._get_current_object(), full_name=form.full_name.data,
                                     role=form.role.data, area_id=form.area_id.data or None, active=form.active.data,
                                     password=form.password.data)
        if refused:
            form.role.errors.append(refused)
        else:
            flash(f"User {user.username} saved", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, title=f"Edit {user.username}"), (422 if form.errors else 200)


@bp.get("/locked")
@roles_required(*UNLOCKERS)
def locked():
    return render_template("admin/locked.html", users=accounts.locked_accounts(_unlockable_roles()), title="Locked accounts")


@bp.post("/users/<int:user_id>/unlock")
@roles_required(*UNLOCKERS)
def unlock(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.role not in _unlockable_roles():
        abort(404)
    if user.locked_at is None:  # unlocked meanwhile, by someone else or a second click
        flash(f"{user.full_name} ({user.username}) is not locked", "info")
    else:
        accounts.unlock(user, current_user._get_current_object())
        flash(f"{user.full_name} ({user.username}) can sign in again", "success")
    return redirect(url_for("admin.locked"))


def _unlockable_roles() -> tuple[str, ...]:
    """Supervisors unlock their staff; only an administrator unlocks another administrator."""
    return tuple(ROLES) if current_user.role in ADMINS else ALL_STAFF


@bp.get("/audit")
@roles_required("supervisor", *ADMINS)
def audit():
    form = AuditSearchForm(request.args)
    stmt = select(AuditRecord).where(audit_scope.visible_lines(current_user.role, visible()))  # areas: see the module
    if form.validate():
        if form.username.data:
            stmt = stmt.where(AuditRecord.username == form.username.data.strip())
        if form.record_id.data:
            stmt = stmt.where(AuditRecord.record_id == form.record_id.data.strip())
        if form.action.data:
            stmt = stmt.where(AuditRecord.action == form.action.data)
        if form.date_from.data:
            stmt = stmt.where(AuditRecord.at >= datetime.combine(form.date_from.data, time.min))
        if form.date_to.data:
            stmt = stmt.where(AuditRecord.at <= datetime.combine(form.date_to.data, time.max))  # 31 12 9999 too
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // AUDIT_PAGE))
    page = min(page_arg(), pages)
    rows = db.session.scalars(stmt.order_by(AuditRecord.at.desc(), AuditRecord.id.desc())
                              .limit(AUDIT_PAGE).offset((page - 1) * AUDIT_PAGE)).all()
    html = render_template("admin/audit.html", form=form, rows=rows, total=total, page=page, pages=pages,
                           first=(page - 1) * AUDIT_PAGE + 1 if total else 0, last=min(total, page * AUDIT_PAGE),
                           limited=audit_scope.limited(current_user.role, visible()), title="Audit log")
    # The log names people and cases too: reading it is itself a consultation (DPA 2018 s.62).
    audit_log.record("consult", "audit_log", "", f"Audit log search: {dict(request.args)} "
                                                 f"page {page} ({len(rows)} lines shown)")
    db.session.commit()
    return html
