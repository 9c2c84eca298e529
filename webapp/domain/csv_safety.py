"""CSV cells that a spreadsheet would run as a formula are written as text.

Excel, LibreOffice and Google Sheets treat a cell beginning with = + - @ (and a tab or carriage return
before one of them) as a formula, so a victim's name or an error message typed as `=HYPERLINK(...)`
would become a live link or command when someone opens the file. OWASP's advice: start such a cell
with an apostrophe, which spreadsheets show as plain text. Numbers are left as they are.
"""
from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
