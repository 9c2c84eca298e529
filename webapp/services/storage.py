"""One store for every file the app keeps: generated documents, template versions, uploaded evidence.

Files are named by keys such as `cases/OC26-000012/7-caution_notice-v1-<sha>.docx`, kept in the
database with the file's SHA-256, and checked against it before they are used or sent. Where the
bytes live depends on DOCUMENT_STORE:

- a directory (the default, `instance/documents`): each file is written to a temporary name in its
  own directory, flushed, and renamed into place (`os.replace` is atomic on one filesystem), so a
  reader, or a worker killed half-way, never sees half a file;
- `s3://bucket/prefix`: S3-compatible object storage through boto3, so several web and worker
  machines share one store. A PUT replaces an object whole, so readers see the old bytes or the new,
  never a mixture. The endpoint and credentials come from boto3's usual settings
  (`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`), or
  the app's `S3_ENDPOINT_URL` setting.

Callers use keys and the functions at the bottom of this module; the path helpers in the middle
work on the local directory only and are kept for code that still walks the directory itself.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

TEMP_SUFFIX = ".tmp"
TAMPERED = ("{what} has changed since it was made (its checksum no longer matches), so it has not been sent. "
            "Ask for a new version, and tell your supervisor: the stored copy may have been tampered with.")


class StoredFileProblem(Exception):
    """A stored file is missing or no longer matches the checksum recorded when it was made."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(text: str) -> str:
    """A file-name fragment: letters, digits, dots and dashes only."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-.")[:80] or "document"


def check_key(key: str) -> str:
    """A key as stored: relative, forward slashes, no `..`; anything else is refused."""
    if not key:
        raise StoredFileProblem("No file has been stored for this document yet.")
    if "\\" in key or any(part in ("", ".", "..") for part in key.split("/")):
        raise StoredFileProblem(f"{key!r} is not inside the document store.")
    return key


def check_prefix(prefix: str) -> str:
    """A folder (`cases/OC26-000012/`) or the start of a key, checked as a key is."""
    if prefix.rstrip("/"):
        check_key(prefix.rstrip("/"))
    return prefix


# --------------------------------------------------------------------------- the local directory

class LocalStore:
    """Files under one directory; the default, and what a single machine needs."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if path != self.root and self.root not in path.parents:
            raise StoredFileProblem(f"{key!r} is not inside the document store.")
        return path

    def write(self, key: str, data: bytes, midway: Callable[[], None] | None = None) -> None:
        atomic_write(self.path(key), data, midway=midway)

    def read(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise StoredFileProblem("missing") from None

    def version(self, key: str) -> tuple | None:
        try:
            status = self.path(key).stat()
        except FileNotFoundError:
            return None
        return status.st_mtime_ns, status.st_size

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self, prefix: str) -> list[str]:
        directory, start = self._folder(prefix)
        return [p.relative_to(self.root).as_posix() for p in siblings(directory, start, ("",))
                if not p.name.startswith(".") and p.is_file()]

    def remove_stale_temps(self, key_prefix: str) -> int:
        directory, start = self._folder(key_prefix)
        return remove_stale_temps(directory / "x", prefix=start)

    def _folder(self, prefix: str) -> tuple[Path, str]:
        folder, _, start = check_prefix(prefix).rpartition("/")
        return (self.path(folder) if folder else self.root), start


# --------------------------------------------------------------------------- S3-compatible object storage

class S3Store:
    """Objects in one bucket under one prefix, for several machines sharing one store."""

    def __init__(self, bucket: str, prefix: str, endpoint_url: str | None):
        self.bucket, self.prefix, self.endpoint_url = bucket, prefix.strip("/"), endpoint_url
        self._local = threading.local()  # boto3 clients are not to be shared across threads or forks

    @property
    def client(self):
        client = getattr(self._local, "client", None)
        if client is None or self._local.pid != os.getpid():
            from botocore.config import Config
            with _client_lock:  # a boto3 session is not thread-safe; its clients are
                client = _boto_session().client(
                    "s3", endpoint_url=self.endpoint_url,
                    config=Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=5, read_timeout=30))
            self._local.client, self._local.pid = client, os.getpid()
        return client

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{check_key(key)}" if self.prefix else check_key(key)

    def write(self, key: str, data: bytes, midway: Callable[[], None] | None = None) -> None:
        if midway is not None:  # nothing is visible until the PUT completes: stopping here leaves no object
            midway()
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                               ChecksumAlgorithm="SHA256")

    def read(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise StoredFileProblem("missing") from None

    def version(self, key: str) -> tuple | None:
        from botocore.exceptions import ClientError
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return head["ETag"], head["ContentLength"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def keys(self, prefix: str) -> list[str]:
        found, start = [], len(self.prefix) + 1 if self.prefix else 0
        wanted = (f"{self.prefix}/" if self.prefix else "") + check_prefix(prefix)
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=wanted):
            found += [item["Key"][start:] for item in page.get("Contents", [])]
        return sorted(found)

    def remove_stale_temps(self, key_prefix: str) -> int:
        return 0  # an unfinished PUT leaves nothing behind


_client_lock = threading.Lock()
_sessions: list = []


def init_app(app) -> None:
    """With object storage, load boto3's S3 description when the app starts: a job worker forks a
    process per job, and each would otherwise load it again (seconds on a busy machine)."""
    if parse_store(str(app.config.get("DOCUMENT_STORE") or "")):
        with _client_lock:
            _boto_session().client("s3", region_name="us-east-1")


def _boto_session():
    """One boto3 session for the process and the processes forked from it: it keeps the S3 service
    description it loaded, so later clients are made in milliseconds rather than a second or more.
    (Clients, which hold connections, are made per process and thread: see S3Store.client.)"""
    if not _sessions:
        import boto3
        _sessions.append(boto3.session.Session())
    return _sessions[0]


def parse_store(configured: str) -> tuple[str, str] | None:
    """(bucket, prefix) for an `s3://bucket/prefix` setting; None for a directory."""
    if not configured.startswith("s3://"):
        return None
    parts = urlsplit(configured)
    if not parts.netloc:
        raise ValueError(f"DOCUMENT_STORE {configured!r} names no bucket: use s3://bucket/prefix")
    return parts.netloc, parts.path.strip("/")


_stores: dict[tuple, LocalStore | S3Store] = {}


def current() -> LocalStore | S3Store:
    """The store DOCUMENT_STORE names (one object per setting, made on first use)."""
    configured = str(current_app.config["DOCUMENT_STORE"])
    endpoint = current_app.config.get("S3_ENDPOINT_URL") or os.environ.get("S3_ENDPOINT_URL") or None
    found = _stores.get((configured, endpoint))
    if found is None:
        s3 = parse_store(configured)
        found = S3Store(*s3, endpoint) if s3 else LocalStore(_resolved(configured))
        _stores[(configured, endpoint)] = found
    return found


# --------------------------------------------------------------------------- what callers use

def write(key: str, data: bytes, *, midway: Callable[[], None] | None = None) -> str:
    """Store `data` under `key` whole or not at all; returns its SHA-256 to keep beside the key."""
    current().write(key, data, midway=midway)
    return sha256(data)


def read(key: str, what: str = "The file") -> bytes:
    """The stored bytes as they are, for files whose checksum is checked some other way."""
    try:
        return current().read(check_key(key))
    except StoredFileProblem:
        raise StoredFileProblem(f"{what} is missing from the document store.") from None


def read_verified(key: str, expected_sha256: str, what: str = "The file") -> bytes:
    """The stored bytes, only if they still match the checksum recorded when they were written."""
    data = read(key, what)
    if not expected_sha256 or sha256(data) != expected_sha256:
        raise StoredFileProblem(TAMPERED.format(what=what))
    return data


def read_verified_cached(key: str, expected_sha256: str, what: str = "The file") -> bytes:
    """read_verified for files read again and again (template versions): read and checked again only
    when the stored file changes (its modification time and size, or its ETag)."""
    store = current()
    version = store.version(check_key(key))
    if version is None:
        raise StoredFileProblem(f"{what} is missing from the document store.")
    return _verified(store, key, version, expected_sha256, what)


@lru_cache(maxsize=64)
def _verified(store, key: str, version: tuple, expected_sha256: str, what: str) -> bytes:
    return read_verified(key, expected_sha256, what)


def matches(key: str, expected_sha256: str) -> bool:
    try:
        read_verified(key, expected_sha256)
    except StoredFileProblem:
        return False
    return True


def exists(key: str) -> bool:
    return current().version(check_key(key)) is not None


def delete(key: str) -> None:
    current().delete(check_key(key))


def keys(prefix: str) -> list[str]:
    """Keys that start with `prefix` (a folder ending in `/`, or the start of a name in one folder)."""
    return current().keys(prefix)


def remove_unfinished(key_prefix: str) -> int:
    """Temporary files left by writers of keys starting `key_prefix` that were killed; how many went."""
    return current().remove_stale_temps(key_prefix)


# --------------------------------------------------------------------------- the local directory's paths

def store_root() -> Path:
    store = current()
    if not isinstance(store, LocalStore):
        raise StoredFileProblem("This needs a local document store, and DOCUMENT_STORE is object storage.")
    return store.root


@lru_cache(maxsize=16)
def _resolved(configured: str) -> Path:
    return Path(configured).resolve()


def resolve(key: str) -> Path:
    """The absolute path of a stored file in a local store; refuses anything that would leave the store."""
    if not key:
        raise StoredFileProblem("No file has been stored for this document yet.")
    root = store_root()
    path = (root / key).resolve()
    if path != root and root not in path.parents:
        raise StoredFileProblem(f"{key!r} is not inside the document store.")
    return path


def relative(path: Path) -> str:
    return path.resolve().relative_to(store_root()).as_posix()


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
