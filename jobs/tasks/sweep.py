"""The daily compliance sweep: overdue conditions, reminders, breach reviews, the s.127 time limit and
unpaid Community Caution penalties.

Runs once a day by itself: in the embedded default a scheduler thread in each web process
(jobs/schedule.py), with Redis `oocr rq cron` (registered in jobs/schedule.py); both claim the day
in `sweep_runs` first, so one of them sweeps. A supervisor can also run it now from the compliance
page (`sweep_job`, a BackgroundJob), and `oocr sweep [--date YYYY-MM-DD]` runs it from a system
cron. It only adds ComplianceTask rows whose unique key is new, and closes tasks whose condition is
no longer open, so it can run any number of times a day with the same result.

Nothing is written to the session until the last stage, so the progress a hand-started run
commits between stages never commits half a sweep.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.audit import log as audit
from webapp.domain import compliance as rules
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import PROSECUTION_ON_BREACH, SUMMARY
from webapp.extensions import db
from webapp.models import (AttendanceRecord, Breach, Case, CaseEvent, ComplianceTask, Condition, Decision, Offence, Payment,
                           SweepRun)
from webapp.domain.formatting import counted, long_date
from webapp.models._types import utcnow
from webapp.services import sweeps
from webapp.services.settings import engine_config

log = logging.getLogger(__name__)

ACTIVE_CASE_STATUSES = ("conditions_active", "breached")


TASK_WORDS = {"reminder": ("reminder",), "review": ("review of a possible breach", "reviews of possible breaches"),
              "time_limit": ("time limit warning",)}


@dataclass
class SweepReport:
    today: date
    overdue: int = 0
    created: dict[str, int] = field(default_factory=lambda: {"reminder": 0, "review": 0, "time_limit": 0})
    closed: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What a supervisor reads under "Last ran": counts in words, only the kinds of task it made."""
        made = ", ".join(counted(n, *TASK_WORDS[kind]) for kind, n in self.created.items() if n)
        overdue = counted(self.overdue, "condition", none="no conditions")
        return (f"Sweep for {long_date(self.today)}: {overdue} overdue; "
                f"{f'new tasks: {made}' if made else 'no new tasks'}; "
                f"{counted(self.closed, 'task', none='no tasks')} closed")


class _Planner:
    """Collects the tasks a sweep would create, skipping keys that already exist."""

    def __init__(self, existing: set[str], report: SweepReport):
        self.existing = existing
        self.report = report
        self.tasks: list[ComplianceTask] = []
        self.events: list[CaseEvent] = []

    def add(self, case: Case, kind: str, key: str, title: str, due: date, condition: Condition | None = None,
            event: tuple[str, str] | None = None) -> None:
        if key in self.existing:
            return
        self.existing.add(key)
        self.tasks.append(ComplianceTask(key=key, case_id=case.id, condition_id=condition.id if condition else None,
                                         kind=kind, title=title[:255], due_date=due))
        self.report.created[kind] += 1
        if event is not None:
            self.events.append(CaseEvent(case_id=case.id, kind=event[0], summary=event[1][:255], detail=title))


def _condition_tasks(today: date, planner: _Planner, report: SweepReport) -> None:
    """Reminders for conditions falling due, and a review for each one missed or overdue.

    Only open conditions that are due within the reminder window, or that a provider reported
    missed, are loaded. A review is keyed by the missed session (or the due date), so a condition
    given more time and missed again gets a new review, and the same miss never gets two.
    """
    missed_ids = (select(AttendanceRecord.condition_id)
                  .where(AttendanceRecord.attended.is_(False)).scalar_subquery())
    rows = db.session.execute(
        select(Condition, Decision.disposal).join(Decision, Condition.decision_id == Decision.id)
        .join(Case, Condition.case_id == Case.id)
        .where(Condition.status == rules.PENDING, Case.status.in_(ACTIVE_CASE_STATUSES),
               or_(Condition.due_date <= today + timedelta(days=rules.REMINDER_DAYS_BEFORE),
                   Condition.id.in_(missed_ids)))
        .options(joinedload(Condition.decision).joinedload(Decision.case).joinedload(Case.suspect))).all()
    ids = {condition.id for condition, _ in rows}
    missed: dict[int, date] = {}
    breached: set[int] = set()
    reviewing: set[int] = set()
    if ids:
        for condition_id, day in db.session.execute(
                select(AttendanceRecord.condition_id, func.max(AttendanceRecord.session_date))
                .where(AttendanceRecord.condition_id.in_(ids), AttendanceRecord.attended.is_(False))
                .group_by(AttendanceRecord.condition_id)):
            missed[condition_id] = day
        breached = set(db.session.scalars(select(Breach.condition_id).where(
            Breach.condition_id.in_(ids), Breach.status == "proposed")))
        reviewing = set(db.session.scalars(select(ComplianceTask.condition_id).where(
            ComplianceTask.condition_id.in_(ids), ComplianceTask.kind == "review", ComplianceTask.done.is_(False))))
    for condition, disposal in rows:
        case = condition.decision.case
        what = condition.description or condition.type.replace("_", " ")
        due = condition.due_date
        if rules.needs_reminder(condition.status, due, today):
            planner.add(case, "reminder", f"reminder:{condition.id}:{due.isoformat()}",
                        f"Remind {case.suspect.full_name} that \u201c{what}\u201d is due on {long_date(due)}",
                        rules.reminder_date(due), condition)
        overdue = rules.is_overdue(condition.status, due, today)
        report.overdue += overdue
        if condition.id in breached:
            continue
        if condition.id in missed:
            key = f"review:{condition.id}:missed:{missed[condition.id].isoformat()}"
            problem = f"did not attend \u201c{what}\u201d on {long_date(missed[condition.id])}"
        elif overdue and condition.id not in reviewing:
            key = f"review:{condition.id}:due:{due.isoformat()}"
            problem = f"\u201c{what}\u201d was due on {long_date(due)} and is not recorded as done"
        else:
            continue
        if rules.is_enforceable(disposal):
            title = f"Possible breach: {problem}. Review it and record a breach, or give more time"
            event = ("compliance_review", f"Possible breach flagged: {problem}")
        else:
            title = (f"Community Resolution action not done: {problem}. Actions are voluntary: record what "
                     "happened (there are no breach proceedings)")
            event = ("compliance_review", f"Community Resolution action not done: {problem}")
        planner.add(case, "review", key, title, today, condition, event)


def _time_limit_tasks(today: date, config: EngineConfig, planner: _Planner) -> None:
    """Summary-only offences whose six-month limit is near, under a disposal that can end in prosecution."""
    cases = db.session.scalars(
        select(Case).join(Offence, Offence.case_id == Case.id)
        .where(Case.status.in_(ACTIVE_CASE_STATUSES), Offence.mode_of_trial == SUMMARY)
        .options(selectinload(Case.offences), selectinload(Case.decisions))).unique().all()
    for case in cases:
        decision = case.current_decision
        if decision is None or decision.disposal not in PROSECUTION_ON_BREACH or case.offence is None:
            continue
        limit = rules.prosecution_time_limit(decision.disposal, case.offence.mode_of_trial, case.offence.offence_date,
                                             today, config.breach_review_buffer_days)
        if limit is None or limit.level == "ok":
            continue
        planner.add(case, "time_limit", f"time_limit:{case.id}", limit.message, min(limit.limit, max(today, limit.warn_from)),
                    event=("time_limit", f"Six-month prosecution limit {'passed' if limit.level == 'passed' else 'near'}: "
                                         f"{long_date(limit.limit)}"))


def _penalty_tasks(today: date, planner: _Planner) -> None:
    """Unpaid Community Caution penalties past their date: the registration certificate is due."""
    breaches = db.session.scalars(
        select(Breach).where(Breach.registration_status == "awaiting_payment", Breach.penalty_due_date < today)
        .options(joinedload(Breach.case))).all()
    if not breaches:
        return
    paid = dict(db.session.execute(
        select(Payment.breach_id, func.coalesce(func.sum(Payment.amount), 0))
        .where(Payment.breach_id.in_([b.id for b in breaches])).group_by(Payment.breach_id)).all())
    for breach in breaches:
        if rules.penalty_registrable(breach.registration_status, breach.penalty_due_date, paid.get(breach.id, 0),
                                     breach.penalty_amount, today):
            planner.add(breach.case, "review", f"penalty:{breach.id}",
                        f"Financial penalty unpaid since {long_date(breach.penalty_due_date)}: issue the registration "
                        "certificate so it is registered and enforced as a fine (PCSC 2022 s.112)", today,
                        event=("penalty_unpaid", "Financial penalty unpaid: registration as a fine due"))


def _close_finished(report: SweepReport) -> None:
    """Reminders and reviews for conditions no longer open (completed, breached, varied), or on cases
    whose conditions are no longer active, are done."""
    stale = db.session.scalars(
        select(ComplianceTask).join(Condition, ComplianceTask.condition_id == Condition.id)
        .join(Case, Condition.case_id == Case.id)
        .where(ComplianceTask.done.is_(False), ComplianceTask.kind.in_(("reminder", "review")),
               or_(Condition.status != rules.PENDING, Case.status.not_in(ACTIVE_CASE_STATUSES)))).all()
    now = utcnow()
    for task in stale:
        task.done, task.done_at = True, now
        report.closed += 1


STAGES = ("Checking conditions due and missed", "Checking six-month time limits", "Checking unpaid penalties",
          "Saving tasks")


def run_sweep(today: date | None = None, config: EngineConfig | None = None,
              progress: Callable[[int, str], None] | None = None) -> SweepReport:
    """One pass over every open condition; commits. Needs an application context.

    `progress(stages_done, next_stage)` is called between stages; it may commit (nothing of the
    sweep is in the session yet)."""
    today = today or date.today()
    config = config or engine_config()
    tell = progress or (lambda done, message: None)
    for attempt in (1, 2):
        report = SweepReport(today)
        existing = set(db.session.scalars(select(ComplianceTask.key)))
        planner = _Planner(existing, report)
        tell(0, STAGES[0])
        _condition_tasks(today, planner, report)
        tell(1, STAGES[1])
        _time_limit_tasks(today, config, planner)
        tell(2, STAGES[2])
        _penalty_tasks(today, planner)
        tell(3, STAGES[3])
        _close_finished(report)
        db.session.add_all(planner.tasks)
        db.session.add_all(planner.events)
        for warning in (t.title for t in planner.tasks if t.kind == "time_limit"):
            report.warnings.append(warning)
        audit.record("alter", "compliance_sweep", today.isoformat(), report.summary())
        try:
            db.session.commit()
            return report
        except IntegrityError:  # another sweep added the same task first: start again from what it made
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _recorded(run_id: int, day: date, progress: Callable[[int, str], None] | None = None) -> SweepReport:
    try:
        report = run_sweep(day, progress=progress)
    except Exception as exc:
        sweeps.fail_run(run_id, exc)
        raise
    sweeps.finish_run(run_id, report.summary())
    log.info(report.summary())
    return report


def scheduled_sweep(today: date | None = None) -> str:
    """The day's sweep, at most once a day: what RQ's cron scheduler (in a work-horse, inside the app
    context) and the in-process scheduler run. Whoever claims the day first sweeps."""
    day = today or date.today()
    run = sweeps.claim_scheduled(day)
    if run is None:
        return f"The sweep for {long_date(day)} has already run (or is running) elsewhere"
    return _recorded(run.id, day).summary()


def run_now(day: date, trigger: str = "command") -> SweepReport:
    """A recorded sweep outside the schedule (`oocr sweep`)."""
    run = sweeps.start_run(day, trigger)
    return _recorded(run.id, day)


def sweep_job(job_id: str, day: str) -> None:
    """A sweep a supervisor started from the compliance page, reporting progress on its job row."""
    from jobs.queue import JobReporter

    reporter = JobReporter(job_id)
    run_id = db.session.scalar(select(SweepRun.id).where(SweepRun.job_id == job_id))
    if run_id is None:  # the page records the run with the job; without it there is nothing to report on
        reporter.fail("No sweep run is recorded for this job")
        return
    reporter.start(total=len(STAGES), message=STAGES[0])
    try:
        report = _recorded(run_id, date.fromisoformat(day), progress=reporter.step)
    except Exception as exc:
        reporter.fail(exc)
        raise
    reporter.finish(report.summary())
