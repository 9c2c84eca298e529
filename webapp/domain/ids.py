"""Row ids typed into a URL or a form: plain ASCII digits within the range a row id can have.

str.isdigit() also accepts "²" and "٣", which int() then refuses (a server error), and a number of
2**63 or more overflows SQLite's integer (another). Everything else means "no such row".
"""
from __future__ import annotations

import re

# Ids are stored as 32-bit integers on PostgreSQL; anything larger cannot name a row.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(raw) -> int | None:
    """A positive row id from user input, or None: never OverflowError, never a Unicode digit."""
    text = str(raw if raw is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
