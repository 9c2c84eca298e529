"""How each engine setting is edited and explained: the kind of field an administrator fills in and
what the setting means, in words a supervisor uses.

EngineConfig (webapp.domain.config) keeps the values, defaults, sources and checks; this module only
says how a person sees and changes them. A setting without an entry here is edited as text (its
value as the engine stores it), so a new setting is never uneditable, only less friendly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from webapp.domain.config import DOMESTIC_ABUSE_POLICIES, POLICE_DECISION, PROSECUTOR_ONLY
from webapp.domain.disposals import MODES_OF_TRIAL, PCSC_2022, REGIME_DISPOSALS, TWO_TIER, disposal_label
from webapp.domain.enquiries import MAX_TARGET_DAYS
from webapp.domain.formatting import long_date

DATE, YES_NO, CHOICE, WHOLE, NUMBER, CAPS, OPTIONAL_CAPS, GRAVITY_TABLE, OFFENCE_SCORES, TEXT = (
    "date", "yes_no", "choice", "whole", "number", "caps", "optional_caps", "gravity_table", "offence_scores", "text")

# Who may change a setting. Everyone who can read the Rules page is told this, correctly.
WHO_CAN_CHANGE = "an administrator"

MODE_LABELS = {"summary": "Summary-only offences", "either_way": "Either-way offences",
               "indictable_only": "Indictable-only offences"}
REGIME_LABELS = {TWO_TIER: "Two-tier framework (now)", PCSC_2022: "PCSC 2022 framework (once in force)"}
POLICY_LABELS = {
    PROSECUTOR_ONLY: "A caution for domestic abuse only with a prosecutor's agreement, in exceptional circumstances",
    POLICE_DECISION: "The police may decide, within the pilot criteria: a first offence, no coercive control, "
                     "and the victim agrees",
}


@dataclass(frozen=True)
class Editor:
    kind: str
    plain: str                      # what the setting means for the team's work
    unit: str = ""                  # "weeks", "hours", "working days", "£"
    minimum: int = 0
    maximum: int | None = None
    choices: dict[str, str] = field(default_factory=dict)


EDITORS: dict[str, Editor] = {
    "pcsc_commencement": Editor(
        DATE, "The day Diversionary and Community Cautions replace Conditional and Simple Cautions. Offences "
              "committed on or after it are dealt with under the new framework; earlier ones under the two-tier "
              "framework. Leave it off until the government brings the new framework into force."),
    "simple_caution_permitted": Editor(
        YES_NO, "Whether caseworkers may offer a Simple Caution. Forces on the two-tier model do not use them."),
    "domestic_abuse_caution_policy": Editor(
        CHOICE, "Who decides whether a caution may be given for a domestic abuse offence, where the national "
                "guidance leaves it open.", choices={key: POLICY_LABELS[key] for key in DOMESTIC_ABUSE_POLICIES}),
    "gravity_disposals": Editor(
        GRAVITY_TABLE, "Which outcomes the police may give for each final gravity score (1 least serious, 4 most). "
                       "A more serious score must never allow a lighter outcome than a less serious one."),
    "gravity_disposals_with_prosecutor": Editor(
        GRAVITY_TABLE, "Outcomes that at a given score are normally a charge, but may be given in exceptional "
                       "circumstances when a prosecutor agrees."),
    "victim_update_working_days": Editor(
        WHOLE, "How many working days after a decision the victim must be told about it.", unit="working days",
        minimum=1),
    "victim_update_working_days_enhanced": Editor(
        WHOLE, "The same, for victims entitled to enhanced rights (for example domestic abuse, hate crime, "
               "vulnerable or intimidated victims).", unit="working days", minimum=1),
    "condition_period_normal_weeks": Editor(
        WHOLE, "How long conditions normally run from the decision. Longer needs a recorded reason.", unit="weeks",
        minimum=1),
    "condition_period_max_weeks": Editor(
        WHOLE, "The longest conditions may ever run.", unit="weeks", minimum=1),
    "breach_review_buffer_days": Editor(
        WHOLE, "For summary-only offences, which must be prosecuted within six months: how many days before that "
               "limit the team is warned, so a breach can still be reviewed and prosecuted.", unit="days"),
    "enquiry_response_working_days": Editor(
        WHOLE, "How many working days the team has to answer a call, e-mail or letter, unless whoever logs it sets "
               "another target.", unit="working days", minimum=0, maximum=MAX_TARGET_DAYS),
    "conditional_caution_financial_penalty_caps": Editor(
        CAPS, "The largest financial penalty a Conditional Caution may carry, by type of offence.", unit="£"),
    "conditional_caution_attendance_cap_hours": Editor(
        NUMBER, "The most hours of attendance (unpaid work, courses and the like) a Conditional Caution may require, "
                "other than for rehabilitation.", unit="hours"),
    "diversionary_caution_unpaid_work_cap_hours": Editor(
        NUMBER, "The most hours of unpaid work a Diversionary Caution may require.", unit="hours"),
    "diversionary_caution_attendance_cap_hours": Editor(
        NUMBER, "The most hours of attendance for reparation alone a Diversionary Caution may require.", unit="hours"),
    "community_caution_unpaid_work_cap_hours": Editor(
        NUMBER, "The most hours of unpaid work a Community Caution may require.", unit="hours"),
    "community_caution_attendance_cap_hours": Editor(
        NUMBER, "The most hours of attendance for reparation alone a Community Caution may require.", unit="hours"),
    "diversionary_caution_financial_penalty_caps": Editor(
        OPTIONAL_CAPS, "The largest financial penalty a Diversionary Caution may carry, once regulations set it. "
                       "Until then amounts cannot be checked.", unit="£"),
    "community_caution_financial_penalty_caps": Editor(
        OPTIONAL_CAPS, "The largest financial penalty a Community Caution may carry, once regulations set it. "
                       "Until then amounts cannot be checked.", unit="£"),
    "escalate_either_way_above_score": Editor(
        WHOLE, "Which either-way offences a supervisor sees first: those whose final gravity score is above this "
               "number (0 means every one, 4 none). Domestic abuse, hate crime and indictable-only offences always "
               "go to a supervisor.", minimum=0, maximum=4),
    "offence_gravity_overrides": Editor(
        OFFENCE_SCORES, "Your force's starting gravity score for an offence, where it differs from the catalogue's."),
}


def editor_for(name: str) -> Editor:
    return EDITORS.get(name) or Editor(TEXT, "")


def describe_value(name: str, value: object) -> str:
    """A setting's value as a sentence a supervisor reads (the stored value is JSON)."""
    editor = editor_for(name)
    if value is None or value == "":
        return "Not in force" if editor.kind == DATE else "Not set"
    if editor.kind == DATE:
        from datetime import date
        day = date.fromisoformat(str(value))
        return f"From {long_date(day)}"
    if editor.kind == YES_NO:
        return "Yes" if value else "No"
    if editor.kind == CHOICE:
        return editor.choices.get(str(value), str(value))
    if editor.kind in (WHOLE, NUMBER):
        return f"{value:g} {editor.unit}".strip() if isinstance(value, float) else f"{value} {editor.unit}".strip()
    if editor.kind in (CAPS, OPTIONAL_CAPS):
        return "; ".join(f"{MODE_LABELS[m]}: £{value[m]:,}" for m in MODES_OF_TRIAL)
    if editor.kind == GRAVITY_TABLE:
        parts = []
        for regime in REGIME_DISPOSALS:
            scores = value.get(regime, {})
            parts.append(f"{REGIME_LABELS[regime]}: " + "; ".join(
                f"score {score}: {', '.join(disposal_label(d) for d in scores.get(str(score), [])) or 'none'}"
                for score in range(1, 5)))
        return ". ".join(parts)
    if editor.kind == OFFENCE_SCORES:
        return "; ".join(f"{key}: {score}" for key, score in sorted(value.items())) or "None: the catalogue's scores"
    return str(value)
