"""Uploads: a size limit on every request with a clear page; a refused attendance workbook explained on
the page (the file checks themselves are tests/domain/test_attendance_files.py)."""
from __future__ import annotations

import io
from html import unescape

from compliance_testing import with_doctype, workbook
from factories import gen_user, login
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AttendanceUpload, AuditRecord


def _upload(client, data: bytes, name: str = "attendance.xlsx"):
    return client.post("/compliance/attendance", data={"provider": "Northgate Awareness Service",
                                                        "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_an_entity_workbook_gets_a_clear_message_on_the_page(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
    login(client, clerk)
    bad = workbook(sheet_xml=lambda xml: with_doctype('<!DOCTYPE worksheet [<!ENTITY a "x">]>')(xml))
    response = _upload(client, bad)
    assert response.status_code == 422
    assert "document type declaration" in unescape(response.text)
    with app.app_context():
        assert db.session.scalar(select(func.count(AttendanceUpload.id))) == 0


def test_a_request_larger_than_the_limit_gets_a_clear_page(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    with app.app_context():
        clerk = gen_user("clerk")
    # Signed out, on the sign-in page: refused before the body is parsed.
    refused = client.post("/login", data={"username": "x", "password": "y", "padding": "z" * 200_000})
    assert refused.status_code == 413 and "The file is too big" in unescape(refused.text)
    login(client, clerk)
    response = _upload(client, b"Case Ref\n" + b"OC26-000001\n" * 20_000, "attendance.csv")
    assert response.status_code == 413
    page = unescape(response.text)
    assert "The file is too big" in page and "larger than 0.0625 MB" in page and "OFFICIAL-SENSITIVE" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(AttendanceUpload.id))) == 0
        assert db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "collect")) == 0


def test_the_default_limit_is_set(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
