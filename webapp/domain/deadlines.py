"""Dates a caseworker must meet: the victim update and, for summary-only offences, the s.127 limit."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from webapp.domain.case import CaseFacts
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import SUMMARY
from webapp.domain.victims import enhanced_rights, update_due

SUMMARY_TIME_LIMIT_MONTHS = 6


def add_calendar_months(day: date, months: int) -> date:
    """Same day of the month `months` later; a day the month lacks becomes its last day (31 Aug -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def summary_time_limit(case: CaseFacts) -> date | None:
    """Last day to lay an information for a summary-only offence (Magistrates' Courts Act 1980 s.127(1))."""
    if case.offence.mode_of_trial != SUMMARY:
        return None
    return add_calendar_months(case.offence.offence_date, SUMMARY_TIME_LIMIT_MONTHS)


def latest_completion_date(time_limit: date | None, config: EngineConfig) -> date | None:
    """Last day conditions may finish and still leave the breach review buffer before the limit."""
    if time_limit is None:
        return None
    return time_limit - timedelta(days=config.breach_review_buffer_days + 1)


def victim_update_dues(case: CaseFacts, config: EngineConfig) -> tuple[date, ...]:
    """For each victim in order, the last day to tell them of the decision (their own timescale)."""
    return tuple(update_due(v, case.offence, case.decision_date, config) for v in case.victims)


def victim_update_due(case: CaseFacts, config: EngineConfig) -> date | None:
    """The earliest victim's deadline; None when there is no victim to update (e.g. possession of cannabis)."""
    return min(victim_update_dues(case, config), default=None)


def victims_enhanced(case: CaseFacts) -> tuple[bool, ...]:
    return tuple(enhanced_rights(v, case.offence).enhanced for v in case.victims)
