"""Helpers for the browser tests (a unique module name, like oocr_testing): whether HTMX swapped part of
the page or the browser loaded a new one."""
from __future__ import annotations


def mark_document(page) -> None:
    """Tag the loaded document: if the tag survives, nothing since then reloaded the page."""
    page.evaluate("window.__oocrNoReload = 'same document'")


def same_document(page) -> bool:
    return page.evaluate("window.__oocrNoReload") == "same document"
