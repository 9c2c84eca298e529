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
