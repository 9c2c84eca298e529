"""Helpers for page tests: the GOV.UK error summary's messages, a date as the three boxes post it, a
downloaded Word document's text by part, and a letter made through the case's Documents page."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from html import unescape


def errors(response) -> list[str]:
    """The messages in the page's GOV.UK error summary, in order."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.text, re.S)
    return [unescape(e.strip()) for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary.group(1))] if summary else []


def dmy(day: date) -> list[str]:
    """A date as a GOV.UK date input posts it: day, month and year under one name."""
    return [str(day.day), str(day.month), str(day.year)]


def docx_parts(data: bytes) -> dict[str, str]:
    """Each XML part under word/ (body, headers, footers) as plain text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: " ".join(re.sub(r"<[^>]+>", " ", archive.read(name).decode()).split())
                for name in archive.namelist() if name.startswith("word/") and name.endswith(".xml")}


def made_letter(app, client, reference: str, option: str) -> dict[str, str]:
    """Ask for `option` (as the Documents page's form posts it) on the case, and return the made letter's
    Word parts as text; tests run jobs inline, so a letter not made at once fails with the job's error."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import GeneratedDocument

    assert client.post(f"/cases/{reference}/documents", data={"option": option}).status_code in (200, 302)
    with app.app_context():
        doc = db.session.scalar(select(GeneratedDocument).where(GeneratedDocument.kind == option.split("|")[0])
                                .order_by(GeneratedDocument.id.desc()))
        assert doc.status == "done", doc.error
    return docx_parts(client.post(f"/cases/{reference}/documents/download?document={doc.id}&format=docx",
                                  data={"use": "internal"}).data)
