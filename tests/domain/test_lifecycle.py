"""The case lifecycle: which statuses keep a high-risk referral on the escalation queue."""
from __future__ import annotations

import pytest

from webapp.domain.lifecycle import STATUSES, awaits_escalation_review


@pytest.mark.parametrize("status", ["referred", "screening"])
def test_a_high_risk_referral_awaits_review_until_it_is_past_screening(status):
    assert awaits_escalation_review(True, status)
    assert not awaits_escalation_review(False, status)


def test_past_screening_nothing_awaits_review():
    later = set(STATUSES) - {"referred", "screening"}
    assert later and not any(awaits_escalation_review(True, s) for s in later)
