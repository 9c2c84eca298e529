"""Claiming a day's scheduled run of a nightly job, so it runs once however many processes try.

The sweep has its own table (sweep_runs, one unique row per day, with progress and a summary). The
other nightly jobs (people matching, the statistics refresh) need only "who runs today": each keeps
the last day claimed in a `site_markers` row, and a process claims today with one compare-and-set
UPDATE (only if the row still holds the day it read), which PostgreSQL's row locks and SQLite's single
writer both serialise, so one caller wins. The day claimed before is returned, so a job can cover the
days since its last run. A run that fails after its claim is not retried that day: the log says so,
and the next night's run covers it (a supervisor can work the statistics out again by hand).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models import SiteMarker
from webapp.models._types import utcnow

PREFIX = "daily:"


@dataclass(frozen=True)
class Claim:
    day: date
    previous: date | None  # the day claimed before this one; None on the first run


def _key(name: str) -> str:
    return f"{PREFIX}{name}"


def claim_day(name: str, day: date) -> Claim | None:
    """Claim `day` for the nightly job `name`; None when it is already claimed (here or elsewhere)."""
    key = _key(name)
    for _ in range(3):
        previous = db.session.scalar(select(SiteMarker.value).where(SiteMarker.key == key))
        if previous is None:
            db.session.add(SiteMarker(key=key, value=day.isoformat()))
            try:
                db.session.commit()
            except IntegrityError:  # another process made the row first: read it again
                db.session.rollback()
                continue
            return Claim(day, None)
        if previous >= day.isoformat():
            db.session.rollback()
            return None
        taken = db.session.execute(
            update(SiteMarker).where(SiteMarker.key == key, SiteMarker.value == previous)
            .values(value=day.isoformat(), updated_at=utcnow()).execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if taken:
            return Claim(day, date.fromisoformat(previous))
    return None


def last_day(name: str) -> date | None:
    value = db.session.scalar(select(SiteMarker.value).where(SiteMarker.key == _key(name)))
    return date.fromisoformat(value) if value else None
