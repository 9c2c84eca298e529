"""Victims' Code contact deadlines: working days across weekends and bank holidays, 1 day for enhanced
rights and 5 otherwise (configurable), and why a victim's rights are enhanced (webapp.domain.victims,
the one rule the engine, the victims pages and the tasks share)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from webapp.domain.case import Victim as VictimFacts
from webapp.domain.config import ConfigError, EngineConfig
from webapp.domain.victims import (
    MOST_SERIOUS_OFFENCES,
    REASONS,
    enhanced_rights,
    is_organisation,
    latest_attempts,
    update_due,
    victim_contact_due,
    working_days_for,
)


def is_enhanced(victim, offence):
    rights = enhanced_rights(victim, offence)
    return rights.enhanced, list(rights.reasons)


@dataclass
class V:
    first_name: str = "Ann"
    vulnerable: bool = False
    intimidated: bool = False
    persistently_targeted: bool = False
    is_organisation: bool = False
    date_of_birth: date | None = None


@dataclass
class O:
    domestic_abuse: bool = False
    hate_crime: bool = False
    offence_key: str | None = None
    offence_date: date = date(2026, 3, 1)


@pytest.mark.parametrize("start, enhanced, due", [
    (date(2026, 3, 10), False, date(2026, 3, 17)),   # Tuesday + 5 working days
    (date(2026, 3, 10), True, date(2026, 3, 11)),    # Tuesday + 1
    (date(2026, 3, 13), True, date(2026, 3, 16)),    # Friday + 1 skips the weekend
    (date(2026, 3, 14), True, date(2026, 3, 16)),    # from a Saturday
    (date(2026, 4, 2), True, date(2026, 4, 7)),      # Maundy Thursday: Good Friday and Easter Monday skipped
    (date(2026, 4, 2), False, date(2026, 4, 13)),
    (date(2025, 12, 24), True, date(2025, 12, 29)),  # Christmas Eve: Christmas and Boxing Day skipped
    (date(2025, 12, 23), False, date(2026, 1, 2)),   # over Christmas and New Year (2 Jan is not an English holiday)
    (date(2026, 5, 22), True, date(2026, 5, 26)),    # Friday before the spring bank holiday
    (date(2026, 8, 28), False, date(2026, 9, 7)),    # over the summer bank holiday
])
def test_due_dates_count_england_and_wales_working_days(start, enhanced, due):
    assert victim_contact_due(start, enhanced, EngineConfig()) == due


def test_enhanced_is_one_working_day_and_standard_five_by_default():
    config = EngineConfig()
    assert working_days_for(True, config) == 1 and working_days_for(False, config) == 5
    monday = date(2026, 6, 1)
    assert victim_contact_due(monday, True, config) == date(2026, 6, 2)
    assert victim_contact_due(monday, False, config) == date(2026, 6, 8)


def test_a_force_can_change_the_uncertain_timescales():
    config = EngineConfig.from_mapping({"victim_update_working_days": 10, "victim_update_working_days_enhanced": 2})
    assert victim_contact_due(date(2026, 6, 1), False, config) == date(2026, 6, 15)
    assert victim_contact_due(date(2026, 6, 1), True, config) == date(2026, 6, 3)
    with pytest.raises(ConfigError):
        EngineConfig.from_mapping({"victim_update_working_days_enhanced": 0})


def test_config_is_optional_and_means_the_defaults():
    assert victim_contact_due(date(2026, 6, 1), True) == date(2026, 6, 2)


def test_the_settings_say_the_timescales_are_uncertain():
    settings = {s.name: s for s in EngineConfig().settings()}
    assert settings["victim_update_working_days"].uncertain
    assert settings["victim_update_working_days_enhanced"].uncertain


def test_standard_victim_has_no_reasons():
    assert is_enhanced(V(), O()) == (False, [])
    assert is_enhanced(V(), None) == (False, [])


@pytest.mark.parametrize("victim, offence, reason", [
    (V(), O(domestic_abuse=True), REASONS["domestic_abuse"]),
    (V(), O(hate_crime=True), REASONS["hate_crime"]),
    (V(vulnerable=True), O(), REASONS["vulnerable"]),
    (V(intimidated=True), O(), REASONS["intimidated"]),
    (V(persistently_targeted=True), O(), REASONS["persistently_targeted"]),
])
def test_each_ground_gives_enhanced_rights_and_says_why(victim, offence, reason):
    enhanced, reasons = is_enhanced(victim, offence)
    assert enhanced and reasons == [reason]


def test_wounding_with_intent_is_among_the_most_serious_crimes():
    assert is_enhanced(V(), O(offence_key="gbh_with_intent")) == (True, [MOST_SERIOUS_OFFENCES["gbh_with_intent"]])
    assert is_enhanced(V(), O(offence_key="abh")) == (False, [])


def test_all_the_grounds_are_listed():
    enhanced, reasons = is_enhanced(V(vulnerable=True, intimidated=True, persistently_targeted=True),
                                    O(domestic_abuse=True, hate_crime=True))
    assert enhanced and len(reasons) == 5


def test_an_organisation_is_not_a_victim_in_the_codes_sense_so_never_enhanced():
    shop = V(first_name="", vulnerable=True)
    assert is_organisation(shop)
    assert is_enhanced(shop, O()) == (False, [])
    assert is_enhanced(V(is_organisation=True, intimidated=True), O(hate_crime=True)) == (False, [])
    assert update_due(shop, O(hate_crime=True), date(2026, 6, 1)) == date(2026, 6, 8)


@pytest.mark.parametrize("born, enhanced", [
    (date(2008, 3, 2), True),     # 17 on the offence date (1 March 2026)
    (date(2008, 3, 1), False),    # 18 that day
    (date(2008, 2, 29), False),   # leap-day birthday: 18 on 1 March 2026
    (date(2008, 3, 3), True),
    (None, False),                # not known: not assumed
])
def test_a_victim_under_18_at_the_offence_is_vulnerable(born, enhanced):
    assert is_enhanced(V(date_of_birth=born), O()) == (enhanced, [REASONS["under_18"]] if enhanced else [])


def test_under_18_is_judged_at_the_offence_not_today():
    assert is_enhanced(V(date_of_birth=date(2000, 1, 1)), O(offence_date=date(2017, 12, 31)))[0]
    assert not is_enhanced(V(date_of_birth=date(2000, 1, 1)), None)[0]


def test_the_engine_victim_facts_work_too():
    facts = VictimFacts(vulnerable=True, intimidated=False, persistently_targeted=False, views="not_obtained")
    assert not is_organisation(facts)
    assert is_enhanced(facts, None) == (True, [REASONS["vulnerable"]])


def test_an_open_contact_shows_the_latest_attempt_for_the_same_victim_and_purpose_since_it_opened():
    contact = SimpleNamespace(id=1, victim_id=7, purpose="outcome", created_at=datetime(2026, 3, 2, 9))

    def attempt(day, victim_id=7, purpose="outcome"):
        return SimpleNamespace(victim_id=victim_id, purpose=purpose, done_at=datetime(2026, 3, day, 12))
    later, earlier = attempt(4), attempt(3)
    others = [attempt(1), attempt(5, victim_id=8), attempt(5, purpose="views")]
    assert latest_attempts([contact], [later, earlier, *others]) == {1: later}
    assert latest_attempts([contact], others) == {}
