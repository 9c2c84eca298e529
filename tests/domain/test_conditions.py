"""The conditions catalogue agrees with what a case may propose, and each caution's caps are the law's."""
from __future__ import annotations

from webapp.domain.case import CONDITION_KINDS, CONDITION_TYPES, Condition
from webapp.domain.conditions import CONDITION_CATALOGUE, financial_penalty_caps, hour_caps
from webapp.domain.config import EngineConfig


def test_catalogue_covers_every_condition_type_and_only_known_kinds():
    assert set(CONDITION_CATALOGUE) == set(CONDITION_TYPES)
    for condition_type in CONDITION_CATALOGUE.values():
        assert set(condition_type.kinds) <= set(CONDITION_KINDS)


def test_hour_caps_by_disposal():
    config = EngineConfig()
    caps = {d: {c.rule_id: c.cap for c in hour_caps(d, config)}
            for d in ("conditional_caution", "diversionary_caution", "community_caution", "community_resolution")}
    assert caps == {
        "conditional_caution": {"conditional_caution.attendance_cap": 20},
        "diversionary_caution": {"diversionary_caution.unpaid_work_cap": 20, "diversionary_caution.attendance_cap": 20},
        "community_caution": {"community_caution.unpaid_work_cap": 10, "community_caution.attendance_cap": 10},
        "community_resolution": {},
    }


def test_rehabilitative_attendance_is_never_capped():
    course = Condition(kind="rehabilitative", type="course", hours=100)
    for disposal in ("conditional_caution", "diversionary_caution", "community_caution"):
        assert not any(cap.counts(course) for cap in hour_caps(disposal, EngineConfig()))


def test_financial_penalty_caps_by_disposal():
    config = EngineConfig()
    assert financial_penalty_caps("conditional_caution", config)[1]["summary"] == 50
    assert financial_penalty_caps("community_caution", config) == ("community_caution.financial_penalty_cap", None)
    assert financial_penalty_caps("simple_caution", config) is None


def test_time_limit_reasons_give_dates_as_staff_write_them():
    """The s.127 limit, the force's breach review time and the commencement read "5 May 2026", not ISO dates."""
    import re

    from domain_cases import decide

    summary = decide(offence={"mode_of_trial": "summary", "offence_date": "2025-11-05",
                              "wording": "Harassment"}, decision_date="2026-05-20")
    texts = [r.text for reasons in summary.blocked.values() for r in reasons] + [
        r.text for r in summary.deadline_reasons.values()]
    assert any("cannot be prosecuted after 5 May 2026" in t for t in texts), texts
    pcsc = decide(settings={"pcsc_commencement": "2026-01-01"})
    assert "(1 January 2026)" in pcsc.regime_reason.text
    for text in texts + [pcsc.regime_reason.text]:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
