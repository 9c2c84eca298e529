"""Which audit lines a reader of the log may see.

A line is "about a case" when its record is filed under a case reference (every case's lines are:
see jobs.tasks.documents.record_id and the services). The lines about a case show only to those who may
see the case (webapp.domain.access: a supervisor limited to their area sees their own area's and any
area they cover). Lines about nothing in a case (sign-ins, users, settings, templates, exports) name
staff and searches across areas: only administrators see those, whatever their own case access.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, exists, not_, or_, true

from webapp.domain import access
from webapp.models import AuditRecord, Case


def _about_a_case(seen: access.Visible | None = None) -> ColumnElement[bool]:
    """The line is filed under a case (one the user sees, given `seen`), asked of each line through the
    cases' unique reference rather than by listing every reference in the areas for each page."""
    case = exists().where(Case.reference == AuditRecord.record_id)
    if seen is not None and not seen.every_area:
        case = case.where(Case.area_id.in_(sorted(seen.area_ids)))
    return case


def visible_lines(role: str, seen: access.Visible) -> ColumnElement[bool]:
    """A WHERE clause for the audit lines a user with `role`, who sees the areas in `seen`, may read."""
    if role == "admin" and seen.every_area:
        return true()
    about_a_case_seen = _about_a_case(seen)
    if role == "admin":
        about_no_case = not_(_about_a_case())
        return or_(about_a_case_seen, about_no_case)
    return about_a_case_seen


def limited(role: str, seen: access.Visible) -> bool:
    """True when the reader does not see the whole log (the page says so)."""
    return not (role == "admin" and seen.every_area)
