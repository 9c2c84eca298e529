"""Two things about talking to the database, whichever one it is.

PostgreSQL cannot store the NUL character in text; SQLite can. A request carrying one (a typed
"\\x00" in a name, a pasted binary string) would otherwise fail with a database error on PostgreSQL only
(the form fuzzer found it on the sign-in page). NUL is never meaningful in our records, so it is dropped
from every text parameter sent to PostgreSQL, whichever code path wrote it.
"""
from __future__ import annotations

from sqlalchemy import event


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def _clean_parameters(parameters):
    if isinstance(parameters, dict):
        return {key: _clean(value) for key, value in parameters.items()}
    if isinstance(parameters, (list, tuple)):
        cleaned = [_clean_parameters(p) if isinstance(p, (dict, list, tuple)) else _clean(p) for p in parameters]
        return type(parameters)(cleaned) if isinstance(parameters, tuple) else cleaned
    return parameters


def drop_nul_characters(engine) -> None:
    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _without_nul(conn, cursor, statement, parameters, context, executemany):
        return statement, _clean_parameters(parameters)


def commit_keeping_loaded_rows(session) -> None:
    """Commit without expiring what the session has loaded, for a commit that changes none of it (an
    audit line about a page being read; a job about to render what it read). A usual commit expires
    every row, and a page then loads its case and each list on it again, one query apiece."""
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
