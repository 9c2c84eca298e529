"""Case builders for the engine's tests: a sensible adult case, changed only where a test says.

Plain functions rather than conftest fixtures: tests elsewhere import helpers with `from conftest
import ...`, which only works while no other directory's conftest module shadows tests/conftest.py.
"""
from __future__ import annotations

import copy
from pathlib import Path

from webapp.domain.assess import Assessment, assess, parse_case
from webapp.domain.config import EngineConfig

SHARED = Path(__file__).resolve().parents[3] / "shared"

# First-offence shop theft at gravity 2, victim supports an out-of-court disposal (law-and-practice §9.1).
BASE_CASE = {
    "decision_date": "2026-03-10",
    "suspect": {"date_of_birth": "1990-04-01"},
    "offence": {
        "wording": "Theft from a shop contrary to section 1(1) and 7 of the Theft Act 1968",
        "mode_of_trial": "either_way",
        "offence_date": "2026-02-01",
        "gravity_score": 2,
        "aggravating": [],
        "mitigating": [],
        "domestic_abuse": False,
        "intimate_partner": False,
        "hate_crime": False,
    },
    "admission": True,
    "evidential_stage_met": True,
    "previous": [],
    "victims": [{"vulnerable": False, "intimidated": False, "persistently_targeted": False,
                 "views": "supports_oocd"}],
}


def build_case(**changes: object) -> dict:
    """BASE_CASE with top-level keys replaced, except `suspect` and `offence`, which are merged."""
    case = copy.deepcopy(BASE_CASE)
    for key, value in changes.items():
        if key in ("suspect", "offence"):
            case[key].update(value)
        else:
            case[key] = value
    return case


def decide(settings: dict | None = None, **changes: object) -> Assessment:
    """decide(offence={...}, admission=False, settings={...}) -> Assessment."""
    return assess(parse_case(build_case(**changes)), EngineConfig.from_mapping(settings or {}))


def shared_dir() -> Path:
    """shared/ beside the repository; the contract samples live there, so a missing folder fails."""
    assert SHARED.is_dir(), f"{SHARED} is missing: the shared contract samples must be checked out beside the repo"
    return SHARED
