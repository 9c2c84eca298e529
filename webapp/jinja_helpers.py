"""Template filters and globals: dates the way caseworkers write them, labels, the protective marking."""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, request

from webapp.domain.formatting import clock_time, counted, day_and_date, long_date, money, recorded_at, short_date
from webapp.domain.lifecycle import ESCALATION_LABELS, STATUSES
from webapp.models.case import MODES_OF_TRIAL, SOURCES
from webapp.models.user import ROLES


def format_date(value: date | datetime | str | None, style: str = "long") -> str:
    """A date, or an ISO date kept in JSON (such as the engine's advice saved with a decision)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return short_date(value) if style == "short" else long_date(value)


def form_errors(form, params: dict | None = None) -> dict:
    """govuk-frontend-wtf's error summary, with date links pointing at the day box.

    A GOV.UK date is three inputs inside a fieldset; a link to the fieldset's id focuses nothing,
    so the summary link must go to the first input, as the design system asks.
    """
    from govuk_frontend_wtf.main import wtforms_errors

    from webapp.form_fields import GovDateField

    summary = wtforms_errors(form, params or {})
    date_ids = {f"#{field.id}" for field in form if isinstance(field, GovDateField)}
    for item in summary["errorList"]:
        if item.get("href") in date_ids:
            item["href"] += "-day"
    return summary


def url_with(**changes) -> str:
    """The current URL with some query arguments changed: sort links, pagination, filter tags."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        elif isinstance(value, list):
            args[key] = value
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return request.path + (f"?{query}" if query else "")


# Sections of a case, each its own page. Blueprints add theirs with add_case_tab() when registered.
CASE_TABS: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    ("summary", "Summary", "cases.show", None),
]


def add_case_tab(key: str, label: str, endpoint: str, roles: tuple[str, ...] | None = None) -> None:
    if all(t[0] != key for t in CASE_TABS):
        CASE_TABS.append((key, label, endpoint, roles))


def case_tabs(case, active: str) -> list[dict]:
    from flask import url_for
    from flask_login import current_user
    return [
        {"text": label, "href": url_for(endpoint, reference=case.reference), "active": key == active}
        for key, label, endpoint, roles in CASE_TABS
        if roles is None or current_user.role in roles
    ]


def register(app: Flask) -> None:
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = recorded_at
    app.jinja_env.filters["day_and_date"] = day_and_date
    app.jinja_env.filters["clock"] = clock_time
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["counted"] = counted
    app.jinja_env.globals.update(
        url_with=url_with,
        wtforms_errors=form_errors,
        case_tabs=case_tabs,
        STATUSES=STATUSES,
        ESCALATION_LABELS=ESCALATION_LABELS,
        MODES_OF_TRIAL=MODES_OF_TRIAL,
        SOURCES=SOURCES,
        ROLES=ROLES,
    )

    @app.context_processor
    def marking():
        return {"protective_marking": app.config["PROTECTIVE_MARKING"]}
