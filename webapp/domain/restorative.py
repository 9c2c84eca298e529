"""Restorative Justice: when a victim and an offender are suitable to take part, what can be offered,
and what becomes of it.

Following the Restorative Justice Council's practice guidance (Best practice guidance for restorative
practice, 2011; Principles of restorative practice, 2015): taking part is voluntary for everyone,
with informed consent; the offender must accept responsibility for the harm; a trained facilitator
assesses risk and safety before any contact and prepares both; and each participant is followed up
afterwards. Under the Victims' Code (2020, Right 4) victims are told about Restorative Justice; it is
never offered to reduce the offender's outcome. Nothing here imports Flask.
"""
from __future__ import annotations

from dataclasses import dataclass

TYPES = {
    "direct_conference": "Direct: a face-to-face conference",
    "indirect_shuttle": "Indirect: shuttle communication through the facilitator",
    "letter_of_apology": "Indirect: a letter of apology",
}

RISK_LEVELS = {"low": "Low", "medium": "Medium: manageable with a safety plan", "high": "High"}

STATUSES = {
    "not_suitable": "Not suitable",
    "suitable": "Suitable",
    "arranged": "Arranged",
    "completed": "Completed",
    "not_completed": "Did not take place",
}
STATUS_TAGS = {"not_suitable": "govuk-tag--grey", "suitable": "govuk-tag--turquoise", "arranged": "govuk-tag--blue",
               "completed": "govuk-tag--green", "not_completed": "govuk-tag--orange"}

OUTCOMES = {
    "agreement": "Took place: an agreement was reached",
    "no_agreement": "Took place: no agreement",
    "letter_delivered": "The letter was delivered to the victim",
    "victim_withdrew": "The victim withdrew",
    "offender_withdrew": "The offender withdrew",
    "facilitator_stopped": "The facilitator stopped it (risk or safety)",
}
# Outcomes that mean the activity was done, so a condition it stands for is met.
DONE_OUTCOMES = ("agreement", "no_agreement", "letter_delivered")


@dataclass(frozen=True)
class Side:
    """One participant's readiness, as the facilitator assessed it."""

    consents: bool
    ready: bool
    risk: str  # a RISK_LEVELS key
    accepts_responsibility: bool = True  # asked of the offender only


# rules.toml [[procedure]] restorative.suitability and restorative.high_risk
def unsuitable_reasons(victim: Side, offender: Side) -> list[str]:
    """Why the two cannot take part now; empty when both are suitable. Each reason is for the caseworker."""
    reasons = []
    if not victim.consents:
        reasons.append("The victim has not given informed consent: taking part is always their choice")
    if not offender.consents:
        reasons.append("The offender has not given informed consent")
    if not offender.accepts_responsibility:
        reasons.append("The offender does not accept responsibility for the harm caused")
    if not victim.ready:
        reasons.append("The victim is not ready yet")
    if not offender.ready:
        reasons.append("The offender is not ready yet")
    if "high" in (victim.risk, offender.risk):
        reasons.append("The risk of further harm is high: no contact should go ahead")
    return reasons


# rules.toml [[procedure]] restorative.domestic_abuse
def advice(rj_type: str, domestic_abuse: bool) -> str:
    """Not a bar, but what the facilitator must weigh (force policy, not statute)."""
    if domestic_abuse and rj_type == "direct_conference":
        return ("This is a domestic abuse case: a face-to-face conference needs a facilitator trained for domestic "
                "abuse and must follow the force's domestic abuse policy.")
    return ""


def outcome_status(outcome: str) -> str:
    return "completed" if outcome in DONE_OUTCOMES else "not_completed"
