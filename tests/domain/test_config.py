"""Force settings: defaults with sources, overrides from JSON-like data, and refusal of bad values."""
from __future__ import annotations

import json
from datetime import date

import pytest

from webapp.domain.config import ConfigError, EngineConfig


def test_defaults_follow_the_reference():
    config = EngineConfig()
    assert config.pcsc_commencement is None
    assert config.simple_caution_permitted is False
    assert config.domestic_abuse_caution_policy == "prosecutor_only"
    assert (config.victim_update_working_days, config.victim_update_working_days_enhanced) == (5, 1)
    assert (config.condition_period_normal_weeks, config.condition_period_max_weeks) == (16, 20)
    assert config.conditional_caution_financial_penalty_caps == {"summary": 50, "either_way": 100,
                                                                 "indictable_only": 150}
    assert config.conditional_caution_attendance_cap_hours == 20
    assert config.diversionary_caution_unpaid_work_cap_hours == 20
    assert config.community_caution_unpaid_work_cap_hours == 10
    assert config.gravity_disposals["two_tier"][1] == ("community_resolution",)
    assert config.gravity_disposals["two_tier"][4] == ()
    assert config.gravity_disposals_with_prosecutor["two_tier"][4] == ("simple_caution", "conditional_caution")


def test_settings_list_every_value_with_description_source_and_uncertainty():
    settings = {s.name: s for s in EngineConfig().settings()}
    assert len(settings) == 21
    for setting in settings.values():
        assert setting.label and setting.description and setting.source
    uncertain = {name for name, s in settings.items() if s.uncertain}
    assert {"pcsc_commencement", "domestic_abuse_caution_policy", "gravity_disposals", "breach_review_buffer_days",
            "victim_update_working_days", "diversionary_caution_financial_penalty_caps"} <= uncertain
    assert "conditional_caution_financial_penalty_caps" not in uncertain
    assert "SI 2013/615" in settings["conditional_caution_financial_penalty_caps"].source


def test_settings_are_described_in_words_not_in_stored_values():
    """A supervisor reads the label and description: no stored value such as prosecutor_only, no currency code."""
    import re

    for setting in EngineConfig().settings():
        words = f"{setting.label} {setting.description}"
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), setting.name
        assert "GBP" not in words and " key" not in words, setting.name


def test_overrides_from_json():
    config = EngineConfig.from_mapping(json.loads("""{
        "pcsc_commencement": "2026-04-01",
        "simple_caution_permitted": true,
        "victim_update_working_days": 3,
        "gravity_disposals": {"two_tier": {"1": ["community_resolution"], "2": ["community_resolution"],
                                           "3": ["conditional_caution"], "4": []},
                              "pcsc_2022": {"1": ["community_resolution"], "2": ["community_caution"],
                                            "3": ["diversionary_caution"]}},
        "community_caution_financial_penalty_caps": {"summary": 40, "either_way": 80, "indictable_only": 0}
    }"""))
    assert config.pcsc_commencement == date(2026, 4, 1)
    assert config.simple_caution_permitted is True
    assert config.victim_update_working_days == 3
    assert config.gravity_disposals["two_tier"][3] == ("conditional_caution",)
    assert config.gravity_disposals["pcsc_2022"][4] == ()
    assert config.community_caution_financial_penalty_caps["either_way"] == 80
    assert EngineConfig().victim_update_working_days == 5  # defaults untouched


def test_tables_given_directly_are_completed_and_checked():
    config = EngineConfig(gravity_disposals={"two_tier": {1: ("community_resolution",)}, "pcsc_2022": {}})
    assert config.gravity_disposals["two_tier"][3] == ()
    with pytest.raises(ConfigError, match="gravity_disposals: must give a table"):
        EngineConfig(gravity_disposals={"two_tier": {}})


def test_to_mapping_round_trips():
    config = EngineConfig.from_mapping({"pcsc_commencement": "2026-04-01", "offence_gravity_overrides": {"robbery": 3}})
    again = EngineConfig.from_mapping(json.loads(json.dumps(config.to_mapping())))
    assert again == config


@pytest.mark.parametrize("overrides, message", [
    ({"nonsense": 1}, "nonsense: is not a setting"),
    ({"pcsc_commencement": "April 2026"}, "pcsc_commencement: must be a date YYYY-MM-DD or empty"),
    ({"pcsc_commencement": "2020-01-01"}, "pcsc_commencement: must be on or after 2022-04-28"),
    ({"simple_caution_permitted": "yes"}, "simple_caution_permitted: must be true or false"),
    ({"domestic_abuse_caution_policy": "never"}, "domestic_abuse_caution_policy: must be one of prosecutor_only, "
                                                 "police_decision"),
    ({"victim_update_working_days": 0}, "victim_update_working_days: must be a whole number, 1 or more"),
    ({"breach_review_buffer_days": -1}, "breach_review_buffer_days: must be a whole number, 0 or more"),
    ({"conditional_caution_financial_penalty_caps": {"summary": 50}}, "must give an amount for each of"),
    ({"community_caution_unpaid_work_cap_hours": True}, "must be a number, zero or more"),
    ({"condition_period_normal_weeks": 21}, "condition_period_normal_weeks: must not exceed"),
    ({"offence_gravity_overrides": {"robbery": 5}}, "robbery: score must be 1-4"),
    ({"gravity_disposals": {"two_tier": {}}}, "must give a table for each of"),
    ({"gravity_disposals": {"two_tier": {"5": []}, "pcsc_2022": {}}}, "score '5' must be 1-4"),
    ({"gravity_disposals": {"two_tier": {"1": ["community_caution"]}, "pcsc_2022": {}}},
     "disposals must be among"),
    ({"gravity_disposals": {"two_tier": {"1": ["conditional_caution"], "2": ["community_resolution"]},
                            "pcsc_2022": {}}}, "score 2 opens community_resolution"),
    ({"gravity_disposals_with_prosecutor": {"two_tier": {"1": ["community_resolution"]}, "pcsc_2022": {}}},
     "also in gravity_disposals"),
])
def test_bad_overrides_name_the_setting(overrides, message):
    with pytest.raises(ConfigError, match=message):
        EngineConfig.from_mapping(overrides)
