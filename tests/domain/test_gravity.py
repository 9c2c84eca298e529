"""The final gravity score: one level up for any aggravation, one down for any mitigation, within 1-4."""
from __future__ import annotations

import pytest

from webapp.domain.gravity import final_gravity_score


@pytest.mark.parametrize("base, aggravating, mitigating, final", [
    (2, [], [], 2),
    (2, ["premeditation"], [], 3),
    (2, ["premeditation", "group", "weapon"], [], 3),   # any number of factors moves one level
    (2, [], ["impulsive"], 1),
    (2, ["premeditation"], ["impulsive"], 2),
    (4, ["premeditation"], [], 4),
    (1, [], ["impulsive"], 1),
])
def test_final_score(base, aggravating, mitigating, final):
    assert final_gravity_score(base, aggravating, mitigating) == final


@pytest.mark.parametrize("base", [0, 5])
def test_base_outside_1_to_4_is_refused(base):
    with pytest.raises(ValueError):
        final_gravity_score(base)
