"""Recognising a person referred again: a Splink model scoring two records of a suspect.

The model is a Fellegi-Sunter model with its m and u probabilities written down here rather than
trained at run time: a force's data is too small and too clean at first for expectation
maximisation to settle, and fixed values give the same answer every time for the same pair, which
a reviewer and a test can rely on. The values are judgement, stated so they can be argued with:
m is how often the same person's two records agree at that level, u how often two different
people's records do (from the spread of names, birth dates and postcodes in England and Wales).

Splink's comparison levels are written through its level library, so the SQL is generated for the
backend in use: DuckDB in-process here; the same settings run on Spark (`splink.SparkAPI`) when one
machine is no longer enough. Nothing is downloaded at run time.

Scores are only ever proposals: `MATCH_WEIGHT_THRESHOLD` decides what a person is asked to review,
never what is merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MODEL_VERSION = "oocr-people-1"
# log2 of the Bayes factor for the pair; 5 means the evidence makes a match about 32 times likelier
# than the prior of two random people in the force's records being the same (about 1 in 10,000).
MATCH_WEIGHT_THRESHOLD = 5.0
PRIOR_SAME_PERSON = 0.0001

# (label shown to reviewers, m, u) for each level, strongest first; the ELSE level last.
_NAME_LEVELS = {
    "first_name": [("Same", 0.80, 0.01), ("Nearly the same spelling", 0.12, 0.005),
                   ("Similar", 0.04, 0.03), ("Different", 0.04, 0.955)],
    "last_name": [("Same", 0.85, 0.002), ("Nearly the same spelling", 0.10, 0.004),
                  ("Similar", 0.03, 0.03), ("Different", 0.02, 0.964)],
}
_DOB_LEVELS = [("Same", 0.90, 0.0001), ("Day and month swapped", 0.02, 0.0001),
               ("One digit different or two swapped", 0.07, 0.002), ("Different", 0.01, 0.9978)]
_PNC_LEVELS = [("Same", 0.97, 0.00001), ("Different", 0.03, 0.99999)]
_POSTCODE_LEVELS = [("Same", 0.60, 0.001), ("Same district", 0.15, 0.01), ("Different", 0.25, 0.989)]

FIELD_LABELS = {"first_name": "First name", "last_name": "Last name", "date_of_birth": "Date of birth",
                "pnc_id": "PNC ID", "postcode": "Postcode"}


def normalise_name(value: str | None) -> str | None:
    cleaned = re.sub(r"[^a-z]", "", (value or "").lower())
    return cleaned or None


def normalise_postcode(value: str | None) -> str | None:
    cleaned = re.sub(r"\s+", " ", (value or "").strip().upper())
    return cleaned or None


def normalise_pnc(value: str | None) -> str | None:
    cleaned = re.sub(r"\s", "", (value or "").upper())
    return cleaned or None


def record(unique_id: str, source: str, *, first_name: str | None, last_name: str | None,
           date_of_birth: date | None, pnc_id: str | None, postcode: str | None) -> dict[str, Any]:
    """One row of Splink input. Aliases of a known person are extra rows with the same person."""
    postcode = normalise_postcode(postcode)
    return {"unique_id": unique_id, "source_dataset": source,
            "first_name": normalise_name(first_name), "last_name": normalise_name(last_name),
            "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
            # the same date written American-style (day and month swapped), a common keying slip
            "dob_swapped": f"{date_of_birth:%Y-%d-%m}" if date_of_birth else None,
            "pnc_id": normalise_pnc(pnc_id), "postcode": postcode,
            "postcode_district": postcode.split(" ")[0] if postcode else None}


def _levels(column: str, spec: list[tuple[str, float, float]], middle: list) -> list:
    import splink.comparison_level_library as cll

    built = [cll.NullLevel(column)]
    first, *rest = spec
    built.append(cll.ExactMatchLevel(column).configure(m_probability=first[1], u_probability=first[2],
                                                       label_for_charts=first[0]))
    for level, (label, m, u) in zip(middle, rest[:-1]):
        built.append(level.configure(m_probability=m, u_probability=u, label_for_charts=label))
    label, m, u = spec[-1]
    built.append(cll.ElseLevel().configure(m_probability=m, u_probability=u, label_for_charts=label))
    return built


def settings():
    """The Splink model: five comparisons, fixed probabilities, link-only (new record against known)."""
    import splink.comparison_level_library as cll
    from splink import SettingsCreator
    from splink.comparison_library import CustomComparison

    comparisons = [
        CustomComparison(_levels(name, spec, [cll.JaroWinklerLevel(name, 0.88), cll.JaroWinklerLevel(name, 0.7)]),
                         output_column_name=name)
        for name, spec in _NAME_LEVELS.items()]
    comparisons.append(CustomComparison(
        _levels("date_of_birth", _DOB_LEVELS, [cll.CustomLevel('"date_of_birth_l" = "dob_swapped_r"'),
                                               cll.DamerauLevenshteinLevel("date_of_birth", 1)]),
        output_column_name="date_of_birth"))
    comparisons.append(CustomComparison(_levels("pnc_id", _PNC_LEVELS, []), output_column_name="pnc_id"))
    comparisons.append(CustomComparison(
        _levels("postcode", _POSTCODE_LEVELS, [cll.ExactMatchLevel("postcode_district")]),
        output_column_name="postcode"))
    return SettingsCreator(link_type="link_only", comparisons=comparisons,
                           probability_two_random_records_match=PRIOR_SAME_PERSON,
                           retain_intermediate_calculation_columns=True)


# Labels by gamma value: Splink numbers a comparison's non-null levels from the strongest (highest).
_GAMMA_LABELS = {
    "first_name": _NAME_LEVELS["first_name"], "last_name": _NAME_LEVELS["last_name"],
    "date_of_birth": _DOB_LEVELS, "pnc_id": _PNC_LEVELS, "postcode": _POSTCODE_LEVELS,
}


def _label(column: str, gamma: int) -> str:
    if gamma < 0:
        return "Not known on both"
    spec = _GAMMA_LABELS[column]
    return spec[len(spec) - 1 - gamma][0]


@dataclass(frozen=True)
class Score:
    """How a known record compares with the new one: the weight, the probability and why."""

    new_id: str
    known_id: str
    match_weight: float
    match_probability: float
    fields: dict[str, tuple[str, float]] = field(default_factory=dict)  # column -> (level label, weight)

    @property
    def proposed(self) -> bool:
        return self.match_weight >= MATCH_WEIGHT_THRESHOLD


def score(new: list[dict[str, Any]], known: list[dict[str, Any]]) -> list[Score]:
    """Every pair of a new record and a known one, scored by the model in an in-process DuckDB."""
    if not new or not known:
        return []
    from splink import DuckDBAPI
    from splink.internals.realtime import compare_records

    result = compare_records(new, known, settings(), DuckDBAPI(), sql_cache_key=MODEL_VERSION)
    scores = []
    for row in result.as_record_list():
        fields = {c: (_label(c, int(row[f"gamma_{c}"])), float(row[f"mw_{c}"])) for c in _GAMMA_LABELS}
        scores.append(Score(str(row["unique_id_l"]), str(row["unique_id_r"]), float(row["match_weight"]),
                            float(row["match_probability"]), fields))
    return scores
