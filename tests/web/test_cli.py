from __future__ import annotations

from sqlalchemy import func, select

from webapp.cli import cli, create_user, seed_demo
from webapp.extensions import db
from webapp.models import Case, User


def test_create_user_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(create_user, ["--username", "first.admin", "--password", "a-long-password-1", "--role", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "first.admin"))
        assert user.role == "admin" and user.check_password("a-long-password-1")
    again = runner.invoke(create_user, ["--username", "first.admin", "--password", "a-long-password-1", "--role", "admin"])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(create_user, ["--username", "x", "--password", "short", "--role", "clerk"])
    assert short.exit_code != 0 and "at least 12" in short.output
    bad_area = runner.invoke(create_user, ["--username", "y", "--password", "a-long-password-1", "--role", "clerk", "--area", "ZZ"])
    assert bad_area.exit_code != 0 and "no area" in bad_area.output


def test_seed_demo_makes_cases_and_prints_logins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(seed_demo, ["--cases", "120", "--password", "demo-password-xyz"])
    assert result.exit_code == 0, result.output
    assert "caseworker" in result.output and "demo-password-xyz" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 120
        sample = db.session.scalars(select(Case).limit(5)).all()
        assert all(c.search_text.startswith(c.reference.lower()) for c in sample)
    again = runner.invoke(seed_demo, ["--cases", "50", "--if-empty", "--password", "demo-password-xyz"])
    assert "no demo cases added" in again.output
    more = runner.invoke(seed_demo, ["--cases", "30", "--password", "demo-password-xyz"])
    assert more.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 150
    client = app.test_client()
    assert client.post("/login", data={"username": "supervisor", "password": "demo-password-xyz"}).status_code == 302
    assert client.get("/cases").status_code == 200


def test_oocr_lists_its_commands():
    from click.testing import CliRunner
    result = CliRunner().invoke(cli, ["--help"])
    for name in ("assess", "redact", "create-user", "seed-demo", "db"):
        assert name in result.output
