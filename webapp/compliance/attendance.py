"""Course providers' attendance files: read a CSV or .xlsx, match each row to a condition, record
attendance once, and keep the rows that match nothing (or too much) for a person to resolve.

The rules (header variants, dates, matching) live in webapp.domain.compliance; this module reads
the file and writes the rows. Nothing applies twice: the file's SHA-256 is unique, and an
attendance record is unique per condition and session date.
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from webapp.audit import log as audit
from webapp.domain import compliance as rules
from webapp.domain.compliance import AttendanceFileError, AttendanceRow, Candidate, CellProblem
from webapp.extensions import db
from webapp.models import AttendanceMismatch, AttendanceRecord, AttendanceUpload, Case, CaseEvent, Condition, Person

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An attendance sheet has a handful of columns. Excel's last column is XFD (16,384): a workbook that
# declares it would be padded to that width on every row, so the declared size is checked first.
MAX_COLUMNS = 50
MAX_UNPACKED = 50 * 1024 * 1024  # all parts of the workbook together, uncompressed


def _file_problem(message: str) -> AttendanceFileError:
    return AttendanceFileError([CellProblem(0, "", message)])


def read_table(file_name: str, data: bytes) -> tuple[list[object], list[list[object]], int]:
    """(headers, data rows, row number of the first data row) from a CSV or .xlsx file."""
    if not data:
        raise _file_problem("The file is empty")
    if len(data) > MAX_BYTES:
        raise _file_problem("The file is larger than 5 MB: split it into smaller files")
    name = (file_name or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise _file_problem("The file must be a CSV (.csv) or Excel (.xlsx) spreadsheet")
    first = next((i for i, row in enumerate(rows) if any(_filled(v) for v in row)), None)
    if first is None:
        raise _file_problem("The file has no rows")
    body = rows[first + 1:]
    if len(body) > MAX_ROWS:
        raise _file_problem(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
    return list(rows[first]), [list(r) for r in body], first + 2


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _check_workbook(data: bytes) -> None:
    """Refuse, before any spreadsheet parsing, what is not an Excel workbook, what unpacks to too much,
    and any XML part with a document type declaration (DTDs carry entity tricks; Excel never writes one)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _file_problem("The file is not an Excel workbook (.xlsx): save it again from Excel, or as CSV") from None
    with archive:
        parts = archive.infolist()
        if "xl/workbook.xml" not in {p.filename for p in parts}:
            raise _file_problem("The file is not an Excel workbook (.xlsx): save it again from Excel, or as CSV")
        if sum(p.file_size for p in parts) > MAX_UNPACKED:
            raise _file_problem("The spreadsheet unpacks to more than 50 MB: save only the attendance sheet, or as CSV")
        for part in parts:
            if part.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(part) as stream:
                    head = stream.read(65536).lower()
                if b"<!doctype" in head or b"<\x00!\x00d\x00o\x00c\x00t\x00y\x00p\x00e" in head:
                    raise _file_problem("The spreadsheet contains a document type declaration, which is not accepted "
                                        "for safety: open it in Excel and save it again as .xlsx, or save it as CSV")


def _xlsx_rows(data: bytes) -> list[tuple]:
    from xml.etree.ElementTree import ParseError  # nosec B405 (accepted: the exception class only; defusedxml parses)

    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    _check_workbook(data)
    unreadable = (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError, DefusedXmlException)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except unreadable as exc:
        raise _file_problem(f"The spreadsheet cannot be opened ({exc.__class__.__name__}): save it again as "
                            ".xlsx or CSV") from None
    try:
        sheet = book.worksheets[0]
        # The size the sheet declares (its <dimension>): refused before a single row is read.
        columns, rows = sheet.max_column or 0, sheet.max_row or 0
        if columns <= MAX_COLUMNS and rows <= MAX_ROWS + 1:
            # Whatever it declares, never read past these bounds (one extra row shows there are too many).
            return [_trimmed(row) for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS,
                                                             max_row=MAX_ROWS + 2)]
    except unreadable as exc:
        raise _file_problem(f"The spreadsheet cannot be read ({exc.__class__.__name__}): save it again as "
                            ".xlsx or CSV") from None
    finally:
        book.close()
    if columns > MAX_COLUMNS:
        raise _file_problem(f"The sheet is wider than {MAX_COLUMNS} columns: save only the attendance columns, "
                            "or save it as CSV")
    raise _file_problem(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")


def _trimmed(row: tuple) -> tuple:
    """A row without the empty cells padded on after its last value."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise _file_problem("The file is not readable text: save it as CSV (UTF-8)")
    if "\x00" in text:
        raise _file_problem("The file is not a CSV file: save it as CSV (UTF-8)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise _file_problem(f"The CSV file cannot be read: {exc}") from None


# --------------------------------------------------------------------------- matching


def _candidates(rows: list[AttendanceRow]) -> tuple[list[Candidate], dict[int, Condition]]:
    """Conditions the rows could be about, in one query: by case reference or offender's date of birth."""
    references = {r.reference for r in rows if r.reference}
    births = {r.date_of_birth for r in rows if r.date_of_birth}
    if not references and not births:
        return [], {}
    clauses = []
    if references:
        clauses.append(Case.reference.in_(references))
    if births:
        clauses.append(Person.date_of_birth.in_(births))
    conditions = db.session.scalars(
        select(Condition).join(Case, Condition.case_id == Case.id).join(Person, Case.suspect_id == Person.id)
        .where(Condition.type.in_(rules.ATTENDANCE_TYPES), or_(*clauses))
        .options(joinedload(Condition.decision))).all()
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_({c.case_id for c in conditions})).options(joinedload(Case.suspect)))}
    candidates = []
    for condition in conditions:
        case = cases[condition.case_id]
        candidates.append(Candidate(condition.id, case.reference, case.suspect.first_name, case.suspect.last_name,
                                    case.suspect.date_of_birth, condition.type, condition.description,
                                    condition.provider, condition.status))
    return candidates, {c.id: c for c in conditions}


def _row_data(row: AttendanceRow) -> dict:
    return {"reference": row.reference, "name": row.name,
            "date_of_birth": row.date_of_birth.isoformat() if row.date_of_birth else "",
            "course": row.course, "date": row.session_date.isoformat(), "attended": row.attended}


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def record(condition: Condition, case: Case, *, session_date: date, attended: bool, course: str, source: str,
           upload: AttendanceUpload | None, row_number: int | None, user) -> AttendanceRecord:
    """Add one attendance record and its effect: attending an open course or session completes it;
    a missed one stays open for the daily sweep to put in front of a caseworker."""
    entry = AttendanceRecord(condition_id=condition.id, case_id=case.id, session_date=session_date,
                             attended=attended, course=course[:200], upload=upload, row_number=row_number,
                             recorded_by_id=user.id if user is not None else None)
    db.session.add(entry)
    what = condition.description or condition.type.replace("_", " ")
    if attended:
        if condition.status == rules.PENDING:
            condition.status = rules.COMPLETED
            condition.completed_at = session_date
        note = f"Attended on {_when(session_date)} ({source})."
        summary = f"Attendance reported: attended {what.lower()} on {_when(session_date)}"
    else:
        note = f"Did not attend on {_when(session_date)} ({source})."
        summary = f"Attendance reported: did not attend {what.lower()} on {_when(session_date)}"
    condition.evidence = f"{condition.evidence}\n{note}".strip()
    case.events.append(CaseEvent(kind="attendance", summary=summary[:255], detail=source,
                                 actor_id=user.id if user is not None else None))
    return entry


@dataclass
class UploadOutcome:
    upload: AttendanceUpload | None = None
    duplicate_of: AttendanceUpload | None = None
    applied: int = 0
    already: int = 0
    mismatched: int = 0
    cases: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def apply_file(file_name: str, data: bytes, user, provider: str = "") -> UploadOutcome:
    """Read, match and record a provider's file in the current transaction (the caller commits).

    Raises AttendanceFileError (nothing recorded) when any cell cannot be read. A file uploaded
    before returns `duplicate_of` and changes nothing.
    """
    digest = sha256(data)
    earlier = db.session.scalar(select(AttendanceUpload).where(AttendanceUpload.sha256 == digest))
    if earlier is not None:
        return UploadOutcome(duplicate_of=earlier)
    headers, body, first_row = read_table(file_name, data)
    rows = rules.parse_rows(headers, body, first_row)
    upload = AttendanceUpload(file_name=(file_name or "attendance")[:255], sha256=digest, provider=provider[:120],
                              uploaded_by_id=user.id, rows_total=len(rows))
    db.session.add(upload)
    db.session.flush()
    outcome = UploadOutcome(upload=upload)
    candidates, conditions = _candidates(rows)
    seen = set(db.session.execute(
        select(AttendanceRecord.condition_id, AttendanceRecord.session_date)
        .where(AttendanceRecord.condition_id.in_(conditions))).all()) if conditions else set()
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_({c.case_id for c in conditions.values()})))} if conditions else {}
    touched: dict[str, int] = {}
    for row in rows:
        match = rules.match_row(row, candidates)
        if match.status != "matched":
            db.session.add(AttendanceMismatch(upload=upload, row_number=row.row_number, problem=match.status,
                                              reason=match.reason[:255], row_data=_row_data(row),
                                              candidate_ids=list(match.candidate_ids)))
            outcome.mismatched += 1
            continue
        condition = conditions[match.condition_id]
        if (condition.id, row.session_date) in seen:
            outcome.already += 1
            continue
        seen.add((condition.id, row.session_date))
        case = cases[condition.case_id]
        record(condition, case, session_date=row.session_date, attended=row.attended, course=row.course,
               source=f"provider file {upload.file_name}, row {row.row_number}", upload=upload,
               row_number=row.row_number, user=user)
        touched[case.reference] = touched.get(case.reference, 0) + 1
        outcome.applied += 1
    upload.rows_applied, upload.rows_already, upload.rows_mismatched = outcome.applied, outcome.already, outcome.mismatched
    for reference, count in touched.items():
        audit.record("alter", "case", reference, f"{count} attendance record(s) from provider file {upload.id}")
    audit.record("collect", "attendance_upload", upload.id,
                 f"Attendance file {upload.file_name!r}: {len(rows)} rows, {outcome.applied} applied, "
                 f"{outcome.already} already recorded, {outcome.mismatched} to resolve")
    outcome.cases = sorted(touched)
    return outcome


def conditions_for_reference(reference: str) -> list[Condition]:
    """Attendance conditions on a case, for a person resolving a row by its case reference."""
    return list(db.session.scalars(
        select(Condition).join(Case, Condition.case_id == Case.id)
        .where(Case.reference == reference.strip().upper(), Condition.type.in_(rules.ATTENDANCE_TYPES))
        .order_by(Condition.id)))


def resolve(mismatch: AttendanceMismatch, condition: Condition | None, note: str, user) -> str:
    """A person's answer to a mismatched row: apply it to the chosen condition, or dismiss it.
    Returns what happened, in words."""
    from webapp.models._types import utcnow

    mismatch.resolved_by_id = user.id
    mismatch.resolved_at = utcnow()
    mismatch.resolution = note.strip()
    if condition is None:
        mismatch.status = "dismissed"
        audit.record("alter", "attendance_upload", mismatch.upload_id,
                     f"Row {mismatch.row_number} dismissed: {note.strip()}"[:2000])
        return f"Row {mismatch.row_number} dismissed"
    data = mismatch.row_data
    session_date = date.fromisoformat(data["date"])
    case = db.session.get(Case, condition.case_id)
    mismatch.status = "applied"
    mismatch.resolved_condition_id = condition.id
    exists = db.session.scalar(select(AttendanceRecord.id).where(
        AttendanceRecord.condition_id == condition.id, AttendanceRecord.session_date == session_date))
    if exists:
        audit.record("alter", "attendance_upload", mismatch.upload_id,
                     f"Row {mismatch.row_number} matched to case {case.reference}: already recorded")
        return f"Row {mismatch.row_number}: attendance on that date was already recorded for case {case.reference}"
    upload = db.session.get(AttendanceUpload, mismatch.upload_id)
    record(condition, case, session_date=session_date, attended=bool(data["attended"]), course=data.get("course", ""),
           source=f"provider file {upload.file_name}, row {mismatch.row_number}, matched by {user.full_name}",
           upload=upload, row_number=mismatch.row_number, user=user)
    audit.record("alter", "case", case.reference,
                 f"Attendance from file {upload.id} row {mismatch.row_number} applied by a person")
    return f"Row {mismatch.row_number} recorded against case {case.reference}"
