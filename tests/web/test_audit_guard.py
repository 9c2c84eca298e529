"""The audit log cannot be changed or emptied even with raw SQL, on either database, whether the schema
came from create_all or from the migrations; and the pages that showed personal data without a
"consult" line now write one."""
from __future__ import annotations

import io
from datetime import date

import pytest
from factories import gen_case, gen_decided_case, gen_decision, gen_user, gen_victim_contact, login
from flask_migrate import upgrade
from oocr_testing import TEST_DATABASE_URL, make_app, postgres_url
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DatabaseError

from webapp.audit import log as audit
from webapp.extensions import db
from webapp.models import AuditRecord, BackgroundJob, GeneratedDocument


def _one_line() -> int:
    line = audit.record("consult", "case", "OC26-000001", "A line to tamper with")
    db.session.commit()
    return line.id


@pytest.mark.parametrize("statement", [
    "UPDATE audit_records SET description = 'nothing happened' WHERE id = :id",
    "UPDATE audit_records SET username = 'someone else'",
    "DELETE FROM audit_records WHERE id = :id",
    "DELETE FROM audit_records",
])
def test_raw_sql_cannot_change_or_delete_audit_lines(ctx, statement):
    line_id = _one_line()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement), {"id": line_id})
    db.session.rollback()
    line = db.session.get(AuditRecord, line_id)
    assert line.description == "A line to tamper with" and line.username == "system"
    # Adding lines is still allowed, of course.
    _one_line()
    assert db.session.scalar(select(func.count(AuditRecord.id))) == 2


def _migrated_urls(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'migrated.sqlite3'}"]
    if TEST_DATABASE_URL:
        from sqlalchemy.engine import make_url
        base = make_url(postgres_url(TEST_DATABASE_URL))
        name = f"{base.database}_guard{tmp_path.name[-8:]}".replace("-", "_").lower()
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        urls.append(base.set(database=name).render_as_string(hide_password=False))
    return urls


def test_the_migrations_install_the_same_guard(tmp_path):
    for url in _migrated_urls(tmp_path):
        app = make_app(url, tmp_path)
        with app.app_context():
            upgrade()
            with db.engine.begin() as conn:
                conn.execute(text("INSERT INTO audit_records (at, username, action, record_type, record_id, description, "
                                  "justification, recipient, ip_address) VALUES (CURRENT_TIMESTAMP, 'system', "
                                  "'consult', 'case', 'X', 'kept', '', '', '')"))
            for statement in ("UPDATE audit_records SET description = 'gone'", "DELETE FROM audit_records"):
                with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
                    conn.execute(text(statement))
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT description FROM audit_records")).scalars().all() == ["kept"]
            db.engine.dispose()
        if url.startswith("postgresql"):
            from sqlalchemy.engine import make_url
            admin = create_engine(make_url(url).set(database=make_url(postgres_url(TEST_DATABASE_URL)).database),
                                  isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            admin.dispose()


# --------------------------------------------------------------------------- consult lines


def _consults(app, record_type: str | None = None) -> list[AuditRecord]:
    with app.app_context():
        stmt = select(AuditRecord).where(AuditRecord.action == "consult")
        if record_type:
            stmt = stmt.where(AuditRecord.record_type == record_type)
        return db.session.scalars(stmt.order_by(AuditRecord.id)).all()


@pytest.fixture
def made(app, client):
    """A clerk who has made the caution notice for a decided case."""
    with app.app_context():
        case, clerk, supervisor = gen_decided_case()
    login(client, clerk)
    assert client.post(f"/cases/{case.reference}/documents",
                       data={"option": "conditional_caution_notice|"}).status_code == 302
    with app.app_context():
        doc = db.session.scalar(select(GeneratedDocument))
        assert doc.status == "done", doc.error
        return {"case": case, "doc_id": doc.id, "job_id": doc.job_id, "clerk": clerk, "supervisor": supervisor}


def test_the_document_download_page_writes_a_consult_line(app, client, made):
    before = len(_consults(app, "document"))
    page = client.get(f"/cases/{made['case'].reference}/documents/download?document={made['doc_id']}&format=docx")
    assert page.status_code == 200
    lines = _consults(app, "document")
    assert len(lines) == before + 1 and lines[-1].record_id == made["case"].reference
    assert f"document {made['doc_id']}" in lines[-1].description


def test_the_job_progress_page_writes_a_consult_line(app, client, made):
    before = len(_consults(app))
    assert client.get(f"/documents/progress?job={made['job_id']}").status_code == 200
    lines = _consults(app)
    assert len(lines) == before + 1 and made["job_id"] in lines[-1].description


def test_the_batches_page_writes_a_consult_line(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="clerk1")
        case = gen_case()
        gen_decision(case, disposal="community_resolution", status="authorised", conditions=[])
        gen_victim_contact(case, "outcome", date.today())
    login(client, clerk)
    assert client.post("/documents/batches", data={"batch": "victim_updates"}).status_code == 302
    before = len(_consults(app, "case_list"))
    assert client.get("/documents/batches").status_code == 200
    lines = _consults(app, "case_list")
    assert len(lines) == before + 1 and "Batch documents page (1 batches shown)" in lines[-1].description
    with app.app_context():
        assert db.session.scalar(select(func.count(BackgroundJob.id)).where(BackgroundJob.kind == "batch")) == 1


def test_the_attendance_uploads_list_writes_a_consult_line(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
    login(client, clerk)
    client.post("/compliance/attendance", data={"provider": "Northgate", "file": (io.BytesIO(
        b"Case Ref,Client name,Course,Session date,Attended?\nOC26-000009,Jane Doe,Course,01/11/2026,Yes\n"),
        "attendance.csv")}, content_type="multipart/form-data")
    assert client.get("/compliance/attendance").status_code == 200
    lines = _consults(app, "attendance_upload")
    assert lines and "Attendance uploads list (1 shown)" in lines[-1].description


def test_reading_the_audit_log_is_itself_logged(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor")
    login(client, supervisor)
    assert client.get("/admin/audit?record_id=OC26-000001").status_code == 200
    lines = _consults(app, "audit_log")
    assert len(lines) == 1 and "OC26-000001" in lines[0].description and lines[0].username == supervisor.username
