"""`oocr statistics refresh`: rebuild the statistics counts (nightly from cron, or after a bulk load)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("statistics")
def statistics() -> None:
    """Management information."""


@statistics.command("refresh")
@with_appcontext
def refresh() -> None:
    """Work out every statistic again from the records."""
    from webapp.services import statistics as service

    made = service.refresh()
    click.echo(f"{made.rows} count rows in {made.seconds:.1f} s")
