"""The ten decision-support scenarios of law-and-practice.md §9, and the edges around them."""
from __future__ import annotations

import pytest

from domain_cases import decide
from webapp.domain.case import AssessInputError

PCSC = {"pcsc_commencement": "2025-06-01"}
NO_VICTIM: list = []


def rule_ids(assessment, disposal):
    return [r.rule_id for r in assessment.blocked.get(disposal, ())]


def problem_rules(assessment):
    return [p.reason.rule_id for p in assessment.errors]


def victim(**flags):
    return {"vulnerable": False, "intimidated": False, "persistently_targeted": False, "views": "supports_oocd",
            **flags}


def conditions(*items):
    return [{"kind": kind, "type": type_, **extra} for kind, type_, extra in items]


# --- §9.1 Shop theft, first offence ------------------------------------------------------------

def test_first_shop_theft_offers_community_resolution_and_updates_victim_in_5_working_days():
    result = decide()
    assert result.regime == "two_tier"
    assert result.final_gravity_score == 2
    assert result.available == ("community_resolution", "conditional_caution")
    assert not result.refer_to_cps
    assert result.escalate == ()  # either-way at score 2: not above the force's default level
    assert result.victim_update_due.isoformat() == "2026-03-17"
    assert result.summary_time_limit is None
    assert result.to_dict()["problems"] == []


def test_first_shop_theft_under_pcsc_offers_a_community_caution_with_up_to_10_hours_unpaid_work():
    proposal = {"disposal": "community_caution", "completion_date": "2026-04-30",
                "conditions": conditions(("reparative", "unpaid_work", {"hours": 10}))}
    result = decide(proposed=proposal, **PCSC)
    assert result.regime == "pcsc_2022"
    assert "community_caution" in result.available
    assert result.problems == ()


# --- §9.2 Criminal damage with one old CR ------------------------------------------------------

def criminal_damage(**changes):
    return {"offence": {"wording": "Criminal damage contrary to section 1(1) of the Criminal Damage Act 1971",
                        "gravity_score": 2, "aggravating": ["planned", "revenge motive"]},
            "previous": [{"outcome": "community_resolution", "date": "2023-02-01", "similar": False}], **changes}


def test_criminal_damage_raised_to_3_offers_a_conditional_caution_not_a_community_resolution():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-06-30",
                "conditions": conditions(("reparative", "compensation", {"amount": 450}))}
    result = decide(**criminal_damage(proposed=proposal))
    assert result.final_gravity_score == 3
    assert result.available == ("conditional_caution",)
    assert rule_ids(result, "community_resolution") == ["gravity.outside_force_policy"]
    assert result.problems == ()


@pytest.mark.parametrize("mode, amount, over", [
    ("either_way", 100, False), ("either_way", 101, True),
    ("summary", 50, False), ("summary", 60, True),
    ("indictable_only", 150, False), ("indictable_only", 150.01, True),
])
def test_conditional_caution_financial_penalty_caps_follow_si_2013_615(mode, amount, over):
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-06-30",
                "conditions": conditions(("reparative", "compensation", {"amount": 450}),
                                         ("punitive", "financial_penalty", {"amount": amount}))}
    result = decide(**criminal_damage(proposed=proposal, offence={"mode_of_trial": mode, "gravity_score": 2,
                                                                   "aggravating": ["planned"]}))
    assert ("conditional_caution.financial_penalty_cap" in problem_rules(result)) is over
    if over:
        text = next(str(p) for p in result.errors if p.reason.rule_id == "conditional_caution.financial_penalty_cap")
        assert "SI 2013/615" in text and f"£{ {'summary': 50, 'either_way': 100, 'indictable_only': 150}[mode]}" in text


def test_punitive_condition_asks_for_a_recorded_reason_but_is_not_a_problem():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-06-30",
                "conditions": conditions(("punitive", "financial_penalty", {"amount": 40}))}
    result = decide(**criminal_damage(proposed=proposal))
    assert result.errors == ()
    assert [p.reason.rule_id for p in result.advisories] == ["conditions.punitive_last_resort"]
    assert any("record why" in w for w in result.to_dict()["warnings"])


# --- §9.3 Summary offence near the time limit ---------------------------------------------------

COMMON_ASSAULT = {"offence": {"wording": "Common assault", "mode_of_trial": "summary", "offence_date": "2025-02-01"},
                  "decision_date": "2025-06-20"}


def test_summary_time_limit_is_six_calendar_months_after_the_offence():
    result = decide(**COMMON_ASSAULT)
    assert result.summary_time_limit.isoformat() == "2025-08-01"
    assert result.latest_completion_date.isoformat() == "2025-07-03"  # 28 days' breach review before the limit
    assert "conditional_caution" in result.available
    assert any(w.rule_id == "time_limit.summary_only" and "16-week" in w.text for w in result.warnings)


def test_a_16_week_conditional_caution_past_the_time_limit_is_a_problem():
    proposal = {"disposal": "conditional_caution", "completion_date": "2025-10-10",
                "conditions": conditions(("rehabilitative", "course", {"hours": 3}))}
    result = decide(proposed=proposal, **COMMON_ASSAULT)
    assert problem_rules(result) == ["time_limit.summary_only"]
    assert result.errors[0].field == "proposed.completion_date"


def test_conditions_finishing_before_the_buffer_are_fine():
    proposal = {"disposal": "conditional_caution", "completion_date": "2025-07-03",
                "conditions": conditions(("rehabilitative", "course", {"hours": 3}))}
    assert decide(proposed=proposal, **COMMON_ASSAULT).problems == ()
    proposal["completion_date"] = "2025-07-04"  # inside the force's review time: policy, not statute
    assert problem_rules(decide(proposed=proposal, **COMMON_ASSAULT)) == ["time_limit.breach_review_buffer"]
    proposal["completion_date"] = "2025-08-01"  # the last day to prosecute: statute
    assert problem_rules(decide(proposed=proposal, **COMMON_ASSAULT)) == ["time_limit.summary_only"]


def test_breach_review_buffer_is_a_force_setting():
    proposal = {"disposal": "conditional_caution", "completion_date": "2025-07-20",
                "conditions": conditions(("rehabilitative", "course", {"hours": 3}))}
    assert decide(proposed=proposal, settings={"breach_review_buffer_days": 7}, **COMMON_ASSAULT).problems == ()


def test_no_time_left_blocks_a_conditional_caution_but_not_a_community_resolution():
    result = decide(**{**COMMON_ASSAULT, "decision_date": "2025-07-20"})
    assert rule_ids(result, "conditional_caution") == ["time_limit.breach_review_buffer"]
    assert "community_resolution" in result.available
    past = decide(**{**COMMON_ASSAULT, "decision_date": "2025-08-01"})
    assert rule_ids(past, "conditional_caution") == ["time_limit.summary_only"]
    assert "out of time" in past.blocked["conditional_caution"][0].text


def test_no_time_left_blocks_a_diversionary_caution_but_not_a_community_caution():
    result = decide(decision_date="2026-07-20", pcsc_commencement="2026-01-01",
                    offence={"mode_of_trial": "summary", "offence_date": "2026-02-01"})
    assert rule_ids(result, "diversionary_caution") == ["time_limit.breach_review_buffer"]
    assert "community_caution" in result.available


@pytest.mark.parametrize("offence_date, limit", [
    ("2025-08-31", "2026-02-28"), ("2023-08-31", "2024-02-29"), ("2025-12-15", "2026-06-15"),
])
def test_time_limit_at_month_ends(offence_date, limit):
    result = decide(decision_date="2026-07-01", offence={"mode_of_trial": "summary", "offence_date": offence_date})
    assert result.summary_time_limit.isoformat() == limit


@pytest.mark.parametrize("mode", ["either_way", "indictable_only"])
def test_no_summary_time_limit_unless_summary_only(mode):
    assert decide(offence={"mode_of_trial": mode}).to_dict()["deadlines"]["summary_time_limit"] is None


# --- §9.4 Domestic abuse, intimate partner ------------------------------------------------------

ABH_ON_PARTNER = {"offence": {"wording": "Assault occasioning actual bodily harm", "gravity_score": 3,
                              "domestic_abuse": True, "intimate_partner": True}}


def test_intimate_partner_abuse_blocks_a_community_resolution_and_goes_to_the_cps():
    result = decide(**ABH_ON_PARTNER)
    assert "community_resolution.intimate_partner_abuse" in rule_ids(result, "community_resolution")
    assert "conditional_caution.domestic_abuse" in rule_ids(result, "conditional_caution")
    assert result.available == ()
    assert result.refer_to_cps
    assert "domestic_abuse" in result.escalate
    assert result.prosecutor_may_authorise == ("conditional_caution",)


def test_domestic_abuse_victims_are_updated_within_one_working_day():
    assert decide(**ABH_ON_PARTNER).victim_update_due.isoformat() == "2026-03-11"


def test_domestic_abuse_rule_follows_the_dpp_guidance_in_force_on_the_decision_date():
    before = decide(decision_date="2024-03-01", offence={**ABH_ON_PARTNER["offence"], "offence_date": "2024-02-01"})
    after = decide(**ABH_ON_PARTNER)
    old = next(r for r in before.blocked["conditional_caution"] if r.rule_id == "conditional_caution.domestic_abuse")
    new = next(r for r in after.blocked["conditional_caution"] if r.rule_id == "conditional_caution.domestic_abuse")
    assert (old.confidence, new.confidence) == ("V", "UNCERTAIN")
    assert "3 Oct 2022" in old.source and "8 Aug 2024" in new.source


def test_force_policy_can_leave_domestic_abuse_conditional_cautions_to_police_only_under_2024_guidance():
    police = {"domestic_abuse_caution_policy": "police_decision"}
    now = decide(settings=police, **ABH_ON_PARTNER)
    assert now.available == ("conditional_caution",)
    assert now.refer_to_cps  # two-tier domestic abuse still goes to the CPS (ACPO matrix para 1.4)
    assert any(w.rule_id == "domestic_abuse.police_decision_criteria" for w in now.warnings)
    earlier = decide(settings=police, decision_date="2024-03-01",
                     offence={**ABH_ON_PARTNER["offence"], "offence_date": "2024-02-01"})
    assert "conditional_caution" not in earlier.available


def test_domestic_abuse_outside_intimate_partners_still_allows_a_community_resolution():
    result = decide(offence={"domestic_abuse": True, "intimate_partner": False})
    assert "community_resolution" in result.available
    assert "conditional_caution.domestic_abuse" in rule_ids(result, "conditional_caution")
    assert result.refer_to_cps
    assert [r.rule_id for r in result.refer_to_cps_reasons] == ["referral.domestic_abuse_and_hate_crime"]


def test_domestic_abuse_under_pcsc_needs_a_prosecutor_for_either_caution():
    result = decide(offence={"domestic_abuse": True}, **PCSC)
    assert rule_ids(result, "diversionary_caution") == ["pcsc.domestic_abuse"]
    assert rule_ids(result, "community_caution") == ["pcsc.domestic_abuse"]
    assert set(result.prosecutor_may_authorise) == {"diversionary_caution", "community_caution"}
    assert "community_resolution" in result.available


def test_intimate_partner_without_domestic_abuse_flag_is_queried():
    result = decide(offence={"intimate_partner": True})
    assert "community_resolution" in result.available
    assert any("check the domestic abuse flag" in w.text for w in result.warnings)


# --- §9.5 Hate crime ------------------------------------------------------------------------------

RACIAL_HARASSMENT = {"offence": {"wording": "Racially aggravated intentional harassment, alarm or distress",
                                 "gravity_score": 3, "aggravating": ["hostility based on race"],
                                 "hate_crime": True}}


def test_hate_crime_is_referred_to_the_cps_and_not_suitable_for_a_conditional_caution():
    result = decide(**RACIAL_HARASSMENT)
    assert result.final_gravity_score == 4
    assert result.refer_to_cps
    assert {r.rule_id for r in result.refer_to_cps_reasons} == {"hate_crime.prosecutor_decides",
                                                                "referral.domestic_abuse_and_hate_crime"}
    assert "conditional_caution.hate_crime" in rule_ids(result, "conditional_caution")
    assert "hate_crime" in result.escalate
    assert result.victim_update_due.isoformat() == "2026-03-11"


def test_low_gravity_hate_crime_still_goes_to_the_cps():
    result = decide(offence={"hate_crime": True, "gravity_score": 1})
    assert result.available == ("community_resolution",)
    assert result.refer_to_cps


def test_hate_crime_under_pcsc_goes_to_the_cps():
    result = decide(offence={"hate_crime": True}, **PCSC)
    assert [r.rule_id for r in result.refer_to_cps_reasons] == ["hate_crime.prosecutor_decides"]


# --- §9.6 Possession of cannabis, no victim -----------------------------------------------------

CANNABIS = {"suspect": {"date_of_birth": "2006-09-01"}, "victims": NO_VICTIM,
            "offence": {"wording": "Possession of a controlled drug of Class B", "gravity_score": 1}}


def test_cannabis_possession_offers_a_community_resolution_with_no_victim_deadline():
    result = decide(**CANNABIS)
    assert result.available == ("community_resolution",)
    assert result.victim_update_due is None
    assert result.to_dict()["deadlines"]["victim_update_due"] is None


def test_cannabis_possession_under_pcsc():
    result = decide(**CANNABIS, **PCSC)
    assert result.available == ("community_resolution",)
    assert set(result.blocked) == {"community_caution", "diversionary_caution"}


# --- §9.7 Robbery (indictable-only) --------------------------------------------------------------

ROBBERY = {"suspect": {"date_of_birth": "2007-06-01"},
           "offence": {"wording": "Robbery", "mode_of_trial": "indictable_only", "gravity_score": 4}}


def test_robbery_blocks_police_only_disposals_and_goes_to_the_cps():
    result = decide(**ROBBERY)
    assert result.available == ()
    assert result.refer_to_cps
    assert "indictable_only" in result.escalate and "either_way" not in result.escalate
    assert "indictable_only.prosecutor_decides" in rule_ids(result, "conditional_caution")
    assert result.prosecutor_may_authorise == ("conditional_caution",)


def test_robbery_with_mitigation_still_blocks_police_only_disposals():
    result = decide(**{**ROBBERY, "offence": {**ROBBERY["offence"], "mitigating": ["minor loss"]}})
    assert result.final_gravity_score == 3
    assert result.available == ()
    assert rule_ids(result, "community_resolution") == ["community_resolution.less_serious",
                                                        "gravity.outside_force_policy"]


def test_robbery_under_pcsc_excludes_a_community_caution_and_needs_the_dpp_for_a_diversionary_one():
    result = decide(**ROBBERY, **PCSC)
    assert "community_caution.excluded_offence" in rule_ids(result, "community_caution")
    assert "diversionary_caution.indictable_only" in rule_ids(result, "diversionary_caution")
    assert result.prosecutor_may_authorise == ("diversionary_caution",)


def test_simple_caution_for_indictable_only_needs_dpp_consent():
    result = decide(settings={"simple_caution_permitted": True}, **ROBBERY)
    assert rule_ids(result, "simple_caution") == ["simple_caution.indictable_only", "gravity.prosecutor_only"]
    assert "simple_caution" in result.prosecutor_may_authorise


def test_proposing_a_caution_a_prosecutor_must_agree_refers_the_case():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("rehabilitative", "course", {"hours": 4}))}
    result = decide(offence={"gravity_score": 4}, proposed=proposal)
    assert result.refer_to_cps
    assert [r.rule_id for r in result.refer_to_cps_reasons] == ["gravity.prosecutor_only"]
    assert problem_rules(result) == ["gravity.prosecutor_only"]
    assert not decide(offence={"gravity_score": 4}).refer_to_cps


# --- §9.8 Repeat shoplifter -------------------------------------------------------------------------

REPEAT_SHOPLIFTER = {
    "offence": {"gravity_score": 2, "aggravating": ["repeat offending"]},
    "previous": [{"outcome": "conviction", "date": "2025-01-10", "similar": True},
                 {"outcome": "conviction", "date": "2025-09-02", "similar": True}],
}


def test_repeat_shoplifter_is_barred_from_a_simple_caution_and_offered_a_conditional_caution():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-06-02",
                "conditions": conditions(("rehabilitative", "attendance", {"hours": 12}))}
    result = decide(settings={"simple_caution_permitted": True}, proposed=proposal, **REPEAT_SHOPLIFTER)
    assert result.final_gravity_score == 3
    assert rule_ids(result, "simple_caution") == ["simple_caution.similar_offence"]
    assert "2 September 2025" in result.blocked["simple_caution"][0].text
    assert result.available == ("conditional_caution",)
    assert result.problems == ()


@pytest.mark.parametrize("previous, barred", [
    ({"outcome": "conviction", "date": "2024-02-01", "similar": True}, True),    # exactly 2 years before
    ({"outcome": "conviction", "date": "2024-01-31", "similar": True}, False),   # just outside
    ({"outcome": "conviction", "date": "2025-06-01", "similar": False}, False),  # not similar
    ({"outcome": "community_resolution", "date": "2025-06-01", "similar": True}, False),  # not a caution
    ({"outcome": "youth_caution", "date": "2025-06-01", "similar": True}, True),
    ({"outcome": "conditional_caution", "date": "2025-06-01", "similar": True}, True),
    ({"outcome": "conviction", "date": "2026-02-20", "similar": True}, False),   # after this offence
])
def test_two_year_similar_offence_rule_for_simple_cautions(previous, barred):
    result = decide(settings={"simple_caution_permitted": True}, previous=[previous])
    assert ("simple_caution.similar_offence" in rule_ids(result, "simple_caution")) is barred


def test_simple_caution_restrictions_only_apply_from_13_april_2015():
    result = decide(settings={"simple_caution_permitted": True}, decision_date="2014-06-01",
                    offence={"offence_date": "2014-05-01"},
                    previous=[{"outcome": "conviction", "date": "2014-01-01", "similar": True}])
    assert "simple_caution" in result.available
    source = decide(settings={"simple_caution_permitted": True}, decision_date="2014-06-01",
                    offence={"offence_date": "2014-05-01"}, admission=False).blocked["simple_caution"][0].source
    assert source == "Home Office Circular 16/2008"


def test_simple_caution_is_blocked_by_default_force_policy():
    assert rule_ids(decide(), "simple_caution") == ["simple_caution.force_policy"]


def test_permitted_simple_caution_for_either_way_offence_asks_about_specified_offences():
    result = decide(settings={"simple_caution_permitted": True})
    assert "simple_caution" in result.available
    assert any(w.rule_id == "simple_caution.specified_either_way" for w in result.warnings)


def test_previous_outcomes_make_a_community_resolution_need_a_reason():
    result = decide(offence={"gravity_score": 1},
                    previous=[{"outcome": "community_resolution", "date": "2023-01-01", "similar": False}])
    assert "community_resolution" in result.available
    assert [w.rule_id for w in result.warnings] == ["community_resolution.first_time"]


# --- §9.9 No admission ----------------------------------------------------------------------------

@pytest.mark.parametrize("regime", [{}, PCSC])
def test_no_admission_blocks_everything(regime):
    result = decide(admission=False, offence={"mode_of_trial": "summary", "gravity_score": 1}, **regime)
    assert result.available == ()
    for disposal, reasons in result.blocked.items():
        assert f"{disposal}.admission" in [r.rule_id for r in reasons]


@pytest.mark.parametrize("regime", [{}, PCSC])
def test_evidential_stage_not_met_blocks_everything(regime):
    result = decide(evidential_stage_met=False, **regime)
    assert result.available == ()
    for disposal, reasons in result.blocked.items():
        assert f"{disposal}.evidence" in [r.rule_id for r in reasons]


# --- §9.10 Breach and PCSC condition caps ------------------------------------------------------------

@pytest.mark.parametrize("disposal, hours, over", [
    ("community_caution", 10, False), ("community_caution", 15, True),
    ("diversionary_caution", 20, False), ("diversionary_caution", 25, True),
])
def test_pcsc_unpaid_work_caps(disposal, hours, over):
    proposal = {"disposal": disposal, "completion_date": "2026-05-01",
                "conditions": conditions(("reparative", "unpaid_work", {"hours": hours}))}
    result = decide(proposed=proposal, **PCSC)
    assert (f"{disposal}.unpaid_work_cap" in problem_rules(result)) is over


def test_unpaid_work_caps_add_up_across_conditions():
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("reparative", "unpaid_work", {"hours": 6}),
                                         ("reparative", "unpaid_work", {"hours": 6}))}
    result = decide(proposed=proposal, **PCSC)
    assert [(p.field, p.reason.rule_id) for p in result.errors] == [("proposed.conditions",
                                                                      "community_caution.unpaid_work_cap")]
    assert "totals 12 hours" in result.errors[0].text


@pytest.mark.parametrize("kind, hours, over", [
    ("reparative", 11, True), ("reparative", 10, False), ("rehabilitative", 30, False),
])
def test_community_caution_attendance_cap_applies_only_to_reparative_attendance(kind, hours, over):
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions((kind, "attendance", {"hours": hours}))}
    assert ("community_caution.attendance_cap" in problem_rules(decide(proposed=proposal, **PCSC))) is over


@pytest.mark.parametrize("kind, type_, hours, over", [
    ("reparative", "attendance", 21, True), ("punitive", "unpaid_work", 21, True),
    ("reparative", "unpaid_work", 20, False), ("rehabilitative", "course", 40, False),
])
def test_conditional_caution_attendance_cap_excludes_rehabilitation(kind, type_, hours, over):
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-05-01",
                "conditions": conditions((kind, type_, {"hours": hours}))}
    assert ("conditional_caution.attendance_cap" in problem_rules(decide(proposed=proposal))) is over


def test_capped_condition_without_hours_cannot_be_checked():
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("reparative", "unpaid_work", {}))}
    result = decide(proposed=proposal, **PCSC)
    assert [p.field for p in result.errors] == ["proposed.conditions[0].hours"]


def test_punishment_under_pcsc_is_only_by_financial_penalty():
    proposal = {"disposal": "diversionary_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("punitive", "unpaid_work", {"hours": 5}))}
    assert problem_rules(decide(proposed=proposal, **PCSC)) == ["pcsc.condition_objects"]


def test_pcsc_financial_penalty_cannot_be_checked_until_regulations_set_caps():
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("punitive", "financial_penalty", {"amount": 500}))}
    result = decide(proposed=proposal, **PCSC)
    assert result.errors == ()
    assert [p.reason.rule_id for p in result.advisories] == ["pcsc.financial_penalty_cap_unknown"]
    capped = decide(proposed=proposal, settings={"community_caution_financial_penalty_caps": {
        "summary": 50, "either_way": 100, "indictable_only": 150}}, **PCSC)
    assert problem_rules(capped) == ["community_caution.financial_penalty_cap"]


# --- Conditions and periods -------------------------------------------------------------------------

@pytest.mark.parametrize("disposal, regime, rule", [
    ("conditional_caution", {}, "conditional_caution.conditions_required"),
    ("diversionary_caution", PCSC, "pcsc.conditions_required"),
    ("community_caution", PCSC, "pcsc.conditions_required"),
])
def test_cautions_with_conditions_need_at_least_one(disposal, regime, rule):
    proposal = {"disposal": disposal, "completion_date": "2026-05-01", "conditions": []}
    assert problem_rules(decide(proposed=proposal, **regime)) == [rule]


def test_simple_caution_carries_no_conditions():
    proposal = {"disposal": "simple_caution", "conditions": conditions(("reparative", "apology", {}))}
    result = decide(proposed=proposal, settings={"simple_caution_permitted": True})
    assert problem_rules(result) == ["simple_caution.no_conditions"]


def test_community_resolution_actions_are_not_capped():
    proposal = {"disposal": "community_resolution",
                "conditions": conditions(("reparative", "apology", {}), ("reparative", "unpaid_work", {"hours": 30}))}
    assert decide(proposed=proposal).problems == ()


@pytest.mark.parametrize("completion, error, advisory", [
    ("2026-06-30", False, False),   # 16 weeks
    ("2026-07-07", False, True),    # 17 weeks: exceptional, record why
    ("2026-07-28", False, True),    # 20 weeks
    ("2026-07-29", True, False),    # over 20 weeks
    ("2026-03-09", True, False),    # before the decision
])
def test_condition_period_normally_16_weeks_and_never_over_20(completion, error, advisory):
    proposal = {"disposal": "conditional_caution", "completion_date": completion,
                "conditions": conditions(("rehabilitative", "course", {"hours": 4}))}
    result = decide(proposed=proposal)
    assert ("conditional_caution.condition_period" in problem_rules(result)) is error
    assert bool(result.advisories) is advisory
    assert bool(result.to_dict()["problems"]) is error


def test_missing_completion_date_is_a_problem_for_a_conditional_disposal():
    proposal = {"disposal": "diversionary_caution",
                "conditions": conditions(("rehabilitative", "course", {"hours": 4}))}
    result = decide(proposed=proposal, **PCSC)
    assert [(p.field, p.reason.rule_id) for p in result.errors] == [("proposed.completion_date",
                                                                      "pcsc.condition_period")]


def test_condition_kind_must_suit_its_type():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("punitive", "apology", {}), ("rehabilitative", "course", {"hours": 2}))}
    result = decide(proposed=proposal)
    assert [(p.field, p.reason.rule_id) for p in result.errors] == [("proposed.conditions[0].kind",
                                                                      "conditions.kind_matches_type")]


def test_restriction_alone_is_a_problem_on_a_conditional_caution():
    proposal = {"disposal": "conditional_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("restrictive", "restriction", {}))}
    assert problem_rules(decide(proposed=proposal)) == ["conditions.restrictive_in_support"]
    proposal["conditions"] += conditions(("reparative", "apology", {}))
    assert decide(proposed=proposal).problems == ()


def test_proposal_from_the_other_framework_is_a_problem():
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("reparative", "apology", {}))}
    result = decide(proposed=proposal)
    assert problem_rules(result) == ["regime.two_tier"]
    assert "not a disposal of this framework" in result.errors[0].text


def test_blocked_proposal_lists_each_reason_as_a_problem():
    proposal = {"disposal": "community_resolution", "conditions": []}
    result = decide(proposed=proposal, admission=False, offence={"gravity_score": 3})
    assert problem_rules(result) == ["community_resolution.admission", "gravity.outside_force_policy"]
    assert all(str(p).startswith("proposed.disposal: Community Resolution is not available: ") for p in result.errors)


# --- Age, regime and victims --------------------------------------------------------------------------

@pytest.mark.parametrize("regime", [{}, PCSC])
def test_under_18_blocks_everything_and_escalates_as_youth(regime):
    result = decide(suspect={"date_of_birth": "2008-06-01"}, **regime)
    assert result.available == ()
    assert "youth" in result.escalate
    for disposal, reasons in result.blocked.items():
        adult = next(r for r in reasons if r.rule_id == f"{disposal}.adult")
        assert adult.text.startswith("The suspect is 17")


@pytest.mark.parametrize("born, youth", [("2008-03-10", False), ("2008-03-11", True)])
def test_18th_birthday_on_the_decision_date_counts_as_adult(born, youth):
    result = decide(suspect={"date_of_birth": born})
    assert ("youth" in result.escalate) is youth


def test_leap_day_birthday_turns_18_on_1_march():
    assert "youth" in decide(decision_date="2026-02-28", suspect={"date_of_birth": "2008-02-29"}).escalate
    assert "youth" not in decide(decision_date="2026-03-01", suspect={"date_of_birth": "2008-02-29"}).escalate


def test_pcsc_governs_only_offences_on_or_after_commencement():
    assert decide(pcsc_commencement="2026-02-01").regime == "pcsc_2022"
    assert decide(pcsc_commencement="2026-02-02").regime == "two_tier"


def test_pcsc_commencement_comes_from_settings_unless_the_case_gives_one():
    assert decide(settings={"pcsc_commencement": "2026-01-01"}).regime == "pcsc_2022"
    assert decide(settings={"pcsc_commencement": "2026-01-01"}, pcsc_commencement="2026-03-01").regime == "two_tier"
    assert decide().regime == "two_tier"


def test_regime_reason_names_the_commencement_date():
    assert "1 June 2025" in decide(**PCSC).regime_reason.text


@pytest.mark.parametrize("flags", [{"vulnerable": True}, {"intimidated": True}, {"persistently_targeted": True}])
def test_any_victim_with_enhanced_rights_brings_the_update_forward(flags):
    result = decide(victims=[victim(), victim(**flags)])
    assert result.victim_update_due.isoformat() == "2026-03-11"
    assert [d.isoformat() for d in result.victim_update_dues] == ["2026-03-17", "2026-03-11"]
    assert result.victims_enhanced == (False, True)
    assert result.deadline_reasons["victim_update_due"].text.startswith("1 of 2 victims have enhanced rights")
    assert result.to_dict()["victims"][1] == {"enhanced_rights": True, "update_due": "2026-03-11"}


def test_a_victim_under_18_at_the_offence_has_enhanced_rights_and_an_organisation_none():
    child = victim(date_of_birth="2008-02-02")       # 17 on the offence date (2026-02-01), 18 at the decision
    adult = victim(date_of_birth="2008-02-01")       # 18 on the offence date
    shop = victim(organisation=True, vulnerable=True)
    result = decide(victims=[child, adult, shop])
    assert result.victims_enhanced == (True, False, False)
    assert result.victim_update_due.isoformat() == "2026-03-11"


def test_wounding_with_intent_gives_its_victim_enhanced_rights_in_the_engine():
    result = decide(offence={"offence_key": "gbh_with_intent", "mode_of_trial": "indictable_only"})
    assert result.victims_enhanced == (True,)


def test_a_victim_date_of_birth_that_is_not_a_date_names_the_field():
    with pytest.raises(AssessInputError, match=r"victims\[0\]\.date_of_birth"):
        decide(victims=[victim(date_of_birth="soon")])


@pytest.mark.parametrize("decision, standard, enhanced", [
    ("2025-12-23", "2026-01-02", "2025-12-24"),   # Christmas, Boxing Day and New Year's Day skipped
    ("2025-12-24", "2026-01-05", "2025-12-29"),
    ("2026-04-02", "2026-04-13", "2026-04-07"),   # Good Friday and Easter Monday skipped
    ("2026-03-13", "2026-03-20", "2026-03-16"),   # Friday: the weekend is skipped
])
def test_victim_updates_count_england_and_wales_working_days(decision, standard, enhanced):
    case = {"decision_date": decision, "offence": {"offence_date": "2025-12-01"}}
    assert decide(**case).victim_update_due.isoformat() == standard
    assert decide(victims=[victim(vulnerable=True)], **case).victim_update_due.isoformat() == enhanced


def test_victim_update_timescales_are_settings():
    result = decide(settings={"victim_update_working_days": 10})
    assert result.victim_update_due.isoformat() == "2026-03-24"


@pytest.mark.parametrize("views, text", [("opposes_oocd", "opposed by 1 victim"),
                                         ("not_obtained", "not obtained from 1 victim")])
def test_victim_views_not_supporting_are_flagged_for_each_open_disposal(views, text):
    result = decide(victims=[victim(views=views)])
    assert [w.rule_id for w in result.warnings] == ["community_resolution.victim_consent",
                                                    "conditional_caution.victim_views"]
    assert all(w.text.startswith(f"Victim views {text}. ") for w in result.warnings)


def test_pcsc_victim_views_are_a_statutory_duty():
    result = decide(victims=[victim(views="not_obtained")], **PCSC)
    assert "pcsc.victim_views" in [w.rule_id for w in result.warnings]


def test_previous_caution_under_pcsc_flags_the_unmade_repeat_caution_rules():
    result = decide(previous=[{"outcome": "conditional_caution", "date": "2023-01-01", "similar": False}], **PCSC)
    assert "pcsc.repeat_cautions" in [w.rule_id for w in result.warnings]


# --- Output shape ------------------------------------------------------------------------------------

def test_to_dict_writes_blocked_reasons_and_problems_with_their_sources():
    proposal = {"disposal": "community_caution", "completion_date": "2026-05-01",
                "conditions": conditions(("reparative", "unpaid_work", {"hours": 15}))}
    out = decide(proposed=proposal, admission=False, **PCSC).to_dict()
    assert out["blocked"]["community_caution"][0] == (
        "The offence is not admitted. A community caution needs the offender to admit the offence "
        "(Police, Crime, Sentencing and Courts Act 2022 s.108 (HL Bill 95 cl.107; section number UNCERTAIN))")
    assert "proposed.conditions[0].hours: Unpaid work totals 15 hours. Unpaid work on a community caution may " \
           "total at most 10 hours (Police, Crime, Sentencing and Courts Act 2022 s.110)" in out["problems"]
    assert list(out)[:8] == ["regime", "final_gravity_score", "available", "blocked", "refer_to_cps", "escalate",
                             "deadlines", "problems"]


def test_detail_gives_structured_reasons_for_every_disposal():
    detail = decide(offence={"gravity_score": 4}).detail()
    assert [d["code"] for d in detail["disposals"]] == ["community_resolution", "simple_caution",
                                                        "conditional_caution"]
    conditional = detail["disposals"][2]
    assert conditional["available"] is False and conditional["prosecutor_may_authorise"] is True
    assert conditional["reasons"][0]["rule_id"] == "gravity.prosecutor_only"
    assert set(conditional["reasons"][0]) >= {"rule_id", "text", "source", "confidence"}
    assert detail["deadlines"]["victim_update_due"]["reason"]["rule_id"] == "victims.update"


@pytest.mark.parametrize("disposal, rule_id, pcsc", [
    ("community_resolution", "community_remedy.community_resolution", False),
    ("conditional_caution", "community_remedy.conditional_caution", False),
    ("community_caution", "community_remedy.pcsc", True),
])
def test_an_action_the_victim_asked_for_is_attached_or_the_reason_recorded(disposal, rule_id, pcsc):
    asks = victim(requested_action="apology")
    changes = {"pcsc_commencement": "2025-06-01"} if pcsc else {}
    missing = decide(victims=[asks], proposed={"disposal": disposal, "conditions": [
        {"kind": "rehabilitative", "type": "course"}], "completion_date": "2026-05-01"}, **changes)
    advisories = [p for p in missing.advisories if p.reason.rule_id == rule_id]
    assert advisories and "Victim 1 asked for an apology to the victim" in advisories[0].text
    assert all(p.reason.rule_id != rule_id for p in missing.errors)  # lawful with a recorded reason
    attached = decide(victims=[asks], proposed={"disposal": disposal, "conditions": [
        {"kind": "reparative", "type": "apology"}], "completion_date": "2026-05-01"}, **changes)
    assert all(p.reason.rule_id != rule_id for p in attached.problems)


def test_a_requested_action_must_be_a_condition_type():
    with pytest.raises(AssessInputError, match=r"victims\[0\]\.requested_action"):
        decide(victims=[victim(requested_action="flowers")])


@pytest.mark.parametrize("level, score, escalated", [(2, 2, False), (2, 3, True), (0, 1, True), (4, 4, False)])
def test_either_way_offences_escalate_above_the_force_level(level, score, escalated):
    result = decide(settings={"escalate_either_way_above_score": level}, offence={"gravity_score": score})
    assert ("either_way" in result.escalate) is escalated


def test_escalation_level_must_be_a_score():
    from webapp.domain.config import ConfigError, EngineConfig
    with pytest.raises(ConfigError, match="escalate_either_way_above_score"):
        EngineConfig.from_mapping({"escalate_either_way_above_score": 5})


def test_guidance_limits_may_be_passed_with_a_supervisor_and_reason_but_the_statute_never():
    from webapp.domain.authorisation import FORCE_POLICY, HARD, rule_class
    assert rule_class("conditional_caution.condition_period", False) == FORCE_POLICY   # 16/20 weeks: guidance
    assert rule_class("time_limit.breach_review_buffer", False) == FORCE_POLICY        # review time: force policy
    assert rule_class("time_limit.summary_only", False) == HARD                        # s.127: statute
