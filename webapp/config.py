"""Configuration from the environment, with an embedded default that needs nothing installed.

Unset DATABASE_URL means a SQLite file under instance/; unset REDIS_URL means jobs run in-process;
unset SECRET_KEY means one is generated once and kept under instance/ (never hard-coded).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// spellings hosting platforms hand out and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, creating it (mode 600) the first time."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def owner_only_storage(config, instance_path: Path) -> list[str]:
    """The instance folder (secret key, SQLite database) and the document store readable by this
    account alone: folders 0700, the SQLite file 0600 (created so before SQLite would make it 0644;
    its -wal and -shm files take the database file's permissions). Returns what could not be changed,
    for a warning, rather than stopping a server whose store is a share it does not own."""
    from sqlalchemy.engine import make_url

    problems = []
    for folder in (instance_path, Path(config["DOCUMENT_STORE"])):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
        except OSError as exc:
            problems.append(f"{folder}: {exc}")
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(database, os.O_CREAT | os.O_RDWR, 0o600))
            for path in (database, *(Path(f"{database}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
                if path.exists():
                    path.chmod(0o600)
        except OSError as exc:
            problems.append(f"{database}: {exc}")
    return problems


def from_environment(instance_path: Path) -> dict:
    env = os.environ
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'oocr.sqlite3'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.get("REDIS_URL") or None,
        "DOCUMENT_STORE": env.get("DOCUMENT_STORE") or str(instance_path / "documents"),
        "PCSC_COMMENCEMENT": env.get("PCSC_COMMENCEMENT") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # Sign-in and sessions (webapp/security.py): see the configuration table in README.md.
        "IDLE_TIMEOUT_MINUTES": int(env.get("IDLE_TIMEOUT_MINUTES") or 30),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES") or 0),
        "SIGN_IN_LIMIT_ACCOUNT": "5 per minute",
        "SIGN_IN_LIMIT_ADDRESS": "20 per minute",
        "SIGN_IN_LOCKOUT_AFTER": 10,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "CASES_PER_PAGE": 25,
        # Areas (webapp/domain/access.py): what supervisors and administrators see, "area" or "all";
        # staff opening a case not assigned to them are asked why, once per case per session.
        "SUPERVISOR_CASE_ACCESS": env.get("SUPERVISOR_CASE_ACCESS") or "area",
        "ADMIN_CASE_ACCESS": env.get("ADMIN_CASE_ACCESS") or "all",
        "ASK_ACCESS_REASON": env.get("ASK_ACCESS_REASON", "1") != "0",
        # The largest request accepted (the biggest upload is 20 MB of evidence): larger is refused with 413
        # before it is read, on every page including the signed-out sign-in page.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB") or 25) * 1024 * 1024,
        "PROTECTIVE_MARKING": "OFFICIAL-SENSITIVE",
    }
