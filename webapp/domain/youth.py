"""A suspect under 18 is not dealt with in the adult framework: the case goes to the force's joint
decision panel with the Youth Offending Team, which records its outcome. No Flask here.

The engine keeps every adult disposal closed for a youth (each with its own source) and `oocr assess`
flags `youth`; what happens next is force process, so the reason given cites that, not a statute.
"""
from __future__ import annotations

from datetime import date

from webapp.domain.victims import age_on

ADULT_AGE = 18
# Children and Young Persons Act 1933 s.50: no child under 10 can be guilty of an offence.
AGE_OF_CRIMINAL_RESPONSIBILITY = 10

REFERRAL_REASON = ("The suspect was under 18 when the decision is made, so the adult out-of-court disposals do "
                   "not apply. Under force process the case goes to a joint decision with the Youth Offending "
                   "Team (youth justice service), whose panel decides the outcome.")

# What the joint decision panel can decide, with where each youth outcome comes from.
PANEL_OUTCOMES = {
    "youth_community_resolution": ("Youth Community Resolution", "NPCC Child Gravity Matrix (2023); force process"),
    "youth_caution": ("Youth caution", "Crime and Disorder Act 1998 s.66ZA"),
    "youth_conditional_caution": ("Youth conditional caution", "Crime and Disorder Act 1998 s.66A"),
    "charge": ("Charge", "Referred back for a charging decision"),
    "no_further_action": ("No further action", "Force process"),
}


def is_youth(date_of_birth: date, on: date) -> bool:
    return age_on(date_of_birth, on) < ADULT_AGE


def suspect_is_youth(case, on: date) -> bool:
    """Under 18 on `on`: the adult disposals are closed and the Youth Offending Team panel decides. False
    while the suspect or their date of birth is not known."""
    born = case.suspect.date_of_birth if case.suspect else None
    return bool(born and is_youth(born, on))


def outcome_label(code: str | None) -> str:
    return PANEL_OUTCOMES.get(code or "", (code or "", ""))[0]
