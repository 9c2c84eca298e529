"""The daily compliance sweep, scheduled.

With Redis, `oocr rq cron` runs it at 06:00 (registered here, when the app is made, so the cron
scheduler never imports a blueprint). Without Redis, the embedded default, each web process runs
a small daemon thread that wakes every few minutes and, from 06:00, sweeps the day if nobody has:
the day is claimed in the database (webapp.services.sweeps), so two gunicorn workers sweep once.
A server started after 06:00 sweeps on its first check, so a day is never skipped.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import Flask

from jobs.queue import JOB_TIMEOUT
from jobs.tasks.sweep import scheduled_sweep
from webapp.extensions import db, rq

log = logging.getLogger(__name__)

SWEEP_HOUR = 6
SWEEP_CRON = f"0 {SWEEP_HOUR} * * *"
CHECK_EVERY = 300  # seconds between the thread's checks

rq.cron_register(scheduled_sweep, SWEEP_CRON, name="compliance-sweep", job_timeout=JOB_TIMEOUT)

_started: set[int] = set()
_lock = threading.Lock()


def sweep_due(app: Flask, now: datetime) -> bool:
    return now.hour >= app.config.get("SWEEP_HOUR", SWEEP_HOUR)


def check_once(app: Flask, now: datetime | None = None) -> str | None:
    """One wake-up of the scheduler: the day's sweep if it is due and unclaimed. Returns what happened."""
    now = now or datetime.now()
    if not sweep_due(app, now):
        return None
    with app.app_context():
        try:
            return scheduled_sweep(now.date())
        finally:
            db.session.remove()


def _loop(app: Flask, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            outcome = check_once(app)
            if outcome:
                log.info(outcome)
        except Exception:  # a failed sweep is on its sweep_runs row; keep the schedule alive for tomorrow
            log.exception("scheduled compliance sweep failed")
        stop.wait(app.config.get("SWEEP_CHECK_EVERY", CHECK_EVERY))


def uses_thread(app: Flask) -> bool:
    """The thread is the embedded default: not with Redis (rq cron does it), not in tests unless asked."""
    setting = app.config.get("SWEEP_SCHEDULER")
    if setting is not None:
        return bool(setting)
    return not app.config.get("REDIS_URL") and not app.testing


def start(app: Flask) -> threading.Event | None:
    """Start this process's scheduler thread for `app`, once; returns its stop event."""
    if not uses_thread(app):
        return None
    if id(app) in _started:  # every request asks: answer without the lock
        return None
    with _lock:
        if id(app) in _started:
            return None
        _started.add(id(app))
    stop = threading.Event()
    threading.Thread(target=_loop, args=(app, stop), name="oocr-daily-sweep", daemon=True).start()
    app.extensions["oocr_sweep_stop"] = stop
    return stop


def init_app(app: Flask) -> None:
    """Start the thread with the first request a process serves (so `oocr db upgrade` and other
    commands never start one); wsgi.py also starts it at once for gunicorn."""
    app.before_request(lambda: start(app) and None)
