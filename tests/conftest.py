"""Shared fixtures. The suite runs on SQLite always, and again on PostgreSQL when TEST_DATABASE_URL is set.

With CI=true the services are required: a missing or unreachable one fails the run rather than
skipping tests, so a green CI always means both databases were exercised.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from oocr_testing import IN_CI, TEST_DATABASE_URL, TEST_REDIS_URL, make_app, postgres_url  # noqa: E402


def pytest_configure(config):
    # Fast, still-real argon2 hashes for tests; production keeps argon2-cffi's RFC 9106 defaults.
    from argon2 import PasswordHasher
    import webapp.models.user as user_module
    user_module._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    if IN_CI:
        missing = [n for n, v in (("TEST_DATABASE_URL", TEST_DATABASE_URL), ("TEST_REDIS_URL", TEST_REDIS_URL)) if not v]
        if missing:
            raise pytest.UsageError(f"CI=true but {', '.join(missing)} not set: the service runs are required in CI")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]


def _private_postgres_database(url: str) -> str:
    """A database of this test run's own, beside the one named in TEST_DATABASE_URL, so two runs on
    one machine (a developer's and CI's, or parallel sessions) never truncate each other's tables."""
    from sqlalchemy.engine import make_url
    base = make_url(url)
    name = f"{base.database}_run{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(url: str) -> None:
    from sqlalchemy.engine import make_url
    target = make_url(url)
    admin = create_engine(target.set(database=make_url(postgres_url(TEST_DATABASE_URL)).database),
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    """Create the schema once per backend; tests then only empty the tables."""
    from webapp.extensions import db
    from webapp import models  # noqa: F401

    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"}
    if TEST_DATABASE_URL:
        try:
            urls["postgresql"] = _private_postgres_database(postgres_url(TEST_DATABASE_URL))
        except Exception as exc:  # an unreachable service must fail loudly, never skip
            pytest.fail(f"PostgreSQL at {TEST_DATABASE_URL} is not usable: {exc}")
    for name, url in urls.items():
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                db.metadata.create_all(conn)
        except Exception as exc:
            pytest.fail(f"{name} test database at {url} is not usable: {exc}")
        finally:
            engine.dispose()
    yield urls
    if "postgresql" in urls:
        _drop_postgres_database(urls["postgresql"])


@pytest.fixture(params=backends())
def backend(request) -> str:
    return request.param


def _wipe(db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        # SQLite's DELETE fires the audit table's append-only triggers (TRUNCATE on PostgreSQL does not):
        # lifted for the wipe between tests only, and put back before any test runs.
        from webapp.models.audit import APPEND_ONLY_TRIGGERS, DROP_APPEND_ONLY_TRIGGERS
        for statement in DROP_APPEND_ONLY_TRIGGERS["sqlite"]:
            db.session.execute(text(statement))
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
        for statement in APPEND_ONLY_TRIGGERS["sqlite"]:
            db.session.execute(text(statement))
    db.session.commit()


@pytest.fixture(scope="session")
def _apps(database_urls, tmp_path_factory):
    """One app per backend for the whole run: templates compile once, connections are pooled."""
    apps = {name: make_app(url, tmp_path_factory.mktemp(f"app-{name}")) for name, url in database_urls.items()}
    yield apps
    from webapp.extensions import db
    for application in apps.values():
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def app(backend, _apps, monkeypatch):
    """The backend's app with empty tables and the reference data loaded. Change config with monkeypatch."""
    from webapp.extensions import db
    from webapp.reference_data import load_reference_data

    application = _apps[backend]
    with application.app_context():
        _wipe(db)
        load_reference_data()
    from webapp.security import reset_sign_in_counts
    reset_sign_in_counts(application)  # sign-in throttle counts start at zero in every test, like the tables
    yield application
    with application.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def caseworker(app, client):
    """A caseworker (cw, Casey Worker) signed in on `client`."""
    from factories import login_as
    return login_as(app, client, "caseworker", username="cw", full_name="Casey Worker")


@pytest.fixture
def staff(app):
    """One user of each role a case passes through, by role, none signed in ("Clerk User" and so on)."""
    from factories import gen_user
    with app.app_context():
        return {role: gen_user(role, username=f"staff-{role}", full_name=f"{role.title()} User")
                for role in ("clerk", "caseworker", "supervisor", "victim_liaison")}


@pytest.fixture
def people(app):
    """The people a decision passes through, by role, none signed in: a caseworker (cw), two supervisors
    (sup and sup2, so one can authorise the other's decision), a clerk, an admin and victim liaison (vlo)."""
    from factories import gen_user
    with app.app_context():
        return {role: gen_user(role, username=name) for role, name in (
            ("caseworker", "cw"), ("supervisor", "sup"), ("clerk", "clerk"), ("admin", "admin"),
            ("victim_liaison", "vlo"))} | {"supervisor2": gen_user("supervisor", username="sup2",
                                                                      full_name="Second Supervisor")}
