"""Bad input names its field, in the form the `oocr assess` contract and the web forms use."""
from __future__ import annotations

import copy

import pytest

from webapp.domain.assess import AssessInputError, assess, parse_case

from domain_cases import build_case


def _without(case: dict, dotted: str) -> dict:
    case = copy.deepcopy(case)
    *parents, last = dotted.split(".")
    target = case
    for part in parents:
        target = target[part]
    del target[last]
    return case


@pytest.mark.parametrize("field", [
    "decision_date", "suspect", "suspect.date_of_birth", "offence", "offence.wording", "offence.mode_of_trial",
    "offence.offence_date", "offence.gravity_score", "offence.domestic_abuse", "offence.hate_crime", "admission",
    "evidential_stage_met", "previous", "victims",
])
def test_missing_required_key_names_it(field):
    with pytest.raises(AssessInputError) as caught:
        parse_case(_without(build_case(), field))
    assert (caught.value.field, caught.value.message) == (field, "is missing")
    assert str(caught.value) == f"{field}: is missing"


@pytest.mark.parametrize("field", ["offence.aggravating", "offence.mitigating", "offence.intimate_partner"])
def test_optional_offence_keys_may_be_absent(field):
    assert parse_case(_without(build_case(), field)).offence is not None


@pytest.mark.parametrize("score", [0, 5, -1, "2", 2.0, True, None])
def test_gravity_score_must_be_1_to_4(score):
    with pytest.raises(AssessInputError, match=r"^offence\.gravity_score: must be 1-4$"):
        parse_case(build_case(offence={"gravity_score": score}))


@pytest.mark.parametrize("value", ["2026-02-30", "10/03/2026", "20260310", "2026-3-10", "", 20260310, None,
                                   "2026-03-10T09:00", "9999-12-31", "0001-01-01"])
def test_dates_must_be_iso_calendar_dates(value):
    with pytest.raises(AssessInputError, match=r"^decision_date: must be a date YYYY-MM-DD$"):
        parse_case(build_case(decision_date=value))


@pytest.mark.parametrize("changes, message", [
    ({"offence": {"mode_of_trial": "crown"}},
     "offence.mode_of_trial: must be one of summary, either_way, indictable_only"),
    ({"admission": "yes"}, "admission: must be true or false"),
    ({"offence": {"domestic_abuse": 1}}, "offence.domestic_abuse: must be true or false"),
    ({"offence": {"aggravating": "premeditation"}}, "offence.aggravating: must be a list of text"),
    ({"offence": {"wording": None}}, "offence.wording: must be text"),
    ({"offence": {"offence_date": "2026-03-11"}}, "offence.offence_date: must not be after decision_date"),
    ({"suspect": {"date_of_birth": "2026-02-01"}}, "suspect.date_of_birth: must be before offence.offence_date"),
    ({"victims": [{"vulnerable": False, "intimidated": False, "persistently_targeted": False, "views": "happy"}]},
     "victims[0].views: must be one of supports_oocd, opposes_oocd, not_obtained"),
    ({"victims": {}}, "victims: must be a list"),
    ({"victims": ["x"]}, "victims[0]: must be an object"),
    ({"previous": [{"outcome": "charge", "date": "2024-01-01", "similar": False}]},
     "previous[0].outcome: must be one of conviction, simple_caution, conditional_caution, youth_caution, "
     "youth_conditional_caution, diversionary_caution, community_caution, community_resolution, "
     "penalty_notice_for_disorder, cannabis_warning, khat_warning"),
    ({"previous": [{"outcome": "conviction", "date": "2026-04-01", "similar": False}]},
     "previous[0].date: must not be after decision_date"),
    ({"pcsc_commencement": "2021-01-01"},
     "pcsc_commencement: must be on or after 2022-04-28 (Royal Assent of the PCSC Act 2022)"),
    ({"proposed": {"disposal": "charge", "conditions": []}},
     "proposed.disposal: must be one of community_resolution, simple_caution, conditional_caution, "
     "community_caution, diversionary_caution"),
    ({"proposed": {"disposal": "conditional_caution"}}, "proposed.conditions: is missing"),
    ({"proposed": {"disposal": "conditional_caution", "completion_date": "soon", "conditions": []}},
     "proposed.completion_date: must be a date YYYY-MM-DD"),
    ({"proposed": {"disposal": "conditional_caution", "conditions": [{"kind": "punitive", "type": "fine"}]}},
     "proposed.conditions[0].type: must be one of attendance, unpaid_work, financial_penalty, compensation, "
     "apology, restriction, course"),
    ({"proposed": {"disposal": "conditional_caution",
                   "conditions": [{"kind": "reparative", "type": "unpaid_work", "hours": -1}]}},
     "proposed.conditions[0].hours: must be a number, zero or more"),
    ({"proposed": {"disposal": "conditional_caution",
                   "conditions": [{"kind": "punitive", "type": "financial_penalty", "amount": float("inf")}]}},
     "proposed.conditions[0].amount: must be a number, zero or more"),
    ({"proposed": []}, "proposed: must be an object"),
])
def test_bad_values_name_their_field(changes, message):
    with pytest.raises(AssessInputError) as caught:
        parse_case(build_case(**changes))
    assert str(caught.value) == message


def test_case_must_be_an_object():
    with pytest.raises(AssessInputError, match=r"^case: must be an object$"):
        parse_case(["not", "a", "case"])


def test_unknown_keys_are_ignored_so_the_contract_can_grow():
    case = build_case(reference="OOCR/2026/0001")
    case["offence"]["offence_key"] = "theft_shop"
    assert parse_case(case).offence.gravity_score == 2


def test_null_optional_values_count_as_absent():
    case = parse_case(build_case(pcsc_commencement=None, proposed=None))
    assert case.pcsc_commencement is None and case.proposed is None


def test_decisions_before_the_oldest_rules_held_are_refused():
    case = parse_case(build_case(decision_date="2013-04-07", offence={"offence_date": "2013-01-01"}))
    with pytest.raises(AssessInputError, match=r"^decision_date: must be on or after 2013-04-08"):
        assess(case)


def test_parsed_case_keeps_the_facts():
    case = parse_case(build_case(
        proposed={"disposal": "conditional_caution", "completion_date": "2026-06-01",
                  "conditions": [{"kind": "reparative", "type": "compensation", "amount": 45.5}]}))
    assert case.age_at_decision == 35
    assert case.offence.aggravating == ()
    assert case.proposed.conditions[0].amount == 45.5
    assert case.proposed.conditions[0].hours is None
    assert not case.victims_have_enhanced_rights
