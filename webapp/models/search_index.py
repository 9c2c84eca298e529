"""SQLite's full-text index of the case list's search text, kept in step by triggers.

An FTS5 trigram index answers "contains this fragment" from the index instead of reading every
case. Its row key is not the case id but the case's referral time (whole seconds) followed by the
id, so walking the index backwards yields the newest matches first and the case list can stop after
one page without sorting every match. The index is contentless (the text lives in `cases`), so the
triggers hand it the old text when a case changes or goes.

Triggers, not the services, keep it in step: every way a case is written (the intake form, a
restore from a dump) passes through them. The demo seeder's bulk load of a million cases is the one
exception: it sets the insert trigger aside and indexes its cases in one statement at the end
(`filled_after`), which builds the index in sorted runs instead of row by row. PostgreSQL needs none of
this: its pg_trgm GIN index on search_text is created in migration 0001.

PostgreSQL gets a second index instead (migration 0019): the cases in referral order carrying their
area and search text, so the case list reads the newest cases in a user's scope and tests the search
words without visiting the table (an index-only scan). A common word ("theft") is found among the
first few thousand entries; the trigram index is asked only when the newest cases hold too few.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import DDL, Connection, event

from webapp.models.case import Case

TABLE = "cases_search"
KEY_SPAN = 1_000_000_000  # case ids stay below this; the key is seconds * KEY_SPAN + id


def _key(row: str) -> str:
    return f"(CAST(strftime('%s', {row}.created_at) AS INTEGER) * {KEY_SPAN} + {row}.id)"


def _insert(row: str) -> str:
    # Trigger SQL built from constants (NEW/OLD and the table name), never from input.
    return f"INSERT INTO {TABLE}(rowid, search_text) VALUES ({_key(row)}, {row}.search_text);"  # nosec B608


def _delete(row: str) -> str:
    return (f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) "  # nosec B608 (accepted: constants only)
            f"VALUES ('delete', {_key(row)}, {row}.search_text);")


INSERT_TRIGGER = f"{TABLE}_insert"
CREATE_INSERT_TRIGGER = f"CREATE TRIGGER {INSERT_TRIGGER} AFTER INSERT ON cases BEGIN {_insert('NEW')} END"
CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='', tokenize='trigram', columnsize=0)",
    CREATE_INSERT_TRIGGER,
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON cases BEGIN {_delete('OLD')} END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF search_text, created_at, id ON cases "
    f"BEGIN {_delete('OLD')} {_insert('NEW')} END",
]
DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{name}" for name in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {TABLE}"]

@contextmanager
def filled_after(connection: Connection) -> Iterator[None]:
    """Cases inserted inside this block are indexed once, at its end, instead of by the insert trigger
    row by row (SQLite; elsewhere it does nothing). The trigger is back whatever happens; the cases the
    block added are indexed even if it fails part-way, since those already committed stay."""
    if connection.dialect.name != "sqlite":
        yield
        return
    first = (connection.exec_driver_sql("SELECT MAX(id) FROM cases").scalar() or 0) + 1
    connection.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        # Constants and an integer only; the key is the trigger's own. In key order: FTS5 writes out the
        # terms it holds each time a rowid goes backwards, so cases in id order (their keys in no order)
        # took four times as long.
        connection.exec_driver_sql(f"INSERT INTO {TABLE}(rowid, search_text) "  # nosec B608
                                   f"SELECT {_key('cases')}, search_text FROM cases WHERE id >= {int(first)} "
                                   f"ORDER BY {_key('cases')}")
        connection.exec_driver_sql(CREATE_INSERT_TRIGGER)
        connection.commit()


# Schemas built from the models (the test suite's create_all) get the same index as migration 0013.
for _statement in CREATE:  # DDL %-formats its text: strftime's %s is written %%s
    event.listen(Case.__table__, "after_create", DDL(_statement.replace("%", "%%")).execute_if(dialect="sqlite"))
for _statement in DROP:
    event.listen(Case.__table__, "after_drop", DDL(_statement).execute_if(dialect="sqlite"))

RECENT_INDEX = "ix_cases_recent_search"
CREATE_POSTGRES = [f"CREATE INDEX {RECENT_INDEX} ON cases (created_at DESC, id DESC) INCLUDE (area_id, search_text)"]
for _statement in CREATE_POSTGRES:
    event.listen(Case.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
