"""The decision pages' presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from webapp.decisions import presenters
from webapp.domain.assess import AssessInputError
from webapp.domain.config import EngineConfig

OFFENCE = SimpleNamespace(domestic_abuse=False, hate_crime=False, offence_key="theft", offence_date=None)


def _victim(vulnerable=False, first_name="Sam"):
    return SimpleNamespace(first_name=first_name, date_of_birth=None, vulnerable=vulnerable, intimidated=False,
                           persistently_targeted=False)


def _decision(status="awaiting_authorisation", source="police", snapshot=None, **kw):
    return SimpleNamespace(**{"status": status, "case": SimpleNamespace(source=source), "needs_prosecutor": False,
                              "prosecutor_consent_at": None, "override_code": None, "engine_snapshot": snapshot,
                              **kw})


def test_a_conditions_problem_points_at_the_form_row_it_came_from():
    assert presenters.form_field_id("proposed.conditions[0].hours", row_map=[2, 3]) == "conditions-2-hours"
    assert presenters.form_field_id("proposed.conditions[4].amount", row_map=[2]) == "conditions-4-amount"
    assert presenters.form_field_id("proposed.conditions") == "conditions"
    assert presenters.form_field_id("proposed.completion_date") == "completion_date"
    assert presenters.form_field_label("proposed.conditions[1].type") == "Condition 2: condition"
    assert presenters.form_field_label("proposed.completion_date") == "Completion date"


def test_the_victims_summary_counts_those_with_enhanced_rights():
    def summary(*victims):
        return presenters.victims_summary(SimpleNamespace(victims=list(victims), offence=OFFENCE))
    assert summary() == "None recorded"
    assert summary(_victim(), _victim()) == "2"
    assert summary(_victim(vulnerable=True)) == "1 (enhanced rights)"
    assert summary(_victim(vulnerable=True), _victim(), _victim(vulnerable=True, first_name="")) == (
        "3 (1 with enhanced rights)")  # an organisation never has enhanced rights


def test_disposal_radios_say_whether_the_engine_leaves_each_open_with_the_first_reason_as_hint():
    reason = {"text": "Indictable-only offence", "legal_source": "PCSC Act 2022 s.98"}
    detail = {"disposals": [
        {"code": "diversionary_caution", "label": "Diversionary caution", "available": True,
         "prosecutor_may_authorise": False, "reasons": []},
        {"code": "community_caution", "label": "Community caution", "available": False,
         "prosecutor_may_authorise": True, "reasons": [reason, {"text": "second", "legal_source": "x"}]},
        {"code": "simple_caution", "label": "Simple caution", "available": False,
         "prosecutor_may_authorise": False, "reasons": [reason]}]}
    assessment = SimpleNamespace(detail=lambda: detail)
    assert presenters.disposal_choices(assessment) == [
        ("diversionary_caution", "Diversionary caution (available)"),
        ("community_caution", "Community caution (blocked: only with a prosecutor's agreement)"),
        ("simple_caution", "Simple caution (blocked)")]
    assert presenters.disposal_hints(assessment) == [
        {}, {"hint": {"text": "Indictable-only offence (PCSC Act 2022 s.98)"}},
        {"hint": {"text": "Indictable-only offence (PCSC Act 2022 s.98)"}}]


def test_queue_flags_say_why_a_decision_is_there_and_leave_youth_to_the_panel():
    plain = _decision()
    assert presenters.decision_flags(plain) == []
    busy = _decision(source="cps_diverted", needs_prosecutor=True, override_code="victim_views",
                     snapshot={"result": {"escalate": ["youth", "hate_crime", "domestic_abuse"]},
                               "authorisation": {"supervisor_reasons": ["Override recorded"]}})
    assert presenters.decision_flags(busy) == [
        "CPS-diverted", "Needs prosecutor's consent", "Override: The victim's views",
        "High risk: hate crime, domestic abuse"]
    assert presenters.supervisor_reasons(busy) == ["Override recorded"] and presenters.supervisor_reasons(plain) == []
    consented = _decision(needs_prosecutor=True, prosecutor_consent_at="2026-03-05")
    assert presenters.decision_flags(consented) == ["Prosecutor's consent recorded"]


def test_status_tags_numbers_and_the_override_report():
    assert presenters.status_tag(_decision("returned")) == {"text": "Returned for changes",
                                                            "classes": "govuk-tag--orange"}
    assert presenters.status_tag(_decision("archived")) == {"text": "archived", "classes": ""}
    assert [presenters.number(v) for v in (None, Decimal("6.00"), Decimal("12.50"), 1040.25)] == [
        "", "6", "12.5", "1,040.25"]
    report = presenters.override_report([("victim_views", 3), ("retired_code", 1)])
    assert [(r["code"], r["count"]) for r in report] == [
        ("exceptional_circumstances_recorded", 0), ("victim_views", 3), ("new_information", 0),
        ("force_policy_exception", 0), ("retired_code", 1)]
    assert report[-1]["label"] == "retired_code"


def test_confidence_badges_and_procedure_rows():
    assert presenters.confidence_badge("V") == {"text": "Checked against the law", "classes": "moj-badge--green"}
    assert presenters.confidence_badge("Q") == {"text": "Q", "classes": "moj-badge--grey"}
    rows = presenters.procedure_rows([{"id": "victims.onward_referral", "confidence": "UNCERTAIN"}])
    assert rows == [{"id": "victims.onward_referral", "confidence": "UNCERTAIN",
                     "badge": {"text": "UNCERTAIN", "classes": "moj-badge--red"}}]


def test_the_error_summary_lists_list_problems_and_messages_or_is_none():
    assert presenters.error_summary() is None
    summary = presenters.error_summary(list_problems=[{"field_label": "Conditions", "message": "Add one",
                                                       "field_id": "conditions"}], messages=["Changed elsewhere"])
    assert summary == {"titleText": "There is a problem", "errorList": [
        {"text": "Conditions: Add one", "href": "#conditions"}, {"text": "Changed elsewhere", "href": "#main-content"}]}


def test_the_evidential_stage_reads_the_full_code_test_before_the_screening():
    def text(fct_met, screening_met):
        fct = SimpleNamespace(evidential_met=fct_met) if fct_met is not None else None
        return presenters.evidential_stage_text(SimpleNamespace(
            full_code_test=fct, screening=SimpleNamespace(evidential_stage_met=screening_met)))
    assert text(False, True) == "not met"
    assert text(None, True) == "met"
    assert text(None, None) == "not yet recorded (treated as not met)"


def _reason(rule_id="gravity.outside_force_policy", prosecutor=False, confidence="V"):
    return {"rule_id": rule_id, "prosecutor_may_authorise": prosecutor, "confidence": confidence,
            "text": "Gravity 3 is above the force's level", "legal_source": "Force policy"}


def _assessment(problems=()):
    detail = {"regime": {"label": "Two-tier (PCSC Act 2022)", "code": "two_tier", "reason": _reason("regime")},
              "gravity": {"final_score": 3, "reason": _reason()},
              "disposals": [{"code": "diversionary_caution", "reasons": [_reason("da.exception", prosecutor=True)]}],
              "refer_to_cps": {"required": False, "reasons": []}, "escalate": ["hate_crime", "unheard_of"],
              "deadlines": {"victim_update": {"reason": None}, "summary_time_limit": {"reason": _reason("time_limit")}},
              "warnings": []}
    return SimpleNamespace(detail=lambda: detail, victims_enhanced=[False, True],
                           victim_update_dues=[date(2026, 3, 12), date(2026, 3, 6)],
                           victim_update_due=date(2026, 3, 6), summary_time_limit=date(2026, 8, 1),
                           latest_completion_date=date(2026, 6, 1), problems=list(problems))


def test_the_eligibility_panel_classes_each_reason_and_gives_each_victim_their_timescale():
    facts = SimpleNamespace(offence=SimpleNamespace(gravity_score=2))
    panel = presenters.eligibility_panel(assessment=_assessment(), facts=facts, config=EngineConfig(),
                                         decision_date=date(2026, 3, 5), left_out=["Victim 2's views"])
    assert (panel["regime"], panel["base_score"], panel["final_score"]) == ("Two-tier (PCSC Act 2022)", 2, 3)
    assert panel["gravity_reason"]["rule_class"] == "Override with a coded reason and a supervisor"
    assert panel["regime_reason"]["rule_class"] == "Cannot be overridden"
    assert panel["disposals"][0]["reasons"][0]["rule_class"] == (
        "Only with a prosecutor's agreement (recorded by a supervisor)")
    assert panel["victim_deadlines"] == [{"number": 1, "enhanced": False, "due": date(2026, 3, 12), "days": 5},
                                         {"number": 2, "enhanced": True, "due": date(2026, 3, 6), "days": 1}]
    assert panel["escalate"] == ["Hate crime", "unheard_of"] and list(panel["deadline_reasons"]) == [
        "summary_time_limit"]
    assert (panel["problems"], panel["refused"], panel["override_required"]) == (None, False, False)
    assert panel["left_out"] == ["Victim 2's views"] and panel["error"] is None


def test_the_eligibility_panel_shows_only_the_input_error_when_the_case_cannot_be_assessed():
    panel = presenters.eligibility_panel(assessment=None, facts=None, config=EngineConfig(),
                                         decision_date=date(2026, 3, 5),
                                         error=AssessInputError("offence.gravity_score", "is missing"))
    assert panel == {"decision_date": date(2026, 3, 5), "left_out": [],
                     "error": {"field": "offence.gravity_score", "message": "is missing"}}


def test_problem_items_carry_the_form_field_and_what_the_caseworker_can_do():
    problem = SimpleNamespace(field="proposed.conditions[0].hours", text="Too many hours", source="CoP 2.1",
                              reason=SimpleNamespace(legal_source="", rule_id="conditional_caution.hours",
                                                     confidence="S"))
    review = SimpleNamespace(kind_of=lambda p: "force_policy", refused=False, override_required=True)
    (item,) = presenters.problem_items(_assessment([problem]), review, row_map=[1])
    assert (item["field_id"], item["field_label"], item["legal_source"]) == (
        "conditions-1-hours", "Condition 1: hours", "CoP 2.1")
    assert item["kind_badge"] == {"text": "Needs an override reason", "classes": "moj-badge--purple"}
    assert item["badge"] == {"text": "Secondary source", "classes": "moj-badge--blue"}
    panel = presenters.eligibility_panel(assessment=_assessment([problem]), facts=None, config=EngineConfig(),
                                         decision_date=date(2026, 3, 5), review=review)
    assert (len(panel["problems"]), panel["refused"], panel["override_required"], panel["base_score"]) == (
        1, False, True, None)
