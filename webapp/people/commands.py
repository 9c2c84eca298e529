"""`oocr people match`: the nightly check for people referred again under other details."""
from __future__ import annotations

from datetime import datetime, timedelta

import click
from flask.cli import with_appcontext


@click.group("people")
def people() -> None:
    """People across cases."""


@people.command("match")
@click.option("--days", default=1, show_default=True, help="Check the suspects of cases referred in this many days")
@with_appcontext
def match(days: int) -> None:
    """Propose likely earlier records for recent suspects (for review; nothing is merged)."""
    from webapp.models._types import utcnow
    from webapp.services import people as service

    since: datetime = utcnow() - timedelta(days=days)
    click.echo(f"{service.propose_for_recent(since)} possible duplicate(s) to review")
