"""The template filters write dates the GOV.UK way, including dates kept as ISO text in JSON."""
from datetime import date, datetime

from webapp.jinja_helpers import format_date


def test_dates_and_iso_text_read_the_same():
    assert format_date(date(2026, 12, 3)) == "3 December 2026"
    assert format_date("2026-12-03") == "3 December 2026"       # the engine's advice saved with a decision
    assert format_date(datetime(2026, 3, 5, 9, 0), "short") == "5 Mar 2026"
    assert format_date(None) == ""
    assert format_date("not a date") == "not a date"            # shown as kept, never a server error
