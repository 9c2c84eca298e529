"""Helpers for the browser tests (a unique module name, like oocr_testing): filling in a form, and
whether HTMX swapped part of the page or the browser loaded a new one."""
from __future__ import annotations


def mark_document(page) -> None:
    """Tag the loaded document: if the tag survives, nothing since then reloaded the page."""
    page.evaluate("window.__oocrNoReload = 'same document'")


def same_document(page) -> bool:
    return page.evaluate("window.__oocrNoReload") == "same document"


def fill_in(page, fields: dict[str, str]) -> None:
    """Type each value into the field with that id, in order, as a person filling in the form would."""
    for field_id, value in fields.items():
        page.fill(f"#{field_id}", value)
