from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._types import utcnow

JOB_STATUSES = {"queued": "Queued", "running": "Running", "done": "Done", "failed": "Failed"}


def new_job_id() -> str:
    return uuid.uuid4().hex


class BackgroundJob(db.Model):
    """A row per background task, so a page reads progress from the database whichever way the
    job runs (RQ worker or in-process thread), and a failure stays visible after the queue forgets it."""

    __tablename__ = "background_jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_job_id)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=1)
    message: Mapped[str] = mapped_column(String(255), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result_path: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(100, int(100 * self.progress / self.total)) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def status_label(self) -> str:
        return JOB_STATUSES.get(self.status, self.status)
