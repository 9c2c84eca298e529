"""Which cases a member of staff may see: their own area's, unless covering another area.

Plain Python (no Flask), so the web, jobs and commands ask the same question the same way.
Supervisors and administrators see what the force decides (a setting: their own area, or all
areas); everyone else sees their own area's cases and those of any area they are covering.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# What a force may choose for supervisors and administrators.
SCOPES = {"area": "their own area's cases (and any area they cover)", "all": "every area's cases"}
DEFAULT_SCOPES = {"supervisor": "area", "admin": "all"}

# The longest a cover grant may run: cover is for leave, sickness and surges, not a standing arrangement.
MAX_COVER = timedelta(days=92)

# Why someone opens a case that is not assigned to them (DPA 2018 s.62(2)(a): the justification).
# The last choice asks for the reason in the user's words.
ACCESS_REASONS = {
    "colleague": "Covering for a colleague who is away",
    "allocation": "Allocating or screening new work",
    "supervision": "Supervision or a quality check",
    "enquiry": "Answering an enquiry about this case",
    "admin_task": "Letters, documents or records for this case",
    "other": "Another reason",
}
OTHER_REASON = "other"


@dataclass(frozen=True)
class Visible:
    """The areas whose cases a user may see; `every_area` overrides the set."""

    every_area: bool
    area_ids: frozenset[int]

    def allows(self, area_id: int | None) -> bool:
        return self.every_area or area_id in self.area_ids


def visible_areas(role: str, own_area_id: int | None, covered_area_ids: Iterable[int],
                  scopes: dict[str, str] | None = None) -> Visible:
    """The areas a user sees. `scopes` is the force's setting for supervisors and administrators."""
    scope = {**DEFAULT_SCOPES, **(scopes or {})}.get(role, "area")
    if scope not in SCOPES:
        raise ValueError(f"Unknown case-access scope {scope!r} for {role}: use one of {', '.join(SCOPES)}")
    ids = frozenset(a for a in (own_area_id, *covered_area_ids) if a is not None)
    return Visible(every_area=scope == "all", area_ids=ids)


def cover_is_active(starts_at: datetime, expires_at: datetime, ended_at: datetime | None, now: datetime) -> bool:
    return starts_at <= now < expires_at and (ended_at is None or ended_at > now)


def outside_caseload(case_caseworker_id: int | None, user_id: int) -> bool:
    """A case is in someone's caseload when it is assigned to them; anything else needs a reason."""
    return case_caseworker_id != user_id


def reason_text(choice: str, details: str = "") -> str:
    """The justification written to the audit log for a choice on the reason page."""
    details = " ".join((details or "").split())
    if choice == OTHER_REASON:
        return details
    label = ACCESS_REASONS[choice]
    return f"{label}: {details}" if details else label
