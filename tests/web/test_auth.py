from __future__ import annotations

from factories import PASSWORD, gen_user, login
from oocr_testing import make_csrf_app


def test_login_with_right_password_then_logout(app, client):
    with app.app_context():
        user = gen_user("caseworker", username="sam")
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
        user = gen_user("clerk", username="c1")
    response = client.post("/login?next=https://evil.example/", data={"username": "c1", "password": PASSWORD})
    assert response.headers["Location"] in ("/", "http://localhost/")


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
