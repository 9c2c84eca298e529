"""England and Wales working days, bank holidays included, computed offline."""
from __future__ import annotations

from datetime import date

import pytest

from webapp.domain.working_days import add_working_days, bank_holidays, is_working_day, working_days_between


@pytest.mark.parametrize("day", [
    date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6),
    date(2026, 5, 4), date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 28),  # Boxing Day observed
    date(2022, 9, 19),  # State funeral of Queen Elizabeth II
    date(2023, 5, 8),   # Coronation of King Charles III
])
def test_bank_holidays_are_not_working_days(day):
    assert day in bank_holidays(day.year)
    assert not is_working_day(day)


def test_weekends_are_not_working_days_and_weekdays_are():
    assert not is_working_day(date(2026, 3, 14))
    assert not is_working_day(date(2026, 3, 15))
    assert is_working_day(date(2026, 3, 16))


def test_scottish_only_holidays_do_not_count():
    assert is_working_day(date(2026, 1, 2))   # 2 January is a bank holiday in Scotland only
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day


@pytest.mark.parametrize("start, days, due", [
    (date(2026, 3, 10), 5, date(2026, 3, 17)),
    (date(2026, 3, 10), 1, date(2026, 3, 11)),
    (date(2026, 3, 14), 1, date(2026, 3, 16)),     # from a Saturday
    (date(2025, 12, 23), 5, date(2026, 1, 2)),     # over Christmas and New Year
    (date(2026, 12, 24), 1, date(2026, 12, 29)),   # Christmas on Friday, Boxing Day observed Monday
    (date(2026, 4, 2), 1, date(2026, 4, 7)),       # over Easter
    (date(2026, 4, 2), 5, date(2026, 4, 13)),
    (date(2026, 3, 10), 0, date(2026, 3, 10)),
])
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 10), -1)


def test_working_days_between_counts_what_add_working_days_adds():
    friday = date(2026, 12, 18)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, date(2026, 12, 21)) == 1  # the weekend does not count
    # Across Christmas Day and Boxing Day (observed on Monday 28th), bank holidays.
    assert add_working_days(friday, 5) == date(2026, 12, 29)
    assert working_days_between(friday, date(2026, 12, 29)) == 5
