"""How long does an attendance workbook take to read or refuse? Prints figures; not a test.

The hardening probe's 1.6 KB workbook declaring A1:XFD20000 took 11.5 s of one request; it must now
be refused without reading rows. A legitimate 20,000-row workbook is timed beside it for scale.

    .venv/bin/python tests/bench/bench_uploads.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from compliance_testing import declaring, with_doctype, workbook  # noqa: E402
from webapp.domain import attendance_files  # noqa: E402
from webapp.domain.attendance_files import AttendanceFileError  # noqa: E402


def _time(label: str, data: bytes) -> None:
    start = time.perf_counter()
    try:
        _, rows, _ = attendance_files.read_table("attendance.xlsx", data)
        outcome = f"read {len(rows):,} rows"
    except AttendanceFileError as refused:
        outcome = f"refused: {refused}"
    print(f"{label:<42} {len(data):>9,} bytes {time.perf_counter() - start:8.3f} s  {outcome}")


if __name__ == "__main__":
    _time("declares A1:XFD20000 (the probe's workbook)", workbook(sheet_xml=declaring("A1:XFD20000")))
    _time("DTD with an entity", workbook(sheet_xml=with_doctype('<!DOCTYPE w [<!ENTITY a "b">]>')))
    rows = [(f"OC26-{i:06d}", "Jane Doe", "Victim awareness", "01/11/2026", "Yes") for i in range(20_000)]
    _time("20,000 real rows", workbook(rows=rows))
