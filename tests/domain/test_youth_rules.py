"""Whether a suspect goes to the Youth Offending Team panel, from plain objects."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from webapp.domain.youth import suspect_is_youth


def _case(born):
    return SimpleNamespace(suspect=SimpleNamespace(date_of_birth=born))


def test_a_suspect_is_a_youth_until_the_day_before_their_18th_birthday():
    assert suspect_is_youth(_case(date(2008, 3, 6)), date(2026, 3, 5))
    assert not suspect_is_youth(_case(date(2008, 3, 5)), date(2026, 3, 5))


def test_no_suspect_or_no_date_of_birth_is_not_a_youth():
    assert not suspect_is_youth(_case(None), date(2026, 3, 5))
    assert not suspect_is_youth(SimpleNamespace(suspect=None), date(2026, 3, 5))
