"""Four eyes: the person who recorded a decision never authorises it. No Flask here."""
from __future__ import annotations


def four_eyes_problem(decided_by_id: int | None, reviewer_id: int | None) -> str | None:
    """Why this reviewer may not approve or return the decision; None when they may."""
    if decided_by_id is not None and decided_by_id == reviewer_id:
        return "You recorded this decision, so another supervisor must authorise it"
    return None
