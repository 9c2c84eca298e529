"""The partners, enquiries and Restorative Justice rules are in rules.toml with their sources, say what
the code does, and every value that is force practice rather than law is a setting a force can change."""
from __future__ import annotations

from dataclasses import fields

import pytest

from webapp.domain import enquiries, partners, restorative
from webapp.domain.config import ConfigError, EngineConfig
from webapp.domain import rules
from webapp.domain.rules import CONFIDENCE_LABELS

IDS = ("enquiries.response_target", "enquiries.victim_routing", "partners.referral_agreement",
       "partners.referral_statuses", "victims.onward_referral", "victims.restorative_justice_information",
       "restorative.suitability", "restorative.high_risk", "restorative.domestic_abuse")
RESEARCH_NOTES = ("UNCERTAIN", "[S]", "[V]", "[K]", "not retrieved", "assumed", "quoted by", "contents seen")


@pytest.fixture(scope="module")
def procedures() -> dict[str, dict]:
    return {p["id"]: p for p in rules.procedures()}


def test_each_rule_is_recorded_with_its_source_and_confidence(procedures):
    for rule_id in IDS:
        entry = procedures[rule_id]
        assert set(entry) == {"id", "applies_from", "statement", "source", "legal_source", "confidence"}, rule_id
        assert entry["confidence"] in CONFIDENCE_LABELS and entry["source"].strip(), rule_id
        # what caseworkers see cites the law or guidance, never the research notes
        assert not any(note in entry["legal_source"] or note in entry["statement"] for note in RESEARCH_NOTES), rule_id
    # force practice is marked as such; the Victims' Code rights come from a secondary source
    assert {rule_id for rule_id in IDS if procedures[rule_id]["confidence"] == "UNCERTAIN"} == {
        "enquiries.response_target", "enquiries.victim_routing", "partners.referral_agreement",
        "partners.referral_statuses", "restorative.high_risk", "restorative.domestic_abuse"}
    assert procedures["victims.onward_referral"]["confidence"] == "S"


def test_the_uncertain_response_target_is_a_force_setting_starting_from_the_code_default(procedures):
    setting = next(f for f in fields(EngineConfig) if f.name == "enquiry_response_working_days")
    assert setting.metadata["uncertain"] and "enquiry_response_working_days" in procedures[
        "enquiries.response_target"]["source"]
    assert EngineConfig().enquiry_response_working_days == enquiries.DEFAULT_TARGET_DAYS
    assert EngineConfig.from_mapping({"enquiry_response_working_days": 3}).enquiry_response_working_days == 3
    with pytest.raises(ConfigError, match="from 0 to 20"):
        EngineConfig.from_mapping({"enquiry_response_working_days": enquiries.MAX_TARGET_DAYS + 1})
    statement = procedures["enquiries.response_target"]["statement"].format(days=3, max=enquiries.MAX_TARGET_DAYS)
    assert "within 3 working days" in statement and "0 to 20" in statement


def test_the_statements_say_what_the_code_does(procedures):
    statuses = procedures["partners.referral_statuses"]["statement"].lower()
    assert all(label.lower() in statuses for label in partners.REFERRAL_STATUSES.values())
    assert partners.REFERRAL_NEXT["did_not_attend"] == ("attending", "completed")  # "may attend again after missing"
    assert partners.compliance_effect("did_not_attend") == partners.MISSED
    assert partners.compliance_effect("completed") == partners.DONE
    assert partners.consent_problem(partners.OFFENDER, False, "sent")
    assert not partners.consent_problem(partners.OFFENDER, False, "proposed")  # "a proposal may be recorded before"
    assert enquiries.team_for(enquiries.USUAL_TEAM, "victim") == "victim_liaison"
    assert enquiries.team_for(enquiries.USUAL_TEAM, "officer") == "casework"
    assert enquiries.team_for("supervisors", "victim") == "supervisors"  # "unless whoever logs it routes it elsewhere"

    suitability = procedures["restorative.suitability"]["statement"]
    ok = restorative.Side(consents=True, ready=True, risk="low")
    assert restorative.unsuitable_reasons(ok, ok) == []
    for side, words in ((restorative.Side(consents=False, ready=True, risk="low"), "informed consent"),
                        (restorative.Side(consents=True, ready=False, risk="low"), "ready"),
                        (restorative.Side(consents=True, ready=True, risk="low", accepts_responsibility=False),
                         "accepts responsibility")):
        assert restorative.unsuitable_reasons(ok, side), words
        assert words in suitability
    high = restorative.Side(consents=True, ready=True, risk="high")
    medium = restorative.Side(consents=True, ready=True, risk="medium")
    assert restorative.unsuitable_reasons(high, ok) and not restorative.unsuitable_reasons(medium, ok)
    assert "high" in procedures["restorative.high_risk"]["statement"]
    assert restorative.advice("direct_conference", True) and not restorative.advice("letter_of_apology", True)
