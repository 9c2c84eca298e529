"""The case lifecycle: which status may follow which.

Kept as data so the case page can offer only lawful next steps and a job or the command line
can check a transition the same way as the web.
"""
from __future__ import annotations

STATUSES: dict[str, str] = {
    "referred": "Referred",
    "screening": "Screening",
    "awaiting_clinic": "Awaiting clinic",
    "decided": "Decided",
    "conditions_active": "Conditions active",
    "completed": "Completed",
    "breached": "Breached",
    "prosecuted": "Prosecuted",
    "closed": "Closed",
}

NEXT: dict[str, tuple[str, ...]] = {
    "referred": ("screening", "closed"),
    "screening": ("awaiting_clinic", "decided", "closed"),
    "awaiting_clinic": ("decided", "screening", "closed"),
    "decided": ("conditions_active", "completed", "closed"),
    "conditions_active": ("completed", "breached"),
    "breached": ("prosecuted", "conditions_active", "closed"),
    "completed": ("closed",),
    "prosecuted": ("closed",),
    "closed": (),
}

OPEN_STATUSES = tuple(s for s in STATUSES if s not in ("completed", "prosecuted", "closed"))
# A high-risk referral waits on the supervisors' escalation queue until it is past screening.
AWAITING_ESCALATION_REVIEW = ("referred", "screening")


def awaits_escalation_review(is_high_risk: bool, status: str) -> bool:
    return bool(is_high_risk) and status in AWAITING_ESCALATION_REVIEW

# GOV.UK tag colours: the status reads at a glance in lists.
TAG_CLASS: dict[str, str] = {
    "referred": "govuk-tag--light-blue",
    "screening": "govuk-tag--blue",
    "awaiting_clinic": "govuk-tag--purple",
    "decided": "govuk-tag--turquoise",
    "conditions_active": "govuk-tag--yellow",
    "completed": "govuk-tag--green",
    "breached": "govuk-tag--red",
    "prosecuted": "govuk-tag--orange",
    "closed": "govuk-tag--grey",
}


class TransitionError(ValueError):
    pass


def check_transition(current: str, new: str) -> None:
    if new not in STATUSES:
        raise TransitionError(f"Unknown status {new!r}")
    if new not in NEXT.get(current, ()):
        raise TransitionError(
            f"A case that is {STATUSES[current].lower()} cannot become {STATUSES[new].lower()}"
        )


def escalation_reasons(mode_of_trial: str, domestic_abuse: bool, hate_crime: bool,
                       gravity_score: int | None = None, either_way_above: int | None = None) -> list[str]:
    """Why a referral needs a supervisor's eye before anything else happens to it, by the force's policy
    (webapp.domain.escalation): `either_way_above` is the force's setting (EngineConfig.escalate_either_way_above_score,
    the default when None). Without a score an either-way offence is not flagged."""
    from webapp.domain.escalation import DEFAULT_EITHER_WAY_ABOVE_SCORE, escalation_flags
    level = DEFAULT_EITHER_WAY_ABOVE_SCORE if either_way_above is None else either_way_above
    return list(escalation_flags(mode_of_trial=mode_of_trial, domestic_abuse=domestic_abuse, hate_crime=hate_crime,
                                 gravity_score=gravity_score, either_way_above=level))


ESCALATION_LABELS = {
    "domestic_abuse": "Domestic abuse",
    "hate_crime": "Hate crime",
    "indictable_only": "Indictable only",
    "either_way": "Either way, above the force's gravity level",
    "youth": "Youth",
}
