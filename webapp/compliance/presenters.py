"""What the compliance pages show: condition rows with their evidence, attendance and payments,
tags, tasks, job progress and redaction proposals, as display values (testable without a client)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from markupsafe import Markup, escape
from sqlalchemy import select

from documents.bundle import category_label
from jobs.queue import JOB_TIMEOUT
from webapp.domain import compliance as rules
from webapp.domain.disposals import LABELS
from webapp.domain.working_days import working_days_between
from webapp.extensions import db
from webapp.models import (AttendanceRecord, BackgroundJob, Breach, Case, ComplianceTask, Condition, EvidenceBundle,
                           Payment, VictimContact)
from webapp.services import breaches

STATUS_TAGS = {
    "pending": "govuk-tag--blue",
    "completed": "govuk-tag--green",
    "breached": "govuk-tag--red",
    "varied": "govuk-tag--purple",
    "withdrawn": "govuk-tag--grey",
}
BREACH_TAGS = {"proposed": "govuk-tag--yellow", "approved": "govuk-tag--red", "rejected": "govuk-tag--grey"}
BUNDLE_TAGS = {"queued": "govuk-tag--grey", "building": "govuk-tag--blue", "verified": "govuk-tag--green",
               "refused": "govuk-tag--red", "failed": "govuk-tag--red"}
DECISION_TAGS = {"accepted": "govuk-tag--red", "rejected": "govuk-tag--grey", "added": "govuk-tag--orange"}
TYPE_LABELS = {
    "attendance": "Attendance", "course": "Course", "unpaid_work": "Unpaid work", "financial_penalty": "Financial penalty",
    "compensation": "Compensation", "apology": "Apology", "restriction": "Restriction",
}
JOB_TAGS = {"queued": ("Queued", "govuk-tag--grey"), "running": ("Working", "govuk-tag--blue"),
            "done": ("Done", "govuk-tag--green"), "failed": ("Failed", "govuk-tag--red")}
STALLED_AFTER = timedelta(seconds=JOB_TIMEOUT + 120)


@dataclass
class ConditionRow:
    condition: Condition
    type_label: str
    tag: str
    overdue: bool
    attendance: list[AttendanceRecord]
    payments: list[Payment]
    paid: Decimal
    balance: Decimal | None
    takes_payments: bool
    breach_blocked: str | None
    breaches: list[Breach] = field(default_factory=list)

    @property
    def evidence_lines(self) -> list[str]:
        return [line for line in (self.condition.evidence or "").splitlines() if line.strip()]


def condition_rows(case: Case, today: date) -> list[ConditionRow]:
    decision = case.current_decision
    if decision is None:
        return []
    conditions = list(decision.conditions)
    ids = [c.id for c in conditions]
    attendance: dict[int, list] = defaultdict(list)
    payments: dict[int, list] = defaultdict(list)
    by_condition: dict[int, list] = defaultdict(list)
    if ids:
        for record in db.session.scalars(select(AttendanceRecord).where(AttendanceRecord.condition_id.in_(ids))
                                         .order_by(AttendanceRecord.session_date)):
            attendance[record.condition_id].append(record)
        for payment in db.session.scalars(select(Payment).where(Payment.condition_id.in_(ids)).order_by(Payment.paid_on)):
            payments[payment.condition_id].append(payment)
        for breach in db.session.scalars(select(Breach).where(Breach.condition_id.in_(ids)).order_by(Breach.id)):
            by_condition[breach.condition_id].append(breach)
    rows = []
    for condition in conditions:
        paid = sum((p.amount for p in payments[condition.id]), Decimal(0))
        takes = condition.type in rules.PAYMENT_TYPES
        rows.append(ConditionRow(
            condition=condition, type_label=TYPE_LABELS.get(condition.type, condition.type.replace("_", " ")),
            tag=STATUS_TAGS.get(condition.status, "govuk-tag--grey"),
            overdue=rules.is_overdue(condition.status, condition.due_date, today),
            attendance=attendance[condition.id], payments=payments[condition.id], paid=paid,
            balance=rules.balance(condition.amount, paid) if takes else None, takes_payments=takes,
            breach_blocked=breaches.why_no_breach(case, condition), breaches=by_condition[condition.id]))
    return rows


def disposal_label(case: Case) -> str:
    decision = case.current_decision
    return LABELS.get(decision.disposal, decision.disposal) if decision else ""


def case_breaches(case: Case) -> list[Breach]:
    return list(db.session.scalars(select(Breach).where(Breach.case_id == case.id).order_by(Breach.id.desc())))


def case_tasks(case: Case) -> list[ComplianceTask]:
    return list(db.session.scalars(select(ComplianceTask).where(ComplianceTask.case_id == case.id)
                                   .order_by(ComplianceTask.done, ComplianceTask.due_date, ComplianceTask.id)))


def victim_updates(case: Case) -> list[tuple[VictimContact, int]]:
    """Victim contact tasks about breaches (created when a supervisor approves one), each with the
    working days it was given."""
    contacts = db.session.scalars(select(VictimContact).where(VictimContact.case_id == case.id,
                                                              VictimContact.purpose == "breach")
                                  .order_by(VictimContact.due_date, VictimContact.id))
    return [(c, working_days_between(c.created_at.date(), c.due_date)) for c in contacts]


def task_tag(task: ComplianceTask, today: date) -> tuple[str, str]:
    if task.done:
        return "Done", "govuk-tag--green"
    if task.due_date < today:
        return "Overdue", "govuk-tag--red"
    if task.due_date == today:
        return "Due today", "govuk-tag--yellow"
    return task.kind_label, "govuk-tag--grey"


def job_state(job: BackgroundJob) -> dict:
    started = job.started_at or job.created_at
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    stalled = job.status in ("queued", "running") and started is not None and now - started > STALLED_AFTER
    label, tag = JOB_TAGS.get(job.status, (job.status, "govuk-tag--grey"))
    return {"label": label, "tag": tag, "percent": job.percent, "polling": not job.finished and not stalled,
            "stalled": stalled}


def latest_job(case: Case, kind: str) -> BackgroundJob | None:
    return db.session.scalar(select(BackgroundJob).where(BackgroundJob.case_id == case.id, BackgroundJob.kind == kind)
                             .order_by(BackgroundJob.created_at.desc()).limit(1))


def bundles(breach: Breach) -> list[EvidenceBundle]:
    return list(db.session.scalars(select(EvidenceBundle).where(EvidenceBundle.breach_id == breach.id)
                                   .order_by(EvidenceBundle.id.desc())))


_MARKED = re.compile(r"\[\[(.*?)\]\]", re.S)


def context_html(context: str) -> Markup:
    """The proposal's surroundings with the value highlighted; escaped, for the reviewer's screen only."""
    parts, last = [], 0
    for match in _MARKED.finditer(context):
        parts.append(escape(context[last:match.start()]))
        parts.append(Markup('<mark class="app-redaction-value">') + escape(match.group(1)) + Markup("</mark>"))
        last = match.end()
    parts.append(escape(context[last:]))
    return Markup("").join(parts)


def category(code: str) -> str:
    label = category_label(code)
    return label[:1].upper() + label[1:]


def outcome_items(outcomes: list[rules.BreachOutcome]) -> list[dict]:
    return [{"value": o.code, "text": o.label, "hint": {"text": o.hint}} for o in outcomes]
