"""What must be on record before a caution takes effect, and when its conditions must be done by.

A conditional caution may be given only when the five requirements of the Criminal Justice Act 2003
s.23 are met; of those, the three that happen at the moment of giving it are: the offender admits the
offence to the authorised person (s.23(3)); the authorised person explains the effect of the caution and
warns that failing to comply may lead to prosecution (s.23(4)); and the offender signs a document with the
offence, the admission, their consent and the conditions (s.23(5)). The authorised person is a constable,
an investigating officer, or a person a prosecutor authorises (s.22(4)). The Police, Crime, Sentencing and
Courts Act 2022 s.99(2) asks the same of a diversionary caution, and the community caution follows it.
A simple caution has no conditions, but the offender still admits it, is told what it means and signs.

Nothing here touches a database: `missing` lists, in plain words, what a delivery record still lacks, and
`conditions_due_by` measures the condition period from the day the caution is given.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from webapp.domain.config import EngineConfig
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, PROSECUTION_ON_BREACH, SIMPLE_CAUTION,
)

# Disposals that are only given with a delivery record (a Community Resolution is agreed, not given).
RECORDED_DELIVERY = frozenset({SIMPLE_CAUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, COMMUNITY_CAUTION})

# Who may give the caution (CJA 2003 s.22(4); PCSC 2022 s.98(7)).
AUTHORITIES = {
    "constable": "A police officer (constable of any rank)",
    "investigating_officer": "An investigating officer (police staff designated under the Police Reform Act 2002)",
    "prosecutor_authorised": "A person authorised by a prosecutor",
}

# What the warning on breach says, by disposal (s.23(4); PCSC 2022 s.98(5)).
BREACH_WARNINGS = {
    CONDITIONAL_CAUTION: "that failing without a reasonable excuse to comply with any condition may lead to "
                         "prosecution for the offence",
    DIVERSIONARY_CAUTION: "that failing to comply with any condition may lead to arrest and prosecution for the "
                          "offence",
    COMMUNITY_CAUTION: "that failing to comply with any condition may lead to a financial penalty",
}

# Where each requirement comes from, by disposal: (admission, explanation, signed document).
_SOURCES = {
    CONDITIONAL_CAUTION: ("Criminal Justice Act 2003 s.23(3)", "Criminal Justice Act 2003 s.23(4)",
                          "Criminal Justice Act 2003 s.23(5)"),
    DIVERSIONARY_CAUTION: ("Police, Crime, Sentencing and Courts Act 2022 s.99(2)(b)",
                           "Police, Crime, Sentencing and Courts Act 2022 s.99(2)(d)",
                           "Police, Crime, Sentencing and Courts Act 2022 s.99(2)(e)"),
    COMMUNITY_CAUTION: ("Police, Crime, Sentencing and Courts Act 2022 Part 6",) * 3,
    SIMPLE_CAUTION: ("Simple Cautions for Adult Offenders (Ministry of Justice, 2015), section 3",) * 3,
}

SIGNED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
SIGNED_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DeliveryFacts:
    """What was done when the caution was given, as the person recording it says."""

    given_by_name: str
    given_by_rank: str
    given_by_authority: str
    admission_to_giver: bool
    effect_explained: bool
    breach_warning_given: bool
    signed_document: bool
    given_at: datetime | None
    place: str


def needs_delivery_record(disposal: str) -> bool:
    return disposal in RECORDED_DELIVERY


def missing(disposal: str, facts: DeliveryFacts) -> dict[str, str]:
    """For each field a caseworker must still complete, what is missing and why; empty when complete."""
    admission, explanation, signed = _SOURCES.get(disposal, _SOURCES[CONDITIONAL_CAUTION])
    found: dict[str, str] = {}
    if not facts.given_by_name.strip():
        found["given_by_name"] = "Enter the name of the person who gave the caution"
    if not facts.given_by_rank.strip():
        found["given_by_rank"] = "Enter their rank or role"
    if facts.given_by_authority not in AUTHORITIES:
        found["given_by_authority"] = "Select the authority under which they gave the caution"
    if not facts.admission_to_giver:
        found["admission_to_giver"] = ("The offender must admit the offence to the person giving the caution "
                                       f"({admission}): if they did not, the caution cannot be given")
    if not facts.effect_explained:
        found["effect_explained"] = ("The effect of the caution must be explained to the offender before it is "
                                     f"given ({explanation})")
    if disposal in BREACH_WARNINGS and not facts.breach_warning_given:
        found["breach_warning_given"] = f"The offender must be warned {BREACH_WARNINGS[disposal]} ({explanation})"
    if not facts.signed_document:
        found["signed_document"] = ("Upload the signed caution document: the offender signs the offence, their "
                                    f"admission, their consent and any conditions ({signed})")
    if facts.given_at is None:
        found["given_at"] = "Enter the date and time the caution was given"
    if not facts.place.strip():
        found["place"] = "Enter where the caution was given"
    return found


def conditions_due_by(given_on: date, config: EngineConfig) -> tuple[date, date]:
    """(normal, latest): the condition period counted from the day the caution is given."""
    return (given_on + timedelta(weeks=config.condition_period_normal_weeks),
            given_on + timedelta(weeks=config.condition_period_max_weeks))


def late_conditions(due_dates: list[date | None], given_on: date, config: EngineConfig) -> list[int]:
    """Indexes of conditions due after the latest date the condition period allows from the day given."""
    _, latest = conditions_due_by(given_on, config)
    return [i for i, due in enumerate(due_dates) if due is not None and due > latest]


def breach_can_be_prosecuted(disposal: str) -> bool:
    return disposal in PROSECUTION_ON_BREACH


def signed_document_type(data: bytes) -> str | None:
    """The signed form's type judged by its content, not its name: PDF, JPEG or PNG only."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


# Varying conditions after a missed condition (Criminal Justice Act 2003 s.23B; Code of Practice for Adult
# Conditional Cautions 2013): conditions are varied only with the offender's consent, so the new conditions start
# only once the agreement is on record, with the same proof as the caution itself: who took it, when and where,
# and the offender's signed document setting out the new conditions.
# (rules.toml [[procedure]] conditional_caution.variation_agreement)
VARIATION_SOURCE = "Criminal Justice Act 2003 s.23B; Code of Practice for Adult Conditional Cautions (2013)"


@dataclass(frozen=True)
class VariationAgreement:
    """What the person recording the offender's agreement to varied conditions says."""

    taken_by_name: str
    taken_by_rank: str
    offender_agreed: bool
    signed_document: bool
    agreed_at: datetime | None
    place: str


def variation_missing(facts: VariationAgreement) -> dict[str, str]:
    """For each field still needed before varied conditions may start, what is missing; empty when complete."""
    found: dict[str, str] = {}
    if not facts.taken_by_name.strip():
        found["taken_by_name"] = "Enter the name of the person who took the offender's agreement"
    if not facts.taken_by_rank.strip():
        found["taken_by_rank"] = "Enter their rank or role"
    if not facts.offender_agreed:
        found["offender_agreed"] = ("Conditions can be varied only with the offender's agreement "
                                    f"({VARIATION_SOURCE}): if they did not agree, record a new breach decision")
    if not facts.signed_document:
        found["signed_document"] = ("Upload the document the offender signed agreeing to the new conditions "
                                    f"({VARIATION_SOURCE})")
    if facts.agreed_at is None:
        found["agreed_at"] = "Enter the date and time the offender agreed"
    if not facts.place.strip():
        found["place"] = "Enter where the offender agreed"
    return found
