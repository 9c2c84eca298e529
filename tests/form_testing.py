"""Helpers for page tests: the GOV.UK error summary's messages, a date as the three boxes post it, and
a downloaded Word document's text by part."""
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
