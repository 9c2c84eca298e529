"""Course providers' attendance files, read without a database: a CSV or .xlsx file into rows, each
row's cells checked (header variants, UK dates, attended / did not attend), and a row matched to one
condition or told apart as unmatched or ambiguous for a person to resolve. No Flask here.

Recording what a file says is webapp.services.attendance.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from webapp.domain.compliance import ATTENDANCE_TYPES, PENDING, VARIED, WITHDRAWN


class AttendanceFileError(ValueError):
    """A provider's file cannot be read as given. `problems` name the row and column of each."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row <= 0:  # the file as a whole
            return self.message
        where = f"Row {self.row}" + (f", column \u201c{self.column}\u201d" if self.column else "")
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------- reading the file

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


# --------------------------------------------------------------------------- rows and columns

# The names providers use for each column, compared without case, spaces or punctuation.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "reference": ("case reference", "case ref", "reference", "ref", "case", "case number", "case no",
                  "oocr reference", "police reference", "urn"),
    "name": ("name", "full name", "client name", "client", "attendee", "participant", "offender",
             "offender name", "delegate", "person", "service user"),
    "first_name": ("first name", "forename", "forenames", "given name", "first names"),
    "last_name": ("last name", "surname", "family name"),
    "date_of_birth": ("date of birth", "dob", "d o b", "birth date", "birthdate", "born"),
    "course": ("course", "course name", "course title", "programme", "program", "session", "course type",
               "intervention", "activity"),
    "date": ("date", "session date", "course date", "attendance date", "date attended", "date of session",
             "date of course", "appointment date", "appointment"),
    "attended": ("attended", "attendance", "attended?", "outcome", "status", "result", "attended y n",
                 "attended yes no", "did they attend", "present"),
}

COLUMN_LABELS = {
    "reference": "case reference", "name": "name", "first_name": "first name", "last_name": "last name",
    "date_of_birth": "date of birth", "course": "course", "date": "date", "attended": "attended",
}

ATTENDED_VALUES = frozenset({"yes", "y", "attended", "true", "1", "present", "completed", "complete", "a",
                             "passed", "attended in full"})
NOT_ATTENDED_VALUES = frozenset({"no", "n", "did not attend", "didnt attend", "dna", "absent", "false", "0",
                                 "failed to attend", "no show", "noshow", "not attended", "did not show",
                                 "non attendance", "nonattendance", "fta", "missed"})

_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y",
                 "%d %b %y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9?]+", " ", str(text).casefold()).strip()


_ALIASES = {_squash(alias).replace("?", ""): key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def header_key(header: object) -> str | None:
    """Which of our columns a provider's header is, or None for a column we do not use."""
    if header is None:
        return None
    return _ALIASES.get(_squash(str(header)).replace("?", "").strip())


def map_headers(headers: list[object], header_row: int = 1) -> dict[str, int]:
    """Column positions by our key. Raises AttendanceFileError when a needed column is missing or doubled."""
    found: dict[str, int] = {}
    problems: list[CellProblem] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if key is None:
            continue
        if key in found:
            problems.append(CellProblem(header_row, str(header).strip(),
                                        f"two columns give the {COLUMN_LABELS[key]}: keep one"))
            continue
        found[key] = index
    has_person = "reference" in found or (
        "date_of_birth" in found and ("name" in found or {"first_name", "last_name"} <= set(found)))
    if not has_person:
        problems.append(CellProblem(header_row, "", "no column says who attended: the file needs a \u201ccase "
                                    "reference\u201d column, or \u201cname\u201d and \u201cdate of birth\u201d columns"))
    for key in ("date", "attended"):
        if key not in found:
            problems.append(CellProblem(header_row, "", f"no \u201c{COLUMN_LABELS[key]}\u201d column "
                                        f"(expected a header such as {', '.join(repr(a) for a in HEADER_ALIASES[key][:3])})"))
    if problems:
        raise AttendanceFileError(problems)
    return found


def parse_date(value: object) -> date:
    """A date as spreadsheets and people write them in the UK (day first). Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value or "").split())
    if not text:
        raise ValueError("is empty: enter a date like 14/11/2026")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"\u201c{text}\u201d is not a date: enter a real date like 14/11/2026")


def parse_attended(value: object) -> bool:
    raw = str(value if value is not None else "").replace("'", "").replace("\u2019", "")
    text = _squash(raw).replace("?", "").strip()
    if text in ATTENDED_VALUES:
        return True
    if text in NOT_ATTENDED_VALUES:
        return False
    shown = str(value).strip() if value is not None else ""
    if not shown:
        raise ValueError("is empty: enter \u201cattended\u201d or \u201cdid not attend\u201d")
    raise ValueError(f"\u201c{shown}\u201d is not clear: enter \u201cattended\u201d or \u201cdid not attend\u201d")


def normalise_name(name: str) -> str:
    """Names compared the way a person would: no case, accents, punctuation or extra spaces;
    "SMITH, John" is "John Smith"."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    if "," in text:
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    return " ".join(re.sub(r"[^a-z ]+", " ", text.casefold().replace("'", "").replace("\u2019", "")).split())


@dataclass(frozen=True)
class AttendanceRow:
    row_number: int
    reference: str
    name: str
    date_of_birth: date | None
    course: str
    session_date: date
    attended: bool

    @property
    def person(self) -> str:
        """Who the row is about, as the provider wrote it (for the mismatch list)."""
        return self.reference or self.name


def _cell(values: list[object], index: int | None) -> object:
    if index is None or index >= len(values):
        return None
    return values[index]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_rows(headers: list[object], rows: list[list[object]], first_row_number: int = 2) -> list[AttendanceRow]:
    """Read every data row; raises AttendanceFileError naming each bad cell's row and column.

    Rows with nothing in them are skipped. Nothing is returned unless the whole file reads, so a
    half-read file is never applied.
    """
    columns = map_headers(headers, first_row_number - 1)
    label = {key: _text(headers[index]) for key, index in columns.items()}
    parsed: list[AttendanceRow] = []
    problems: list[CellProblem] = []
    for offset, values in enumerate(rows):
        number = first_row_number + offset
        if all(_text(v) == "" for v in values):
            continue
        row_problems: list[CellProblem] = []

        def get(key: str) -> object:
            return _cell(values, columns.get(key))

        reference = _text(get("reference")).upper()
        name = _text(get("name")) or " ".join(p for p in (_text(get("first_name")), _text(get("last_name"))) if p)
        dob = None
        if _text(get("date_of_birth")):
            try:
                dob = parse_date(get("date_of_birth"))
            except ValueError as exc:
                row_problems.append(CellProblem(number, label["date_of_birth"], str(exc)))
        if not reference:
            if not name:
                column = label.get("reference") or label.get("name") or label.get("last_name", "")
                row_problems.append(CellProblem(number, column, "is empty: give the case reference, or the name "
                                                "and date of birth"))
            elif dob is None and not any(p.column == label.get("date_of_birth") for p in row_problems):
                row_problems.append(CellProblem(number, label.get("date_of_birth", ""),
                                                "is empty: a name needs a date of birth to be matched"))
        session = attended = None
        try:
            session = parse_date(get("date"))
        except ValueError as exc:
            row_problems.append(CellProblem(number, label["date"], str(exc)))
        try:
            attended = parse_attended(get("attended"))
        except ValueError as exc:
            row_problems.append(CellProblem(number, label["attended"], str(exc)))
        if row_problems:
            problems += row_problems
            continue
        parsed.append(AttendanceRow(number, reference, name, dob, _text(get("course")), session, attended))
    if problems:
        raise AttendanceFileError(problems)
    return parsed


@dataclass(frozen=True)
class Candidate:
    """A condition an attendance row could be about, with the person and case it belongs to."""

    condition_id: int
    case_reference: str
    first_name: str
    last_name: str
    date_of_birth: date
    type: str
    description: str
    provider: str
    status: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Match:
    status: str  # "matched", "unmatched" or "ambiguous"
    condition_id: int | None = None
    candidate_ids: tuple[int, ...] = field(default=())
    reason: str = ""


_COURSE_NOISE = frozenset({"the", "a", "an", "of", "and", "course", "session", "sessions", "programme", "program",
                           "attend", "attendance", "at", "to", "on", "for", "with", "workshop", "class", "in", "by"})


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").casefold()) if w not in _COURSE_NOISE}


def course_score(course: str, candidate: Candidate) -> int:
    """How many of the course's distinctive words the condition's description, provider or type uses."""
    return len(_words(course) & _words(f"{candidate.description} {candidate.provider} {candidate.type}"))


def match_row(row: AttendanceRow, candidates: list[Candidate]) -> Match:
    """Which condition a row is about. Never guesses: two equally good conditions are "ambiguous",
    a reference whose offender has another name is "unmatched", and both go to a person."""
    eligible = [c for c in candidates if c.type in ATTENDANCE_TYPES and c.status not in (WITHDRAWN, VARIED)]
    if row.reference:
        mine = [c for c in eligible if c.case_reference.upper() == row.reference]
        if not mine:
            return Match("unmatched", reason=f"No course or attendance condition on case {row.reference}")
        if row.name and normalise_name(row.name) != normalise_name(mine[0].full_name):
            return Match("unmatched", candidate_ids=tuple(c.condition_id for c in mine),
                         reason=f"Case {row.reference} is about someone with a different name: check the row")
        if row.date_of_birth and row.date_of_birth != mine[0].date_of_birth:
            return Match("unmatched", candidate_ids=tuple(c.condition_id for c in mine),
                         reason=f"Case {row.reference} is about someone with a different date of birth")
    else:
        wanted = normalise_name(row.name)
        mine = [c for c in eligible if c.date_of_birth == row.date_of_birth and normalise_name(c.full_name) == wanted]
        if not mine:
            return Match("unmatched", reason="No one with this name and date of birth has a course or attendance "
                                             "condition")
    if row.course:
        scored = [(course_score(row.course, c), c) for c in mine]
        best = max(score for score, _ in scored)
        if best == 0:
            return Match("unmatched", candidate_ids=tuple(c.condition_id for c in mine),
                         reason=f"The course \u201c{row.course}\u201d does not match any of this person's conditions")
        mine = [c for score, c in scored if score == best]
    if len(mine) > 1:
        open_ones = [c for c in mine if c.status == PENDING]
        if len(open_ones) == 1:
            mine = open_ones
    if len(mine) == 1:
        return Match("matched", condition_id=mine[0].condition_id, candidate_ids=(mine[0].condition_id,))
    cases = sorted({c.case_reference for c in mine})
    where = f"on case {cases[0]}" if len(cases) == 1 else f"across cases {', '.join(cases)}"
    return Match("ambiguous", candidate_ids=tuple(c.condition_id for c in mine),
                 reason=f"{len(mine)} conditions {where} could be this one: choose which")
