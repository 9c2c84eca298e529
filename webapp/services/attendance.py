"""Course providers' attendance files: match each row to a condition, record attendance once, and
keep the rows that match nothing (or too much) for a person to resolve.

Reading the file and the rules (header variants, dates, matching) live in
webapp.domain.attendance_files; this module finds the conditions and writes the rows. Nothing
applies twice: the file's SHA-256 is unique, and an attendance record is unique per condition and
session date.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.audit import log as audit
from webapp.domain import attendance_files as files
from webapp.domain import compliance as rules
from webapp.domain.attendance_files import AttendanceRow, Candidate
from webapp.domain.formatting import long_date
from webapp.extensions import db
from webapp.models import AttendanceMismatch, AttendanceRecord, AttendanceUpload, Case, CaseEvent, Condition, Person
from webapp.models._types import utcnow



def _candidates(rows: list[AttendanceRow]) -> tuple[list[Candidate], dict[int, Condition]]:
    """Conditions the rows could be about, in one query: by case reference or offender's date of birth."""
    references = {r.reference for r in rows if r.reference}
    births = {r.date_of_birth for r in rows if r.date_of_birth}
    if not references and not births:
        return [], {}
    # The cases first, each way through its own index; one query with "reference or date of birth" read
    # every course in the force (0.2 s an upload at 300,000 cases).
    case_ids = set()
    if references:
        case_ids.update(db.session.scalars(select(Case.id).where(Case.reference.in_(references))))
    if births:
        case_ids.update(db.session.scalars(select(Case.id).join(Person, Case.suspect_id == Person.id)
                                           .where(Person.date_of_birth.in_(births))))
    conditions = db.session.scalars(
        select(Condition).where(Condition.case_id.in_(case_ids), Condition.type.in_(rules.ATTENDANCE_TYPES))
        .order_by(Condition.id).options(joinedload(Condition.decision))).all() if case_ids else []
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
        note = f"Attended on {long_date(session_date)} ({source})."
        summary = f"Attendance reported: attended {what.lower()} on {long_date(session_date)}"
    else:
        note = f"Did not attend on {long_date(session_date)} ({source})."
        summary = f"Attendance reported: did not attend {what.lower()} on {long_date(session_date)}"
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
    before returns `duplicate_of` and changes nothing but the audit log.
    """
    digest = sha256(data)
    earlier = db.session.scalar(select(AttendanceUpload).where(AttendanceUpload.sha256 == digest))
    if earlier is not None:
        audit.record("consult", "attendance_upload", earlier.id, "Same attendance file uploaded again: nothing applied")
        return UploadOutcome(duplicate_of=earlier)
    headers, body, first_row = files.read_table(file_name, data)
    rows = files.parse_rows(headers, body, first_row)
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
        match = files.match_row(row, candidates)
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


def recent_uploads(limit: int) -> list[AttendanceUpload]:
    return list(db.session.scalars(select(AttendanceUpload).options(joinedload(AttendanceUpload.uploaded_by))
                                   .order_by(AttendanceUpload.uploaded_at.desc()).limit(limit)))


def open_rows() -> int:
    """Rows of providers' files that still wait for a person."""
    return db.session.scalar(select(func.count(AttendanceMismatch.id)).where(AttendanceMismatch.status == "open"))


def choices_for(mismatch: AttendanceMismatch, reference: str, scope) -> list[tuple[Condition, Case]]:
    """The conditions a person may apply a mismatched row to, with their cases: those the matching
    suggested, and those on the case `reference` names; only cases within `scope` (a WHERE clause)."""
    ids = list(mismatch.candidate_ids or [])
    conditions = list(db.session.scalars(select(Condition).where(Condition.id.in_(ids)))) if ids else []
    if reference:
        conditions += [c for c in conditions_for_reference(reference) if c.id not in ids]
    if not conditions:
        return []
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_({c.case_id for c in conditions}), scope)
                                                 .options(joinedload(Case.suspect)))}
    return [(c, cases[c.case_id]) for c in conditions if c.case_id in cases]
