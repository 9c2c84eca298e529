"""Every value the engine uses that a force may set, or that the law has not yet fixed.

Each setting carries its default, where that default comes from, and whether it is UNCERTAIN
(unverified, assumed, or awaiting regulations), so a settings page can show a supervisor what
they are relying on. `EngineConfig.from_mapping` applies a force's overrides (e.g. from JSON).
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date

from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, MODES_OF_TRIAL,
    PCSC_2022, REGIME_DISPOSALS, SEVERITY, SIMPLE_CAUTION, TWO_TIER,
)
from webapp.domain.enquiries import DEFAULT_TARGET_DAYS, MAX_TARGET_DAYS
from webapp.domain.gravity import HIGHEST_SCORE, LOWEST_SCORE

# Part 6 cannot have come into force before the Act was passed.
PCSC_ROYAL_ASSENT = date(2022, 4, 28)

PROSECUTOR_ONLY = "prosecutor_only"
POLICE_DECISION = "police_decision"
DOMESTIC_ABUSE_POLICIES = (PROSECUTOR_ONLY, POLICE_DECISION)

GravityTable = dict[str, dict[int, tuple[str, ...]]]


class ConfigError(ValueError):
    """A setting a force supplied cannot be used; names the setting."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting
        self.message = message


@dataclass(frozen=True)
class Setting:
    """One row of the settings page."""

    name: str
    label: str
    value: object
    description: str
    source: str
    uncertain: bool


def _date_or_none(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date YYYY-MM-DD or empty") from None
    if not isinstance(value, date):
        raise ValueError("must be a date YYYY-MM-DD or empty")
    if value < PCSC_ROYAL_ASSENT:
        raise ValueError(f"must be on or after {PCSC_ROYAL_ASSENT.isoformat()} (Royal Assent of the PCSC Act 2022)")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("must be a number, zero or more")
    return value


def _whole(minimum: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"must be a whole number, {minimum} or more")
        return value
    return parse


def _working_days_up_to(maximum: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            raise ValueError(f"must be a whole number from 0 to {maximum}")
        return value
    return parse


def _score_level(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= HIGHEST_SCORE:
        raise ValueError(f"must be a whole number from 0 to {HIGHEST_SCORE}")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value
    return parse


def _caps_by_mode(value: object) -> dict[str, int | float]:
    if not isinstance(value, Mapping) or set(value) != set(MODES_OF_TRIAL):
        raise ValueError(f"must give an amount for each of {', '.join(MODES_OF_TRIAL)}")
    return {mode: _number(value[mode]) for mode in MODES_OF_TRIAL}


def _caps_by_mode_or_none(value: object) -> dict[str, int | float] | None:
    return None if value is None else _caps_by_mode(value)


def _score_overrides(value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValueError("must map offence keys to scores")
    parsed = {}
    for key, score in value.items():
        if isinstance(score, bool) or not isinstance(score, int) or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            raise ValueError(f"{key}: score must be {LOWEST_SCORE}-{HIGHEST_SCORE}")
        parsed[str(key)] = score
    return parsed


def _gravity_table(value: object) -> GravityTable:
    """Scores may arrive as JSON object keys ("1"), so they are read as whole numbers."""
    if not isinstance(value, Mapping) or set(value) != set(REGIME_DISPOSALS):
        raise ValueError(f"must give a table for each of {', '.join(REGIME_DISPOSALS)}")
    table: GravityTable = {}
    for regime, by_score in value.items():
        if not isinstance(by_score, Mapping):
            raise ValueError(f"{regime}: must map scores to disposals")
        table[regime] = {score: () for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)}
        for score_key, disposals in by_score.items():
            try:
                score = int(score_key)
            except (TypeError, ValueError):
                score = None
            if score not in table[regime]:
                raise ValueError(f"{regime}: score {score_key!r} must be {LOWEST_SCORE}-{HIGHEST_SCORE}")
            if isinstance(disposals, str) or not all(d in REGIME_DISPOSALS[regime] for d in disposals):
                raise ValueError(f"{regime} {score}: disposals must be among {', '.join(REGIME_DISPOSALS[regime])}")
            table[regime][score] = tuple(disposals)
    return table


def _setting(default: object, *, label: str, description: str, source: str, uncertain: bool,
             parse: Callable[[object], object]):
    metadata = {"label": label, "description": description, "source": source, "uncertain": uncertain,
                "parse": parse}
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=metadata)
    return field(default=default, metadata=metadata)


_ASSUMED_GRAVITY_TABLE = {
    TWO_TIER: {
        1: (COMMUNITY_RESOLUTION,),
        2: (COMMUNITY_RESOLUTION, SIMPLE_CAUTION, CONDITIONAL_CAUTION),
        3: (SIMPLE_CAUTION, CONDITIONAL_CAUTION),
        4: (),
    },
    PCSC_2022: {
        1: (COMMUNITY_RESOLUTION,),
        2: (COMMUNITY_RESOLUTION, COMMUNITY_CAUTION, DIVERSIONARY_CAUTION),
        3: (COMMUNITY_CAUTION, DIVERSIONARY_CAUTION),
        4: (),
    },
}

_ASSUMED_WITH_PROSECUTOR = {
    TWO_TIER: {1: (), 2: (), 3: (), 4: (SIMPLE_CAUTION, CONDITIONAL_CAUTION)},
    PCSC_2022: {1: (), 2: (), 3: (), 4: (COMMUNITY_CAUTION, DIVERSIONARY_CAUTION)},
}


@dataclass(frozen=True)
class EngineConfig:
    pcsc_commencement: date | None = _setting(
        None, label="PCSC 2022 Part 6 commencement date",
        description="Offences committed on or after this date are dealt with under Part 6 (community "
                    "resolution, community caution, diversionary caution). Empty means Part 6 is not in "
                    "force and the two-tier framework governs. A case may give its own date.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.208(1): Part 6 prospective, no commencement "
               "found up to Dec 2025 [V]; whether it was commenced later is UNCERTAIN",
        uncertain=True, parse=_date_or_none)
    simple_caution_permitted: bool = _setting(
        False, label="Simple caution permitted",
        description="Whether force policy allows simple cautions. Forces on the two-tier model do not use them; "
                    "when allowed, the Criminal Justice and Courts Act 2015 s.17 restrictions apply.",
        source="NPCC Charging and Out of Court Disposals National Strategy 2017-2021 Annex B [S]",
        uncertain=False, parse=_bool)
    domestic_abuse_caution_policy: str = _setting(
        PROSECUTOR_ONLY, label="Domestic abuse caution policy",
        description="Used where the guidance in force is silent or unclear on domestic abuse (the Aug 2024 DPP "
                    "Guidance; the unmade PCSC Code): either a caution for domestic abuse only with a prosecutor's "
                    "agreement in exceptional circumstances, or the police may decide, within the CARA pilot "
                    "criteria (first offence, no coercive control, victim agrees).",
        source="DPP Guidance on Conditional Cautioning 2022 and 2024 versions [V]; Home Office/MoJ domestic abuse "
               "consultation 2018 [S]; DPP letter on CARA pilots Jan 2019 [S]",
        uncertain=True, parse=_choice(DOMESTIC_ABUSE_POLICIES))
    gravity_disposals: GravityTable = _setting(
        _ASSUMED_GRAVITY_TABLE, label="Disposals by final gravity score",
        description="For each framework and final gravity score (1-4), the disposals the police may give. "
                    "A higher score must never open a lighter disposal than a lower score offers.",
        source="Assumed table in law-and-practice.md section 3, consistent with the ACPO Gravity Factor Matrix "
               "2013 and the NPCC two-tier matrix 2019; the adult two-tier table itself was not retrieved",
        uncertain=True, parse=_gravity_table)
    gravity_disposals_with_prosecutor: GravityTable = _setting(
        _ASSUMED_WITH_PROSECUTOR, label="Disposals only with a prosecutor, by final gravity score",
        description="Disposals that at this score are normally a charge but may be given in exceptional "
                    "circumstances with a prosecutor's agreement.",
        source="Assumed table in law-and-practice.md section 3 (score 4: an out-of-court disposal only "
               "exceptionally, with CPS or DPP)",
        uncertain=True, parse=_gravity_table)
    victim_update_working_days: int = _setting(
        5, label="Victim update (working days)",
        description="Working days after the decision within which a victim is told of it.",
        source="Victims' Code 2020 Right 6, per a training summary [S]; verify against the Code",
        uncertain=True, parse=_whole(1))
    victim_update_working_days_enhanced: int = _setting(
        1, label="Victim update, enhanced rights (working days)",
        description="The same for victims with enhanced rights: domestic abuse, hate crime, vulnerable, "
                    "intimidated or persistently targeted.",
        source="Victims' Code 2020 Right 6, per a training summary [S]; verify against the Code",
        uncertain=True, parse=_whole(1))
    condition_period_normal_weeks: int = _setting(
        16, label="Normal condition period (weeks)",
        description="Conditions normally finish within this many weeks of the decision; longer needs a "
                    "recorded reason.",
        source="Olliers Solicitors (June 2024) summarising the 2013 Code and DPP Guidance [S]; verify the "
               "paragraph in the Code",
        uncertain=True, parse=_whole(1))
    condition_period_max_weeks: int = _setting(
        20, label="Maximum condition period (weeks)",
        description="Conditions may never run longer than this.",
        source="Olliers Solicitors (June 2024) summarising the 2013 Code and DPP Guidance [S]; verify the "
               "paragraph in the Code",
        uncertain=True, parse=_whole(1))
    breach_review_buffer_days: int = _setting(
        28, label="Breach review time before the summary time limit (days)",
        description="For a summary-only offence, days kept between the end of the conditions and the s.127 "
                    "limit so that a breach can be reviewed and prosecuted in time.",
        source="Force policy; value assumed (no source gives one)",
        uncertain=True, parse=_whole(0))
    enquiry_response_working_days: int = _setting(
        DEFAULT_TARGET_DAYS, label="Enquiry answer target (working days)",
        description="Working days after an enquiry comes in within which it is answered, unless whoever logs it "
                    "sets another target. Overdue enquiries show on the supervisor's view.",
        source="Force service standard; value assumed (no national time limit for answering enquiries was found)",
        uncertain=True, parse=_working_days_up_to(MAX_TARGET_DAYS))
    conditional_caution_financial_penalty_caps: dict[str, int | float] = _setting(
        {"summary": 50, "either_way": 100, "indictable_only": 150},
        label="Conditional caution financial penalty caps (£)",
        description="Highest financial penalty on a conditional caution, by mode of trial.",
        source="Criminal Justice Act 2003 (Conditional Cautions: Financial Penalties) Order 2013, SI 2013/615 [V]",
        uncertain=False, parse=_caps_by_mode)
    conditional_caution_attendance_cap_hours: int | float = _setting(
        20, label="Conditional caution attendance cap (hours)",
        description="Total hours of attendance (including unpaid work and courses) other than for rehabilitation.",
        source="Criminal Justice Act 2003 s.22(3A)-(3B) [V]",
        uncertain=False, parse=_number)
    diversionary_caution_unpaid_work_cap_hours: int | float = _setting(
        20, label="Diversionary caution unpaid work cap (hours)",
        description="Total hours of unpaid work on a diversionary caution.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.101 [V]",
        uncertain=False, parse=_number)
    diversionary_caution_attendance_cap_hours: int | float = _setting(
        20, label="Diversionary caution attendance cap (hours)",
        description="Total hours of attendance whose only object is reparation.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.101 [V]",
        uncertain=False, parse=_number)
    community_caution_unpaid_work_cap_hours: int | float = _setting(
        10, label="Community caution unpaid work cap (hours)",
        description="Total hours of unpaid work on a community caution.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.110 [V]",
        uncertain=False, parse=_number)
    community_caution_attendance_cap_hours: int | float = _setting(
        10, label="Community caution attendance cap (hours)",
        description="Total hours of attendance whose only object is reparation.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.110 [V]",
        uncertain=False, parse=_number)
    diversionary_caution_financial_penalty_caps: dict[str, int | float] | None = _setting(
        None, label="Diversionary caution financial penalty caps (£)",
        description="Highest financial penalty by mode of trial once regulations set it. Empty: not set, so "
                    "amounts cannot be checked.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.102(3); no regulations found",
        uncertain=True, parse=_caps_by_mode_or_none)
    community_caution_financial_penalty_caps: dict[str, int | float] | None = _setting(
        None, label="Community caution financial penalty caps (£)",
        description="Highest financial penalty by mode of trial once regulations set it. Empty: not set, so "
                    "amounts cannot be checked.",
        source="Police, Crime, Sentencing and Courts Act 2022 s.111(3); no regulations found",
        uncertain=True, parse=_caps_by_mode_or_none)
    escalate_either_way_above_score: int = _setting(
        2, label="Either-way offences go to a supervisor above this gravity score",
        description="Force policy on which cases a supervisor sees first. Domestic abuse, hate crime and "
                    "indictable-only offences always do; an either-way offence does when its final gravity score "
                    "is above this number (0: every either-way offence; 4: none).",
        source="Force policy (setting); the ACPO Gravity Factor Matrix 2013 para 1.4 only requires referral of "
               "domestic abuse and hate crime to a prosecutor",
        uncertain=False, parse=_score_level)
    offence_gravity_overrides: dict[str, int] = _setting(
        {}, label="Offence gravity scores (force overrides)",
        description="Base gravity scores that replace the offence catalogue's defaults, by offence.",
        source="The catalogue's scores are assumed (the national A-Z table was not available)",
        uncertain=True, parse=_score_overrides)

    def __post_init__(self) -> None:
        if self.condition_period_normal_weeks > self.condition_period_max_weeks:
            raise ConfigError("condition_period_normal_weeks", "must not exceed condition_period_max_weeks")
        # Tables given directly (not through from_mapping) still get every score filled in and checked.
        for name in ("gravity_disposals", "gravity_disposals_with_prosecutor"):
            try:
                object.__setattr__(self, name, _gravity_table(getattr(self, name)))
            except ValueError as error:
                raise ConfigError(name, str(error)) from None
        _check_gravity_tables(self.gravity_disposals, self.gravity_disposals_with_prosecutor)

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, object]) -> EngineConfig:
        """The defaults with a force's overrides applied; raises ConfigError naming a bad setting."""
        known = {f.name: f for f in fields(cls)}
        changes = {}
        for name, value in overrides.items():
            if name not in known:
                raise ConfigError(name, "is not a setting")
            try:
                changes[name] = known[name].metadata["parse"](value)
            except ValueError as error:
                raise ConfigError(name, str(error)) from None
        return replace(cls(), **changes)

    def to_mapping(self) -> dict[str, object]:
        """The settings as plain JSON values, accepted back by `from_mapping`."""
        def plain(value: object) -> object:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Mapping):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, tuple):
                return list(value)
            return value
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}

    def settings(self) -> list[Setting]:
        return [Setting(f.name, f.metadata["label"], getattr(self, f.name), f.metadata["description"],
                        f.metadata["source"], f.metadata["uncertain"]) for f in fields(self)]

    def domestic_abuse_left_to_police(self) -> bool:
        return self.domestic_abuse_caution_policy == POLICE_DECISION


def _check_gravity_tables(police: GravityTable, with_prosecutor: GravityTable) -> None:
    """A gravity table where a higher score opens a lighter disposal would reward aggravation."""
    for regime, by_score in police.items():
        for score, disposals in by_score.items():
            both = set(disposals) & set(with_prosecutor[regime][score])
            if both:
                raise ConfigError("gravity_disposals_with_prosecutor",
                                  f"{regime} {score}: {', '.join(sorted(both))} also in gravity_disposals")
            for higher in range(score + 1, HIGHEST_SCORE + 1):
                opened = set(by_score[higher]) - set(disposals)
                lighter = [d for d in opened if any(SEVERITY[d] <= SEVERITY[o] for o in disposals)]
                if lighter:
                    raise ConfigError("gravity_disposals",
                                      f"{regime}: score {higher} opens {', '.join(sorted(lighter))}, "
                                      f"no heavier than what score {score} offers")
