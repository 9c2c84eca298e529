"""Helpers used by several test modules."""
from __future__ import annotations

from conftest import make_app


def make_csrf_app(app, tmp_path):
    """The same database as `app`, with CSRF protection on as in production."""
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
