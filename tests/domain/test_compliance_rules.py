"""Compliance rules: what is enforceable, breach outcomes by disposal, the s.127 warning, overdue and
reminder dates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from webapp.domain import compliance as c
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, SIMPLE_CAUTION,
)

TODAY = date(2026, 11, 20)


# ----- enforceability and outcomes ------------------------------------------------------------------

def test_community_resolution_is_never_enforceable():
    assert not c.is_enforceable(COMMUNITY_RESOLUTION)
    assert c.breach_outcomes(COMMUNITY_RESOLUTION) == []
    assert "never leads to breach proceedings" in c.not_enforceable_reason(COMMUNITY_RESOLUTION)
    assert c.breach_outcomes(SIMPLE_CAUTION) == []


@pytest.mark.parametrize("disposal", [CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION])
def test_conditional_and_diversionary_cautions_offer_prosecution(disposal):
    codes = [o.code for o in c.breach_outcomes(disposal)]
    assert codes == [c.PROSECUTE, c.CONTINUE, c.VARY]
    prosecute = c.outcome_for(disposal, c.PROSECUTE)
    assert prosecute.case_path == ("breached", "prosecuted")
    assert prosecute.condition_status == c.BREACHED
    assert c.FINANCIAL_PENALTY not in codes
    assert c.not_enforceable_reason(disposal) is None


def test_conditional_caution_hint_cites_s24():
    hint = c.outcome_for(CONDITIONAL_CAUTION, c.PROSECUTE).hint
    assert "s.24" in hint and "admissible" in hint and "ceases" in hint


def test_community_caution_offers_a_penalty_never_prosecution():
    outcomes = c.breach_outcomes(COMMUNITY_CAUTION)
    codes = [o.code for o in outcomes]
    assert codes == [c.FINANCIAL_PENALTY, c.CONTINUE, c.VARY]
    assert c.outcome_for(COMMUNITY_CAUTION, c.PROSECUTE) is None
    penalty = outcomes[0]
    assert "registration certificate" in penalty.hint and "fine" in penalty.hint
    assert "cannot be prosecuted" in penalty.hint
    assert penalty.case_path == ("breached",)


def test_continue_and_vary_return_the_case_to_active_conditions():
    for code in (c.CONTINUE, c.VARY):
        outcome = c.outcome_for(CONDITIONAL_CAUTION, code)
        assert outcome.case_path == ("breached", "conditions_active")
    assert c.outcome_for(CONDITIONAL_CAUTION, c.CONTINUE).condition_status == c.PENDING
    assert c.outcome_for(CONDITIONAL_CAUTION, c.VARY).condition_status == c.VARIED


def test_prosecution_is_withdrawn_once_time_barred():
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 8, 2), 28)
    assert limit.level == "passed"
    assert [o.code for o in c.breach_outcomes(CONDITIONAL_CAUTION, limit)] == [c.CONTINUE, c.VARY]


# ----- s.127 ----------------------------------------------------------------------------------------

def test_time_limit_scenario_three():
    """law-and-practice.md scenario 3: common assault on 1 Feb 2025, limit 1 Aug 2025."""
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 6, 20), 28)
    assert limit.limit == date(2025, 8, 1)
    assert limit.warn_from == date(2025, 7, 4)
    assert limit.level == "ok"
    near = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 7, 4), 28)
    assert near.level == "near" and near.days_left == 28
    assert "28 days away" in near.message and "s.127" in near.message
    assert c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 2, 1), date(2025, 8, 1), 28).level == "near"


def test_time_limit_only_for_summary_offences_with_prosecution_on_breach():
    assert c.prosecution_time_limit(CONDITIONAL_CAUTION, "either_way", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(COMMUNITY_CAUTION, "summary", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(COMMUNITY_RESOLUTION, "summary", date(2025, 2, 1), TODAY, 28) is None
    assert c.prosecution_time_limit(DIVERSIONARY_CAUTION, "summary", date(2025, 2, 1), TODAY, 28) is not None


def test_time_limit_month_end():
    limit = c.prosecution_time_limit(CONDITIONAL_CAUTION, "summary", date(2025, 8, 31), date(2025, 9, 1), 0)
    assert limit.limit == date(2026, 2, 28)


# ----- overdue, reminders, balances ----------------------------------------------------------------

def test_overdue_only_when_open_and_past_due():
    assert c.is_overdue("pending", date(2026, 11, 19), TODAY)
    assert not c.is_overdue("pending", TODAY, TODAY)
    assert not c.is_overdue("completed", date(2026, 11, 1), TODAY)
    assert not c.is_overdue("pending", None, TODAY)


def test_reminder_window():
    assert c.needs_reminder("pending", date(2026, 11, 27), TODAY)
    assert not c.needs_reminder("pending", date(2026, 11, 28), TODAY)
    assert not c.needs_reminder("pending", date(2026, 11, 19), TODAY)
    assert c.reminder_date(date(2026, 11, 27)) == TODAY


def test_balance_never_negative():
    assert c.balance(Decimal("120.00"), Decimal("50")) == Decimal("70.00")
    assert c.balance(Decimal("120.00"), Decimal("150")) == 0
    assert c.balance(None, Decimal("1")) is None


def test_penalty_registrable_only_when_unpaid_after_due():
    assert c.penalty_registrable("awaiting_payment", date(2026, 11, 1), Decimal("0"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("awaiting_payment", date(2026, 11, 1), Decimal("50"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("awaiting_payment", TODAY, Decimal("0"), Decimal("50"), TODAY)
    assert not c.penalty_registrable("registered", date(2026, 11, 1), Decimal("0"), Decimal("50"), TODAY)
