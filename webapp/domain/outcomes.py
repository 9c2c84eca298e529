"""Home Office crime outcomes: which outcome code (and which records-system wording) a disposal takes.

The codes and wording are data in data/rules.toml ([[outcome]]), dated like the engine's rules, so
a new code (for example one for the PCSC cautions) is a data change. Which records give an outcome
(a delivered decision; a breach approved for prosecution, which re-codes the crime; a youth's case
decided by the Youth Offending Team joint decision panel) is decided in one place, `outcome_for`,
used alike by the clerks' queue, the export and the statistics.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from webapp.domain.rules import CONFIDENCE_LABELS, RULES_FILE, RuleDataError
from webapp.domain.victims import age_on
from webapp.domain.youth import ADULT_AGE

PROSECUTION_AFTER_BREACH = "prosecution_after_breach"
AGES = ("adult", "youth", "any")
# The youth joint decision panel's outcomes (webapp.domain.youth.PANEL_OUTCOMES) that go on the records
# system, each looked up in the outcome book by its own key: youth cautions are Outcome 2, a youth
# Community Resolution Outcome 8, a charge Outcome 1. No further action gives no outcome here.
YOUTH_PANEL_OUTCOMES = ("youth_community_resolution", "youth_caution", "youth_conditional_caution", "charge")
_KEYS = {"key", "code", "wording", "disposals", "ages", "applies_from", "source", "confidence"}


@dataclass(frozen=True)
class OutcomeCode:
    key: str
    code: str
    wording: str
    disposals: tuple[str, ...]
    ages: str
    applies_from: date
    source: str
    confidence: str

    def covers(self, disposal: str, age: int | None) -> bool:
        if disposal not in self.disposals:
            return False
        if self.ages == "any" or age is None:
            return True
        return (age < ADULT_AGE) == (self.ages == "youth")


class OutcomeBook:
    """Every version of every outcome mapping, asked by disposal, age and date."""

    def __init__(self, entries: list[OutcomeCode]) -> None:
        self.entries = sorted(entries, key=lambda e: e.applies_from)

    def for_disposal(self, disposal: str, age: int | None, on: date) -> OutcomeCode | None:
        """The latest mapping in force on `on` that covers this disposal at this age; None if none does."""
        found = None
        for entry in self.entries:
            if entry.applies_from <= on and entry.covers(disposal, age):
                found = entry
        return found

    def codes(self) -> list[tuple[str, str]]:
        """(code, wording) for each distinct code, lowest number first: filters and the export's key."""
        seen: dict[str, str] = {}
        for entry in self.entries:
            seen[entry.code] = entry.wording
        return sorted(seen.items(), key=lambda item: int(item[0]))


def parse_outcomes(text: str) -> OutcomeBook:
    data = tomllib.loads(text)
    return OutcomeBook([_entry(raw) for raw in data.get("outcome", [])])


def _entry(raw: dict) -> OutcomeCode:
    name = raw.get("key", "<outcome without key>")
    unknown = set(raw) - _KEYS
    if unknown or _KEYS - set(raw):
        raise RuleDataError(f"outcome {name}: keys must be exactly {sorted(_KEYS)}")
    if raw["ages"] not in AGES:
        raise RuleDataError(f"outcome {name}: ages must be one of {', '.join(AGES)}")
    if raw["confidence"] not in CONFIDENCE_LABELS:
        raise RuleDataError(f"outcome {name}: confidence must be one of {', '.join(CONFIDENCE_LABELS)}")
    if not str(raw["code"]).isdigit():
        raise RuleDataError(f"outcome {name}: code must be the outcome number")
    return OutcomeCode(key=raw["key"], code=str(raw["code"]), wording=raw["wording"],
                       disposals=tuple(raw["disposals"]), ages=raw["ages"], applies_from=raw["applies_from"],
                       source=raw["source"], confidence=raw["confidence"])


@lru_cache(maxsize=1)
def load_outcomes() -> OutcomeBook:
    return parse_outcomes(RULES_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Outcome:
    """One outcome the records system must be told about."""

    source: str          # "decision", "breach" or "youth" (a youth panel referral's outcome)
    source_id: int
    case_id: int
    outcome_date: date
    code: OutcomeCode | None  # None: no Home Office outcome covers the disposal; a person must choose

    @property
    def key(self) -> str:
        return f"{self.source}-{self.source_id}"


def outcome_for(source: str, source_id: int, case_id: int, *, disposal: str, outcome_date: date,
                date_of_birth: date | None, book: OutcomeBook | None = None) -> Outcome:
    """The outcome a delivered decision (disposal), a prosecution after breach or a youth panel's outcome
    (source "youth", `disposal` one of YOUTH_PANEL_OUTCOMES) gives on `outcome_date`.

    Its code is None where no Home Office outcome covers the disposal: the queue then says a person
    must choose, rather than guessing.
    """
    book = book or load_outcomes()
    what = PROSECUTION_AFTER_BREACH if source == "breach" else disposal
    age = age_on(date_of_birth, outcome_date) if date_of_birth else None
    return Outcome(source, source_id, case_id, outcome_date, book.for_disposal(what, age, outcome_date))
