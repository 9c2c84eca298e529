"""Compliance with conditions, and what the law allows when one is breached. No Flask here.

The rules the compliance pages, the daily sweep and the attendance upload share:

* which disposals are enforceable: a Community Resolution is voluntary and non-statutory, so its
  actions are tracked but never lead to breach proceedings;
* what a breach may lead to, by disposal (law-and-practice.md section 1):
  Conditional Caution (CJA 2003 s.24) and Diversionary Caution (PCSC 2022 s.98(5)) -> prosecution
  for the original offence; Community Caution (PCSC 2022 s.98(5), s.111-112) -> a financial
  penalty, registered and enforced as a fine if unpaid, never prosecution; or, for any of them,
  continue or vary the conditions;
* when a summary-only offence's six-month limit (Magistrates' Courts Act 1980 s.127) is near, so
  that a prosecution on breach would be time-barred;
* reading a course provider's attendance file: header variants, dates, attended / did not attend,
  and matching a row to one condition (or saying why it cannot).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from webapp.domain.deadlines import SUMMARY_TIME_LIMIT_MONTHS, add_calendar_months
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, LABELS,
    PROSECUTION_ON_BREACH, SIMPLE_CAUTION, SUMMARY,
)

PENDING, COMPLETED, BREACHED, VARIED, WITHDRAWN = "pending", "completed", "breached", "varied", "withdrawn"

# Disposals whose conditions the law enforces. A simple caution has no conditions; a Community
# Resolution's actions are agreed, not imposed.
ENFORCEABLE: frozenset[str] = frozenset({CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, COMMUNITY_CAUTION})

# Conditions a provider reports attendance for (a course is attendance at a place and time).
ATTENDANCE_TYPES: tuple[str, ...] = ("course", "attendance", "unpaid_work")
# Conditions the money-handling unit reports payments for.
PAYMENT_TYPES: tuple[str, ...] = ("compensation", "financial_penalty")

# A reminder to the offender this many days before a condition falls due (force practice; assumed).
REMINDER_DAYS_BEFORE = 7


def is_enforceable(disposal: str) -> bool:
    return disposal in ENFORCEABLE


def not_enforceable_reason(disposal: str) -> str | None:
    """Why a breach cannot be recorded for this disposal, in words for the page; None when it can."""
    if disposal == COMMUNITY_RESOLUTION:
        return ("Community Resolutions are voluntary and not statutory: their actions are tracked, but a missed "
                "action never leads to breach proceedings")
    if disposal == SIMPLE_CAUTION:
        return "A simple caution has no conditions to breach"
    if disposal not in ENFORCEABLE:
        return f"{LABELS.get(disposal, disposal)} conditions cannot be enforced"
    return None


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """A condition still open after its due date. Overdue is not breach: a person decides that."""
    return status == PENDING and due_date is not None and due_date < today


def reminder_date(due_date: date | None) -> date | None:
    return None if due_date is None else due_date - timedelta(days=REMINDER_DAYS_BEFORE)


def needs_reminder(status: str, due_date: date | None, today: date) -> bool:
    """An open condition due within the reminder window (and not yet past)."""
    return (status == PENDING and due_date is not None
            and due_date - timedelta(days=REMINDER_DAYS_BEFORE) <= today <= due_date)


def balance(amount, paid) -> object:
    """What is still owed on a payment condition (never below zero)."""
    if amount is None:
        return None
    left = amount - paid
    return left if left > 0 else 0 * left


# --------------------------------------------------------------------------- the s.127 time limit


@dataclass(frozen=True)
class TimeLimit:
    """The last day to lay an information for a summary-only offence, and how close it is."""

    limit: date
    warn_from: date
    days_left: int
    level: str  # "ok", "near" (inside the breach review buffer) or "passed"

    @property
    def message(self) -> str:
        when = f"{self.limit.day} {self.limit:%B %Y}"
        if self.level == "passed":
            return (f"The six-month limit for prosecuting this summary-only offence passed on {when} "
                    "(Magistrates' Courts Act 1980 s.127): a breach can no longer be prosecuted")
        if self.level == "near":
            return (f"The six-month limit for prosecuting this summary-only offence is {when}, "
                    f"{self.days_left} day{'' if self.days_left == 1 else 's'} away (Magistrates' Courts Act 1980 "
                    "s.127): a breach must be reviewed and prosecuted before then")
        return f"Prosecution on breach must start by {when} (Magistrates' Courts Act 1980 s.127)"


def prosecution_time_limit(disposal: str, mode_of_trial: str, offence_date: date, today: date,
                           buffer_days: int) -> TimeLimit | None:
    """The s.127 limit when it matters: a summary-only offence under a disposal whose breach leads to
    prosecution. The warning starts `buffer_days` (EngineConfig.breach_review_buffer_days) before it."""
    if mode_of_trial != SUMMARY or disposal not in PROSECUTION_ON_BREACH:
        return None
    limit = add_calendar_months(offence_date, SUMMARY_TIME_LIMIT_MONTHS)
    warn_from = limit - timedelta(days=buffer_days)
    days_left = (limit - today).days
    level = "passed" if today > limit else "near" if today >= warn_from else "ok"
    return TimeLimit(limit, warn_from, days_left, level)


# --------------------------------------------------------------------------- breach outcomes

PROSECUTE, FINANCIAL_PENALTY, CONTINUE, VARY = "prosecute", "financial_penalty", "continue", "vary"


@dataclass(frozen=True)
class BreachOutcome:
    code: str
    label: str
    hint: str
    # The case statuses the case passes through when a supervisor approves (lifecycle checks each).
    case_path: tuple[str, ...]
    # What becomes of the breached condition.
    condition_status: str


_PROSECUTE_HINT = {
    CONDITIONAL_CAUTION: ("Criminal Justice Act 2003 s.24: the offender may be prosecuted for the original offence; "
                          "the signed caution document is admissible and the caution ceases to have effect "
                          "when proceedings start"),
    DIVERSIONARY_CAUTION: ("Police, Crime, Sentencing and Courts Act 2022 s.98(5): the offender may be prosecuted "
                           "for the original offence"),
}

OUTCOME_LABELS = {
    PROSECUTE: "Prosecute for the original offence",
    FINANCIAL_PENALTY: "Impose a financial penalty",
    CONTINUE: "Continue: give the offender more time to comply",
    VARY: "Vary the conditions",
}


def _outcome(code: str, hint: str, case_path: tuple[str, ...], condition_status: str) -> BreachOutcome:
    return BreachOutcome(code, OUTCOME_LABELS[code], hint, case_path, condition_status)


def breach_outcomes(disposal: str, time_limit: TimeLimit | None = None) -> list[BreachOutcome]:
    """The decisions the law allows on a breach of this disposal. Empty for a Community Resolution.

    Prosecution is left out once a summary-only offence's six-month limit has passed.
    """
    if disposal not in ENFORCEABLE:
        return []
    first: list[BreachOutcome] = []
    if disposal in PROSECUTION_ON_BREACH and not (time_limit is not None and time_limit.level == "passed"):
        first.append(_outcome(PROSECUTE, _PROSECUTE_HINT[disposal], ("breached", "prosecuted"), BREACHED))
    if disposal == COMMUNITY_CAUTION:
        first.append(_outcome(
            FINANCIAL_PENALTY,
            "Police, Crime, Sentencing and Courts Act 2022 s.98(5) and s.111: a financial penalty; if it is not "
            "paid, a registration certificate goes to the magistrates' court and it is enforced as a fine (s.112). "
            "The offender cannot be prosecuted for the offence",
            ("breached",), BREACHED))
    return first + [
        _outcome(CONTINUE, "The breach is recorded; the condition stays open with a new date to comply by",
                 ("breached", "conditions_active"), PENDING),
        _outcome(VARY, "The breach is recorded and the condition is varied (record the new terms)",
                 ("breached", "conditions_active"), VARIED),
    ]


def outcome_for(disposal: str, code: str, time_limit: TimeLimit | None = None) -> BreachOutcome | None:
    return next((o for o in breach_outcomes(disposal, time_limit) if o.code == code), None)


# Registration of an unpaid Community Caution penalty (PCSC 2022 s.111(7), s.112).
REGISTRATION_STATUSES = {
    "awaiting_payment": "Awaiting payment",
    "paid": "Paid",
    "registered": "Registered as a fine",
}


def penalty_registrable(registration_status: str, due_date: date | None, paid, amount, today: date) -> bool:
    """An unpaid Community Caution penalty past its date may be registered as a fine (s.111(7))."""
    return (registration_status == "awaiting_payment" and due_date is not None and today > due_date
            and amount is not None and paid < amount)


# --------------------------------------------------------------------------- attendance files


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
