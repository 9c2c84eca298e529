"""Compliance with conditions, and what the law allows when one is breached. No Flask here.

The rules the compliance pages, the daily sweep and the attendance upload share:

* which disposals are enforceable: a Community Resolution is voluntary and non-statutory, so its
  actions are tracked but never lead to breach proceedings;
* what a breach may lead to, by disposal (law-and-practice.md section 1):
  Conditional Caution (CJA 2003 s.24) and Diversionary Caution (PCSC 2022 s.98(5)) -> prosecution
  for the original offence; Community Caution (PCSC 2022 s.98(5), s.111-112) -> a financial
  penalty, registered and enforced as a fine if unpaid, never prosecution; or, for any of them,
  continue or vary the conditions;
* when a summary-only offence's six-month limit (Magistrates' Courts Act 1980 s.127) is near, so
  that a prosecution on breach would be time-barred.

Reading a course provider's attendance file is webapp.domain.attendance_files.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from webapp.domain.deadlines import SUMMARY_TIME_LIMIT_MONTHS, add_calendar_months
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, LABELS,
    PROSECUTION_ON_BREACH, SIMPLE_CAUTION, STATUTORY_CAUTIONS, SUMMARY,
)
from webapp.domain.formatting import long_date

PENDING, COMPLETED, BREACHED, VARIED, WITHDRAWN = "pending", "completed", "breached", "varied", "withdrawn"

# Conditions a provider reports attendance for (a course is attendance at a place and time).
ATTENDANCE_TYPES: tuple[str, ...] = ("course", "attendance", "unpaid_work")
# Conditions the money-handling unit reports payments for.
PAYMENT_TYPES: tuple[str, ...] = ("compensation", "financial_penalty")

# A reminder to the offender this many days before a condition falls due (force practice; assumed).
REMINDER_DAYS_BEFORE = 7


def is_enforceable(disposal: str) -> bool:
    return disposal in STATUTORY_CAUTIONS


def not_enforceable_reason(disposal: str) -> str | None:
    """Why a breach cannot be recorded for this disposal, in words for the page; None when it can."""
    if disposal == COMMUNITY_RESOLUTION:
        return ("Community Resolutions are voluntary and not statutory: their actions are tracked, but a missed "
                "action never leads to breach proceedings")
    if disposal == SIMPLE_CAUTION:
        return "A simple caution has no conditions to breach"
    if disposal not in STATUTORY_CAUTIONS:
        return f"{LABELS.get(disposal, disposal)} conditions cannot be enforced"
    return None


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """A condition still open after its due date. Overdue is not breach: a person decides that."""
    return status == PENDING and due_date is not None and due_date < today


def reminder_date(due_date: date | None) -> date | None:
    return None if due_date is None else due_date - timedelta(days=REMINDER_DAYS_BEFORE)


def needs_reminder(status: str, due_date: date | None, today: date) -> bool:
    """An open condition due within the reminder window (and not yet past)."""
    return (status == PENDING and due_date is not None
            and due_date - timedelta(days=REMINDER_DAYS_BEFORE) <= today <= due_date)


def balance(amount, paid) -> object:
    """What is still owed on a payment condition (never below zero)."""
    if amount is None:
        return None
    left = amount - paid
    return left if left > 0 else 0 * left


# --------------------------------------------------------------------------- the s.127 time limit


@dataclass(frozen=True)
class TimeLimit:
    """The last day to lay an information for a summary-only offence, and how close it is."""

    limit: date
    warn_from: date
    days_left: int
    level: str  # "ok", "near" (inside the breach review buffer) or "passed"

    @property
    def message(self) -> str:
        when = long_date(self.limit)
        if self.level == "passed":
            return (f"The six-month limit for prosecuting this summary-only offence passed on {when} "
                    "(Magistrates' Courts Act 1980 s.127): a breach can no longer be prosecuted")
        if self.level == "near":
            return (f"The six-month limit for prosecuting this summary-only offence is {when}, "
                    f"{self.days_left} day{'' if self.days_left == 1 else 's'} away (Magistrates' Courts Act 1980 "
                    "s.127): a breach must be reviewed and prosecuted before then")
        return f"Prosecution on breach must start by {when} (Magistrates' Courts Act 1980 s.127)"


def prosecution_time_limit(disposal: str, mode_of_trial: str, offence_date: date, today: date,
                           buffer_days: int) -> TimeLimit | None:
    """The s.127 limit when it matters: a summary-only offence under a disposal whose breach leads to
    prosecution. The warning starts `buffer_days` (EngineConfig.breach_review_buffer_days) before it."""
    if mode_of_trial != SUMMARY or disposal not in PROSECUTION_ON_BREACH:
        return None
    limit = add_calendar_months(offence_date, SUMMARY_TIME_LIMIT_MONTHS)
    warn_from = limit - timedelta(days=buffer_days)
    days_left = (limit - today).days
    level = "passed" if today > limit else "near" if today >= warn_from else "ok"
    return TimeLimit(limit, warn_from, days_left, level)


# --------------------------------------------------------------------------- breach outcomes

PROSECUTE, FINANCIAL_PENALTY, CONTINUE, VARY = "prosecute", "financial_penalty", "continue", "vary"


@dataclass(frozen=True)
class BreachOutcome:
    code: str
    label: str
    hint: str
    # The case statuses the case passes through when a supervisor approves (lifecycle checks each).
    case_path: tuple[str, ...]
    # What becomes of the breached condition.
    condition_status: str


_PROSECUTE_HINT = {
    CONDITIONAL_CAUTION: ("Criminal Justice Act 2003 s.24: the offender may be prosecuted for the original offence; "
                          "the signed caution document is admissible and the caution ceases to have effect "
                          "when proceedings start"),
    DIVERSIONARY_CAUTION: ("Police, Crime, Sentencing and Courts Act 2022 s.98(5): the offender may be prosecuted "
                           "for the original offence"),
}

OUTCOME_LABELS = {
    PROSECUTE: "Prosecute for the original offence",
    FINANCIAL_PENALTY: "Impose a financial penalty",
    CONTINUE: "Continue: give the offender more time to comply",
    VARY: "Vary the conditions",
}


def _outcome(code: str, hint: str, case_path: tuple[str, ...], condition_status: str) -> BreachOutcome:
    return BreachOutcome(code, OUTCOME_LABELS[code], hint, case_path, condition_status)


def breach_outcomes(disposal: str, time_limit: TimeLimit | None = None) -> list[BreachOutcome]:
    """The decisions the law allows on a breach of this disposal. Empty for a Community Resolution.

    Prosecution is left out once a summary-only offence's six-month limit has passed.
    """
    if disposal not in STATUTORY_CAUTIONS:
        return []
    first: list[BreachOutcome] = []
    if disposal in PROSECUTION_ON_BREACH and not (time_limit is not None and time_limit.level == "passed"):
        first.append(_outcome(PROSECUTE, _PROSECUTE_HINT[disposal], ("breached", "prosecuted"), BREACHED))
    if disposal == COMMUNITY_CAUTION:
        first.append(_outcome(
            FINANCIAL_PENALTY,
            "Police, Crime, Sentencing and Courts Act 2022 s.98(5) and s.111: a financial penalty; if it is not "
            "paid, a registration certificate goes to the magistrates' court and it is enforced as a fine (s.112). "
            "The offender cannot be prosecuted for the offence",
            ("breached",), BREACHED))
    return first + [
        _outcome(CONTINUE, "The breach is recorded; the condition stays open with a new date to comply by",
                 ("breached", "conditions_active"), PENDING),
        _outcome(VARY, "The breach is recorded and the condition is varied (record the new terms)",
                 ("breached", "conditions_active"), VARIED),
    ]


def outcome_for(disposal: str, code: str, time_limit: TimeLimit | None = None) -> BreachOutcome | None:
    return next((o for o in breach_outcomes(disposal, time_limit) if o.code == code), None)


# Registration of an unpaid Community Caution penalty (PCSC 2022 s.111(7), s.112).
REGISTRATION_STATUSES = {
    "awaiting_payment": "Awaiting payment",
    "paid": "Paid",
    "registered": "Registered as a fine",
}


def penalty_registrable(registration_status: str, due_date: date | None, paid, amount, today: date) -> bool:
    """An unpaid Community Caution penalty past its date may be registered as a fine (s.111(7))."""
    return (registration_status == "awaiting_payment" and due_date is not None and today > due_date
            and amount is not None and paid < amount)
