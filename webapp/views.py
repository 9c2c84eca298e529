"""What every blueprint's views share: load a case the user may see, commit or report a stale edit,
and read numbers from a request without ever turning a typo into a server error.

Area rule (webapp.domain.access): a case in an area the user does not see is "not found", never
"forbidden", so nobody learns that a reference exists elsewhere. Opening a case that is not assigned
to you asks once per case per session why (the audit log's justification, DPA 2018 s.62(2)(a)).
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import false, select, true
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import IntegerConverter

from webapp.audit import log as audit
from webapp.database import commit_keeping_loaded_rows
from webapp.domain import access
from webapp.domain.ids import MAX_ID, parse_id
from webapp.extensions import db, htmx
from webapp.models import Case
from webapp.services import areas

# A form saved from a page opened before someone else's change (409), and two saves at the same moment.
STALE_MESSAGE = ("Someone else changed this case after you opened it. Your changes were not saved: "
                 "check the case below and try again.")
SAME_MOMENT_MESSAGE = "Someone else changed this case at the same moment. Nothing was saved: try again."

# The session remembers the reasons given for this many cases (the most recent ones).
REMEMBERED_REASONS = 30


# --------------------------------------------------------------------------- numbers from a request


def int_arg(name: str) -> int:
    """An id from the query string or form, or 404 when it is missing or cannot be one."""
    value = parse_id(request.values.get(name))
    if value is None:
        abort(404)
    return value


def page_arg(name: str = "page") -> int:
    """A page number: anything that is not a plain positive number means the first page."""
    return parse_id(request.args.get(name)) or 1


def date_arg(name: str = "date") -> date:
    """A day from the query string (ISO, as the pages' links write it); today when missing or not a date."""
    try:
        return date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return date.today()


def id_list(values) -> list[int]:
    return [v for v in (parse_id(x) for x in values) if v is not None]


# --------------------------------------------------------------------------- areas


def visible() -> access.Visible:
    """The areas the signed-in user sees, worked out once per request."""
    if "visible_areas" not in g:
        g.visible_areas = areas.visible_areas(current_user, current_app.config)
    return g.visible_areas


def case_scope(area_column=Case.area_id):
    """A WHERE clause limiting a query to the cases (or rows carrying an area) the user sees."""
    seen = visible()
    if seen.every_area:
        return true()
    return area_column.in_(sorted(seen.area_ids)) if seen.area_ids else false()


def ensure_visible(case: Case | None) -> Case:
    """404 for a case the user may not see (or none): used where a row leads to its case."""
    if case is None or not visible().allows(case.area_id):
        abort(404)
    return case


DEFAULT_OPTIONS = (joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
                   selectinload(Case.offences), selectinload(Case.victims))


def load_case(reference: str, *options) -> Case:
    """The case with this reference, if the user may see it; otherwise 404.

    `options` are loader options for what the page shows (the default loads the header's needs).
    """
    case = db.session.scalar(select(Case).where(Case.reference == reference, case_scope())
                             .options(*(options or DEFAULT_OPTIONS)))
    if case is None:
        abort(404)
    _justify_access(case)
    return case


def _reasons() -> dict:
    return session.get("access_reasons") or {}


def remember_reason(case: Case, text: str) -> None:
    reasons = {k: v for k, v in _reasons().items() if k != str(case.id)}
    reasons[str(case.id)] = text[:200]
    session["access_reasons"] = dict(list(reasons.items())[-REMEMBERED_REASONS:])


def _justify_access(case: Case) -> None:
    """Use the reason given for this case in the audit lines of this request, or ask for one first."""
    if not access.outside_caseload(case.caseworker_id, current_user.id):
        return
    reason = _reasons().get(str(case.id))
    if reason:
        g.access_justification = reason
    elif (current_app.config.get("ASK_ACCESS_REASON", True) and request.method == "GET"
          and not htmx):
        abort(redirect(url_for("access.reason", reference=case.reference, next=request.full_path.rstrip("?"))))


def safe_next(target: str | None, default: str) -> str:
    """Follow ?next= only to a path on this site (no scheme, host, `//` or backslash)."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


# --------------------------------------------------------------------------- saving


def opened_before_a_change(field, current_version: int) -> bool:
    """True when a form carries an older version than the record's (someone saved in between).

    The hidden field is set to the current version either way, so the form shown again (with the
    person's typing kept) saves next time. A form without the field is left to the database lock.
    """
    sent = (field.data or "").strip()
    field.data = str(current_version)
    return bool(sent) and sent != str(current_version)


def commit_or_stale(message: str = SAME_MOMENT_MESSAGE) -> bool:
    """Commit; when someone else changed the same record at the same moment, roll back, say so
    (flashed) and return False, so nothing is lost silently."""
    try:
        db.session.commit()
        return True
    except StaleDataError:
        db.session.rollback()
        flash(message)
        return False


def log_reading(kind: str, reference, what: str) -> None:
    """Log that the user is reading this record (DPA 2018 s.62) and commit that line on its own, keeping
    the rows the page has loaded: the line changes none of them, so none needs loading again."""
    audit.record("consult", kind, reference, what)
    commit_keeping_loaded_rows(db.session())


def consulted(page, kind: str, reference: str, what: str):
    """Log that the user consulted this (rendered) page, commit and return it."""
    log_reading(kind, reference, what)
    return page


class RowIdConverter(IntegerConverter):
    """`<int:...>` in a route: at most MAX_ID, so a huge number is "not found", never OverflowError."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
