"""`oocr sweep`: the daily compliance sweep, for a system cron where RQ's scheduler is not used."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext


@click.command("sweep")
@click.option("--date", "on", default=None, metavar="YYYY-MM-DD", help="Run as if today were this date")
@with_appcontext
def sweep(on: str | None) -> None:
    """Mark overdue conditions, create reminder and review tasks, warn of six-month limits (idempotent)."""
    from jobs.tasks.sweep import run_now

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise click.BadParameter("must be a date like 2026-11-24", param_hint="--date") from None
    report = run_now(day)
    click.echo(report.summary())
    for warning in report.warnings:
        click.echo(f"Warning: {warning}")
