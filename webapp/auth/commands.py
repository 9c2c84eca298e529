"""`oocr unlock-user`: the way back in when the only administrator's account is locked (nobody left
in the service who may unlock it)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("unlock-user")
@click.argument("username")
@with_appcontext
def unlock_user(username: str) -> None:
    """Unlock an account locked after failed sign-ins."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import User
    from webapp.services import accounts

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    if user.locked_at is None:
        click.echo(f"{username} is not locked")
        return
    accounts.unlock(user, by=None, how="from the command line")
    click.echo(f"Unlocked {username}")
