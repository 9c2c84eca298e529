"""`flask db upgrade` builds the schema the models describe, and downgrade removes it, on both databases."""
from __future__ import annotations

import os

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from oocr_testing import TEST_DATABASE_URL, make_app, postgres_url
from webapp.extensions import db

MIGRATION_DB = f"oocr_migration_test_{os.getpid()}"  # private to this run: parallel runs do not collide


def _migration_urls(tmp_path):
    urls = [f"sqlite:///{tmp_path / 'migrate.sqlite3'}"]
    if TEST_DATABASE_URL:
        admin = create_engine(postgres_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {MIGRATION_DB}"))
            conn.execute(text(f"CREATE DATABASE {MIGRATION_DB}"))
        admin.dispose()
        base = postgres_url(TEST_DATABASE_URL).rsplit("/", 1)[0]
        urls.append(f"{base}/{MIGRATION_DB}")
    return urls


def test_upgrade_matches_models_and_downgrade_empties(tmp_path):
    for url in _migration_urls(tmp_path):
        app = make_app(url, tmp_path)
        with app.app_context():
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {t.name for t in db.metadata.sorted_tables} <= tables, url
            for table in db.metadata.sorted_tables:
                columns = {c["name"] for c in inspect(db.engine).get_columns(table.name)}
                assert {c.name for c in table.columns} == columns, (url, table.name)
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}, url
            upgrade()  # and back up again: the chain is repeatable
            db.engine.dispose()
