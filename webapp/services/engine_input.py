"""The adapter from case rows to the engine's input: the exact dict `parse_case` reads.

The web pages and `oocr assess` then share one engine path: rows -> `case_input()` -> `parse_case`
-> `assess`. Nothing here decides anything; it only reads what the case records.

Screening facts not yet recorded are read the safe way: an admission or an evidential review that
nobody has recorded counts as not given, so nothing opens until a caseworker records it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from webapp.domain.assess import Assessment, AssessInputError, assess, parse_case
from webapp.domain.config import EngineConfig
from webapp.domain.victims import is_organisation


def case_input(case: Any, *, decision_date: date, screening: Any = None, previous: Iterable[Any] | None = None,
               proposal: Any = None) -> dict[str, object]:
    """The engine's input for `case` on `decision_date`.

    `screening`, `previous` and `proposal` default to what the case holds; the screening and decision
    forms pass unsaved rows instead, so the live panel assesses what is on the screen. `proposal` is a
    Decision (or anything with disposal, completion_date and conditions with kind, type, hours, amount).
    """
    offence = case.offence
    if offence is None:
        raise AssessInputError("offence", "is missing: record the offence on the referral first")
    screening = case.screening if screening is None else screening
    previous = case.previous_outcomes if previous is None else previous
    if getattr(case, "suspect_id", None) is not None:
        # Outcomes the same person was given on other cases count without anyone typing them in.
        from webapp.services.people import earlier_outcomes
        previous = [*previous, *earlier_outcomes(case)]
    data: dict[str, object] = {
        "decision_date": decision_date.isoformat(),
        "suspect": {"date_of_birth": case.suspect.date_of_birth.isoformat()},
        "offence": {
            "wording": offence.wording,
            "mode_of_trial": offence.mode_of_trial,
            "offence_date": offence.offence_date.isoformat(),
            "gravity_score": offence.gravity_score,
            "aggravating": list(getattr(screening, "aggravating", None) or []),
            "mitigating": list(getattr(screening, "mitigating", None) or []),
            "domestic_abuse": bool(offence.domestic_abuse),
            "intimate_partner": bool(offence.intimate_partner),
            "hate_crime": bool(offence.hate_crime),
        },
        "admission": bool(getattr(screening, "admission", None)),
        "evidential_stage_met": bool(evidential_stage(case, screening)),
        "previous": [{"outcome": p.outcome, "date": p.outcome_date.isoformat(), "similar": bool(p.similar)}
                     for p in previous],
        "victims": [_victim(v) for v in case.victims],
    }
    if getattr(offence, "offence_key", None):
        data["offence"]["offence_key"] = offence.offence_key
    if proposal is not None:
        data["proposed"] = {
            "disposal": proposal.disposal,
            "completion_date": proposal.completion_date.isoformat() if proposal.completion_date else None,
            "conditions": [_condition(c) for c in proposal.conditions],
        }
    return data


def assess_case(case: Any, config: EngineConfig, *, decision_date: date, **rows: Any) -> tuple[dict, Assessment]:
    """The input and the engine's answer; raises AssessInputError when the case cannot be assessed."""
    data = case_input(case, decision_date=decision_date, **rows)
    return data, assess(parse_case(data), config)


def evidential_stage(case: Any, screening: Any) -> bool | None:
    """The evidential stage as the Full Code Test page answered it: the one place it is answered. A case
    without a Full Code Test falls back to the screening's stored copy (written from the Full Code Test, or by
    older records); None when nobody has answered."""
    fct = getattr(case, "full_code_test", None)
    if fct is not None and fct.evidential_met is not None:
        return fct.evidential_met
    return getattr(screening if screening is not None else getattr(case, "screening", None),
                   "evidential_stage_met", None)


def _victim(victim: Any) -> dict[str, object]:
    found: dict[str, object] = {"vulnerable": bool(victim.vulnerable), "intimidated": bool(victim.intimidated),
                                "persistently_targeted": bool(victim.persistently_targeted), "views": victim.views}
    if getattr(victim, "date_of_birth", None):
        found["date_of_birth"] = victim.date_of_birth.isoformat()
    if is_organisation(victim):
        found["organisation"] = True
    action = getattr(victim, "requested_action", None)
    if action is not None:
        found["requested_action"] = action.condition_type
    return found


def _condition(condition: Any) -> dict[str, object]:
    found: dict[str, object] = {"kind": condition.kind, "type": condition.type}
    for name in ("hours", "amount"):
        value = getattr(condition, name, None)
        if value is not None:
            found[name] = _plain_number(value)
    return found


def _plain_number(value: Decimal | float | int) -> int | float:
    """Numeric(6, 2) columns come back as Decimal; the engine reads JSON numbers."""
    number = float(value)
    return int(number) if number.is_integer() else number
