"""The offence catalogue: wording, legislation, mode of trial and a default gravity score.

Modes of trial are reliable; the gravity scores are ASSUMED (the national matrix's A-Z table was
not available), so a force overrides them through `EngineConfig.offence_gravity_overrides`.
"""
from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from webapp.domain.disposals import MODES_OF_TRIAL
from webapp.domain.gravity import HIGHEST_SCORE, LOWEST_SCORE

CATALOGUE_FILE = Path(__file__).parent / "data" / "offences.csv"


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Offence:
    key: str
    wording: str
    legislation: str
    mode_of_trial: str
    default_gravity_score: int
    gravity_score: int
    notes: str

    @property
    def score_overridden(self) -> bool:
        return self.gravity_score != self.default_gravity_score


def load_offences(path: Path = CATALOGUE_FILE,
                  gravity_overrides: Mapping[str, int] | None = None) -> dict[str, Offence]:
    """The catalogue by offence key, in file order, with the force's scores applied."""
    overrides = dict(gravity_overrides or {})
    offences: dict[str, Offence] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            offence = _offence(row, line, overrides)
            if offence.key in offences:
                raise CatalogueError(f"line {line}: offence key {offence.key!r} appears twice")
            offences[offence.key] = offence
    unknown = set(overrides) - set(offences)
    if unknown:
        raise CatalogueError(f"gravity overrides name offences not in the catalogue: {', '.join(sorted(unknown))}")
    return offences


def _offence(row: dict[str, str], line: int, overrides: Mapping[str, int]) -> Offence:
    key = (row.get("key") or "").strip()
    if not key:
        raise CatalogueError(f"line {line}: key is empty")
    mode = row.get("mode_of_trial", "")
    if mode not in MODES_OF_TRIAL:
        raise CatalogueError(f"line {line}: mode_of_trial must be one of {', '.join(MODES_OF_TRIAL)}")
    try:
        default = int(row.get("default_gravity_score", ""))
    except ValueError:
        default = 0
    if not LOWEST_SCORE <= default <= HIGHEST_SCORE:
        raise CatalogueError(f"line {line}: default_gravity_score must be {LOWEST_SCORE}-{HIGHEST_SCORE}")
    return Offence(key=key, wording=row["wording"], legislation=row["legislation"], mode_of_trial=mode,
                   default_gravity_score=default, gravity_score=overrides.get(key, default),
                   notes=row.get("notes") or "")
