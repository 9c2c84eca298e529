from __future__ import annotations

import pytest

from factories import PASSWORD, gen_user, login, login_as
from oocr_testing import IN_CI, TEST_REDIS_URL, make_csrf_app


def test_login_with_right_password_then_logout(app, client):
    with app.app_context():
        gen_user("caseworker", username="sam")
    response = client.post("/login", data={"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/cases").status_code == 200
    client.post("/logout")
    assert client.get("/cases").status_code == 302


def test_wrong_password_is_refused_with_a_message(app, client):
    with app.app_context():
        gen_user("caseworker", username="sam")
    response = client.post("/login", data={"username": "sam", "password": "wrong"})
    assert response.status_code == 200
    assert "The username or password is not right" in response.text
    assert client.get("/cases").status_code == 302


def test_deactivated_user_cannot_sign_in(app, client):
    with app.app_context():
        gen_user("caseworker", username="gone", active=False)
    response = client.post("/login", data={"username": "gone", "password": PASSWORD})
    assert "The username or password is not right" in response.text


def test_passwords_are_stored_as_argon2_hashes(app):
    with app.app_context():
        user = gen_user("clerk")
        assert user.password_hash.startswith("$argon2")
        assert PASSWORD not in user.password_hash


def test_next_parameter_cannot_leave_the_site(app, client):
    with app.app_context():
        gen_user("clerk", username="c1")
    response = client.post("/login?next=https://evil.example/", data={"username": "c1", "password": PASSWORD})
    assert response.headers["Location"] in ("/", "http://localhost/")


@pytest.mark.parametrize("target", ["/\\evil.example", "/\\/evil.example", "\\\\evil.example", "//evil.example",
                                    "///evil.example", "/\t/evil.example", "/\n/evil.example", "https:evil.example",
                                    "javascript:alert(1)", "http://localhost@evil.example/", "evil.example"])
def test_next_parameter_refuses_what_browsers_read_as_another_site(app, client, target):
    with app.app_context():
        gen_user("clerk", username="c1")
    response = client.post("/login", query_string={"next": target}, data={"username": "c1", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/"), target


def test_next_parameter_within_the_site_is_followed(app, client):
    with app.app_context():
        gen_user("clerk", username="c2")
    response = client.post("/login?next=/cases/new", data={"username": "c2", "password": PASSWORD})
    assert response.headers["Location"].endswith("/cases/new")


def test_every_post_needs_a_csrf_token(app, tmp_path):
    csrf_app = make_csrf_app(app, tmp_path)
    with csrf_app.app_context():
        gen_user("caseworker", username="csrf-user")
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "csrf-user", "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.text
    page = client.get("/login").text
    import re
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the login form carries a CSRF token"
    response = client.post("/login", data={"username": "csrf-user", "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 302
    # HTMX sends the token as a header taken from <body hx-headers>
    page = client.get("/cases").text
    header_token = re.search(r'X-CSRFToken&#34;: &#34;([^&]+)&#34;', page) or re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert header_token, "the page gives HTMX the token"
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", headers={"X-CSRFToken": header_token.group(1)}).status_code == 302


# --- sessions end on the server's say-so -------------------------------------------------------

def _copy_session_cookie(app, client):
    """What a thief who copied the browser's cookie would hold: a second client with the same cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_session_cookie_is_useless_after_sign_out(app, client):
    login_as(app, client, "caseworker", username="sam")
    thief = _copy_session_cookie(app, client)
    assert thief.get("/cases").status_code == 200  # the copy works while the session lives
    client.post("/logout")
    response = thief.get("/cases")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sign_out_ends_the_users_other_sessions_too(app, client):
    user = login_as(app, client, "caseworker", username="sam")
    other_device = app.test_client()
    login(other_device, user)
    client.post("/logout")
    assert other_device.get("/cases").status_code == 302


def test_a_password_reset_or_deactivation_ends_every_session(app, client):
    with app.app_context():
        admin = gen_user("admin", username="root")
        reset = gen_user("clerk", username="reset.me")
        gone = gen_user("clerk", username="deactivate.me")
    sessions = {}
    for user in (reset, gone):
        sessions[user.username] = app.test_client()
        login(sessions[user.username], user)
        assert sessions[user.username].get("/cases").status_code == 200
    login(client, admin)
    assert client.post(f"/admin/users/{reset.id}", data={"full_name": "R", "role": "clerk", "area_id": "1", "active": "y",
                                                         "password": "violet-tractor-harbour"}).status_code == 302
    assert client.post(f"/admin/users/{gone.id}", data={"full_name": "G", "role": "clerk", "area_id": "1"}).status_code == 302
    assert sessions["reset.me"].get("/cases").status_code == 302
    assert sessions["deactivate.me"].get("/cases").status_code == 302
    assert client.get("/admin/users").status_code == 200  # the admin's own session is untouched


def test_an_idle_session_is_signed_out(app, client, monkeypatch):
    import time
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT_MINUTES", 30)
    login_as(app, client, "caseworker", username="idle")
    assert client.get("/cases").status_code == 200
    with client.session_transaction() as sess:
        sess["_seen"] = int(time.time()) - 29 * 60  # 29 minutes: still signed in
    assert client.get("/cases").status_code == 200
    with client.session_transaction() as sess:
        sess["_seen"] = int(time.time()) - 31 * 60
    response = client.get("/cases")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "not used for a while" in client.get(response.headers["Location"]).text
    assert client.get("/cases").status_code == 302
    with app.app_context():
        from sqlalchemy import select
        from webapp.extensions import db
        from webapp.models import AuditRecord
        line = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "sign_out")).one()
        assert line.username == "idle" and "without activity" in line.description


def _csrf_from_page(html: str) -> str:
    import re
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'X-CSRFToken&#34;: &#34;([^&]+)&#34;', html)
    assert found, "the page carries a CSRF token"
    return found.group(1)


def test_sign_in_gives_a_new_csrf_token_and_session(app, tmp_path):
    from flask import session as flask_session
    csrf_app = make_csrf_app(app, tmp_path)
    with csrf_app.app_context():
        gen_user("caseworker", username="rotate")
    client = csrf_app.test_client()
    before = _csrf_from_page(client.get("/login").text)
    with client.session_transaction() as sess:
        raw_before = sess["csrf_token"]
    response = client.post("/login", data={"username": "rotate", "password": PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    after = _csrf_from_page(client.get("/cases").text)
    with client.session_transaction() as sess:
        assert sess["csrf_token"] != raw_before
    assert client.post("/logout", headers={"X-CSRFToken": before}).status_code == 400  # the old token is refused
    assert client.post("/logout", headers={"X-CSRFToken": after}).status_code == 302
    del flask_session


def test_sign_in_and_sign_out_are_audited(app, client):
    from sqlalchemy import select
    from webapp.extensions import db
    from webapp.models import AuditRecord
    login_as(app, client, "caseworker", username="sam")
    client.post("/logout")
    with app.app_context():
        lines = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
        assert [(a.action, a.username, a.record_id) for a in lines] == [("sign_in", "sam", "sam"), ("sign_out", "sam", "sam")]
        assert all(a.ip_address == "127.0.0.1" for a in lines)


# --- throttling, lock-out and enumeration ---------------------------------------------------------

def _audit_lines(app, action):
    from sqlalchemy import select
    from webapp.extensions import db
    from webapp.models import AuditRecord
    with app.app_context():
        return [(a.username, a.record_id, a.description)
                for a in db.session.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id))]


def test_the_sixth_wrong_password_in_a_minute_is_refused_and_audited(app, client):
    with app.app_context():
        gen_user("caseworker", username="sam")
    for attempt in range(5):
        response = client.post("/login", data={"username": "sam", "password": f"wrong-{attempt}"})
        assert response.status_code == 200 and "not right" in response.text
    refused = client.post("/login", data={"username": "sam", "password": PASSWORD})  # even the right one, now
    assert refused.status_code == 429 and "Too many sign-in attempts" in refused.text
    assert client.get("/cases").status_code == 302
    assert len(_audit_lines(app, "failed")) == 5
    assert _audit_lines(app, "refused") == [("sam", "sam", "Sign-in refused: too many attempts")]
    # another account from the same address is not held back by sam's count
    login_as(app, client, "clerk", username="other")


def test_sign_ins_that_work_are_not_counted(app, client):
    with app.app_context():
        user = gen_user("caseworker", username="sam")
    for _ in range(7):
        login(client, user)
        client.post("/logout")


def test_one_address_trying_many_usernames_is_throttled(app, client):
    limit = int(app.config["SIGN_IN_LIMIT_ADDRESS"].split()[0])
    for n in range(limit):
        assert client.post("/login", data={"username": f"guess{n}", "password": "x"}).status_code == 200
    assert client.post("/login", data={"username": "guess-last", "password": "x"}).status_code == 429
    other_address = client.post("/login", data={"username": "guess-last", "password": "x"},
                                environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert other_address.status_code == 200


def test_repeated_failures_lock_the_account_until_a_supervisor_unlocks_it(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_LOCKOUT_AFTER", 3)
    with app.app_context():
        user = gen_user("caseworker", username="sam", full_name="Sam Locke")
        boss = gen_user("supervisor", username="boss")
    for attempt in range(3):
        client.post("/login", data={"username": "sam", "password": f"wrong-{attempt}"})
    right = client.post("/login", data={"username": "sam", "password": PASSWORD})
    assert right.status_code == 200 and "not right" in right.text  # same words as a wrong password
    assert "account locked after 3 failures" in _audit_lines(app, "failed")[2][2]
    assert "account locked" in _audit_lines(app, "failed")[3][2]
    supervisor = app.test_client()
    login(supervisor, boss)
    page = supervisor.get("/admin/locked")
    assert page.status_code == 200 and "Sam Locke" in page.text
    assert supervisor.post(f"/admin/users/{user.id}/unlock").status_code == 302
    assert "No accounts are locked" in supervisor.get("/admin/locked").text
    again = supervisor.post(f"/admin/users/{user.id}/unlock", follow_redirects=True)  # a second click
    assert "is not locked" in again.text and len(_audit_lines(app, "alter")) == 1
    assert ("boss", "sam", "Account unlocked after failed sign-ins") in _audit_lines(app, "alter")
    login(client, user)


def test_a_supervisor_cannot_unlock_an_administrator(app, client):
    from datetime import datetime
    with app.app_context():
        admin = gen_user("admin", username="root", locked_at=datetime(2026, 12, 1, 9, 0))
        boss = gen_user("supervisor", username="boss")
    login(client, boss)
    assert "root" not in client.get("/admin/locked").text
    assert client.post(f"/admin/users/{admin.id}/unlock").status_code == 404


def test_an_unknown_username_costs_a_password_hash_too(app, client, monkeypatch):
    """So an unknown username takes as long to refuse as a known one (tests/bench/bench_sign_in.py times it)."""
    import webapp.models.user as user_module
    calls = []
    real = user_module._hasher

    class CountingHasher:
        def hash(self, password):
            return real.hash(password)

        def verify(self, hashed, password):
            calls.append(hashed)
            return real.verify(hashed, password)

    monkeypatch.setattr(user_module, "_hasher", CountingHasher())
    response = client.post("/login", data={"username": "nobody", "password": "guess-guess-guess"})
    assert response.status_code == 200 and "not right" in response.text
    assert len(calls) == 1
    assert _audit_lines(app, "failed") == [("(unknown username)", "", "Failed sign-in: unknown username")]


def test_a_refused_request_is_audited(app, client):
    login_as(app, client, "clerk", username="nosy")
    assert client.get("/admin/users").status_code == 403
    assert _audit_lines(app, "refused") == [("nosy", "admin.users", "GET /admin/users refused: role not allowed")]


@pytest.mark.parametrize("proxies, forwarded_for, recorded", [
    (0, "203.0.113.7", "127.0.0.1"),              # no proxy trusted: a forged header is ignored
    (1, "203.0.113.7", "203.0.113.7"),            # one proxy: the address it saw
    (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the user's own header cannot push a fake address in
    (2, "198.51.100.1, 203.0.113.7", "198.51.100.1"),
])
def test_behind_trusted_proxies_the_audit_log_records_the_users_address(app, tmp_path, proxies, forwarded_for, recorded):
    from oocr_testing import make_app
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, TRUSTED_PROXIES=proxies)
    with proxied.app_context():
        gen_user("clerk", username="behind.proxy")
    response = proxied.test_client().post("/login", data={"username": "behind.proxy", "password": PASSWORD},
                                          headers={"X-Forwarded-For": forwarded_for})
    assert response.status_code == 302
    sign_in = _audit_lines_with_address(proxied, "sign_in")
    assert sign_in == [("behind.proxy", recorded)]


def _audit_lines_with_address(app, action):
    from sqlalchemy import select
    from webapp.extensions import db
    from webapp.models import AuditRecord
    with app.app_context():
        return [(a.username, a.ip_address) for a in db.session.scalars(select(AuditRecord).where(AuditRecord.action == action))]


@pytest.mark.skipif(not TEST_REDIS_URL and not IN_CI, reason="TEST_REDIS_URL not set (CI always sets it)")
def test_with_redis_the_sign_in_counts_are_kept_in_redis(app, tmp_path):
    """Every worker process then sees the same counts."""
    import uuid

    from limits.storage import RedisStorage
    from redis import Redis

    from oocr_testing import make_app
    prefix = f"oocr-test-{uuid.uuid4().hex}"
    live = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL=TEST_REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    assert isinstance(live.extensions["sign_in_limiter"].storage, RedisStorage)
    with live.app_context():
        gen_user("clerk", username="redis.counted")
    client = live.test_client()
    for attempt in range(5):
        assert client.post("/login", data={"username": "redis.counted", "password": f"no-{attempt}"}).status_code == 200
    assert client.post("/login", data={"username": "redis.counted", "password": PASSWORD}).status_code == 429
    redis = Redis.from_url(TEST_REDIS_URL)
    keys = list(redis.scan_iter(f"*{prefix}*"))
    assert any(b"redis.counted" in key for key in keys)
    redis.delete(*keys)


# --- response headers ---------------------------------------------------------------------------

def test_pages_carry_a_content_security_policy_and_no_inline_script(app, client):
    import re
    with app.app_context():
        user = gen_user("caseworker", username="csp")
    pages = [client.get("/login")]
    login(client, user)
    pages.append(client.get("/cases"))
    for page in pages:
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
        scripts = re.findall(r"<script\b[^>]*>", page.text)
        assert scripts and all(" src=" in tag for tag in scripts), scripts
        assert re.search(r"<script\b[^>]*>\s*[^<\s]", page.text) is None, "a script element with inline code"
        assert " style=" not in page.text and "<style" not in page.text  # style-src 'self' refuses those too
        assert 'src="/assets/js-enabled.js"' in page.text
    assert client.get("/assets/js-enabled.js").status_code == 200


def test_hsts_only_when_the_request_came_over_https(app, client, tmp_path):
    from oocr_testing import make_app
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert client.get("/login", base_url="https://localhost").headers["Strict-Transport-Security"].startswith("max-age=")
    # behind a TLS-terminating proxy: trusted only when TRUSTED_PROXIES says there is one
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in client.get("/login", headers=forwarded).headers
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, TRUSTED_PROXIES=1)
    assert "Strict-Transport-Security" in proxied.test_client().get("/login", headers=forwarded).headers


def test_nothing_a_signed_in_user_receives_is_cached(app, client):
    login_as(app, client, "admin", username="cache.admin")
    for path in ("/admin/users", "/healthz"):  # a page and a non-HTML response
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/assets/app.css").headers.get("Cache-Control", "")


# --- changing your own password ------------------------------------------------------------------

def test_changing_your_password_ends_your_other_sessions_but_not_this_one(app, client):
    user = login_as(app, client, "caseworker", username="changer", full_name="Chris Changer")
    other_device = app.test_client()
    login(other_device, user)
    assert "Change your password" in client.get("/cases").text
    response = client.post("/account/password", data={"current": PASSWORD, "new": "maple-kettle-orbit-7",
                                                      "confirm": "maple-kettle-orbit-7"})
    assert response.status_code == 302
    assert client.get("/cases").status_code == 200
    assert other_device.get("/cases").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "changer", "password": PASSWORD}).status_code == 200
    assert client.post("/login", data={"username": "changer", "password": "maple-kettle-orbit-7"}).status_code == 302
    assert ("changer", "changer", "Password changed by its owner; other sessions ended") in _audit_lines(app, "alter")


@pytest.mark.parametrize("current, new, confirm, message", [
    ("wrong-password-here", "maple-kettle-orbit-7", "maple-kettle-orbit-7", "Your current password is not right"),
    (PASSWORD, "password1234", "password1234", "too easy to guess"),
    (PASSWORD, "Chris Changer", "Chris Changer", "too easy to guess"),  # the person's own name
    (PASSWORD, "maple-kettle-orbit-7", "maple-kettle-orbit-8", "The two new passwords are not the same"),
])
def test_a_refused_password_change_says_why_and_changes_nothing(app, client, current, new, confirm, message):
    user = login_as(app, client, "caseworker", username="changer", full_name="Chris Changer")
    response = client.post("/account/password", data={"current": current, "new": new, "confirm": confirm})
    assert response.status_code == 422
    assert "There is a problem" in response.text and message in response.text
    assert client.get("/cases").status_code == 200  # still signed in
    from webapp.extensions import db
    from webapp.models import User
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)


def test_the_command_line_unlocks_a_locked_administrator(app):
    from datetime import datetime
    from webapp.auth.commands import unlock_user
    with app.app_context():
        gen_user("admin", username="only.admin", locked_at=datetime(2026, 12, 1, 9, 0), failed_sign_ins=10)
    runner = app.test_cli_runner()
    result = runner.invoke(unlock_user, ["only.admin"])
    assert result.exit_code == 0 and "Unlocked only.admin" in result.output
    assert "is not locked" in runner.invoke(unlock_user, ["only.admin"]).output
    assert runner.invoke(unlock_user, ["nobody"]).exit_code != 0
    assert ("system", "only.admin", "Account unlocked after failed sign-ins from the command line") in _audit_lines(app, "alter")
    login(app.test_client(), type("U", (), {"username": "only.admin"})())


def test_the_command_line_refuses_a_common_password_too(app):
    from webapp.cli import create_user
    result = app.test_cli_runner().invoke(create_user, ["--username", "weak.admin", "--password", "password1234", "--role", "admin"])
    assert result.exit_code != 0 and "too easy to guess" in result.output


def test_the_sixth_wrong_current_password_in_a_minute_is_refused_and_audited(app, client):
    user = login_as(app, client, "caseworker", username="guesser", full_name="Gus Guesser")
    with app.app_context():
        other = gen_user("caseworker", username="bystander")
    new = {"new": "maple-kettle-orbit-7", "confirm": "maple-kettle-orbit-7"}
    for attempt in range(5):
        response = client.post("/account/password", data={"current": f"guess-{attempt}", **new})
        assert response.status_code == 422 and "Your current password is not right" in response.text
    refused = client.post("/account/password", data={"current": PASSWORD, **new})  # even the right one, now
    assert refused.status_code == 429 and "Too many attempts" in refused.text
    from webapp.extensions import db
    from webapp.models import User
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)
    failed = [line for line in _audit_lines(app, "failed") if line[0] == "guesser"]
    assert failed == [("guesser", "guesser", "Password change refused: current password not right")] * 5
    assert _audit_lines(app, "refused") == [("guesser", "guesser", "Password change refused: too many attempts")]
    assert client.get("/cases").status_code == 200  # refused, not signed out
    # the count is the account's: another person's change from the same address goes through
    elsewhere = app.test_client()
    login(elsewhere, other)
    assert elsewhere.post("/account/password", data={"current": PASSWORD, **new}).status_code == 302


def test_a_refused_new_password_is_not_counted_as_a_guess(app, client):
    login_as(app, client, "caseworker", username="fussy", full_name="Fran Fussy")
    for _ in range(7):  # weak new passwords: the current one is never checked, so nothing to throttle
        assert client.post("/account/password", data={"current": PASSWORD, "new": "password1234",
                                                      "confirm": "password1234"}).status_code == 422
    assert client.post("/account/password", data={"current": PASSWORD, "new": "maple-kettle-orbit-7",
                                                  "confirm": "maple-kettle-orbit-7"}).status_code == 302
