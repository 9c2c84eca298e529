"""Turn the engine's answer and decision rows into what the pages show: tags, badges, labels, links."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from webapp.domain.authorisation import (
    HARD, OVERRIDE_CODES, PROSECUTOR, RULE_CLASS_LABELS, ProposalReview, override_label, rule_class,
)
from webapp.domain.assess import Assessment, AssessInputError, CaseFacts
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import LABELS, disposal_label, regime_label  # noqa: F401  (templates ask them)
from webapp.domain.delivery import AUTHORITIES, needs_delivery_record  # noqa: F401  (templates ask it)
from webapp.domain.lifecycle import ESCALATION_LABELS
from webapp.domain.victims import enhanced_rights, working_days_for
from webapp.domain.youth import suspect_is_youth
from webapp.models.decision import DECISION_STATUSES

# What each confidence mark in rules.toml means to a caseworker, and the MoJ badge colour it gets.
CONFIDENCE = {
    "V": ("Checked against the law", "moj-badge--green"),
    "S": ("Secondary source", "moj-badge--blue"),
    "K": ("Not checked [K]", "moj-badge--grey"),
    "UNCERTAIN": ("UNCERTAIN", "moj-badge--red"),
}
UNCERTAIN_SETTING = ("This value could not be confirmed against the primary source; your force must confirm it")

DECISION_TAGS = {
    "draft": "govuk-tag--grey",
    "awaiting_authorisation": "govuk-tag--yellow",
    "returned": "govuk-tag--orange",
    "authorised": "govuk-tag--turquoise",
    "delivered": "govuk-tag--green",
}

PROBLEM_KINDS = {
    HARD: ("Cannot be overridden", "moj-badge--red"),
    "force_policy": ("Needs an override reason", "moj-badge--purple"),
    PROSECUTOR: ("Needs a prosecutor's agreement", "moj-badge--purple"),
    "advisory": ("Lawful with a recorded reason", "moj-badge--blue"),
}

_CONDITION_FIELD = re.compile(r"proposed\.conditions\[(\d+)\]\.(\w+)")
_FIELD_NAMES = {"kind": "object", "type": "condition", "hours": "hours", "amount": "amount"}


def confidence_badge(confidence: str) -> dict:
    text, classes = CONFIDENCE.get(confidence, (confidence, "moj-badge--grey"))
    return {"text": text, "classes": classes}


def procedure_rows(procedures: Sequence[dict]) -> list[dict]:
    """The rule book's procedures for the admin Rules page, each with its confidence badge."""
    return [{**entry, "badge": confidence_badge(entry["confidence"])} for entry in procedures]


def _reason(reason: dict) -> dict:
    return {**reason, "badge": confidence_badge(reason["confidence"]),
            "rule_class": RULE_CLASS_LABELS[rule_class(reason["rule_id"], reason["prosecutor_may_authorise"])]}


def form_field_id(problem_field: str, row_map: Sequence[int] = ()) -> str:
    """The id of the form field a problem belongs beside: `proposed.conditions[0].hours` -> `conditions-2-hours`
    when the first condition the engine saw is the third row on the form."""
    found = _CONDITION_FIELD.fullmatch(problem_field)
    if found:
        index = int(found.group(1))
        row = row_map[index] if index < len(row_map) else index
        return f"conditions-{row}-{found.group(2)}"
    if problem_field.startswith("proposed.conditions"):
        return "conditions"
    return problem_field.removeprefix("proposed.")


def form_field_label(problem_field: str) -> str:
    found = _CONDITION_FIELD.fullmatch(problem_field)
    if found:
        return f"Condition {int(found.group(1)) + 1}: {_FIELD_NAMES.get(found.group(2), found.group(2))}"
    return {"proposed.disposal": "Disposal", "proposed.completion_date": "Completion date",
            "proposed.conditions": "Conditions"}.get(problem_field, problem_field)


def problem_items(assessment: Assessment, review: ProposalReview, row_map: Sequence[int] = ()) -> list[dict]:
    items = []
    for problem in assessment.problems:
        kind = review.kind_of(problem)
        text, classes = PROBLEM_KINDS[kind]
        items.append({"field": problem.field, "field_id": form_field_id(problem.field, row_map),
                      "field_label": form_field_label(problem.field), "text": problem.text, "source": problem.source,
                      "legal_source": problem.reason.legal_source or problem.source,
                      "rule_id": problem.reason.rule_id, "badge": confidence_badge(problem.reason.confidence),
                      "kind": kind, "kind_badge": {"text": text, "classes": classes}})
    return items


def eligibility_panel(*, assessment: Assessment | None, facts: CaseFacts | None, config: EngineConfig,
                      decision_date: date, error: AssessInputError | None = None,
                      review: ProposalReview | None = None, row_map: Sequence[int] = (),
                      left_out: Sequence[str] = ()) -> dict:
    """The eligibility panel: regime, score, each disposal open or closed with every reason and source."""
    panel: dict = {"decision_date": decision_date, "left_out": list(left_out), "error": None}
    if error is not None or assessment is None:
        panel["error"] = {"field": error.field, "message": error.message} if error else None
        return panel
    detail = assessment.detail()
    victim_deadlines = [{"number": i + 1, "enhanced": enhanced, "due": due,
                         "days": working_days_for(enhanced, config)}
                        for i, (enhanced, due) in enumerate(zip(assessment.victims_enhanced,
                                                                assessment.victim_update_dues))]
    panel.update(
        regime=detail["regime"]["label"], regime_code=detail["regime"]["code"],
        regime_reason=_reason(detail["regime"]["reason"]),
        base_score=facts.offence.gravity_score if facts else None,
        final_score=detail["gravity"]["final_score"], gravity_reason=_reason(detail["gravity"]["reason"]),
        disposals=[{**d, "reasons": [_reason(r) for r in d["reasons"]]} for d in detail["disposals"]],
        refer_to_cps=detail["refer_to_cps"]["required"],
        refer_reasons=[_reason(r) for r in detail["refer_to_cps"]["reasons"]],
        escalate=[ESCALATION_LABELS.get(e, e) for e in detail["escalate"]],
        victim_update_due=assessment.victim_update_due, victim_deadlines=victim_deadlines,
        summary_time_limit=assessment.summary_time_limit,
        latest_completion_date=assessment.latest_completion_date,
        deadline_reasons={k: _reason(v["reason"]) for k, v in detail["deadlines"].items() if v["reason"]},
        warnings=[_reason(w) for w in detail["warnings"]],
        problems=problem_items(assessment, review, row_map) if review is not None else None,
        refused=bool(review and review.refused),
        override_required=bool(review and review.override_required),
    )
    return panel


def victims_summary(case) -> str:
    """How many victims, and whether any has enhanced rights (which shortens the update deadline)."""
    if not case.victims:
        return "None recorded"
    enhanced = sum(enhanced_rights(v, case.offence).enhanced for v in case.victims)
    if not enhanced:
        return f"{len(case.victims)}"
    return f"{len(case.victims)} ({enhanced} with enhanced rights)" if len(case.victims) > 1 \
        else "1 (enhanced rights)"


def disposal_choices(assessment: Assessment) -> list[tuple[str, str]]:
    """Radios for the governing regime's disposals, each saying whether the engine leaves it open."""
    choices = []
    for d in assessment.detail()["disposals"]:
        if d["available"]:
            state = "available"
        elif d["prosecutor_may_authorise"]:
            state = "blocked: only with a prosecutor's agreement"
        else:
            state = "blocked"
        choices.append((d["code"], f"{d['label']} ({state})"))
    return choices


def disposal_hints(assessment: Assessment) -> list[dict]:
    """Per-radio hints: the first reason a blocked disposal is closed (the panel lists them all)."""
    hints = []
    for d in assessment.detail()["disposals"]:
        first = d["reasons"][0] if d["reasons"] else None
        hints.append({"hint": {"text": f"{first['text']} ({first['legal_source']})"}} if first else {})
    return hints


def number(value) -> str:
    """Hours and pounds as people write them: 6, 12.5, 40.25 (Numeric columns come back as 6.00)."""
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def status_tag(decision) -> dict:
    return {"text": DECISION_STATUSES.get(decision.status, decision.status),
            "classes": DECISION_TAGS.get(decision.status, "")}


def decision_flags(decision) -> list[str]:
    """Short labels for the queues: why this decision is there and what it still needs."""
    flags = []
    case = decision.case
    if case.source == "cps_diverted":
        flags.append("CPS-diverted")
    if decision.needs_prosecutor:
        flags.append("Prosecutor's consent recorded" if decision.prosecutor_consent_at else "Needs prosecutor's consent")
    if decision.override_code:
        flags.append(f"Override: {override_label(decision.override_code)}")
    escalated = [f for f in (decision.engine_snapshot or {}).get("result", {}).get("escalate", []) if f != "youth"]
    if escalated:
        flags.append("High risk: " + ", ".join(ESCALATION_LABELS.get(f, f).lower() for f in escalated))
    return flags


def supervisor_reasons(decision) -> list[str]:
    return list((decision.engine_snapshot or {}).get("authorisation", {}).get("supervisor_reasons", []))


def override_report(counts: Sequence[tuple[str, int]]) -> list[dict]:
    known = dict(counts)
    rows = [{"code": code, "label": label, "count": known.get(code, 0)} for code, label in OVERRIDE_CODES.items()]
    rows += [{"code": code, "label": code, "count": n} for code, n in counts if code not in OVERRIDE_CODES]
    return rows


def setting_value_display(text: str) -> str:
    return text if text else "Not set"


ORIGINS = {"default": "Engine default", "app_config": "Deployment (PCSC_COMMENCEMENT)", "force": "Set by your force"}


def error_summary(form=None, *, list_problems: Sequence[dict] = (), messages: Sequence[str] = ()) -> dict | None:
    """GOV.UK error summary params: the form's field errors, its form-level errors, the engine's problems
    that belong to the whole list of conditions, and any other message. None when there is nothing wrong."""
    from govuk_frontend_wtf.main import wtforms_errors
    items = []
    if form is not None:
        items += [{"text": m, "href": "#main-content"} for m in form.form_errors]
        items += [e for e in wtforms_errors(form)["errorList"] if e["href"] != "#"]  # "#": form-level, above
    items += [{"text": f"{p['field_label']}: {p['message']}", "href": f"#{p['field_id']}"} for p in list_problems]
    items += [{"text": m, "href": "#main-content"} for m in messages]
    return {"titleText": "There is a problem", "errorList": items} if items else None


def authority_label(code: str) -> str:
    return AUTHORITIES.get(code, code)


def is_youth(case) -> bool:
    return suspect_is_youth(case, date.today())


def evidential_stage_text(case) -> str:
    from webapp.services.engine_input import evidential_stage
    answer = evidential_stage(case, None)
    return {True: "met", False: "not met", None: "not yet recorded (treated as not met)"}[answer]
