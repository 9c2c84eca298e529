"""Changing an engine setting: checked with every other setting (webapp.decisions.settings), kept with
the reason for it, and audit-logged in the same transaction. The caller commits."""
from __future__ import annotations

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.decisions.settings import reset_setting, save_setting
from webapp.domain.setting_editors import describe_value
from webapp.extensions import db
from webapp.models.setting_change import SettingChange


def change_setting(key: str, value: object, reason: str, user) -> tuple[object, object]:
    """Raises webapp.domain.config.ConfigError (naming what is wrong) and changes nothing if the value
    cannot be used with the other settings."""
    old, new = save_setting(key, value, user)
    _record(key, old, new, reason, user, "changed")
    return old, new


def reset_to_default(key: str, reason: str, user) -> tuple[object, object]:
    old, new = reset_setting(key)
    _record(key, old, new, reason, user, "reset to its default")
    return old, new


def _record(key: str, old: object, new: object, reason: str, user, what: str) -> None:
    db.session.add(SettingChange(key=key, old_value={"value": old}, new_value={"value": new}, reason=reason.strip(),
                                 changed_by_id=user.id))
    audit.record("alter", "engine_setting", key[:40],  # the record id column is 40 wide; the line names the key
                 f"Engine setting {key} {what}: from {describe_value(key, old)} to {describe_value(key, new)}. "
                 f"Reason: {reason.strip()}", justification=reason.strip()[:255], user=user)


def history(key: str, limit: int = 10) -> list[SettingChange]:
    return list(db.session.scalars(select(SettingChange).where(SettingChange.key == key)
                                   .order_by(SettingChange.changed_at.desc(), SettingChange.id.desc()).limit(limit)))
