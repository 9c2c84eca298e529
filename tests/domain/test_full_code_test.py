"""webapp.domain.full_code_test: the public-interest questions as rows, in the Code's order."""
from __future__ import annotations

from webapp.domain.full_code_test import FACTOR_KEYS, factor_rows


def test_rows_follow_the_codes_order_and_default_to_not_relevant():
    rows = factor_rows({"victim": {"relevant": True, "note": "Elderly neighbour"}, "unknown": {"relevant": True}})
    assert [r["factor"].key for r in rows] == list(FACTOR_KEYS)
    assert [(r["factor"].key, r["note"]) for r in rows if r["relevant"]] == [("victim", "Elderly neighbour")]
    assert not any(r["relevant"] for r in factor_rows(None))
