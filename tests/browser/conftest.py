"""Browser fixtures: the real app served over HTTP (CSRF on) and Debian's Chromium driven by Playwright.

The `app` fixture from tests/conftest.py gives a wiped database with the reference data loaded;
`live_server` serves a second app (WTF_CSRF_ENABLED=True, as in production) on the same database
from a werkzeug server in a background thread, started once per database and shared by the tests.
One Chromium runs for the whole session; every test gets a fresh browser context, so no cookies or
storage leak between tests.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from oocr_testing import make_csrf_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 10_000


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():  # never skip, never download: fail with the reason
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/install does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _servers(tmp_path_factory):
    """One served app per database for the whole session: building an app and compiling the GOV.UK
    templates costs about a second, so tests share it; `app` still wipes the tables before each test."""
    from webapp.extensions import db

    running: dict[str, tuple] = {}

    def serve(app) -> LiveServer:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if url not in running:
            served = make_csrf_app(app, tmp_path_factory.mktemp("served"))
            assert served.config["WTF_CSRF_ENABLED"] is True
            server = make_server("127.0.0.1", 0, served, threaded=True)
            thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
            thread.start()
            running[url] = (server, thread, LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=served))
        return running[url][2]

    yield serve
    for server, thread, live in running.values():
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with live.app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_server(app, _servers):
    """The real app over HTTP, CSRF on, on the same (freshly wiped) database as `app`."""
    from webapp.extensions import db

    live = _servers(app)
    yield live
    with live.app.app_context():
        db.engine.dispose()  # no pooled connection may hold a lock when the next test wipes the tables


@dataclass
class PageProblems:
    """What went wrong in the page that the page itself would not show: uncaught script errors, missing assets."""

    script_errors: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert not self.script_errors, f"JavaScript errors: {self.script_errors}"
        assert not self.failed_assets, f"assets that failed to load: {self.failed_assets}"


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems()
    page.on("pageerror", lambda exc: problems.script_errors.append(str(exc)))
    page.on("response", lambda r: problems.failed_assets.append(f"{r.status} {r.url}")
            if "/assets/" in r.url and r.status >= 400 else None)
    # ERR_ABORTED is the browser dropping a request (a lazy favicon fetch) because the page moved on
    page.on("requestfailed", lambda r: problems.failed_assets.append(f"{r.failure} {r.url}")
            if "/assets/" in r.url and "ERR_ABORTED" not in (r.failure or "") else None)
    page.problems = problems
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, pg = _new_page(browser, live_server)
    yield pg
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context, pg = _new_page(browser, live_server, java_script_enabled=False)
    yield pg
    context.close()
