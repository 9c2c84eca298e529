"""Properties that must hold for every valid case, not just the ones we thought of.

Severity order (webapp/domain/disposals.py): community resolution < simple caution = community
caution (a formal record, no prosecution on breach) < conditional caution = diversionary caution
(breach can lead to prosecution for the original offence).
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.domain.assess import assess, parse_case
from webapp.domain.case import CONDITION_KINDS, CONDITION_TYPES, PREVIOUS_OUTCOMES, VICTIM_VIEWS
from webapp.domain.config import DOMESTIC_ABUSE_POLICIES, PCSC_ROYAL_ASSENT, EngineConfig
from webapp.domain.disposals import ALL_DISPOSALS, MODES_OF_TRIAL, REGIME_DISPOSALS, SEVERITY
from webapp.domain.working_days import is_working_day

EARLIEST = date(2013, 4, 8)
LATEST = date(2100, 12, 31)  # the last date parse_case accepts
ESCALATIONS = ("domestic_abuse", "hate_crime", "indictable_only", "either_way", "youth")

factors = st.lists(st.sampled_from(["premeditation", "group offending", "impulsive", "minor loss"]), max_size=2)
quantities = st.none() | st.integers(0, 60) | st.floats(0, 500, allow_nan=False)


@st.composite
def cases(draw) -> dict:
    decision = draw(st.dates(EARLIEST, LATEST))
    offence_date = draw(st.dates(max(EARLIEST - timedelta(days=365), decision - timedelta(days=900)), decision))
    born = draw(st.dates(date(1940, 1, 1), offence_date - timedelta(days=1)))
    domestic_abuse = draw(st.booleans())
    case = {
        "decision_date": decision.isoformat(),
        "suspect": {"date_of_birth": born.isoformat()},
        "offence": {
            "wording": "An offence",
            "mode_of_trial": draw(st.sampled_from(MODES_OF_TRIAL)),
            "offence_date": offence_date.isoformat(),
            "gravity_score": draw(st.integers(1, 4)),
            "aggravating": draw(factors),
            "mitigating": draw(factors),
            "domestic_abuse": domestic_abuse,
            "intimate_partner": draw(st.booleans()),
            "hate_crime": draw(st.booleans()),
        },
        "admission": draw(st.booleans()),
        "evidential_stage_met": draw(st.booleans()),
        "previous": draw(st.lists(st.fixed_dictionaries({
            "outcome": st.sampled_from(PREVIOUS_OUTCOMES),
            "date": st.dates(date(2005, 1, 1), decision).map(date.isoformat),
            "similar": st.booleans(),
        }), max_size=3)),
        "victims": draw(st.lists(st.fixed_dictionaries({
            "vulnerable": st.booleans(), "intimidated": st.booleans(), "persistently_targeted": st.booleans(),
            "views": st.sampled_from(VICTIM_VIEWS),
        }), max_size=3)),
    }
    if draw(st.booleans()):
        case["pcsc_commencement"] = draw(st.dates(PCSC_ROYAL_ASSENT, LATEST)).isoformat()
    if draw(st.booleans()):
        proposed = {
            "disposal": draw(st.sampled_from(ALL_DISPOSALS)),
            "conditions": draw(st.lists(st.fixed_dictionaries({
                "kind": st.sampled_from(CONDITION_KINDS), "type": st.sampled_from(CONDITION_TYPES),
                "hours": quantities, "amount": quantities,
            }), max_size=4)),
        }
        if draw(st.booleans()):
            proposed["completion_date"] = draw(st.dates(decision - timedelta(days=30),
                                                        min(decision + timedelta(days=200), LATEST))).isoformat()
        case["proposed"] = proposed
    return case


force_settings = st.fixed_dictionaries({}, optional={
    "simple_caution_permitted": st.booleans(),
    "domestic_abuse_caution_policy": st.sampled_from(DOMESTIC_ABUSE_POLICIES),
    "pcsc_commencement": st.dates(PCSC_ROYAL_ASSENT, LATEST).map(date.isoformat),
    "breach_review_buffer_days": st.integers(0, 60),
})


@settings(max_examples=300, deadline=None)
@given(cases(), force_settings)
def test_every_valid_case_is_assessed_and_every_disposal_is_either_open_or_blocked(case, overrides):
    result = assess(parse_case(case), EngineConfig.from_mapping(overrides))
    out = json.loads(json.dumps(result.to_dict()))

    regime_disposals = set(REGIME_DISPOSALS[out["regime"]])
    assert set(out["available"]) | set(out["blocked"]) == regime_disposals
    assert not set(out["available"]) & set(out["blocked"])
    assert all(out["blocked"].values())
    assert 1 <= out["final_gravity_score"] <= 4
    assert list(out["escalate"]) == [e for e in ESCALATIONS if e in out["escalate"]]
    for text in [*(t for found in out["blocked"].values() for t in found), *out["problems"], *out["warnings"]]:
        assert text.endswith(")") and " (" in text  # every statement names its source
    if case["offence"]["mode_of_trial"] == "indictable_only" or case["offence"]["hate_crime"]:
        assert out["refer_to_cps"]
    if "proposed" not in case:
        assert out["problems"] == []


@settings(max_examples=200, deadline=None)
@given(cases())
def test_victim_update_falls_on_a_working_day_after_the_decision(case):
    result = assess(parse_case(case))
    if not case["victims"]:
        assert result.victim_update_due is None
    else:
        assert result.victim_update_due > date.fromisoformat(case["decision_date"])
        assert is_working_day(result.victim_update_due)


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 3), force_settings)
def test_raising_the_gravity_score_never_opens_a_lighter_disposal(case, lower, overrides):
    config = EngineConfig.from_mapping(overrides)

    def open_at(base: int) -> set[str]:
        case["offence"]["gravity_score"] = base
        return set(assess(parse_case(case), config).available)

    before = open_at(lower)
    for higher in range(lower + 1, 5):
        opened = open_at(higher) - before
        assert all(SEVERITY[new] > SEVERITY[old] for new in opened for old in before), (lower, higher, before, opened)
