"""`oocr outcomes export --out FILE.csv`: the bulk export for forces that load outcomes in bulk."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("outcomes")
def outcomes() -> None:
    """Home Office outcomes for the force's records system."""


@outcomes.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="CSV file to write: a header row, then one row per outcome not exported before")
@with_appcontext
def export(out: str) -> None:
    """Export every outcome not sent before (idempotent: a second run the same day writes only the header)."""
    from webapp.services import outcomes as service

    made = service.export_new(via="command")
    with open(out, "w", encoding="utf-8", newline="") as handle:
        for chunk in service.export_csv(made.id):
            handle.write(chunk)
    click.echo(f"Export {made.id}: {made.rows} outcome(s) written to {out}")
