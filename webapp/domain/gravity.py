"""The final gravity score: the offence's base score moved by the case's factors.

Any aggravating factor raises the score one level and any mitigating factor lowers it one level,
however many of each there are (ACPO Gravity Factor Matrix for Adults 2013, as described by YJLC).
"""
from __future__ import annotations

from collections.abc import Sequence

LOWEST_SCORE = 1
HIGHEST_SCORE = 4


def final_gravity_score(base: int, aggravating: Sequence[str] = (), mitigating: Sequence[str] = ()) -> int:
    if not LOWEST_SCORE <= base <= HIGHEST_SCORE:
        raise ValueError(f"base gravity score must be {LOWEST_SCORE}-{HIGHEST_SCORE}")
    score = base + (1 if aggravating else 0) - (1 if mitigating else 0)
    return max(LOWEST_SCORE, min(HIGHEST_SCORE, score))
