"""The facts of one case as the engine needs them, and reading them from JSON-like input.

The input shape is the `oocr assess` contract (shared/scenarios/FORMAT.md). Bad input raises
`AssessInputError` naming the field in the same dotted form a caseworker's form or a JSON file uses,
e.g. `offence.gravity_score: must be 1-4`.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from webapp.domain.config import PCSC_ROYAL_ASSENT
from webapp.domain.disposals import ALL_DISPOSALS, MODES_OF_TRIAL
from webapp.domain.gravity import HIGHEST_SCORE, LOWEST_SCORE
from webapp.domain.victims import age_on, enhanced_rights

VICTIM_VIEWS = ("supports_oocd", "opposes_oocd", "not_obtained")
CONDITION_KINDS = ("rehabilitative", "reparative", "punitive", "restrictive")
CONDITION_TYPES = ("attendance", "unpaid_work", "financial_penalty", "compensation", "apology", "restriction",
                   "course")
PREVIOUS_OUTCOMES = ("conviction", "simple_caution", "conditional_caution", "youth_caution",
                     "youth_conditional_caution", "diversionary_caution", "community_caution",
                     "community_resolution", "penalty_notice_for_disorder", "cannabis_warning", "khat_warning")
CAUTIONS = frozenset({"simple_caution", "conditional_caution", "youth_caution", "youth_conditional_caution",
                      "diversionary_caution", "community_caution"})
# What counts as "convicted of or cautioned for" (Criminal Justice and Courts Act 2015 s.17(4); the
# Explanatory Notes confirm youth and conditional cautions count).
CONVICTIONS_AND_CAUTIONS = CAUTIONS | {"conviction"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Far enough for any real case; keeps deadline arithmetic inside the calendar.
_YEARS = range(1900, 2101)


class AssessInputError(ValueError):
    """The case cannot be assessed as given; `field` says where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class OffenceFacts:
    wording: str
    mode_of_trial: str
    offence_date: date
    gravity_score: int
    aggravating: tuple[str, ...]
    mitigating: tuple[str, ...]
    domestic_abuse: bool
    intimate_partner: bool
    hate_crime: bool
    offence_key: str | None = None  # the catalogue key, when known (some victims' rights depend on it)


@dataclass(frozen=True)
class PreviousOutcome:
    outcome: str
    date: date
    similar: bool

    @property
    def is_caution(self) -> bool:
        return self.outcome in CAUTIONS

    @property
    def is_conviction_or_caution(self) -> bool:
        return self.outcome in CONVICTIONS_AND_CAUTIONS


@dataclass(frozen=True)
class Victim:
    vulnerable: bool
    intimidated: bool
    persistently_targeted: bool
    views: str
    date_of_birth: date | None = None
    is_organisation: bool = False
    requested_action: str | None = None  # the condition type of the community remedy action they asked for


@dataclass(frozen=True)
class Condition:
    kind: str
    type: str
    hours: float | None = None
    amount: float | None = None


@dataclass(frozen=True)
class Proposal:
    disposal: str
    completion_date: date | None
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class CaseFacts:
    decision_date: date
    date_of_birth: date
    offence: OffenceFacts
    admission: bool
    evidential_stage_met: bool
    previous: tuple[PreviousOutcome, ...] = ()
    victims: tuple[Victim, ...] = ()
    proposed: Proposal | None = None
    pcsc_commencement: date | None = None

    @property
    def age_at_decision(self) -> int:
        return age_on(self.date_of_birth, self.decision_date)

    @property
    def victims_have_enhanced_rights(self) -> bool:
        """Whether any victim has enhanced rights (webapp.domain.victims decides, for each one)."""
        return any(enhanced_rights(v, self.offence) for v in self.victims)


def parse_case(data: object) -> CaseFacts:
    """Read one case in the `oocr assess` input shape; unknown keys are ignored so the shape can grow."""
    case = _object(data, "case")
    decision_date = _date(case, "decision_date", "decision_date")
    suspect = _object(_required(case, "suspect", "suspect"), "suspect")
    date_of_birth = _date(suspect, "date_of_birth", "suspect.date_of_birth")
    offence = _offence(_object(_required(case, "offence", "offence"), "offence"))
    if offence.offence_date > decision_date:
        raise AssessInputError("offence.offence_date", "must not be after decision_date")
    if date_of_birth >= offence.offence_date:
        raise AssessInputError("suspect.date_of_birth", "must be before offence.offence_date")
    previous = tuple(_previous(item, f"previous[{i}]", decision_date)
                     for i, item in enumerate(_list(_required(case, "previous", "previous"), "previous")))
    victims = tuple(_victim(item, f"victims[{i}]")
                    for i, item in enumerate(_list(_required(case, "victims", "victims"), "victims")))
    proposed = case.get("proposed")
    commencement = None
    if case.get("pcsc_commencement") is not None:
        commencement = _date(case, "pcsc_commencement", "pcsc_commencement")
        if commencement < PCSC_ROYAL_ASSENT:
            raise AssessInputError("pcsc_commencement", f"must be on or after {PCSC_ROYAL_ASSENT.isoformat()} "
                                                        "(Royal Assent of the PCSC Act 2022)")
    return CaseFacts(
        decision_date=decision_date,
        date_of_birth=date_of_birth,
        offence=offence,
        admission=_bool(case, "admission", "admission"),
        evidential_stage_met=_bool(case, "evidential_stage_met", "evidential_stage_met"),
        previous=previous,
        victims=victims,
        proposed=None if proposed is None else _proposal(_object(proposed, "proposed")),
        pcsc_commencement=commencement,
    )


def _offence(offence: Mapping) -> OffenceFacts:
    score = _required(offence, "gravity_score", "offence.gravity_score")
    if isinstance(score, bool) or not isinstance(score, int) or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise AssessInputError("offence.gravity_score", f"must be {LOWEST_SCORE}-{HIGHEST_SCORE}")
    return OffenceFacts(
        wording=_text(offence, "wording", "offence.wording"),
        mode_of_trial=_choice(offence, "mode_of_trial", "offence.mode_of_trial", MODES_OF_TRIAL),
        offence_date=_date(offence, "offence_date", "offence.offence_date"),
        gravity_score=score,
        aggravating=_factors(offence, "aggravating", "offence.aggravating"),
        mitigating=_factors(offence, "mitigating", "offence.mitigating"),
        domestic_abuse=_bool(offence, "domestic_abuse", "offence.domestic_abuse"),
        intimate_partner=_bool(offence, "intimate_partner", "offence.intimate_partner", default=False),
        hate_crime=_bool(offence, "hate_crime", "offence.hate_crime"),
        offence_key=_optional_text(offence, "offence_key", "offence.offence_key"),
    )


def _previous(item: object, path: str, decision_date: date) -> PreviousOutcome:
    previous = _object(item, path)
    when = _date(previous, "date", f"{path}.date")
    if when > decision_date:
        raise AssessInputError(f"{path}.date", "must not be after decision_date")
    return PreviousOutcome(outcome=_choice(previous, "outcome", f"{path}.outcome", PREVIOUS_OUTCOMES),
                           date=when, similar=_bool(previous, "similar", f"{path}.similar"))


def _victim(item: object, path: str) -> Victim:
    victim = _object(item, path)
    born = None
    if victim.get("date_of_birth") is not None:
        born = _date(victim, "date_of_birth", f"{path}.date_of_birth")
    return Victim(vulnerable=_bool(victim, "vulnerable", f"{path}.vulnerable"),
                  intimidated=_bool(victim, "intimidated", f"{path}.intimidated"),
                  persistently_targeted=_bool(victim, "persistently_targeted", f"{path}.persistently_targeted"),
                  views=_choice(victim, "views", f"{path}.views", VICTIM_VIEWS),
                  date_of_birth=born,
                  is_organisation=_bool(victim, "organisation", f"{path}.organisation", default=False),
                  requested_action=None if victim.get("requested_action") is None else
                  _choice(victim, "requested_action", f"{path}.requested_action", CONDITION_TYPES))


def _proposal(proposed: Mapping) -> Proposal:
    completion = None
    if proposed.get("completion_date") is not None:
        completion = _date(proposed, "completion_date", "proposed.completion_date")
    conditions = _list(_required(proposed, "conditions", "proposed.conditions"), "proposed.conditions")
    return Proposal(
        disposal=_choice(proposed, "disposal", "proposed.disposal", ALL_DISPOSALS),
        completion_date=completion,
        conditions=tuple(_condition(item, f"proposed.conditions[{i}]") for i, item in enumerate(conditions)),
    )


def _condition(item: object, path: str) -> Condition:
    condition = _object(item, path)
    return Condition(kind=_choice(condition, "kind", f"{path}.kind", CONDITION_KINDS),
                     type=_choice(condition, "type", f"{path}.type", CONDITION_TYPES),
                     hours=_quantity(condition, "hours", f"{path}.hours"),
                     amount=_quantity(condition, "amount", f"{path}.amount"))


def _required(obj: Mapping, key: str, path: str) -> object:
    if key not in obj:
        raise AssessInputError(path, "is missing")
    return obj[key]


def _object(value: object, path: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise AssessInputError(path, "must be an object")
    return value


def _list(value: object, path: str) -> list:
    if not isinstance(value, list):
        raise AssessInputError(path, "must be a list")
    return value


def _date(obj: Mapping, key: str, path: str) -> date:
    value = _required(obj, key, path)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed and parsed.year in _YEARS:
            return parsed
    raise AssessInputError(path, "must be a date YYYY-MM-DD")


def _bool(obj: Mapping, key: str, path: str, default: bool | None = None) -> bool:
    value = obj.get(key, default) if default is not None else _required(obj, key, path)
    if not isinstance(value, bool):
        raise AssessInputError(path, "must be true or false")
    return value


def _text(obj: Mapping, key: str, path: str) -> str:
    value = _required(obj, key, path)
    if not isinstance(value, str):
        raise AssessInputError(path, "must be text")
    return value


def _optional_text(obj: Mapping, key: str, path: str) -> str | None:
    return None if obj.get(key) is None else _text(obj, key, path)


def _choice(obj: Mapping, key: str, path: str, choices: tuple[str, ...]) -> str:
    value = _required(obj, key, path)
    if value not in choices:
        raise AssessInputError(path, f"must be one of {', '.join(choices)}")
    return value


def _factors(obj: Mapping, key: str, path: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AssessInputError(path, "must be a list of text")
    return tuple(value)


def _quantity(obj: Mapping, key: str, path: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise AssessInputError(path, "must be a number, zero or more")
    return value
