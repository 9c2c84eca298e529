"""The record of each compliance sweep: the once-a-day claim, runs a supervisor starts, and the last run.

A scheduled sweep claims its day by inserting a row whose `scheduled_day` is unique, so two web
processes (or a process and `oocr rq cron`) racing at 06:00 end with one sweep. A claim left
`running` by a process that died is taken over after STALE_AFTER, with a conditional UPDATE so
only one taker wins.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from webapp.audit import log as audit
from webapp.extensions import db
from webapp.models import SweepRun
from webapp.models._types import utcnow

STALE_AFTER = timedelta(hours=2)


def claim_scheduled(day: date) -> SweepRun | None:
    """The day's scheduled run, newly claimed by this caller; None when another caller has it."""
    db.session.add(SweepRun(day=day, scheduled_day=day, trigger="schedule", status="running"))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _take_over_stale(day)
    return db.session.scalar(select(SweepRun).where(SweepRun.scheduled_day == day))


def _take_over_stale(day: date) -> SweepRun | None:
    existing = db.session.scalar(select(SweepRun).where(SweepRun.scheduled_day == day))
    if existing is None or existing.status != "running" or existing.started_at > utcnow() - STALE_AFTER:
        return None
    taken = db.session.execute(
        update(SweepRun).where(SweepRun.id == existing.id, SweepRun.status == "running",
                               SweepRun.started_at == existing.started_at)
        .values(started_at=utcnow(), summary="Taken over after an earlier attempt stopped")
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not taken:
        return None
    db.session.refresh(existing)
    return existing


def start_run(day: date, trigger: str, user=None, job_id: str | None = None) -> SweepRun:
    """A run outside the schedule (a supervisor's "run now", the command line): never blocks the day's claim."""
    run = SweepRun(day=day, trigger=trigger, status="running", job_id=job_id,
                   started_by_id=user.id if user is not None else None)
    db.session.add(run)
    if user is not None:
        audit.record("alter", "compliance_sweep", day.isoformat(), "Compliance sweep started by hand", user=user)
    db.session.commit()
    return run


def finish_run(run_id: int, summary: str) -> None:
    run = db.session.get(SweepRun, run_id)
    run.status, run.summary, run.finished_at = "done", summary[:500], utcnow()
    db.session.commit()


def fail_run(run_id: int, error: BaseException) -> None:
    db.session.rollback()
    run = db.session.get(SweepRun, run_id)
    run.status, run.summary, run.finished_at = "failed", (str(error) or error.__class__.__name__)[:500], utcnow()
    db.session.commit()


def last_runs(limit: int = 1) -> list[SweepRun]:
    """The most recent runs that finished (or failed), newest first, for the compliance page."""
    return list(db.session.scalars(
        select(SweepRun).where(SweepRun.status != "running").order_by(SweepRun.finished_at.desc(), SweepRun.id.desc())
        .limit(limit)))


def running_job_id() -> str | None:
    """The background job of a hand-started sweep still running, so the page shows its progress
    rather than starting another."""
    return db.session.scalar(
        select(SweepRun.job_id).where(SweepRun.status == "running", SweepRun.job_id.is_not(None),
                                      SweepRun.started_at > utcnow() - STALE_AFTER)
        .order_by(SweepRun.id.desc()).limit(1))


def start_by_hand(user, day: date):
    """A supervisor's "run the sweep now": a BackgroundJob the page polls and the run it records,
    committed together, then queued. A hand run already going is returned rather than doubled."""
    from jobs.queue import enqueue
    from webapp.models import BackgroundJob

    going = running_job_id()
    if going is not None:
        return db.session.get(BackgroundJob, going)
    job = BackgroundJob(kind="compliance_sweep", title="Compliance sweep", created_by_id=user.id,
                        message="Waiting to start")
    db.session.add(job)
    db.session.flush()
    start_run(day, "supervisor", user=user, job_id=job.id)
    return enqueue("jobs.tasks.sweep.sweep_job", job, day=day.isoformat())
