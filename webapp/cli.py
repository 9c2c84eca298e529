"""The `oocr` command: Flask's commands (run, db, rq) plus ours.

`assess` and `redact` never load the web app, so they start quickly and work without a database.
"""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext


def _create_app() -> Flask:
    from webapp import create_app
    return create_app()


# The contract commands are imported only when asked for, so `oocr assess` stays quick.
LAZY_COMMANDS = {
    "assess": ("webapp.domain.commands", "assess"),
    "redact": ("documents.commands", "redact"),
}


class OocrGroup(FlaskGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS:
            import importlib
            module, attr = LAZY_COMMANDS[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=OocrGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """OOCR Casework administration."""


def register_app_commands(app: Flask) -> None:
    app.cli.add_command(create_user)
    from webapp.auth.commands import unlock_user
    app.cli.add_command(unlock_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(load_reference)
    from webapp.documents.commands import documents as documents_commands
    app.cli.add_command(documents_commands)
    from webapp.compliance.commands import sweep as sweep_command
    app.cli.add_command(sweep_command)
    from webapp.outcomes.commands import outcomes as outcomes_commands
    app.cli.add_command(outcomes_commands)
    from webapp.people.commands import people as people_commands
    app.cli.add_command(people_commands)
    from webapp.statistics.commands import statistics as statistics_commands
    app.cli.add_command(statistics_commands)


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["clerk", "caseworker", "victim_liaison", "supervisor", "admin"]))
@click.option("--area", "area_code", default=None, help="Area code, e.g. N")
@click.option("--name", "full_name", default=None)
@with_appcontext
def create_user(username: str, password: str, role: str, area_code: str | None, full_name: str | None) -> None:
    """Create a user (the first admin is made this way)."""
    from sqlalchemy import select

    from webapp.audit import log as audit
    from webapp.extensions import db
    from webapp.models import Area, User

    from webapp.domain.passwords import password_problem
    problem = password_problem(password, (username, full_name or ""))
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"user {username!r} already exists")
    area = None
    if area_code:
        area = db.session.scalar(select(Area).where(Area.code == area_code))
        if area is None:
            raise click.BadParameter(f"no area with code {area_code!r}", param_hint="--area")
    user = User(username=username, full_name=full_name or username, role=role, area_id=area.id if area else None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("collect", "user", username, f"User created from the command line with role {role}")
    db.session.commit()
    click.echo(f"Created {role} {username}")


@click.command("load-reference")
@with_appcontext
def load_reference() -> None:
    """Load areas and the offence catalogue (idempotent)."""
    from webapp.reference_data import load_reference_data
    click.echo(load_reference_data())


@click.command("seed-demo")
@click.option("--cases", default=200, show_default=True, help="How many synthetic cases to make")
@click.option("--seed", default=2026, show_default=True, help="Random seed, for repeatable data")
@click.option("--password", default=None, help="Password for every demo user (default: a new random one, printed)")
@click.option("--if-empty", is_flag=True, help="Only make cases when there are none (the demo log-ins are reset)")
@with_appcontext
def seed_demo(cases: int, seed: int, password: str | None, if_empty: bool) -> None:
    """Make realistic, synthetic demo data (Faker en_GB); prints the demo log-ins.

    Only on an empty database or one this command made: anything else exits with status 3 untouched."""
    from webapp.demo import NotADemoDatabase, seed_demo_data
    try:
        seed_demo_data(cases=cases, seed=seed, password=password, if_empty=if_empty, echo=click.echo)
    except NotADemoDatabase as refused:
        click.echo(str(refused), err=True)
        raise SystemExit(3) from None
