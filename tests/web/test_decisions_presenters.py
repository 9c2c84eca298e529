"""The decision pages' presenters from plain data: no database, no client."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from webapp.decisions import presenters

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
