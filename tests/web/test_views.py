"""webapp.views: reading a day from the query string never turns a typo into a server error."""
from __future__ import annotations

from datetime import date

import pytest

from webapp.views import date_arg


@pytest.mark.parametrize("query, expected", [
    ("?date=2026-03-10", date(2026, 3, 10)),
    ("?date=10/03/2026", None), ("?date=2026-02-30", None), ("", None), ("?date=", None),
    ("?day=2026-03-10", None),
])
def test_date_arg_reads_an_iso_day_or_gives_today(app, query, expected):
    with app.test_request_context(f"/clinics{query}"):
        assert date_arg() == (expected or date.today())
