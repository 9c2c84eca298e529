"""The nightly jobs besides the sweep: proposing likely duplicate people for recent referrals, then
working the statistics out again. Each runs at most once a day however many processes try (the day
is claimed in the database, webapp.services.daily); jobs/schedule.py runs them from the embedded
scheduler thread or registers them with `oocr rq cron`. `oocr people match` and
`oocr statistics refresh` do the same by hand.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from webapp.domain.formatting import long_date

log = logging.getLogger(__name__)

PEOPLE_MATCH = "people_match"
STATISTICS_REFRESH = "statistics_refresh"


def scheduled_people_match(today: date | None = None) -> str:
    """Proposals for the suspects of cases referred since the day before the last run (so a missed
    night is covered, and a case referred late in the evening is checked); nothing is merged."""
    from webapp.services import daily, people

    day = today or date.today()
    claim = daily.claim_day(PEOPLE_MATCH, day)
    if claim is None:
        return f"People matching for {long_date(day)} has already run (or is running) elsewhere"
    since = datetime.combine((claim.previous or day) - timedelta(days=1), time())
    found = people.propose_for_recent(since)
    return f"People matching for {long_date(day)}: {found} possible duplicate(s) to review"


def scheduled_statistics_refresh(today: date | None = None) -> str:
    """The statistics counts and the day's data-quality counts, rebuilt from the records."""
    from webapp.services import daily, statistics

    day = today or date.today()
    if daily.claim_day(STATISTICS_REFRESH, day) is None:
        return f"The statistics for {long_date(day)} have already been worked out (or are being) elsewhere"
    made = statistics.refresh(today=day)
    return f"Statistics for {long_date(day)}: {made.rows} count rows in {made.seconds:.1f} s"
