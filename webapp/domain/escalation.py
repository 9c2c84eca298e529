"""Which cases go to a supervisor first, by force policy. One rule for the engine (`oocr assess`), the
intake queue and the decision's sign-off. No Flask here.

By default: domestic abuse, hate crime, indictable-only offences, and either-way offences whose gravity
score is above the level the force sets (EngineConfig.escalate_either_way_above_score), so a first
low-value shop theft no longer waits for a supervisor. A suspect under 18 is always flagged: the case goes
to the Youth Offending Team (force process), not through the adult framework.
"""
from __future__ import annotations

from webapp.domain.disposals import EITHER_WAY, INDICTABLE_ONLY

# The contract's order (shared/scenarios/FORMAT.md).
FLAGS = ("domestic_abuse", "hate_crime", "indictable_only", "either_way", "youth")
DEFAULT_EITHER_WAY_ABOVE_SCORE = 2


def escalation_flags(*, mode_of_trial: str, domestic_abuse: bool, hate_crime: bool, gravity_score: int | None,
                     youth: bool = False, either_way_above: int = DEFAULT_EITHER_WAY_ABOVE_SCORE) -> tuple[str, ...]:
    """The flags raised, in the contract's order.

    An either-way offence is flagged only on a score above the force's level: without a score it is not flagged
    merely for being either way (the screening asks for the score, and the flag is worked out again once it is
    recorded). `oocr assess` always has a score: the gravity score is part of its input.
    """
    raised = {
        "domestic_abuse": domestic_abuse,
        "hate_crime": hate_crime,
        "indictable_only": mode_of_trial == INDICTABLE_ONLY,
        "either_way": mode_of_trial == EITHER_WAY and gravity_score is not None and gravity_score > either_way_above,
        "youth": youth,
    }
    return tuple(flag for flag in FLAGS if raised[flag])


def score_for_escalation(screened_score: int | None, referral_score: int | None) -> int | None:
    """The score the escalation rule reads: the final gravity score once the screening records it (the base score
    moved by the aggravating and mitigating factors), before that the base score recorded on the referral."""
    return screened_score if screened_score is not None else referral_score


def needs_supervisor_first(flags: tuple[str, ...]) -> bool:
    """A youth flag alone sends the case to the Youth Offending Team, not to the adult supervisor queue."""
    return any(flag != "youth" for flag in flags)
