"""The rules of good data the report checks, in words a supervisor can act on.

Each check names what is wrong, why it matters, and which page fixes it; the queries that find the
records are in webapp.services.data_quality.
"""
from __future__ import annotations

from dataclasses import dataclass

# Case statuses reached only after a decision: a record at these stages should be complete.
DECIDED_STATUSES = ("decided", "conditions_active", "completed", "breached", "prosecuted")
YOUNGEST_AT_OFFENCE = 10  # the age of criminal responsibility (Children and Young Persons Act 1933 s.50)


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    why: str
    fix: str  # the page that fixes it: "screening", "victims", "decision", "compliance", "contacts", "case", "people"


CHECKS: tuple[Check, ...] = (
    Check("missing_gravity", "Decided without a final gravity score",
          "The gravity score is what the decision rests on; without it the decision cannot be explained.", "screening"),
    Check("no_victim_view", "No victim's view sought before the decision",
          "The victim's views must be sought before a resolution is decided (Victims' Code; PCSC 2022 s.100(3)).",
          "victims"),
    Check("decision_without_rationale", "Decision without a rationale",
          "Every decision must record why it was made, so it can be reviewed or defended.", "decision"),
    Check("overdue_tasks", "Overdue tasks",
          "Compliance tasks and victim contacts past their due date.", "compliance"),
    Check("impossible_dates", "Impossible dates",
          f"An offence after its referral, a suspect under {YOUNGEST_AT_OFFENCE} or not yet born at the offence, "
          "or a decision delivered before it was made.", "case"),
    Check("duplicate_people", "Likely duplicate people",
          "The same person held twice hides their earlier outcomes from the decision.", "people"),
)
BY_KEY = {c.key: c for c in CHECKS}
