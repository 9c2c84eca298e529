"""The nightly jobs, scheduled: people matching (03:00), the statistics refresh (04:00) and the daily
compliance sweep (06:00).

With Redis, `oocr rq cron` runs them (registered here, when the app is made, so the cron scheduler
never imports a blueprint). Without Redis, the embedded default, each web process runs a small
daemon thread that wakes every few minutes and runs each job whose hour has come if nobody has run
it that day: the day is claimed in the database (webapp.services.sweeps for the sweep,
webapp.services.daily for the others), so two gunicorn workers run each once. A server started
after the hour runs the job on its first check, so a day is never skipped. Each job's hour can be
changed in the configuration (SWEEP_HOUR, PEOPLE_MATCH_HOUR, STATISTICS_HOUR).
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import Flask

from jobs.queue import JOB_TIMEOUT
from jobs.tasks.daily import scheduled_people_match, scheduled_statistics_refresh
from jobs.tasks.sweep import scheduled_sweep
from webapp.extensions import db, rq

log = logging.getLogger(__name__)

SWEEP_HOUR = 6
SWEEP_CRON = f"0 {SWEEP_HOUR} * * *"
PEOPLE_MATCH_HOUR = 3
STATISTICS_HOUR = 4  # after people matching, so the night's proposals are in the data-quality counts
CHECK_EVERY = 300  # seconds between the thread's checks
LONG_JOB_TIMEOUT = 3600  # a refresh over a million cases takes minutes, not seconds

# (name, configuration key for its hour, default hour, task), in the order a late-started thread runs them.
DAILY_JOBS = (
    ("compliance-sweep", "SWEEP_HOUR", SWEEP_HOUR, scheduled_sweep),
    ("people-match", "PEOPLE_MATCH_HOUR", PEOPLE_MATCH_HOUR, scheduled_people_match),
    ("statistics-refresh", "STATISTICS_HOUR", STATISTICS_HOUR, scheduled_statistics_refresh),
)

rq.cron_register(scheduled_sweep, SWEEP_CRON, name="compliance-sweep", job_timeout=JOB_TIMEOUT)
rq.cron_register(scheduled_people_match, f"0 {PEOPLE_MATCH_HOUR} * * *", name="people-match",
                 job_timeout=LONG_JOB_TIMEOUT)
rq.cron_register(scheduled_statistics_refresh, f"0 {STATISTICS_HOUR} * * *", name="statistics-refresh",
                 job_timeout=LONG_JOB_TIMEOUT)

_started: set[int] = set()
_lock = threading.Lock()


def sweep_due(app: Flask, now: datetime) -> bool:
    return now.hour >= app.config.get("SWEEP_HOUR", SWEEP_HOUR)


def due_jobs(app: Flask, now: datetime) -> list[tuple[str, object]]:
    return [(name, task) for name, setting, hour, task in DAILY_JOBS if now.hour >= app.config.get(setting, hour)]


def check_once(app: Flask, now: datetime | None = None) -> str | None:
    """One wake-up of the scheduler: each job whose hour has come, if it is unclaimed today. Returns
    what happened (None when nothing was due). A job that fails is logged and the others still run."""
    now = now or datetime.now()
    outcomes = []
    for name, task in due_jobs(app, now):
        with app.app_context():
            try:
                outcomes.append(task(now.date()))
            except Exception:  # the sweep's failure is on its sweep_runs row; keep the others and tomorrow
                log.exception("scheduled %s failed", name)
                outcomes.append(f"{name} failed: see the log")
            finally:
                db.session.remove()
    return "; ".join(outcomes) if outcomes else None


def _loop(app: Flask, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            outcome = check_once(app)
            if outcome:
                log.info(outcome)
        except Exception:  # keep the schedule alive for tomorrow
            log.exception("scheduled nightly jobs failed")
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
    threading.Thread(target=_loop, args=(app, stop), name="oocr-nightly-jobs", daemon=True).start()
    app.extensions["oocr_sweep_stop"] = stop
    return stop


def init_app(app: Flask) -> None:
    """Start the thread with the first request a process serves (so `oocr db upgrade` and other
    commands never start one); wsgi.py also starts it at once for gunicorn."""
    app.before_request(lambda: start(app) and None)
