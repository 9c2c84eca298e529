"""How long does an attendance workbook take to read or refuse? Prints figures; not a test.

The hardening probe's 1.6 KB workbook declaring A1:XFD20000 took 11.5 s of one request; it must now
be refused without reading rows. A legitimate 20,000-row workbook is timed beside it for scale.

    .venv/bin/python tests/bench/bench_uploads.py
"""
from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from webapp.domain import attendance_files  # noqa: E402
from webapp.domain.attendance_files import AttendanceFileError  # noqa: E402


def _book(rows: int, sheet_xml=None) -> bytes:
    book = Workbook()
    book.active.append(["Case Ref", "Client name", "Course", "Session date", "Attended?"])
    for i in range(rows):
        book.active.append([f"OC26-{i:06d}", "Jane Doe", "Victim awareness", "01/11/2026", "Yes"])
    out = io.BytesIO()
    book.save(out)
    if sheet_xml is None:
        return out.getvalue()
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data.decode()).encode()
            target.writestr(info.filename, data)
    return patched.getvalue()


def _time(label: str, data: bytes) -> None:
    start = time.perf_counter()
    try:
        _, rows, _ = attendance_files.read_table("attendance.xlsx", data)
        outcome = f"read {len(rows):,} rows"
    except AttendanceFileError as refused:
        outcome = f"refused: {refused}"
    print(f"{label:<42} {len(data):>9,} bytes {time.perf_counter() - start:8.3f} s  {outcome}")


if __name__ == "__main__":
    wide = lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD20000"/>', xml)  # noqa: E731
    _time("declares A1:XFD20000 (the probe's workbook)", _book(1, wide))
    _time("DTD with an entity", _book(1, lambda xml: xml.replace("<worksheet", '<!DOCTYPE w [<!ENTITY a "b">]><worksheet', 1)))
    _time("20,000 real rows", _book(20_000))
