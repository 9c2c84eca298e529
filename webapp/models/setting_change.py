"""A change to an engine setting with the reason given for it: the Rules page shows who changed a
setting, when and why, and the audit log keeps the same line."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow


class SettingChange(db.Model):
    __tablename__ = "setting_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    old_value: Mapped[dict] = mapped_column(JSON, default=dict)   # {"value": ...}, so "not set" (null) is kept
    new_value: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    changed_by = relationship("User")
