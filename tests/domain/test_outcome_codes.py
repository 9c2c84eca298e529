"""Home Office outcome codes from rules.toml: which disposal, at which age, on which date."""
from __future__ import annotations

from datetime import date

import pytest

from webapp.domain.outcomes import load_outcomes, outcome_for, parse_outcomes
from webapp.domain.rules import RuleDataError

ADULT = date(1990, 1, 1)
YOUTH = date(2010, 6, 1)
ON = date(2026, 10, 1)


@pytest.mark.parametrize("disposal, dob, code", [
    ("community_resolution", ADULT, "8"),
    ("community_resolution", YOUTH, "8"),
    ("simple_caution", ADULT, "3"),
    ("conditional_caution", ADULT, "3"),
    ("conditional_caution", YOUTH, "2"),
    ("simple_caution", YOUTH, "2"),
    ("diversionary_caution", ADULT, "3"),
    ("community_caution", ADULT, "3"),
    ("diversionary_activity", YOUTH, "22"),
])
def test_each_disposal_takes_its_code(disposal, dob, code):
    outcome = outcome_for("decision", 1, 1, disposal=disposal, outcome_date=ON, date_of_birth=dob)
    assert outcome.code.code == code
    assert outcome.code.wording.startswith(f"Outcome {code}:")
    assert outcome.code.source and outcome.code.confidence


def test_prosecution_after_breach_is_outcome_1_whatever_the_disposal():
    outcome = outcome_for("breach", 7, 1, disposal="conditional_caution", outcome_date=ON, date_of_birth=ADULT)
    assert outcome.code.code == "1" and outcome.key == "breach-7"


def test_age_is_taken_on_the_outcome_date():
    turns_18 = date(2008, 10, 2)
    assert outcome_for("decision", 1, 1, disposal="conditional_caution", outcome_date=ON,
                       date_of_birth=turns_18).code.code == "2"
    assert outcome_for("decision", 1, 1, disposal="conditional_caution", outcome_date=date(2026, 10, 2),
                       date_of_birth=turns_18).code.code == "3"


def test_no_code_before_the_outcome_existed_and_none_for_unknown_disposals():
    assert outcome_for("decision", 1, 1, disposal="diversionary_activity", outcome_date=date(2019, 3, 31),
                       date_of_birth=ADULT).code is None
    assert outcome_for("decision", 1, 1, disposal="penalty_notice", outcome_date=ON, date_of_birth=ADULT).code is None


def test_codes_are_listed_once_in_number_order():
    assert [c for c, _ in load_outcomes().codes()] == ["1", "2", "3", "8", "22"]


def test_malformed_entries_are_refused():
    good = ('[[outcome]]\nkey = "x"\ncode = "8"\nwording = "w"\ndisposals = ["a"]\nages = "any"\n'
            'applies_from = 2014-04-01\nsource = "s"\nconfidence = "K"\n')
    assert parse_outcomes(good).for_disposal("a", 30, ON).code == "8"
    for bad in (good.replace('"any"', '"old"'), good.replace('"K"', '"maybe"'), good.replace('code = "8"', 'code = "x"'),
                good + 'extra = 1\n'):
        with pytest.raises(RuleDataError):
            parse_outcomes(bad)


def test_no_resolution_decided_here_is_outcome_22():
    """Outcome 22 (activity completed, then no further action; no admission needed) is not one of our
    resolutions: every disposal the decision and youth-panel screens give maps to another code, at any age."""
    from webapp.domain.disposals import ALL_DISPOSALS
    from webapp.domain.youth import PANEL_OUTCOMES

    for disposal in (*ALL_DISPOSALS, *PANEL_OUTCOMES):
        for dob in (ADULT, YOUTH):
            code = outcome_for("decision", 1, 1, disposal=disposal, outcome_date=ON, date_of_birth=dob).code
            assert code is None or code.code != "22", disposal
