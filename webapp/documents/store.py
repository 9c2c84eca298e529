"""The document store: generated files and template versions on disk, never in the database.

Paths kept in the database are relative to DOCUMENT_STORE, so the store can move. Every file is
written to a temporary name in its own directory and renamed into place (`os.replace` is atomic on
one filesystem), so a reader, or a worker killed half-way, never sees half a document. Every file
has its SHA-256 in the database and is checked against it before it is used or sent.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from flask import current_app

TEMP_SUFFIX = ".tmp"


class StoredFileProblem(Exception):
    """A stored file is missing or no longer matches the checksum recorded when it was made."""


def store_root() -> Path:
    return _resolved(current_app.config["DOCUMENT_STORE"])


@lru_cache(maxsize=16)
def _resolved(configured: str) -> Path:
    return Path(configured).resolve()


def resolve(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything that would leave the store."""
    if not relative:
        raise StoredFileProblem("No file has been stored for this document yet.")
    root = store_root()
    path = (root / relative).resolve()
    if path != root and root not in path.parents:
        raise StoredFileProblem(f"{relative!r} is not inside the document store.")
    return path


def relative(path: Path) -> str:
    return path.resolve().relative_to(store_root()).as_posix()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(text: str) -> str:
    """A file-name fragment: letters, digits, dots and dashes only."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-.")[:80] or "document"


def temp_name(path: Path) -> Path:
    """A unique temporary name next to `path`, recognisable as belonging to it."""
    return path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")


def siblings(directory: Path, prefix: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Files in `directory` whose names start with `prefix` and end with one of `suffixes`.

    (Not Path.glob: it compiles a regular expression for every new pattern, and these patterns
    hold a document's id, so each would be new.)
    """
    try:
        with os.scandir(directory) as entries:
            return sorted(Path(e.path) for e in entries if e.name.startswith(prefix) and e.name.endswith(suffixes))
    except FileNotFoundError:
        return []


def stale_temps(path: Path, prefix: str | None = None) -> list[Path]:
    """Temporary files left next to `path` by writers that never finished: those of `path` itself,
    or, given `prefix`, of any file in its directory whose name starts with it."""
    return siblings(path.parent, f".{prefix}" if prefix else f".{path.name}.", (TEMP_SUFFIX,))


def remove_stale_temps(path: Path, prefix: str | None = None) -> int:
    """Delete temporary files a killed writer left behind (see stale_temps); returns how many."""
    removed = 0
    for leftover in stale_temps(path, prefix):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed


def atomic_write(path: Path, data: bytes, *, midway: Callable[[], None] | None = None) -> None:
    """Write `data` to `path` so that `path` is either the old file or the complete new one.

    The bytes go to a temporary file in the same directory, are flushed to disk, then renamed over
    `path`. `midway` is called after half the bytes are written (tests use it to kill a worker
    while a write is in progress).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        with open(tmp, "wb") as fh:
            if midway is not None:
                half = len(data) // 2
                fh.write(data[:half])
                fh.flush()
                midway()
                fh.write(data[half:])
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_verified(relative_path: str, expected_sha256: str, what: str = "The file") -> bytes:
    """The stored bytes, only if they still match the checksum recorded when they were written."""
    path = resolve(relative_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StoredFileProblem(f"{what} is missing from the document store.") from None
    if not expected_sha256 or sha256(data) != expected_sha256:
        raise StoredFileProblem(
            f"{what} has changed since it was made (its checksum no longer matches), so it has not "
            "been sent. Ask for a new version, and tell your supervisor: the stored copy may have "
            "been tampered with.")
    return data


def read_verified_cached(relative_path: str, expected_sha256: str, what: str = "The file") -> bytes:
    """read_verified for files read again and again (template versions): the check is redone only
    when the file's size or modification time changes."""
    path = resolve(relative_path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise StoredFileProblem(f"{what} is missing from the document store.") from None
    return _verified(str(path), status.st_mtime_ns, status.st_size, relative_path, expected_sha256, what)


@lru_cache(maxsize=64)
def _verified(path: str, mtime_ns: int, size: int, relative_path: str, expected_sha256: str, what: str) -> bytes:
    data = Path(path).read_bytes()
    if not expected_sha256 or sha256(data) != expected_sha256:
        raise StoredFileProblem(
            f"{what} has changed since it was made (its checksum no longer matches), so it has not "
            "been sent. Ask for a new version, and tell your supervisor: the stored copy may have "
            "been tampered with.")
    return data


def matches(relative_path: str, expected_sha256: str) -> bool:
    try:
        read_verified(relative_path, expected_sha256)
    except StoredFileProblem:
        return False
    return True
