"""The suspect needs assessment, as data: the domains a caseworker screens at the Caution Clinic and
the partner agencies each need suggests.

Domains: the OASys criminogenic-need sections (accommodation to attitudes) and the extra domains police
OOCR teams commonly screen (law-and-practice.md section 7). Safeguarding and vulnerability are recorded
as flags beside the domains, not as a domain. Nothing here imports Flask.
"""
from __future__ import annotations

from dataclasses import dataclass

from webapp.domain.partners import OFFENDER_SERVICES

OASYS = "oasys"
SCREENING = "screening"


@dataclass(frozen=True)
class NeedDomain:
    key: str
    label: str
    group: str  # OASYS or SCREENING
    hint: str = ""


NEED_DOMAINS: tuple[NeedDomain, ...] = (
    NeedDomain("accommodation", "Accommodation", OASYS, "No fixed address, temporary or unsuitable housing, risk of eviction"),
    NeedDomain("ete", "Education, training and employment", OASYS, "Unemployed, no qualifications, difficulty reading or writing"),
    NeedDomain("finance", "Finance", OASYS, "Debt, no stable income, benefits problems"),
    NeedDomain("relationships", "Relationships", OASYS, "Relationships with partner, family or friends linked to the offending"),
    NeedDomain("lifestyle", "Lifestyle and associates", OASYS, "Associates who offend, little structure to the day"),
    NeedDomain("drugs", "Drug misuse", OASYS, "Current or past drug use linked to the offending"),
    NeedDomain("alcohol", "Alcohol misuse", OASYS, "Drinking linked to the offending, binge or dependent drinking"),
    NeedDomain("mental_health", "Emotional wellbeing and mental health", OASYS, "Diagnosed or suspected mental ill health, self-harm, low mood"),
    NeedDomain("thinking", "Thinking and behaviour", OASYS, "Impulsivity, temper control, problem solving"),
    NeedDomain("attitudes", "Attitudes", OASYS, "Attitudes supporting offending, no recognition of harm to the victim"),
    NeedDomain("physical_health", "Physical health or disability", SCREENING, "Conditions that affect what the person can do or attend"),
    NeedDomain("neurodiversity", "Neurodiversity or learning disability", SCREENING, "Autism, ADHD, learning disability or difficulty"),
    NeedDomain("gambling", "Gambling", SCREENING, "Problem gambling, debts from gambling"),
    NeedDomain("exploitation", "Exploitation", SCREENING, "Signs of criminal or sexual exploitation, county lines, modern slavery"),
    NeedDomain("veteran", "Veteran", SCREENING, "Has served in the armed forces"),
    NeedDomain("women", "Women-specific needs", SCREENING, "Including trauma, coercion by a partner, pregnancy"),
    NeedDomain("parenting", "Parenting and family", SCREENING, "Caring responsibilities, children in the household"),
    NeedDomain("da_perpetrator", "Domestic abuse (as perpetrator)", SCREENING, "Abusive behaviour towards a partner or family member"),
    NeedDomain("da_victim", "Domestic abuse (as victim)", SCREENING, "Is or has been subject to domestic abuse"),
)

DOMAINS_BY_KEY = {d.key: d for d in NEED_DOMAINS}

# `requires` names a fact about the offence that must hold before the agency is suggested.
DOMESTIC_ABUSE_OFFENCE = "domestic_abuse_offence"
HATE_CRIME_OFFENCE = "hate_crime_offence"


@dataclass(frozen=True)
class Suggestion:
    need: str
    agency: str
    requires: str | None = None
    caveat: str = ""


DA_CRITERIA_CAVEAT = (
    "Only within the domestic abuse criteria: a domestic abuse out-of-court resolution is exceptional, usually "
    "needs a prosecutor's agreement, and the pilots allowed it only for a first offence with no coercive or "
    "controlling behaviour where the victim agrees. Check the force's domestic abuse policy.")
EXPLOITATION_CAVEAT = (
    "If the person may be a victim of exploitation or modern slavery, follow the force's safeguarding procedure "
    "before any out-of-court resolution.")

SUGGESTIONS: tuple[Suggestion, ...] = (
    Suggestion("accommodation", "housing"),
    Suggestion("ete", "employment"),
    Suggestion("finance", "debt_advice"),
    Suggestion("lifestyle", "mentoring"),
    Suggestion("drugs", "drug_alcohol"),
    Suggestion("alcohol", "drug_alcohol"),
    Suggestion("mental_health", "liaison_diversion"),
    Suggestion("neurodiversity", "liaison_diversion"),
    Suggestion("thinking", "emotional_management"),
    Suggestion("attitudes", "victim_awareness"),
    Suggestion("attitudes", "hate_crime_awareness", requires=HATE_CRIME_OFFENCE),
    Suggestion("gambling", "gambling_support"),
    Suggestion("exploitation", "exploitation", caveat=EXPLOITATION_CAVEAT),
    Suggestion("veteran", "veterans"),
    Suggestion("women", "womens_centre"),
    Suggestion("parenting", "family_support"),
    Suggestion("da_perpetrator", "da_perpetrator", requires=DOMESTIC_ABUSE_OFFENCE, caveat=DA_CRITERIA_CAVEAT),
    Suggestion("da_victim", "da_support"),
)


def present_needs(needs: dict | None) -> list[NeedDomain]:
    """The domains recorded as present, in the assessment's order."""
    needs = needs or {}
    return [d for d in NEED_DOMAINS if (needs.get(d.key) or {}).get("present")]


def _requirement_met(requires: str | None, offence) -> bool:
    if requires is None:
        return True
    if offence is None:
        return False
    if requires == DOMESTIC_ABUSE_OFFENCE:
        return bool(offence.domestic_abuse)
    if requires == HATE_CRIME_OFFENCE:
        return bool(offence.hate_crime)
    raise ValueError(f"unknown requirement {requires!r}")


def suggest_agencies(needs: dict | None, offence=None) -> list[dict]:
    """Agencies to consider, one entry per agency with the needs behind it.

    `offence` is anything with `domestic_abuse` and `hate_crime` attributes (the Offence model or the
    engine's OffenceFacts); without it, suggestions that depend on the offence are left out.
    """
    present = {d.key for d in present_needs(needs)}
    by_agency: dict[str, dict] = {}
    for s in SUGGESTIONS:
        if s.need not in present or not _requirement_met(s.requires, offence):
            continue
        entry = by_agency.setdefault(s.agency, {"key": s.agency, "agency": OFFENDER_SERVICES[s.agency], "needs": [],
                                                "caveats": []})
        entry["needs"].append(DOMAINS_BY_KEY[s.need].label)
        if s.caveat and s.caveat not in entry["caveats"]:
            entry["caveats"].append(s.caveat)
    for entry in by_agency.values():
        entry["reason"] = "Needs identified at assessment: " + ", ".join(n.lower() for n in entry["needs"])
    return list(by_agency.values())
