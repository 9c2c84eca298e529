"""The decision-support engine's front door, shared by the web pages, jobs and `oocr assess`.

    case = parse_case(json_like_dict)        # raises AssessInputError(field, message)
    result = assess(case, EngineConfig())    # an Assessment
    result.to_dict()                          # the `oocr assess` output contract
    result.detail()                           # structured reasons and problems for the web pages

The engine only advises: every open or closed disposal, problem and warning carries the rule and
source behind it so a caseworker or supervisor can check it and record their own rationale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.domain.case import AssessInputError, CaseFacts, parse_case
from webapp.domain.conditions import validate_proposal
from webapp.domain.config import EngineConfig
from webapp.domain.deadlines import (
    latest_completion_date, summary_time_limit, victim_update_due, victim_update_dues, victims_enhanced,
)
from webapp.domain.disposals import (
    LABELS, PCSC_2022, REGIME_DISPOSALS, REGIME_LABELS, TWO_TIER,
)
from webapp.domain.eligibility import (
    ADULT_AGE, DecisionContext, blocking_reasons, needs_only_a_prosecutor, points_to_check, prosecutor_referral,
)
from webapp.domain.escalation import escalation_flags
from webapp.domain.gravity import final_gravity_score
from webapp.domain.rules import Problem, Reason, RuleBook, load_rulebook

__all__ = ["AssessInputError", "Assessment", "CaseFacts", "assess", "governing_regime", "parse_case"]


@dataclass(frozen=True)
class Assessment:
    regime: str
    regime_reason: Reason
    final_gravity_score: int
    gravity_reason: Reason
    available: tuple[str, ...]
    blocked: dict[str, tuple[Reason, ...]]
    refer_to_cps_reasons: tuple[Reason, ...]
    escalate: tuple[str, ...]
    victim_update_due: date | None
    victim_update_dues: tuple[date, ...]
    victims_enhanced: tuple[bool, ...]
    summary_time_limit: date | None
    latest_completion_date: date | None
    deadline_reasons: dict[str, Reason]
    problems: tuple[Problem, ...]
    warnings: tuple[Reason, ...]

    @property
    def refer_to_cps(self) -> bool:
        return bool(self.refer_to_cps_reasons)

    @property
    def prosecutor_may_authorise(self) -> tuple[str, ...]:
        """Blocked disposals that a prosecutor (or the DPP) could still agree in exceptional circumstances."""
        return tuple(d for d, reasons in self.blocked.items() if needs_only_a_prosecutor(reasons))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.advisory)

    @property
    def advisories(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.advisory)

    def to_dict(self) -> dict[str, object]:
        """The `oocr assess` output (shared/scenarios/FORMAT.md), plus optional keys after the contract's."""
        return {
            "regime": self.regime,
            "final_gravity_score": self.final_gravity_score,
            "available": list(self.available),
            "blocked": {d: [str(r) for r in reasons] for d, reasons in self.blocked.items()},
            "refer_to_cps": self.refer_to_cps,
            "escalate": list(self.escalate),
            "deadlines": {
                "victim_update_due": _iso(self.victim_update_due),
                "summary_time_limit": _iso(self.summary_time_limit),
                "latest_completion_date": _iso(self.latest_completion_date),
            },
            "problems": [str(p) for p in self.errors],
            "prosecutor_may_authorise": list(self.prosecutor_may_authorise),
            "victims": [{"enhanced_rights": enhanced, "update_due": due.isoformat()}
                        for enhanced, due in zip(self.victims_enhanced, self.victim_update_dues)],
            "refer_to_cps_reasons": [str(r) for r in self.refer_to_cps_reasons],
            "warnings": [str(r) for r in self.warnings] + [str(p) for p in self.advisories],
        }

    def detail(self) -> dict[str, object]:
        """Structured reasons for the web pages: each with its rule id, text, source and confidence."""
        return {
            "regime": {"code": self.regime, "label": REGIME_LABELS[self.regime],
                       "reason": self.regime_reason.as_dict()},
            "gravity": {"final_score": self.final_gravity_score, "reason": self.gravity_reason.as_dict()},
            "disposals": [
                {"code": d, "label": LABELS[d], "available": d in self.available,
                 "prosecutor_may_authorise": d in self.prosecutor_may_authorise,
                 "reasons": [r.as_dict() for r in self.blocked.get(d, ())]}
                for d in REGIME_DISPOSALS[self.regime]
            ],
            "refer_to_cps": {"required": self.refer_to_cps,
                             "reasons": [r.as_dict() for r in self.refer_to_cps_reasons]},
            "escalate": list(self.escalate),
            "deadlines": {
                name: {"date": _iso(getattr(self, name)),
                       "reason": self.deadline_reasons[name].as_dict() if name in self.deadline_reasons else None}
                for name in ("victim_update_due", "summary_time_limit", "latest_completion_date")
            },
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [r.as_dict() for r in self.warnings],
        }


def governing_regime(case: CaseFacts, config: EngineConfig) -> tuple[str, date | None]:
    """PCSC Part 6 governs only offences committed on or after its commencement (PCSC 2022 s.99(4))."""
    commencement = case.pcsc_commencement or config.pcsc_commencement
    if commencement is not None and case.offence.offence_date >= commencement:
        return PCSC_2022, commencement
    return TWO_TIER, commencement


def assess(case: CaseFacts, config: EngineConfig | None = None, rulebook: RuleBook | None = None) -> Assessment:
    config = config or EngineConfig()
    book = rulebook or load_rulebook()
    if case.decision_date < book.covers_decisions_from:
        raise AssessInputError("decision_date", f"must be on or after {book.covers_decisions_from.isoformat()} "
                                                "(the earliest rules the engine holds)")
    rules = book.on(case.decision_date)
    regime, commencement = governing_regime(case, config)
    offence = case.offence
    time_limit = summary_time_limit(case)
    ctx = DecisionContext(
        case=case, regime=regime, pcsc_commencement=commencement, config=config, rules=rules,
        final_score=final_gravity_score(offence.gravity_score, offence.aggravating, offence.mitigating),
        summary_time_limit=time_limit, latest_completion_date=latest_completion_date(time_limit, config),
    )
    reasons = blocking_reasons(ctx)
    available = tuple(d for d, found in reasons.items() if not found)
    deadline_reasons = _deadline_reasons(ctx)
    return Assessment(
        regime=regime,
        regime_reason=ctx.regime_reason(),
        final_gravity_score=ctx.final_score,
        gravity_reason=_gravity_reason(ctx),
        available=available,
        blocked={d: found for d, found in reasons.items() if found},
        refer_to_cps_reasons=tuple(prosecutor_referral(ctx, reasons)),
        escalate=escalation_flags(
            mode_of_trial=offence.mode_of_trial, domestic_abuse=offence.domestic_abuse, hate_crime=offence.hate_crime,
            gravity_score=ctx.final_score, youth=case.age_at_decision < ADULT_AGE,
            either_way_above=config.escalate_either_way_above_score),
        victim_update_due=victim_update_due(case, config),
        victim_update_dues=victim_update_dues(case, config),
        victims_enhanced=victims_enhanced(case),
        summary_time_limit=time_limit,
        latest_completion_date=ctx.latest_completion_date,
        deadline_reasons=deadline_reasons,
        problems=tuple(validate_proposal(ctx, reasons)),
        warnings=tuple(points_to_check(ctx, list(available))),
    )


def _gravity_reason(ctx: DecisionContext) -> Reason:
    offence = ctx.case.offence
    detail = f"Base score {offence.gravity_score}"
    if offence.aggravating:
        detail += f"; aggravating: {', '.join(offence.aggravating)}"
    if offence.mitigating:
        detail += f"; mitigating: {', '.join(offence.mitigating)}"
    return ctx.rules.cite("gravity.final_score", f"{detail}; final score {ctx.final_score}")


def _deadline_reasons(ctx: DecisionContext) -> dict[str, Reason]:
    found = {}
    if ctx.case.victims:
        enhanced = sum(victims_enhanced(ctx.case))
        if len(ctx.case.victims) == 1:
            who = "The victim has enhanced rights" if enhanced else "The victim does not have enhanced rights"
        else:
            who = f"{enhanced} of {len(ctx.case.victims)} victims have enhanced rights; each has their own date"
        found["victim_update_due"] = ctx.rules.cite(
            "victims.update", who, standard=ctx.config.victim_update_working_days,
            enhanced=ctx.config.victim_update_working_days_enhanced)
        # Who counts as having enhanced rights, cited beside the deadline it shortens.
        rights = ctx.rules.cite("victims.enhanced_rights")
        if rights is not None:
            found["victim_enhanced_rights"] = rights
    if ctx.summary_time_limit is not None:
        found["summary_time_limit"] = found["latest_completion_date"] = ctx.cite_time_limit(
            "The offence is summary-only")
    return found


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
