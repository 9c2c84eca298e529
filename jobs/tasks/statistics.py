"""Rebuilding the statistics counts in the background, with progress on the job row."""
from __future__ import annotations

from jobs.queue import JobReporter


def refresh_statistics(job_id: str) -> None:
    from webapp.services import statistics

    reporter = JobReporter(job_id)
    reporter.start(1, "Working out the statistics")
    try:
        made = statistics.refresh()
    except Exception as exc:  # recorded on the job row for the supervisor to see; the counts stay as they were
        reporter.fail(exc)
        raise
    reporter.finish(f"Statistics worked out in {made.seconds:.1f} seconds")
