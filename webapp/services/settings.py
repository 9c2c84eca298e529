"""The engine's settings for this force, and changing them.

Settings come from the defaults, then the app's PCSC_COMMENCEMENT, then EngineSetting rows. An
EngineSetting row holds `{"value": <JSON value>}` for one EngineConfig setting, so that a
deliberate "not set" (JSON null, e.g. PCSC Part 6 not in force even though the deployment sets a
date) is told apart from a missing row. Every change is checked by `EngineConfig.from_mapping`
together with all the other overrides, so a stored combination can always be loaded; it is kept
with the reason for it and audit-logged in the same transaction. The caller commits.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app, g, has_app_context
from sqlalchemy import select

from webapp.audit import log as audit
from webapp.domain.config import ConfigError, EngineConfig, Setting
from webapp.domain.setting_editors import describe_value
from webapp.extensions import db
from webapp.models import EngineSetting, User
from webapp.models.setting_change import SettingChange

DEFAULT = "default"
APP_CONFIG = "app_config"
FORCE = "force"


def _app_overrides() -> dict[str, object]:
    commencement = current_app.config.get("PCSC_COMMENCEMENT")
    return {"pcsc_commencement": commencement} if commencement else {}


def _rows() -> dict[str, EngineSetting]:
    return {row.key: row for row in db.session.scalars(select(EngineSetting))}


def overrides() -> dict[str, object]:
    """What this force changed from the defaults, deployment first, then the settings page."""
    found = _app_overrides()
    found.update({key: (row.value or {}).get("value") for key, row in _rows().items()})
    return found


def engine_config() -> EngineConfig:
    """The configuration every page assesses with. A bad PCSC_COMMENCEMENT fails loudly, naming it."""
    try:
        return EngineConfig.from_mapping(overrides())
    except ConfigError as error:
        raise RuntimeError(f"Engine settings cannot be used ({error}): fix PCSC_COMMENCEMENT or the "
                           "engine settings page") from None


ESCALATION_SETTING = "escalate_either_way_above_score"
_LEVEL_KEY = "oocr_escalation_level"


def escalation_level() -> int:
    """The force's either-way escalation level (a setting), read once per request: a case list shows many cases.
    Outside an app context, the default."""
    if not has_app_context():
        return EngineConfig().escalate_either_way_above_score
    if _LEVEL_KEY not in g:
        g.setdefault(_LEVEL_KEY, engine_config().escalate_either_way_above_score)
    return g.get(_LEVEL_KEY)


def _escalation_changed(key: str, old: object, new: object) -> None:
    """A new escalation level re-flags every case by it, so the case list, the supervisor's queue and the
    engine agree from the moment it is saved."""
    if key != ESCALATION_SETTING:
        return
    if has_app_context():
        g.pop(_LEVEL_KEY, None)
    if old != new:
        from webapp.services.decisions import refresh_escalation_flags
        refresh_escalation_flags(int(new))


@dataclass(frozen=True)
class SettingRow:
    """One setting as the rules page shows it: the engine's metadata plus where its value came from."""

    setting: Setting
    origin: str          # default, app_config or force
    text: str            # the value as an admin edits it
    updated_by: str
    updated_at: object


def setting_rows() -> list[SettingRow]:
    config = engine_config()
    plain = config.to_mapping()
    rows = _rows()
    app = _app_overrides()
    ids = {row.updated_by_id for row in rows.values() if row.updated_by_id}
    names = {u.id: u.full_name for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    found = []
    for setting in config.settings():
        row = rows.get(setting.name)
        origin = FORCE if row else APP_CONFIG if setting.name in app else DEFAULT
        found.append(SettingRow(setting, origin, value_text(plain[setting.name]),
                                names.get(row.updated_by_id, "") if row else "", row.updated_at if row else None))
    return found


def value_text(value: object) -> str:
    """How a setting's value reads in the edit box: dates and words bare, tables as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=1 if isinstance(value, dict) else None)


def parse_value_text(text: str) -> object:
    """The edit box back to a JSON value: empty means "not set"; words and dates may go unquoted."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def save_setting(key: str, value: object, user) -> tuple[object, object]:
    """Store a force's value for one setting after checking it with every other override.

    Returns (old, new) plain values for the audit line; raises ConfigError naming what is wrong.
    """
    current = overrides()
    old = EngineConfig.from_mapping(current).to_mapping().get(key)
    config = EngineConfig.from_mapping({**current, key: value})
    new = config.to_mapping()[key]
    row = db.session.get(EngineSetting, key)
    if row is None:
        row = EngineSetting(key=key, value={"value": new})
        db.session.add(row)
    else:
        row.value = {"value": new}
    row.updated_by_id = user.id
    _escalation_changed(key, old, new)
    return old, new


def reset_setting(key: str) -> tuple[object, object]:
    """Remove the force's value, going back to the deployment's or the engine's default."""
    if key not in {s.name for s in EngineConfig().settings()}:
        raise ConfigError(key, "is not a setting")
    current = overrides()
    old = EngineConfig.from_mapping(current).to_mapping().get(key)
    row = db.session.get(EngineSetting, key)
    remaining = {k: v for k, v in current.items() if k != key}
    remaining.update({k: v for k, v in _app_overrides().items() if k == key})
    new = EngineConfig.from_mapping(remaining).to_mapping()[key]
    if row is not None:
        db.session.delete(row)
    _escalation_changed(key, old, new)
    return old, new


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
