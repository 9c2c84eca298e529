"""The evidence bundle's Word file: its cover page speaks the app's date vocabulary."""
from __future__ import annotations

import io
from datetime import date

import docx

from documents.bundle import Cover, RedactedDocument, build_docx


def test_the_cover_gives_the_date_prepared_the_govuk_way():
    cover = Cover("Evidence bundle", [("Defendant", "Sam Example")], date(2026, 3, 5))
    data = build_docx(cover, [RedactedDocument("Statement", "Word", ["Text"], "", [])], "OFFICIAL-SENSITIVE")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Prepared on 5 March 2026. OFFICIAL-SENSITIVE." in paragraphs
