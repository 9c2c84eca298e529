"""England and Wales working days.

The Victims' Code counts its update deadlines in working days, so a deadline over Christmas or
Easter moves past the bank holidays. Bank holidays come from the `holidays` package, which ships
its data: nothing is fetched at run time. England's list is used; Wales has the same bank holidays.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=None)
def bank_holidays(year: int) -> frozenset[date]:
    # Imported here: `holidays` is the slowest import in the engine, and only deadlines need it.
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself never counts)."""
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` up to and including `end` (the count add_working_days adds)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day)
    return days
