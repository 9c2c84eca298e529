"""Rows that make scheduled work happen once, and that mark what a database holds.

`SweepRun.scheduled_day` is unique: the scheduled sweep for a day is claimed by inserting it, so
however many web processes (or an RQ cron scheduler beside them) try, one of them runs it.
Runs a supervisor starts by hand leave it empty and never block the scheduled one.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

SWEEP_TRIGGERS = {"schedule": "Scheduled", "supervisor": "Started by a supervisor", "command": "Command line"}


class SweepRun(db.Model):
    __tablename__ = "sweep_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    scheduled_day: Mapped[date | None] = mapped_column(unique=True)
    trigger: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="running")
    summary: Mapped[str] = mapped_column(String(500), default="")
    job_id: Mapped[str | None] = mapped_column(String(32))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    started_by = relationship("User")

    @property
    def trigger_label(self) -> str:
        return SWEEP_TRIGGERS.get(self.trigger, self.trigger)


class SiteMarker(db.Model):
    """Facts about the database itself, such as "this holds only demo data made by seed-demo",
    which `scripts/start` checks before it resets the demo log-ins."""

    __tablename__ = "site_markers"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
