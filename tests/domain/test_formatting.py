"""Dates, times and money are written one way on pages, letters and timeline entries."""
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from webapp.domain.formatting import (
    clock_time,
    date_at_time,
    day_and_date,
    hours,
    long_date,
    money,
    recorded_at,
    short_date,
)


def test_dates_have_no_leading_zero_and_do_not_follow_the_locale():
    assert long_date(date(2026, 10, 17)) == "17 October 2026"
    assert long_date(date(2026, 1, 5)) == "5 January 2026"
    assert short_date(date(2026, 3, 5)) == "5 Mar 2026"
    assert day_and_date(date(2026, 12, 3)) == "Thursday 3 December 2026"
    assert long_date(None) == short_date(None) == day_and_date(None) == ""


def test_times_are_on_the_24_hour_clock():
    assert clock_time(time(9, 5)) == "09:05"
    assert date_at_time(datetime(2026, 10, 17, 9, 5)) == "17 October 2026 at 09:05"
    assert date_at_time(date(2026, 10, 17)) == "17 October 2026"


def test_stored_times_are_shown_in_uk_time():
    assert recorded_at(datetime(2026, 7, 1, 23, 30)) == "2 Jul 2026 at 00:30"   # BST
    assert recorded_at(datetime(2026, 12, 1, 23, 30)) == "1 Dec 2026 at 23:30"  # GMT
    assert recorded_at(None) == ""


def test_money_and_hours():
    assert money(Decimal("50")) == "£50.00"
    assert money(1250) == "£1,250.00"
    assert money("12.5") == "£12.50"
    assert money(None) == ""
    assert hours(1) == "1 hour"
    assert hours(Decimal("2.50")) == "2.5 hours"
    assert hours(20) == "20 hours"
    with pytest.raises(TypeError):
        money(50.0)
    with pytest.raises(ValueError):
        money("fifty")


def test_counts_are_said_as_a_sentence_would():
    from webapp.domain.formatting import counted

    assert counted(1, "task") == "1 task"
    assert counted(3, "task") == "3 tasks"
    assert counted(2, "review of a possible breach", "reviews of possible breaches") == "2 reviews of possible breaches"
    assert counted(0, "task") == "0 tasks"
    assert counted(0, "task", none="no tasks") == "no tasks"
