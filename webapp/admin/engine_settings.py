"""Changing one engine setting with a typed form (the admin Rules page links here for each setting).

Identified by ?key=, like other identifiers that are not case references. Only administrators
change settings; the Rules page tells everyone else so.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.admin import setting_forms
from webapp.services.settings import overrides, setting_rows
from webapp.domain import setting_editors as kinds
from webapp.domain.config import ConfigError, EngineConfig
from webapp.extensions import db
from webapp.security import ADMINS, roles_required
from webapp.services import settings as service

bp = Blueprint("engine_settings", __name__, url_prefix="/admin/rules")


def _row(key: str):
    row = next((r for r in setting_rows() if r.setting.name == key), None)
    if row is None:
        abort(404)
    return row


def _current(key: str) -> object:
    return EngineConfig.from_mapping(overrides()).to_mapping()[key]


def _page(row, form, status: int = 200):
    editor = kinds.editor_for(row.setting.name)
    plain_value = kinds.describe_value(row.setting.name, _current(row.setting.name))
    return render_template("admin/engine_setting.html", row=row, s=row.setting, form=form, editor=editor,
                           kinds=kinds, forms=setting_forms, plain_value=plain_value,
                           history=service.history(row.setting.name), title=f"Change: {row.setting.label}"), status


@bp.route("/setting", methods=["GET", "POST"])
@roles_required(*ADMINS)
def edit():
    key = request.args.get("key", "")[:80]
    row = _row(key)
    form = setting_forms.setting_form(key)()
    if request.method == "GET":
        setting_forms.fill(form, key, _current(key))
        return _page(row, form)
    if not form.validate_on_submit():
        return _page(row, form, 422)
    try:
        if form.reset.data:
            old, new = service.reset_to_default(key, form.reason.data, current_user)
        else:
            old, new = service.change_setting(key, setting_forms.value_of(form, key), form.reason.data, current_user)
    except ValueError as error:  # ConfigError is a ValueError; so is a table with amounts missing
        db.session.rollback()
        if isinstance(error, ConfigError):
            form.form_errors.append(f"{row.setting.label}: {error.message}")
        return _page(_row(key), form, 422)
    db.session.commit()
    flash(f"{row.setting.label}: {kinds.describe_value(key, new)}"
          + (" (unchanged)" if old == new else ""), "success")
    return redirect(url_for("decisions.rules", _anchor=f"setting-{key}"))


@bp.app_template_global("describe_setting")
def describe_setting(name: str, text: str) -> str:
    """For the Rules page: a setting's value (as the page holds it) in words."""
    from webapp.services.settings import parse_value_text
    return kinds.describe_value(name, parse_value_text(text))
