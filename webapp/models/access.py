from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow


class AreaCover(db.Model):
    """Permission for one member of staff to work another area's cases for a while.

    Given by a supervisor or administrator with a reason; it ends by itself at `expires_at`, or
    earlier when someone ends it (`ended_at`). Rows are kept as the record of who could see what.
    """

    __tablename__ = "area_covers"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    reason: Mapped[str] = mapped_column(String(255))
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])
    area = relationship("Area")
    granted_by = relationship("User", foreign_keys=[granted_by_id])
