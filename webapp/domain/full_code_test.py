"""The public-interest questions of the Full Code Test, as data.

Our own paraphrase of the questions a prosecutor asks at the public-interest stage of the Code for
Crown Prosecutors (not the Code's wording). The list is not a tally: a factor may be irrelevant, and
one factor can outweigh several others. The reviewer records which ones bear on the case and how.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Factor:
    key: str
    short: str
    question: str
    guidance: str


PUBLIC_INTEREST_FACTORS: tuple[Factor, ...] = (
    Factor("seriousness", "seriousness", "How serious is the offence?",
           "The more serious the offence, the more likely prosecution is needed. Look at what was done and its "
           "consequences, not only the offence's label."),
    Factor("culpability", "culpability", "How much is the suspect to blame?",
           "Consider planning, the suspect's role if others were involved, any gain, previous offending or "
           "out-of-court outcomes, and whether they were under pressure, coerced or exploited."),
    Factor("victim", "the victim's circumstances and harm",
           "What were the circumstances of the victim, and what harm was caused to them?",
           "Consider the victim's vulnerability, any position of trust, whether the offence was motivated by "
           "hostility to a protected characteristic, the effect on the victim, and the victim's views."),
    Factor("age_maturity", "age and maturity", "What was the suspect's age and maturity at the time?",
           "Young adults may not be fully mature; consider maturity as well as age, and the effect a "
           "prosecution could have on the suspect's future."),
    Factor("community", "community impact", "What impact did the offence have on the community?",
           "The greater the harm to the community (for example to confidence in the area or to a group), "
           "the more likely prosecution is needed. Community impact statements may help."),
    Factor("proportionality", "proportionality", "Would prosecution be a proportionate response?",
           "Weigh the likely penalty, the cost of prosecution against the seriousness of the offence, and "
           "whether an out-of-court resolution meets the aims of justice better."),
    Factor("sources", "protecting sources", "Do sources of information need protecting?",
           "Would prosecution risk disclosing details that could harm sources, international relations or "
           "national security? Usually not relevant."),
)

FACTOR_KEYS = tuple(f.key for f in PUBLIC_INTEREST_FACTORS)

# The reviewer's overall public-interest conclusion (FullCodeTest.public_interest_conclusion).
CONCLUSIONS: dict[str, str] = {
    "out_of_court": "The public interest is served by an out-of-court resolution",
    "prosecution": "The public interest requires a prosecution",
    "no_further_action": "No further action is in the public interest",
}


def factor_rows(public_interest: dict | None) -> list[dict]:
    """Each factor with what the reviewer recorded against it, in the Code's order."""
    recorded = public_interest or {}
    rows = []
    for factor in PUBLIC_INTEREST_FACTORS:
        entry = recorded.get(factor.key) or {}
        rows.append({"factor": factor, "relevant": bool(entry.get("relevant")), "note": entry.get("note", "")})
    return rows
