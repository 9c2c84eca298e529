"""The disposals each framework offers, lightest first.

Severity is what a caseworker weighs when moving up a tier: a community resolution is informal
and not held on the PNC; a simple caution or a community caution is a formal record whose breach
cannot lead to prosecution (a community caution breach leads to a financial penalty, PCSC 2022
s.98(5)); a conditional caution or a diversionary caution can end in prosecution for the original
offence (CJA 2003 s.24; PCSC 2022 s.98(5)).
"""
from __future__ import annotations

TWO_TIER = "two_tier"
PCSC_2022 = "pcsc_2022"

COMMUNITY_RESOLUTION = "community_resolution"
SIMPLE_CAUTION = "simple_caution"
CONDITIONAL_CAUTION = "conditional_caution"
COMMUNITY_CAUTION = "community_caution"
DIVERSIONARY_CAUTION = "diversionary_caution"

REGIME_DISPOSALS: dict[str, tuple[str, ...]] = {
    TWO_TIER: (COMMUNITY_RESOLUTION, SIMPLE_CAUTION, CONDITIONAL_CAUTION),
    PCSC_2022: (COMMUNITY_RESOLUTION, COMMUNITY_CAUTION, DIVERSIONARY_CAUTION),
}

SEVERITY: dict[str, int] = {
    COMMUNITY_RESOLUTION: 1,
    SIMPLE_CAUTION: 2,
    COMMUNITY_CAUTION: 2,
    CONDITIONAL_CAUTION: 3,
    DIVERSIONARY_CAUTION: 3,
}

LABELS: dict[str, str] = {
    COMMUNITY_RESOLUTION: "Community Resolution",
    SIMPLE_CAUTION: "Simple Caution",
    CONDITIONAL_CAUTION: "Conditional Caution",
    COMMUNITY_CAUTION: "Community Caution",
    DIVERSIONARY_CAUTION: "Diversionary Caution",
}

REGIME_LABELS: dict[str, str] = {
    TWO_TIER: "NPCC two-tier framework",
    PCSC_2022: "Police, Crime, Sentencing and Courts Act 2022 Part 6",
}


def disposal_label(code: str) -> str:
    """A disposal's name; a code this system does not know, in plain words."""
    return LABELS.get(code, code.replace("_", " ").capitalize())


def regime_label(code: str) -> str:
    return REGIME_LABELS.get(code, code)


ALL_DISPOSALS: tuple[str, ...] = (COMMUNITY_RESOLUTION, SIMPLE_CAUTION, CONDITIONAL_CAUTION, COMMUNITY_CAUTION,
                                  DIVERSIONARY_CAUTION)

# Disposals whose breach can lead to prosecution for the original offence, so the summary-only
# time limit (Magistrates' Courts Act 1980 s.127) must leave room to prosecute.
PROSECUTION_ON_BREACH: frozenset[str] = frozenset({CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION})

# The statutory cautions: conditions set under statute (CJA 2003 s.22; PCSC 2022 ss.99, 111), so each must
# carry at least one condition, the law enforces them, and each has a statutory notice.
STATUTORY_CAUTIONS: frozenset[str] = frozenset({CONDITIONAL_CAUTION, DIVERSIONARY_CAUTION, COMMUNITY_CAUTION})

SUMMARY = "summary"
EITHER_WAY = "either_way"
INDICTABLE_ONLY = "indictable_only"
MODES_OF_TRIAL: tuple[str, ...] = (SUMMARY, EITHER_WAY, INDICTABLE_ONLY)
