"""What a caseworker may depart from, who must sign a decision off, and who may not. Plain Python, no Flask.

The engine says what is open and what is wrong with a proposal; this module is the force's answer
to "and then what?". Three kinds of rule stand behind a blocked disposal or a problem:

- **Force policy** (`DEPARTABLE_RULES`): the score-to-disposal table (gravity_disposals), the
  simple-caution policy, and the similar-offence rule for simple cautions, whose statute itself
  allows exceptional circumstances decided by an inspector (CJCA 2015 s.17(4)-(5)). A caseworker
  may depart with a coded override reason and a note; a supervisor must authorise.
- **Prosecutor's agreement** (rules marked `prosecutor_may_authorise` in rules.toml: gravity
  score 4 with a prosecutor, domestic abuse and hate crime conditional cautions, indictable-only
  offences): a caseworker may propose it with a coded override reason; a supervisor records the
  prosecutor's name and the time of consent before approving.
- **Hard rules**, everything else: statute and national rules a police decision cannot set
  aside (age, admission, evidential stage, the intimate-partner bar on community resolutions,
  excluded offences, the caps on hours and penalties, conditions required, no conditions on a
  simple caution, the condition period's maximum, the s.127 time limit). A proposal breaking one
  is refused, whatever override reason is given.

Advisory problems (a period beyond the normal 16 weeks, punitive conditions) are lawful: they
need a recorded rationale and a supervisor's sign-off, not an override.

Four eyes: the person who recorded a decision never authorises it.
"""
from __future__ import annotations

from dataclasses import dataclass

from webapp.domain.assess import Assessment
from webapp.domain.disposals import COMMUNITY_RESOLUTION
from webapp.domain.rules import Problem

OVERRIDE_CODES: dict[str, str] = {
    "exceptional_circumstances_recorded": "Exceptional circumstances, recorded in the rationale",
    "victim_views": "The victim's views",
    "new_information": "New information since screening",
    "force_policy_exception": "An exception to force policy agreed with a supervisor",
}

HARD = "hard"
FORCE_POLICY = "force_policy"
PROSECUTOR = "prosecutor"

RULE_CLASS_LABELS = {
    HARD: "Cannot be overridden",
    FORCE_POLICY: "Override with a coded reason and a supervisor",
    PROSECUTOR: "Only with a prosecutor's agreement (recorded by a supervisor)",
}

DEPARTABLE_RULES: dict[str, str] = {
    "gravity.outside_force_policy": "Force gravity policy (setting gravity_disposals)",
    "simple_caution.force_policy": "Force policy (setting simple_caution_permitted)",
    "simple_caution.similar_offence": "The statute allows exceptional circumstances decided by an inspector",
    # Guidance, not statute: a supervisor may go past these with a recorded reason (the s.127 limit never).
    "conditional_caution.condition_period": "The 16- and 20-week periods come from guidance, not statute",
    "time_limit.breach_review_buffer": "The time kept for breach review before the s.127 limit is force policy",
}


def override_label(code: str | None) -> str:
    """An override code in the words the caseworker chose it by."""
    return OVERRIDE_CODES.get(code, code or "")


def rule_class(rule_id: str, prosecutor_may_authorise: bool) -> str:
    if prosecutor_may_authorise:
        return PROSECUTOR
    if rule_id in DEPARTABLE_RULES:
        return FORCE_POLICY
    return HARD


@dataclass(frozen=True)
class ProposalReview:
    """The engine's problems with a proposal, sorted by what the caseworker can do about each."""

    hard: tuple[Problem, ...]
    departures: tuple[Problem, ...]
    prosecutor: tuple[Problem, ...]
    advisories: tuple[Problem, ...]

    @property
    def refused(self) -> bool:
        return bool(self.hard)

    @property
    def override_required(self) -> bool:
        return bool(self.departures or self.prosecutor)

    def kind_of(self, problem: Problem) -> str:
        if problem.advisory:
            return "advisory"
        return rule_class(problem.reason.rule_id, problem.reason.prosecutor_may_authorise)


def review_proposal(assessment: Assessment) -> ProposalReview:
    hard, departures, prosecutor = [], [], []
    for problem in assessment.errors:
        kind = rule_class(problem.reason.rule_id, problem.reason.prosecutor_may_authorise)
        {HARD: hard, FORCE_POLICY: departures, PROSECUTOR: prosecutor}[kind].append(problem)
    return ProposalReview(tuple(hard), tuple(departures), tuple(prosecutor), assessment.advisories)


def needs_prosecutor(assessment: Assessment, review: ProposalReview, disposal: str | None = None) -> bool:
    """A prosecutor must decide or consent: the engine's referral, or a block only a prosecutor can lift.

    A Community Resolution is not a charging decision, so the referral for hate crime and domestic abuse does
    not reach it: it needs a prosecutor only where the engine says only a prosecutor could open it.
    """
    if disposal == COMMUNITY_RESOLUTION:
        return bool(review.prosecutor)
    return assessment.refer_to_cps or bool(review.prosecutor)


def supervisor_reasons(*, disposal: str, assessment: Assessment, review: ProposalReview, overridden: bool,
                       high_risk: bool, cps_diverted: bool) -> list[str]:
    """Why a supervisor must authorise this decision; empty when the caseworker's decision stands alone.

    Every caution is a formal record (and a conditional, diversionary or community caution carries
    conditions whose breach has consequences), so all of them are signed off. So is any departure
    from the engine, any case the force's escalation policy sends to a supervisor (domestic abuse, hate crime,
    indictable-only, either-way above the force's gravity level: webapp.domain.escalation), any CPS-diverted case (a senior officer
    approves the prosecutor's direction before delivery), a community resolution without the
    victim's agreement (the guidance leaves that to a supervisor), anything needing a prosecutor's
    consent, and anything lawful only with a recorded justification.
    """
    reasons = []
    if disposal != COMMUNITY_RESOLUTION:
        reasons.append("Every caution is authorised by a supervisor")
    if overridden:
        reasons.append("The decision departs from the engine's advice with an override reason")
    if high_risk:
        reasons.append("The force's escalation policy sends this case to a supervisor")
    if cps_diverted:
        reasons.append("CPS-diverted: a senior officer approves the prosecutor's direction before delivery")
    if disposal == COMMUNITY_RESOLUTION and any(
            w.rule_id == "community_resolution.victim_consent" for w in assessment.warnings):
        reasons.append("The victim has not agreed to a community resolution")
    if needs_prosecutor(assessment, review, disposal):
        reasons.append("A prosecutor must decide or consent")
    if review.advisories:
        reasons.append("Lawful only with a recorded justification: " + "; ".join(p.text for p in review.advisories))
    return reasons


def four_eyes_problem(decided_by_id: int | None, reviewer_id: int | None) -> str | None:
    """Why this reviewer may not approve or return the decision; None when they may."""
    if decided_by_id is not None and decided_by_id == reviewer_id:
        return "You recorded this decision, so another supervisor must authorise it"
    return None
