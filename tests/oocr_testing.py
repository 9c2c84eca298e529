"""Settings and builders shared by conftest.py and the test modules (a unique module name, so
`from oocr_testing import ...` cannot pick up another folder's conftest)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")


def postgres_url(url: str) -> str:
    from webapp.config import normalise_database_url
    return normalise_database_url(url)


def make_app(database_url: str, tmp_path: Path, **overrides):
    from webapp import create_app
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "DOCUMENT_STORE": str(tmp_path / "documents"),
        "REDIS_URL": None,
        "JOBS_INLINE": True,
        # The reason page before a case outside one's caseload: tests/web/test_areas.py switches it on.
        "ASK_ACCESS_REASON": False,
    }
    config.update(overrides)
    return create_app(config)


def make_csrf_app(app, tmp_path):
    """The same database as `app`, with CSRF protection on as in production."""
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
