"""webapp.services.attendance without a page: a provider's file is recorded once, a row that matches
nothing waits for a person, and the same file again changes nothing but the audit log."""
from __future__ import annotations

from datetime import date

from compliance_testing import DEFENDANT, case_with_conditions
from factories import gen_user
from sqlalchemy import false, func, select, true

from webapp.extensions import db
from webapp.models import AttendanceMismatch, AttendanceRecord, AuditRecord
from webapp.services import attendance

SESSION = date(2026, 3, 5)


def _file(*rows: str) -> bytes:
    return ("Case Ref,Client name,Course,Session date,Attended?\n" + "".join(f"{r}\n" for r in rows)).encode()


def test_a_file_is_recorded_once_and_an_unknown_row_waits_for_a_person(ctx):
    case, clerk = case_with_conditions(), gen_user("clerk")
    data = _file(f"{case.reference},{' '.join(DEFENDANT)},Victim awareness,05/03/2026,Attended",
                 "OC26-999999,Someone Else,Victim awareness,05/03/2026,Attended")
    outcome = attendance.apply_file("provider.csv", data, clerk, "Northgate Awareness Service")
    db.session.commit()
    assert (outcome.applied, outcome.already, outcome.mismatched, outcome.cases) == (1, 0, 1, [case.reference])
    condition = case.current_decision.conditions[0]
    assert condition.status == "completed" and condition.completed_at == SESSION
    assert "Attended on 5 March 2026 (provider file provider.csv, row 2)." in condition.evidence
    assert db.session.scalar(select(AttendanceMismatch.reason)).startswith("No course or attendance condition")

    again = attendance.apply_file("copy.csv", data, clerk)
    db.session.commit()
    assert again.duplicate_of.id == outcome.upload.id and again.upload is None
    assert db.session.scalar(select(func.count(AttendanceRecord.id))) == 1
    repeat = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "consult",
                                                         AuditRecord.record_type == "attendance_upload"))
    assert repeat.record_id == str(outcome.upload.id) and "uploaded again" in repeat.description


def test_a_mismatched_row_may_go_to_a_condition_found_by_reference_within_the_areas_seen(ctx):
    case, clerk = case_with_conditions(), gen_user("clerk")
    attendance.apply_file("provider.csv", _file("OC26-999999,Someone Else,Victim awareness,05/03/2026,Attended"), clerk)
    mismatch = db.session.scalar(select(AttendanceMismatch))
    assert attendance.open_rows() == 1
    assert attendance.choices_for(mismatch, "", true()) == []
    (condition, found), = attendance.choices_for(mismatch, case.reference, true())
    assert found.id == case.id and condition.case_id == case.id
    assert attendance.choices_for(mismatch, case.reference, false()) == []  # a case in an area not seen
