"""How dates, times and money are written everywhere: pages, letters, timeline entries, exports.

GOV.UK style ("5 March 2026", "14:05", "£50.00"), spelled out here rather than with strftime's
%B and %A, which follow the server's locale. Stored times are naive UTC; people read UK time.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: date | datetime | None) -> str:
    """'5 March 2026'."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: date | datetime | None) -> str:
    """'5 Mar 2026', for tables."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def day_and_date(value: date | datetime | None) -> str:
    """'Thursday 5 March 2026', for appointments and deadlines people plan a day around."""
    if value is None:
        return ""
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def clock_time(value: time | datetime) -> str:
    """'14:05'."""
    return f"{value.hour:02d}:{value.minute:02d}"


def date_at_time(value: date | datetime | None) -> str:
    """'5 March 2026 at 14:05' for a datetime as given (already UK time); a plain date otherwise."""
    if isinstance(value, datetime):
        return f"{long_date(value)} at {clock_time(value)}"
    return long_date(value)


def uk_time(value: datetime) -> datetime:
    """A stored (naive UTC) time as UK time, GMT or BST."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(UK_TIME)


def recorded_at(value: datetime | None) -> str:
    """'5 Mar 2026 at 14:05' in UK time: when something stored was done."""
    if value is None:
        return ""
    local = uk_time(value)
    return f"{short_date(local)} at {clock_time(local)}"


def money(value: Decimal | int | str | None) -> str:
    """'£1,250.00'. Floats are refused: money must not pick up binary rounding."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Money must be a Decimal, int or string, not float")
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"Not an amount of money: {value!r}") from None
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def hours(value: Decimal | int | None) -> str:
    """'1 hour', '6 hours', '2.5 hours'."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    shown = f"{number:f}"
    return f"{shown} hour" if number == 1 else f"{shown} hours"


def counted(number: int, one: str, many: str | None = None, none: str | None = None) -> str:
    """'1 task', '3 tasks', or `none` (e.g. 'no tasks') for nought: a count as a sentence says it."""
    if number == 0 and none is not None:
        return none
    return f"{number} {one if number == 1 else (many or one + 's')}"
