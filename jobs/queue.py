"""Enqueue a task by name. The same task function runs under RQ or in a local thread.

Tasks take only plain arguments (ids), open their own database session through the app context,
and must be idempotent: RQ retries them, and a worker may die half-way.
"""
from __future__ import annotations

import importlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

from webapp.extensions import db
from webapp.models._types import utcnow
from webapp.models.job import BackgroundJob

log = logging.getLogger(__name__)

JOB_TIMEOUT = 600            # seconds one attempt may run before RQ stops it
RETRY_INTERVALS = [10, 60, 300]  # back-off between RQ attempts

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="oocr-job")
        return _pool


def resolve(task: str):
    module, _, name = task.rpartition(".")
    return getattr(importlib.import_module(module), name)


def enqueue(task: str, job: BackgroundJob, **kwargs) -> BackgroundJob:
    """Queue `task(job_id=..., **kwargs)`. The job row must already be committed."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        from rq import Retry
        rq_ext = app.extensions["rq"]
        rq_ext.get_queue("default").enqueue(
            resolve(task), job_id=job.id, kwargs={"job_id": job.id, **kwargs}, job_timeout=JOB_TIMEOUT,
            retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS), failure_ttl=30 * 24 * 3600,
            description=job.title)
    elif app.config.get("JOBS_INLINE"):
        run_in_app(app, task, job.id, kwargs)
    else:
        _executor().submit(run_in_app, app, task, job.id, kwargs)
    return job


def run_in_app(app: Flask, task: str, job_id: str, kwargs: dict) -> None:
    """In-process runner: a fresh app context (and so a fresh session) per job, like an RQ work-horse."""
    with app.app_context():
        try:
            resolve(task)(job_id=job_id, **kwargs)
        except Exception:  # recorded on the job row by the task itself; keep the thread alive
            log.exception("job %s (%s) failed", job_id, task)
        finally:
            db.session.remove()


def retry_after() -> int | None:
    """Seconds until RQ runs the current job again if this attempt raises; None when it will not
    (the last attempt, or a job run in this process)."""
    from rq import get_current_job
    job = get_current_job()
    return job.get_retry_interval() if job is not None and job.should_retry else None


class JobReporter:
    """What a task uses to report progress; every update is committed so the page can poll it."""

    def __init__(self, job_id: str):
        self.job = db.session.get(BackgroundJob, job_id)
        if self.job is None:
            raise LookupError(f"no background job {job_id}")

    def start(self, total: int = 1, message: str = "Started") -> None:
        self.job.status = "running"
        self.job.attempts += 1
        self.job.total = max(1, total)
        self.job.progress = 0
        self.job.message = message
        self.job.error = ""
        self.job.started_at = utcnow()
        db.session.commit()

    def step(self, done: int, message: str = "") -> None:
        self.job.progress = done
        if message:
            self.job.message = message[:255]
        db.session.commit()

    def finish(self, message: str = "Done", result_path: str = "") -> None:
        self.job.status = "done"
        self.job.progress = self.job.total
        self.job.message = message[:255]
        self.job.result_path = result_path
        self.job.finished_at = utcnow()
        db.session.commit()

    def attempt_failed(self, error: BaseException) -> bool:
        """An attempt failed and the task will re-raise. If RQ is to run the job again, the row says
        so (queued, with the error and when) rather than "failed", so nobody asks again for what is
        still coming; after the last attempt it is failed, with "Try again". Returns whether RQ will."""
        seconds = retry_after()
        if seconds is None:
            self.fail(error)
            return False
        db.session.rollback()
        self.job = db.session.get(BackgroundJob, self.job.id)
        self.job.status = "queued"
        self.job.error = (str(error) or error.__class__.__name__)[:4000]
        self.job.message = f"Could not finish ({self.job.error[:150]}): trying again in {seconds} seconds"[:255]
        db.session.commit()
        return True

    def fail(self, error: BaseException | str) -> None:
        db.session.rollback()
        self.job = db.session.get(BackgroundJob, self.job.id)
        self.job.status = "failed"
        self.job.error = (str(error) or error.__class__.__name__)[:4000]
        self.job.message = "Failed"
        self.job.finished_at = utcnow()
        db.session.commit()
