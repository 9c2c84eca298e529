"""Who has enhanced rights under the Victims' Code, and by when each victim must hear of a decision.

This is the one place the rule lives: the engine (and so `oocr assess`), the victims pages and the
contact tasks all ask `enhanced_rights`, so they can never give one victim 1 working day and
another screen 5 for the same case.

The Code of Practice for Victims of Crime (2020, in force 1 April 2021) gives enhanced rights to
victims of the most serious crime, persistently targeted victims, and vulnerable or intimidated
victims; everyone under 18 at the time of the offence is a vulnerable victim. The Code's definition
of a victim is a person: a business or other organisation receives the Code's services but is not
"a victim" in its sense, so it has no enhanced rights (rules.toml `victims.enhanced_rights`).

Works on any objects with the attributes named below: the engine's frozen facts and the database
rows alike. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from webapp.domain.config import EngineConfig
from webapp.domain.working_days import add_working_days

CHILD_AGE = 18

# Why a victim has enhanced rights, in the words a caseworker reads.
REASONS = {
    "domestic_abuse": "The offence is domestic abuse (a victim of the most serious crime)",
    "hate_crime": "The offence is a hate crime (a victim of the most serious crime)",
    "under_18": "Under 18 at the time of the offence (a vulnerable victim)",
    "vulnerable": "Recorded as a vulnerable victim",
    "intimidated": "Recorded as an intimidated victim",
    "persistently_targeted": "Recorded as persistently targeted",
}

# Catalogue offences whose victims are "victims of the most serious crime" in the Code's list. The others in
# that list (sexual offences, attempted murder, kidnap, false imprisonment, arson with intent to endanger
# life, terrorism, trafficking, bereaved relatives) are not in the out-of-court offence catalogue.
MOST_SERIOUS_OFFENCES = {
    "gbh_with_intent": "The offence is wounding or grievous bodily harm with intent (a victim of the most "
                       "serious crime)",
}

_PERSONAL_FLAGS = ("vulnerable", "intimidated", "persistently_targeted")


@dataclass(frozen=True)
class EnhancedRights:
    """The answer for one victim: whether rights are enhanced, and every reason to show."""

    enhanced: bool
    reasons: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.enhanced


def is_organisation(victim: Any) -> bool:
    """A shop, a council, a charity. Intake records one as a last name with no first name."""
    if getattr(victim, "is_organisation", False):
        return True
    first_name = getattr(victim, "first_name", None)
    return first_name is not None and not first_name.strip()


def age_on(born: date, on: date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def under_18_at_offence(victim: Any, offence: Any) -> bool:
    born = getattr(victim, "date_of_birth", None)
    when = getattr(offence, "offence_date", None) if offence is not None else None
    return born is not None and when is not None and age_on(born, when) < CHILD_AGE


def enhanced_rights(victim: Any, offence: Any) -> EnhancedRights:
    """Whether the Victims' Code gives this victim enhanced rights, with the reasons.

    `victim` needs `vulnerable`, `intimidated` and `persistently_targeted`; optionally `date_of_birth`,
    `is_organisation` and `first_name` (see `is_organisation`). `offence` needs `domestic_abuse` and
    `hate_crime`; optionally `offence_key` and `offence_date`; it may be None (no offence recorded yet).
    """
    if is_organisation(victim):
        return EnhancedRights(False)
    reasons = []
    if offence is not None:
        if getattr(offence, "domestic_abuse", False):
            reasons.append(REASONS["domestic_abuse"])
        if getattr(offence, "hate_crime", False):
            reasons.append(REASONS["hate_crime"])
        serious = MOST_SERIOUS_OFFENCES.get(getattr(offence, "offence_key", None) or "")
        if serious:
            reasons.append(serious)
    if under_18_at_offence(victim, offence):
        reasons.append(REASONS["under_18"])
    for flag in _PERSONAL_FLAGS:
        if getattr(victim, flag, False):
            reasons.append(REASONS[flag])
    return EnhancedRights(bool(reasons), tuple(reasons))


def working_days_for(enhanced: bool, config: EngineConfig | None = None) -> int:
    config = config or EngineConfig()
    return config.victim_update_working_days_enhanced if enhanced else config.victim_update_working_days


def victim_contact_due(start: date, enhanced: bool, config: EngineConfig | None = None) -> date:
    """The last day to contact the victim: `start` plus the Code's working days (the start day never counts)."""
    return add_working_days(start, working_days_for(enhanced, config))


def update_due(victim: Any, offence: Any, start: date, config: EngineConfig | None = None) -> date:
    """When this victim must be told of something that happened on `start`."""
    return victim_contact_due(start, enhanced_rights(victim, offence).enhanced, config)


def latest_attempts(open_contacts: list, attempts: list) -> dict[int, Any]:
    """For each open contact, the latest attempt that did not reach the victim: one for the same victim and
    purpose, made since the contact was opened (an older attempt was about an earlier task)."""
    found = {}
    for contact in open_contacts:
        for attempt in sorted(attempts, key=lambda a: a.done_at):
            if (attempt.victim_id == contact.victim_id and attempt.purpose == contact.purpose
                    and attempt.done_at >= contact.created_at):
                found[contact.id] = attempt
    return found
