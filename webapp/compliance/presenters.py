"""What the compliance pages show: condition rows with their evidence, attendance and payments,
tags, tasks, job progress and redaction proposals, as display values from records already read
(webapp.services.breaches and .evidence read them), so they are testable without a database."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from markupsafe import Markup, escape

from documents.bundle import category_label
from jobs.queue import JOB_TIMEOUT
from webapp.domain import compliance as rules
from webapp.domain.conditions import condition_type_name
from webapp.domain import disposals
from webapp.domain.working_days import working_days_between
from webapp.models import AttendanceRecord, BackgroundJob, Breach, Case, ComplianceTask, Condition, Payment, VictimContact
from webapp.services.breaches import ConditionRecords, describe, why_no_breach

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


def condition_rows(case: Case, records: ConditionRecords, today: date) -> list[ConditionRow]:
    """A row per condition of the current decision, from what `records` holds for each."""
    decision = case.current_decision
    rows = []
    for condition in decision.conditions if decision is not None else []:
        payments, breaches = records.payments[condition.id], records.breaches[condition.id]
        paid = sum((p.amount for p in payments), Decimal(0))
        takes = condition.type in rules.PAYMENT_TYPES
        rows.append(ConditionRow(
            condition=condition, type_label=condition_type_name(condition.type),
            tag=STATUS_TAGS.get(condition.status, "govuk-tag--grey"),
            overdue=rules.is_overdue(condition.status, condition.due_date, today),
            attendance=records.attendance[condition.id], payments=payments, paid=paid,
            balance=rules.balance(condition.amount, paid) if takes else None, takes_payments=takes,
            breach_blocked=why_no_breach(case, condition, breaches), breaches=breaches))
    return rows


def disposal_label(case: Case) -> str:
    decision = case.current_decision
    return disposals.disposal_label(decision.disposal) if decision else ""


def victim_updates(contacts: list[VictimContact]) -> list[tuple[VictimContact, int]]:
    """Each victim update task with the working days it was given."""
    return [(c, working_days_between(c.created_at.date(), c.due_date)) for c in contacts]


def condition_choices(found: list[tuple[Condition, Case]]) -> list[tuple[str, str]]:
    """Radio choices for applying a mismatched attendance row: case, person, condition and its state."""
    return [(str(c.id), f"{case.reference}, {case.suspect.full_name}: {describe(c)} ({c.status_label.lower()})")
            for c, case in found]


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
