"""Which disposals the law and force policy leave open on the facts, and why the others are closed.

A disposal is blocked when any rule rules it out, including where only a prosecutor (or the DPP)
could still agree it in exceptional circumstances. It is available when nothing rules it out;
where a prosecutor must make the decision anyway (hate crime, two-tier domestic abuse,
indictable-only offences) `prosecutor_referral` says so separately.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from webapp.domain.case import CaseFacts, PreviousOutcome, Victim
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import (
    COMMUNITY_CAUTION, COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, EITHER_WAY,
    INDICTABLE_ONLY, LABELS, PCSC_2022, PROSECUTION_ON_BREACH, REGIME_DISPOSALS, SIMPLE_CAUTION, TWO_TIER,
)
from webapp.domain.rules import Reason, RulesInForce
from webapp.domain.youth import ADULT_AGE
from webapp.domain.formatting import long_date

SIMILAR_OFFENCE_LOOKBACK_YEARS = 2  # Criminal Justice and Courts Act 2015 s.17(4)

Reasons = Iterator[Reason | None]


@dataclass(frozen=True)
class DecisionContext:
    """A case together with everything decided about it before the disposals are weighed."""

    case: CaseFacts
    regime: str
    pcsc_commencement: date | None
    final_score: int
    config: EngineConfig
    rules: RulesInForce
    summary_time_limit: date | None
    latest_completion_date: date | None

    @property
    def indictable_only(self) -> bool:
        return self.case.offence.mode_of_trial == INDICTABLE_ONLY

    def regime_reason(self, detail: str | None = None) -> Reason | None:
        commencement = long_date(self.pcsc_commencement) if self.pcsc_commencement else "not in force"
        return self.rules.cite(f"regime.{self.regime}", detail, commencement=commencement)

    def cite_time_limit(self, detail: str, rule_id: str = "time_limit.summary_only") -> Reason | None:
        """The s.127 limit itself (statute), or with rule_id `time_limit.breach_review_buffer` the force's own
        time kept before it to review a breach (policy a supervisor may go past with a recorded reason)."""
        return self.rules.cite(rule_id, detail, deadline=long_date(self.summary_time_limit),
                               buffer=self.config.breach_review_buffer_days,
                               latest=long_date(self.latest_completion_date))


def blocking_reasons(ctx: DecisionContext) -> dict[str, tuple[Reason, ...]]:
    """For every disposal of the governing framework, the reasons it is closed (empty when open)."""
    return {disposal: tuple(r for r in _reasons(disposal, ctx) if r is not None)
            for disposal in REGIME_DISPOSALS[ctx.regime]}


# The rule each disposal meets for an indictable-only offence.
_INDICTABLE_ONLY_RULES = {
    COMMUNITY_RESOLUTION: "community_resolution.less_serious",
    SIMPLE_CAUTION: "simple_caution.indictable_only",
    CONDITIONAL_CAUTION: "indictable_only.prosecutor_decides",
    DIVERSIONARY_CAUTION: "diversionary_caution.indictable_only",
    COMMUNITY_CAUTION: "community_caution.excluded_offence",
}

# The rule each caution meets for domestic abuse (community resolutions: intimate partners only).
_DOMESTIC_ABUSE_RULES = {
    CONDITIONAL_CAUTION: "conditional_caution.domestic_abuse",
    DIVERSIONARY_CAUTION: "pcsc.domestic_abuse",
    COMMUNITY_CAUTION: "pcsc.domestic_abuse",
}


def _reasons(disposal: str, ctx: DecisionContext) -> Reasons:
    case, offence, rules = ctx.case, ctx.case.offence, ctx.rules
    if disposal == SIMPLE_CAUTION and not ctx.config.simple_caution_permitted:
        yield rules.cite("simple_caution.force_policy")
    if case.age_at_decision < ADULT_AGE:
        yield rules.cite(f"{disposal}.adult", f"The suspect is {case.age_at_decision}")
    if not case.admission:
        yield rules.cite(f"{disposal}.admission", "The offence is not admitted")
    if not case.evidential_stage_met:
        yield rules.cite(f"{disposal}.evidence", "The evidential stage is not met")
    if ctx.indictable_only:
        yield rules.cite(_INDICTABLE_ONLY_RULES[disposal])
    elif disposal == SIMPLE_CAUTION:
        yield _similar_offence(ctx)
    if offence.domestic_abuse and disposal in _DOMESTIC_ABUSE_RULES:
        yield _domestic_abuse(_DOMESTIC_ABUSE_RULES[disposal], ctx)
    if offence.domestic_abuse and offence.intimate_partner and disposal == COMMUNITY_RESOLUTION:
        yield rules.cite("community_resolution.intimate_partner_abuse")
    if offence.hate_crime and disposal == CONDITIONAL_CAUTION:
        yield rules.cite("conditional_caution.hate_crime")
    yield _gravity_policy(disposal, ctx)
    yield _no_time_before_limit(disposal, ctx)


def _gravity_policy(disposal: str, ctx: DecisionContext) -> Reason | None:
    if disposal in ctx.config.gravity_disposals[ctx.regime][ctx.final_score]:
        return None
    rule_id = ("gravity.prosecutor_only"
               if disposal in ctx.config.gravity_disposals_with_prosecutor[ctx.regime][ctx.final_score]
               else "gravity.outside_force_policy")
    return ctx.rules.cite(rule_id, score=ctx.final_score, disposal=LABELS[disposal].lower())


def _similar_offence(ctx: DecisionContext) -> Reason | None:
    similar = similar_offences_in_lookback(ctx.case)
    if not similar:
        return None
    latest = max(similar, key=lambda p: p.date)
    return ctx.rules.cite("simple_caution.similar_offence",
                          f"{latest.outcome.replace('_', ' ').capitalize()} for a similar offence on "
                          f"{long_date(latest.date)}")


def _domestic_abuse(rule_id: str, ctx: DecisionContext) -> Reason | None:
    rule = ctx.rules.rule(rule_id)
    if rule is None or (rule.defers_to_force_policy and ctx.config.domestic_abuse_left_to_police()):
        return None
    return rule.reason()


def _no_time_before_limit(disposal: str, ctx: DecisionContext) -> Reason | None:
    """A caution whose breach leads to prosecution is pointless once a prosecution would be time-barred."""
    if disposal not in PROSECUTION_ON_BREACH or ctx.latest_completion_date is None:
        return None
    if ctx.latest_completion_date >= ctx.case.decision_date:
        return None
    if ctx.case.decision_date >= ctx.summary_time_limit:
        return ctx.cite_time_limit("The last day to prosecute has passed")
    return ctx.cite_time_limit("No time is left to complete conditions and review a breach before the limit",
                               "time_limit.breach_review_buffer")


def similar_offences_in_lookback(case: CaseFacts) -> list[PreviousOutcome]:
    """Convictions and cautions for a similar offence in the 2 years before this offence."""
    offence_date = case.offence.offence_date
    start = _years_before(offence_date, SIMILAR_OFFENCE_LOOKBACK_YEARS)
    return [p for p in case.previous
            if p.similar and p.is_conviction_or_caution and start <= p.date < offence_date]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def prosecutor_referral(ctx: DecisionContext, blocked: dict[str, tuple[Reason, ...]]) -> list[Reason]:
    """Why a prosecutor must decide or consent; empty when the police may decide."""
    offence = ctx.case.offence
    found = []
    if ctx.indictable_only:
        found.append(ctx.rules.cite("indictable_only.prosecutor_decides"))
    if offence.hate_crime:
        found.append(ctx.rules.cite("hate_crime.prosecutor_decides"))
    if ctx.regime == TWO_TIER and (offence.domestic_abuse or offence.hate_crime):
        found.append(ctx.rules.cite("referral.domestic_abuse_and_hate_crime"))
    proposed = ctx.case.proposed
    if proposed and blocked.get(proposed.disposal) and needs_only_a_prosecutor(blocked[proposed.disposal]):
        found.extend(blocked[proposed.disposal])
    unique: dict[str, Reason] = {}
    for reason in found:
        if reason is not None:
            unique.setdefault(reason.rule_id, reason)
    return list(unique.values())


def needs_only_a_prosecutor(reasons: tuple[Reason, ...]) -> bool:
    return bool(reasons) and all(r.prosecutor_may_authorise for r in reasons)


def points_to_check(ctx: DecisionContext, available: list[str]) -> list[Reason]:
    """What the caseworker must still check or record before choosing among the open disposals."""
    case, rules = ctx.case, ctx.rules
    found: list[Reason | None] = []
    offence = case.offence
    if offence.intimate_partner and not offence.domestic_abuse:
        found.append(rules.cite("community_resolution.intimate_partner_abuse",
                                "The offence is marked as between intimate partners but not as domestic abuse: "
                                "check the domestic abuse flag"))
    cautions = [d for d in available if d != COMMUNITY_RESOLUTION]
    if (offence.domestic_abuse and ctx.config.domestic_abuse_left_to_police()
            and any(d in _DOMESTIC_ABUSE_RULES for d in available)):
        found.append(rules.cite("domestic_abuse.police_decision_criteria"))
    if COMMUNITY_RESOLUTION in available and case.previous:
        found.append(rules.cite("community_resolution.first_time"))
    if SIMPLE_CAUTION in available and offence.mode_of_trial == EITHER_WAY:
        found.append(rules.cite("simple_caution.specified_either_way"))
    if ctx.regime == PCSC_2022 and any(p.is_caution for p in case.previous):
        found.append(rules.cite("pcsc.repeat_cautions"))
    views_missing = [v for v in case.victims if v.views != "supports_oocd"]
    if views_missing:
        if COMMUNITY_RESOLUTION in available:
            found.append(rules.cite("community_resolution.victim_consent", _views_detail(views_missing)))
        if cautions:
            rule_id = "pcsc.victim_views" if ctx.regime == PCSC_2022 else "conditional_caution.victim_views"
            found.append(rules.cite(rule_id, _views_detail(views_missing)))
    time_limited = [d for d in cautions if d in PROSECUTION_ON_BREACH]
    if time_limited and ctx.latest_completion_date is not None:
        normal_end = case.decision_date + timedelta(weeks=ctx.config.condition_period_normal_weeks)
        if normal_end > ctx.latest_completion_date:
            found.append(ctx.cite_time_limit(
                f"A normal {ctx.config.condition_period_normal_weeks}-week condition period would run past "
                f"{long_date(ctx.latest_completion_date)}: set shorter conditions or choose another disposal"))
    return [r for r in found if r is not None]


def _views_detail(victims: list[Victim]) -> str:
    opposed = sum(v.views == "opposes_oocd" for v in victims)
    missing = len(victims) - opposed
    parts = [f"{what} {n} victim{'s' if n > 1 else ''}" for n, what in
             ((opposed, "opposed by"), (missing, "not obtained from")) if n]
    return "Victim views " + " and ".join(parts)
