"""Compliance rules: what is enforceable, breach outcomes by disposal, the s.127 warning, overdue and
reminder dates, and reading and matching a provider's attendance file."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from webapp.domain import compliance as c
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, SIMPLE_CAUTION,
)

TODAY = date(2026, 11, 20)


# ----- enforceability and outcomes ------------------------------------------------------------------

def test_community_resolution_is_never_enforceable():
    assert not c.is_enforceable(COMMUNITY_RESOLUTION)
    assert c.breach_outcomes(COMMUNITY_RESOLUTION) == []
    assert "never leads to breach proceedings" in c.not_enforceable_reason(COMMUNITY_RESOLUTION)
    assert c.breach_outcomes(SIMPLE_CAUTION) == []


@pytest.mark.parametrize("disposal", [CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION])
def test_conditional_and_diversionary_cautions_offer_prosecution(disposal):
    codes = [o.code for o in c.breach_outcomes(disposal)]
    assert codes == [c.PROSECUTE, c.CONTINUE, c.VARY]
    prosecute = c.outcome_for(disposal, c.PROSECUTE)
    assert prosecute.case_path == ("breached", "prosecuted")
    assert prosecute.condition_status == c.BREACHED
    assert c.FINANCIAL_PENALTY not in codes
    assert c.not_enforceable_reason(disposal) is None


def test_conditional_caution_hint_cites_s24():
    hint = c.outcome_for(CONDITIONAL_CAUTION, c.PROSECUTE).hint
    assert "s.24" in hint and "admissible" in hint and "ceases" in hint


def test_community_caution_offers_a_penalty_never_prosecution():
    outcomes = c.breach_outcomes(COMMUNITY_CAUTION)
    codes = [o.code for o in outcomes]
    assert codes == [c.FINANCIAL_PENALTY, c.CONTINUE, c.VARY]
    assert c.outcome_for(COMMUNITY_CAUTION, c.PROSECUTE) is None
    penalty = outcomes[0]
    assert "registration certificate" in penalty.hint and "fine" in penalty.hint
    assert "cannot be prosecuted" in penalty.hint
    assert penalty.case_path == ("breached",)


def test_continue_and_vary_return_the_case_to_active_conditions():
    for code in (c.CONTINUE, c.VARY):
        outcome = c.outcome_for(CONDITIONAL_CAUTION, code)
        assert outcome.case_path == ("breached", "conditions_active")
    assert c.outcome_for(CONDITIONAL_CAUTION, c.CONTINUE).condition_status == c.PENDING
    assert c.outcome_for(CONDITIONAL_CAUTION, c.VARY).condition_status == c.VARIED


def test_prosecution_is_withdrawn_once_time_barred():
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 8, 2), 28)
    assert limit.level == "passed"
    assert [o.code for o in c.breach_outcomes(CONDITIONAL_CAUTION, limit)] == [c.CONTINUE, c.VARY]


# ----- s.127 ----------------------------------------------------------------------------------------

def test_time_limit_scenario_three():
    """law-and-practice.md scenario 3: common assault on 1 Feb 2025, limit 1 Aug 2025."""
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 6, 20), 28)
    assert limit.limit == date(2025, 8, 1)
    assert limit.warn_from == date(2025, 7, 4)
    assert limit.level == "ok"
    near = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 7, 4), 28)
    assert near.level == "near" and near.days_left == 28
    assert "28 days away" in near.message and "s.127" in near.message
    assert c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 8, 1), 28).level == "near"


def test_time_limit_only_for_summary_offences_with_prosecution_on_breach():
    assert c.prosecution_time_limit(CONDITIONAL_CAUTION, "either_way", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(COMMUNITY_CAUTION, "summary", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(COMMUNITY_RESOLUTION, "summary", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(DIVERSIONARY_CAUTION, "summary", date(2025, 2, 1), TODAY, 28) is not None


def test_time_limit_month_end():
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 8, 31), date(2025, 9, 1), 0)
    assert limit.limit == date(2026, 2, 28)


# ----- overdue, reminders, balances ----------------------------------------------------------------

def test_overdue_only_when_open_and_past_due():
    assert c.is_overdue("pending", date(2026, 11, 19), TODAY)
    assert not c.is_overdue("pending", TODAY, TODAY)
    assert not c.is_overdue("completed", date(2026, 11, 1), TODAY)
    assert not c.is_overdue("pending", None, TODAY)


def test_reminder_window():
    assert c.needs_reminder("pending", date(2026, 11, 27), TODAY)
    assert not c.needs_reminder("pending", date(2026, 11, 28), TODAY)
    assert not c.needs_reminder("pending", date(2026, 11, 19), TODAY)
    assert c.reminder_date(date(2026, 11, 27)) == TODAY


def test_balance_never_negative():
    assert c.balance(Decimal("120.00"), Decimal("50")) == Decimal("70.00")
    assert c.balance(Decimal("120.00"), Decimal("150")) == 0
    assert c.balance(None, Decimal("1")) is None


def test_penalty_registrable_only_when_unpaid_after_due():
    assert c.penalty_registrable("awaiting_payment", date(2026, 11, 1), Decimal("0"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("awaiting_payment", date(2026, 11, 1), Decimal("50"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("awaiting_payment", TODAY, Decimal("0"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("registered", date(2026, 11, 1), Decimal("0"), Decimal("50"), TODAY)


# ----- attendance files -----------------------------------------------------------------------------

@pytest.mark.parametrize("header, key", [
    ("Case Reference", "reference"), ("case_ref", "reference"), ("URN", "reference"),
    ("Client name", "name"), ("Surname", "last_name"), ("Forename", "first_name"),
    ("D.O.B.", "date_of_birth"), ("DOB", "date_of_birth"), ("Date of birth", "date_of_birth"),
    ("Course title", "course"), ("Programme", "course"), ("Session date", "date"), ("Date", "date"),
    ("Attended?", "attended"), ("Attended (Y/N)", "attended"), ("Outcome", "attended"), ("Notes", None),
])
def test_header_variants(header, key):
    assert c.header_key(header) == key


def test_missing_columns_are_named():
    with pytest.raises(c.AttendanceFileError) as err:
        c.map_headers(["Name", "Course", "Date"])
    messages = [str(p) for p in err.value.problems]
    assert any("date of birth" in m for m in messages)
    assert any("\u201cattended\u201d" in m for m in messages)
    assert all(m.startswith("Row 1") for m in messages)


def test_doubled_column_is_named():
    with pytest.raises(c.AttendanceFileError) as err:
        c.map_headers(["Case ref", "Reference", "Date", "Attended"])
    assert str(err.value.problems[0]) == "Row 1, column \u201cReference\u201d: two columns give the case reference: keep one"


@pytest.mark.parametrize("value, expected", [
    ("14/11/2026", date(2026, 11, 14)), ("2026-11-14", date(2026, 11, 14)), ("14/11/26", date(2026, 11, 14)),
    ("14 Nov 2026", date(2026, 11, 14)), ("14 November 2026", date(2026, 11, 14)), ("14.11.2026", date(2026, 11, 14)),
    (datetime(2026, 11, 14, 9, 30), date(2026, 11, 14)), (date(2026, 11, 14), date(2026, 11, 14)),
])
def test_dates(value, expected):
    assert c.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "next tuesday", ""])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        c.parse_date(value)


@pytest.mark.parametrize("value, expected", [
    ("Attended", True), ("Y", True), ("yes", True), ("TRUE", True), (1, True),
    ("Did not attend", False), ("DNA", False), ("No", False), ("absent", False), ("Didn't attend", False),
])
def test_attended_values(value, expected):
    assert c.parse_attended(value) is expected


def test_unclear_attendance_value_is_refused():
    with pytest.raises(ValueError, match="not clear"):
        c.parse_attended("maybe")


def test_parse_rows_names_every_bad_cell_and_returns_nothing():
    headers = ["Case reference", "Course", "Date", "Attended"]
    rows = [["OC26-000001", "Victim awareness", "14/11/2026", "Attended"],
            ["OC26-000002", "Victim awareness", "31/02/2026", "Attended"],
            [None, None, None, None],
            ["OC26-000003", "Victim awareness", "14/11/2026", "perhaps"]]
    with pytest.raises(c.AttendanceFileError) as err:
        c.parse_rows(headers, rows)
    messages = [str(p) for p in err.value.problems]
    assert messages[0].startswith("Row 3, column \u201cDate\u201d: \u201c31/02/2026\u201d is not a date")
    assert messages[1].startswith("Row 5, column \u201cAttended\u201d")


def test_parse_rows_with_names_and_split_name_columns():
    rows = c.parse_rows(["Forename", "Surname", "DOB", "Course", "Session date", "Attended?"],
                        [["Jane", "Doe", "01/04/1990", "Victim awareness", "2026-11-14", "DNA"]])
    assert rows == [c.AttendanceRow(2, "", "Jane Doe", date(1990, 4, 1), "Victim awareness", date(2026, 11, 14), False)]


def test_name_without_date_of_birth_is_refused():
    with pytest.raises(c.AttendanceFileError) as err:
        c.parse_rows(["Name", "DOB", "Date", "Attended"], [["Jane Doe", "", "14/11/2026", "yes"]])
    assert str(err.value.problems[0]).startswith("Row 2, column \u201cDOB\u201d: is empty")


@pytest.mark.parametrize("raw", ["DOE, Jane", "jane  doe", "Jane Doe", "Jáne Doe"])
def test_names_compare_as_people_do(raw):
    assert c.normalise_name(raw) == "jane doe"


def _cand(cid, ref="OC26-000001", type_="course", description="Attend a victim awareness course",
          status="pending", first="Jane", last="Doe", dob=date(1990, 4, 1), provider="Northgate Awareness"):
    return c.Candidate(cid, ref, first, last, dob, type_, description, provider, status)


def _row(reference="OC26-000001", name="", dob=None, course="Victim awareness", attended=False):
    return c.AttendanceRow(2, reference, name, dob, course, date(2026, 11, 14), attended)


def test_match_by_reference():
    match = c.match_row(_row(), [_cand(1), _cand(2, type_="compensation", description="Pay compensation")])
    assert match == c.Match("matched", 1, (1,))


def test_match_by_name_and_date_of_birth():
    match = c.match_row(_row(reference="", name="DOE, Jane", dob=date(1990, 4, 1)), [_cand(1), _cand(3, ref="X2", first="Ann")])
    assert match.status == "matched" and match.condition_id == 1


def test_same_name_other_birthday_does_not_match():
    match = c.match_row(_row(reference="", name="Jane Doe", dob=date(1991, 4, 1)), [_cand(1)])
    assert match.status == "unmatched"


def test_reference_with_another_persons_name_goes_to_a_person():
    match = c.match_row(_row(name="John Smith"), [_cand(1)])
    assert match.status == "unmatched" and "different name" in match.reason


def test_unknown_reference():
    match = c.match_row(_row(reference="OC26-999999"), [_cand(1)])
    assert match.status == "unmatched" and "OC26-999999" in match.reason


def test_course_words_pick_between_conditions():
    candidates = [_cand(1), _cand(2, description="Drug awareness session", provider="Change Grow Live")]
    assert c.match_row(_row(course="Drug awareness"), candidates).condition_id == 2
    assert c.match_row(_row(course="Victim Awareness Course"), candidates).condition_id == 1


def test_two_equal_conditions_are_ambiguous():
    candidates = [_cand(1), _cand(2)]
    match = c.match_row(_row(), candidates)
    assert match.status == "ambiguous" and set(match.candidate_ids) == {1, 2}


def test_open_condition_preferred_over_completed_twin():
    match = c.match_row(_row(), [_cand(1, status="completed"), _cand(2)])
    assert match.condition_id == 2


def test_course_that_matches_nothing_is_unmatched():
    match = c.match_row(_row(course="Knife crime"), [_cand(1)])
    assert match.status == "unmatched" and "Knife crime" in match.reason


def test_withdrawn_and_payment_conditions_are_never_candidates():
    match = c.match_row(_row(), [_cand(1, status="withdrawn"), _cand(2, type_="financial_penalty")])
    assert match.status == "unmatched"
