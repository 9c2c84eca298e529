"""The conditions a caution may carry, and checking a proposed disposal against the law's limits.

Each problem names the field to change and the rule it breaks. Caps differ by disposal and, for
financial penalties, by mode of trial; the numbers live in EngineConfig so a change in the law or
in regulations is a settings change.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from webapp.domain.case import Condition
from webapp.domain.compliance import ATTENDANCE_TYPES  # CJA 2003 s.22(3A)(b)
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, LABELS, STATUTORY_CAUTIONS, PCSC_2022,
    PROSECUTION_ON_BREACH, REGIME_DISPOSALS, SIMPLE_CAUTION,
)
from webapp.domain.eligibility import DecisionContext
from webapp.domain.formatting import long_date
from webapp.domain.rules import Problem, Reason, with_prefix

REHABILITATIVE, REPARATIVE, PUNITIVE, RESTRICTIVE = "rehabilitative", "reparative", "punitive", "restrictive"


@dataclass(frozen=True)
class ConditionType:
    code: str
    name: str    # short, for lists, timelines and letters: "Unpaid work"
    label: str   # as the decision form offers it, with examples
    kinds: tuple[str, ...]  # the objects a condition of this type can serve


CONDITION_CATALOGUE: dict[str, ConditionType] = {c.code: c for c in (
    ConditionType("attendance", "Attendance", "Attendance at a specified place and time",
                  (REHABILITATIVE, REPARATIVE, PUNITIVE)),
    ConditionType("course", "Course", "Course (e.g. victim awareness, drug or alcohol awareness)",
                  (REHABILITATIVE, REPARATIVE)),
    ConditionType("unpaid_work", "Unpaid work", "Unpaid work", (REPARATIVE, PUNITIVE)),
    ConditionType("financial_penalty", "Financial penalty", "Financial penalty", (PUNITIVE,)),
    ConditionType("compensation", "Compensation", "Compensation to the victim", (REPARATIVE,)),
    ConditionType("apology", "Apology", "Apology to the victim", (REPARATIVE,)),
    ConditionType("restriction", "Restriction", "Restriction (no contact, stay away, not take part)",
                  (RESTRICTIVE, REHABILITATIVE, REPARATIVE)),
)}


def condition_type_name(code: str) -> str:
    """A condition type's short name ("Unpaid work"); a code the catalogue does not know, in plain words."""
    known = CONDITION_CATALOGUE.get(code)
    return known.name if known else code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class HourCap:
    rule_id: str
    cap: float
    what: str
    counts: Callable[[Condition], bool]


def hour_caps(disposal: str, config: EngineConfig) -> tuple[HourCap, ...]:
    """The hour limits on a disposal's conditions."""
    if disposal == CONDITIONAL_CAUTION:
        return (HourCap("conditional_caution.attendance_cap", config.conditional_caution_attendance_cap_hours,
                        "Attendance other than for rehabilitation",
                        lambda c: c.type in ATTENDANCE_TYPES and c.kind != REHABILITATIVE),)
    caps = {
        DIVERSIONARY_CAUTION: (config.diversionary_caution_unpaid_work_cap_hours,
                               config.diversionary_caution_attendance_cap_hours),
        COMMUNITY_CAUTION: (config.community_caution_unpaid_work_cap_hours,
                            config.community_caution_attendance_cap_hours),
    }
    if disposal not in caps:
        return ()
    unpaid_work, attendance = caps[disposal]
    return (HourCap(f"{disposal}.unpaid_work_cap", unpaid_work, "Unpaid work", lambda c: c.type == "unpaid_work"),
            HourCap(f"{disposal}.attendance_cap", attendance, "Attendance whose only object is reparation",
                    lambda c: c.type in ("attendance", "course") and c.kind == REPARATIVE))


def financial_penalty_caps(disposal: str, config: EngineConfig) -> tuple[str, dict | None] | None:
    """The rule and the caps by mode of trial; caps are None where regulations have not set them."""
    return {
        CONDITIONAL_CAUTION: ("conditional_caution.financial_penalty_cap",
                              config.conditional_caution_financial_penalty_caps),
        DIVERSIONARY_CAUTION: ("diversionary_caution.financial_penalty_cap",
                               config.diversionary_caution_financial_penalty_caps),
        COMMUNITY_CAUTION: ("community_caution.financial_penalty_cap",
                            config.community_caution_financial_penalty_caps),
    }.get(disposal)


def validate_proposal(ctx: DecisionContext, blocked: dict[str, tuple[Reason, ...]]) -> list[Problem]:
    """Everything wrong with the case's proposed disposal; empty when there is no proposal."""
    if ctx.case.proposed is None:
        return []
    problems = [*_disposal_problems(ctx, blocked), *_condition_problems(ctx), *_period_problems(ctx),
                *_victims_requested_actions(ctx)]
    return [p for p in problems if p is not None]


Problems = Iterator[Problem | None]


def _problem(field: str, reason: Reason | None, advisory: bool = False) -> Problem | None:
    return Problem(field, reason, advisory) if reason else None


def _disposal_problems(ctx: DecisionContext, blocked: dict[str, tuple[Reason, ...]]) -> Problems:
    disposal = ctx.case.proposed.disposal
    label = LABELS[disposal]
    if disposal not in REGIME_DISPOSALS[ctx.regime]:
        yield _problem("proposed.disposal", ctx.regime_reason(f"A {label.lower()} is not a disposal of this framework"))
        return
    for reason in blocked[disposal]:
        yield Problem("proposed.disposal", with_prefix(reason, f"{label} is not available"))


def _condition_problems(ctx: DecisionContext) -> Problems:
    proposal, rules = ctx.case.proposed, ctx.rules
    disposal, conditions = proposal.disposal, proposal.conditions
    if disposal == SIMPLE_CAUTION and conditions:
        yield _problem("proposed.conditions", rules.cite("simple_caution.no_conditions"))
    if disposal not in STATUTORY_CAUTIONS:
        return
    if not conditions:
        rule_id = "conditional_caution.conditions_required" if disposal == CONDITIONAL_CAUTION \
            else "pcsc.conditions_required"
        yield _problem("proposed.conditions", rules.cite(rule_id))
    for i, condition in enumerate(conditions):
        kind_of = CONDITION_CATALOGUE[condition.type]
        if condition.kind not in kind_of.kinds:
            yield _problem(f"proposed.conditions[{i}].kind", rules.cite(
                "conditions.kind_matches_type", f"Condition {i + 1} is marked {condition.kind}",
                type=kind_of.label.lower(), kinds=" or ".join(kind_of.kinds)))
        if ctx.regime == PCSC_2022 and condition.kind == PUNITIVE and condition.type != "financial_penalty":
            yield _problem(f"proposed.conditions[{i}].kind", rules.cite(
                "pcsc.condition_objects", f"Condition {i + 1} ({kind_of.label.lower()}) is marked punitive"))
    if disposal == CONDITIONAL_CAUTION:
        yield from _conditional_caution_mix(ctx)
    for cap in hour_caps(disposal, ctx.config):
        yield from _hours_within(cap, ctx)
    yield from _financial_penalty_within(ctx)


def _conditional_caution_mix(ctx: DecisionContext) -> Problems:
    conditions = ctx.case.proposed.conditions
    restrictive = [c for c in conditions if c.type == "restriction" or c.kind == RESTRICTIVE]
    supported = [c for c in conditions if c.type != "restriction" and c.kind in (REHABILITATIVE, REPARATIVE)]
    if restrictive and not supported:
        yield _problem("proposed.conditions", ctx.rules.cite(
            "conditions.restrictive_in_support", "No rehabilitative or reparative condition is proposed"))
    if any(c.kind == PUNITIVE for c in conditions):
        yield _problem("proposed.conditions", ctx.rules.cite("conditions.punitive_last_resort"), advisory=True)


def _hours_within(cap: HourCap, ctx: DecisionContext) -> Problems:
    counted = [(i, c) for i, c in enumerate(ctx.case.proposed.conditions) if cap.counts(c)]
    for i, condition in counted:
        if condition.hours is None:
            yield _problem(f"proposed.conditions[{i}].hours", ctx.rules.cite(
                cap.rule_id, f"Condition {i + 1} gives no hours, so the cap cannot be checked", cap=_number(cap.cap)))
    total = sum(c.hours for _, c in counted if c.hours is not None)
    if total > cap.cap:
        field = f"proposed.conditions[{counted[0][0]}].hours" if len(counted) == 1 else "proposed.conditions"
        yield _problem(field, ctx.rules.cite(cap.rule_id, f"{cap.what} totals {_number(total)} hours",
                                             cap=_number(cap.cap)))


def _financial_penalty_within(ctx: DecisionContext) -> Problems:
    rule_and_caps = financial_penalty_caps(ctx.case.proposed.disposal, ctx.config)
    penalties = [(i, c) for i, c in enumerate(ctx.case.proposed.conditions) if c.type == "financial_penalty"]
    if rule_and_caps is None or not penalties:
        return
    rule_id, caps = rule_and_caps
    if caps is None:
        yield _problem(f"proposed.conditions[{penalties[0][0]}].amount",
                       ctx.rules.cite("pcsc.financial_penalty_cap_unknown"), advisory=True)
        return
    mode = ctx.case.offence.mode_of_trial
    values = {"cap": _money(caps[mode]), "mode": _MODE_PHRASES[mode]}
    for i, condition in penalties:
        if condition.amount is None:
            yield _problem(f"proposed.conditions[{i}].amount", ctx.rules.cite(
                rule_id, f"Condition {i + 1} gives no amount, so the cap cannot be checked", **values))
    total = sum(c.amount for _, c in penalties if c.amount is not None)
    if total > caps[mode]:
        field = f"proposed.conditions[{penalties[0][0]}].amount" if len(penalties) == 1 else "proposed.conditions"
        yield _problem(field, ctx.rules.cite(rule_id, f"Financial penalties total {_money(total)}", **values))


def _period_problems(ctx: DecisionContext) -> Problems:
    proposal, config = ctx.case.proposed, ctx.config
    if proposal.disposal not in STATUTORY_CAUTIONS or proposal.disposal not in REGIME_DISPOSALS[ctx.regime]:
        return
    rule_id = "pcsc.condition_period" if ctx.regime == PCSC_2022 else "conditional_caution.condition_period"
    periods = {"normal": config.condition_period_normal_weeks, "max": config.condition_period_max_weeks}
    completion, decided = proposal.completion_date, ctx.case.decision_date
    if completion is None:
        yield _problem("proposed.completion_date", ctx.rules.cite(rule_id, "No completion date is given", **periods))
        return
    if completion < decided:
        yield _problem("proposed.completion_date",
                       ctx.rules.cite(rule_id, "The completion date is before the decision date", **periods))
        return
    days = (completion - decided).days
    length = f"The conditions would run {days} days ({days / 7:.1f} weeks)"
    if completion > decided + timedelta(weeks=config.condition_period_max_weeks):
        yield _problem("proposed.completion_date", ctx.rules.cite(rule_id, length, **periods))
    elif completion > decided + timedelta(weeks=config.condition_period_normal_weeks):
        yield _problem("proposed.completion_date", ctx.rules.cite(rule_id, length, **periods), advisory=True)
    if (proposal.disposal in PROSECUTION_ON_BREACH and ctx.latest_completion_date is not None
            and completion > ctx.latest_completion_date):
        if completion >= ctx.summary_time_limit:
            yield _problem("proposed.completion_date", ctx.cite_time_limit(
                f"Completion on {long_date(completion)} is on or after the last day to prosecute"))
        else:
            yield _problem("proposed.completion_date", ctx.cite_time_limit(
                f"Completion on {long_date(completion)} leaves less than {config.breach_review_buffer_days} days "
                f"to review a breach before the limit", "time_limit.breach_review_buffer"))


# The duty to attach the action a victim chose from the community remedy document unless inappropriate.
_COMMUNITY_REMEDY_RULES = {
    COMMUNITY_RESOLUTION: "community_remedy.community_resolution",
    CONDITIONAL_CAUTION: "community_remedy.conditional_caution",
    DIVERSIONARY_CAUTION: "community_remedy.pcsc",
    COMMUNITY_CAUTION: "community_remedy.pcsc",
}


def _victims_requested_actions(ctx: DecisionContext) -> Problems:
    """An action a victim asked for that the proposal leaves out: lawful only with a recorded reason why it
    would be inappropriate (so the supervisor sees it and the victim is told)."""
    proposal = ctx.case.proposed
    rule_id = _COMMUNITY_REMEDY_RULES.get(proposal.disposal)
    if rule_id is None:
        return
    proposed = {c.type for c in proposal.conditions}
    for i, victim in enumerate(ctx.case.victims):
        wanted = victim.requested_action
        if wanted and wanted not in proposed:
            label = CONDITION_CATALOGUE[wanted].label.lower()
            yield _problem("proposed.conditions", ctx.rules.cite(
                rule_id, f"Victim {i + 1} asked for {_article(label)} {label}, which is not among the conditions"),
                advisory=True)


def _article(label: str) -> str:
    return "an" if label[:1] in "aeiou" else "a"


_MODE_PHRASES = {"summary": "a summary", "either_way": "an either-way", "indictable_only": "an indictable-only"}


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money(value: float) -> str:
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
