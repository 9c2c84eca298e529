"""Partner agencies: the fixed list of services a provider can offer, and the life of a referral.

The service keys are shared by the provider directory, the needs assessment's suggestions and the
referrals themselves, so "drug and alcohol service" means one thing everywhere. A referral may be
for the offender (rehabilitation, a condition) or for a victim (onward referral to support,
Victims' Code Right 4). Nothing here imports Flask or the database.
"""
from __future__ import annotations

OFFENDER = "offender"
VICTIM = "victim"
SUBJECTS = {OFFENDER: "Offender", VICTIM: "Victim"}

# Services for the person who offended. The keys match the needs assessment's suggestions.
OFFENDER_SERVICES: dict[str, str] = {
    "drug_alcohol": "Drug and alcohol service",
    "liaison_diversion": "Mental-health liaison and diversion service",
    "womens_centre": "Women's centre",
    "debt_advice": "Debt advice service",
    "housing": "Housing and accommodation advice",
    "employment": "Employment, education and training service",
    "gambling_support": "Gambling support service",
    "da_perpetrator": "Domestic abuse perpetrator programme",
    "da_support": "Domestic abuse support service",
    "veterans": "Veterans' support service",
    "emotional_management": "Anger and emotional management course",
    "victim_awareness": "Victim awareness course",
    "hate_crime_awareness": "Hate crime awareness course",
    "exploitation": "Exploitation and safeguarding team",
    "family_support": "Family support (early help)",
    "mentoring": "Mentoring service",
    "restorative_justice": "Restorative Justice service",
}

# Support services a victim may be referred on to (Victims' Code Right 4: referral to support).
VICTIM_SERVICES: dict[str, str] = {
    "victim_support": "Victim support service",
    "idva": "Independent Domestic Violence Adviser (IDVA)",
    "isva": "Independent Sexual Violence Adviser (ISVA)",
    "hate_crime_support": "Hate crime support",
    "young_victims": "Young victims' service",
    "restorative_justice": "Restorative Justice service",
    "womens_centre": "Women's centre",
    "debt_advice": "Debt advice service",
    "liaison_diversion": "Mental-health liaison and diversion service",
}

SERVICES: dict[str, str] = {**OFFENDER_SERVICES, **VICTIM_SERVICES}


def services_for(subject: str) -> dict[str, str]:
    return VICTIM_SERVICES if subject == VICTIM else OFFENDER_SERVICES


REFERRAL_METHODS = {
    "email": "Secure e-mail",
    "portal": "Online referral form",
    "phone": "Telephone",
    "letter": "Letter",
}

# "proposed" is the needs assessment's draft; the rest follow the agency's answer.
# rules.toml [[procedure]] partners.referral_statuses
REFERRAL_STATUSES = {
    "proposed": "Proposed",
    "sent": "Sent",
    "accepted": "Accepted",
    "attending": "Attending",
    "completed": "Completed",
    "did_not_attend": "Did not attend",
    "declined": "Declined",
}

REFERRAL_NEXT: dict[str, tuple[str, ...]] = {
    "proposed": ("sent", "declined"),
    "sent": ("accepted", "declined"),
    "accepted": ("attending", "did_not_attend", "declined"),
    "attending": ("completed", "did_not_attend"),
    "did_not_attend": ("attending", "completed"),
    "completed": (),
    "declined": (),
}

REFERRAL_TAGS = {
    "proposed": "govuk-tag--grey", "sent": "govuk-tag--blue", "accepted": "govuk-tag--turquoise",
    "attending": "govuk-tag--light-blue", "completed": "govuk-tag--green", "did_not_attend": "govuk-tag--red",
    "declined": "govuk-tag--orange",
}

# A referral that carries a condition feeds compliance: a missed session is flagged for review like a
# provider's attendance file would, and completion completes the condition.
MISSED = "missed"
DONE = "done"


def compliance_effect(status: str) -> str | None:
    return {"did_not_attend": MISSED, "completed": DONE}.get(status)


def can_move(current: str, new: str) -> bool:
    return new in REFERRAL_NEXT.get(current, ())


# rules.toml [[procedure]] partners.referral_agreement
def consent_problem(subject: str, consent: bool | None, status: str) -> str:
    """A referral passes the person's details to another organisation, so it needs their agreement
    before it is sent (UK GDPR art. 6; Victims' Code Right 4 says victims are referred only if they
    want to be). Returns what is wrong, or ""."""
    if status in ("proposed", "declined") or consent:
        return ""
    who = "the victim" if subject == VICTIM else "the person"
    return f"Record that {who} agreed to the referral before it is sent"
