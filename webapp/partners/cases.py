"""Loading a case and a row id from a request, for the partners, enquiries and Restorative Justice pages.

Kept to these two helpers until the shared view helpers (`webapp.views`, with area scoping) are in
place; then these pages use those instead.
"""
from __future__ import annotations

import re

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.models import Case

_ID = re.compile(r"[0-9]{1,9}")


def load_case(reference: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.reference == reference).options(
        joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker), selectinload(Case.offences),
        selectinload(Case.victims)))
    if case is None:
        abort(404)
    return case


def int_arg(name: str) -> int:
    """A row id from the query string or form, or 404."""
    raw = (request.values.get(name) or "").strip()
    if not _ID.fullmatch(raw) or int(raw) == 0:
        abort(404)
    return int(raw)
