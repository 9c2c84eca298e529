"""Every route declares its roles; every other role is refused and the signed-out are sent to log in."""
from __future__ import annotations

import pytest

from factories import gen_case, gen_user
from webapp.models.user import ROLES

PUBLIC = {"static", "main.index", "main.healthz", "auth.login"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule


def test_every_route_declares_roles(app):
    undeclared = []
    for rule in _routes(app):
        view = app.view_functions[rule.endpoint]
        allowed = getattr(view, "allowed_roles", None)
        if allowed is None:
            undeclared.append(rule.endpoint)
        elif allowed == "public":
            assert rule.endpoint in PUBLIC, f"{rule.endpoint} is public but not on the reviewed list"
    assert not undeclared, f"routes without a role check: {undeclared}"


def _url(rule, case_ref: str, user_id: int) -> str:
    values = {}
    for arg in rule.arguments:
        values[arg] = {"reference": case_ref, "user_id": user_id}[arg]
    return rule.build(values)[1]


def test_roles_outside_the_list_are_refused(app, client):
    with app.app_context():
        users = {role: gen_user(role, username=f"access-{role}") for role in ROLES}
        case_ref = gen_case().reference
        user_ids = {role: u.id for role, u in users.items()}
    checked = 0
    for rule in _routes(app):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        if allowed == "public":
            continue
        url = _url(rule, case_ref, user_ids["clerk"])
        method = "GET" if "GET" in rule.methods else "POST"
        # signed out: sent to log in
        with client.session_transaction() as sess:
            sess.clear()
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (rule.endpoint, response.status_code)
        for role in ROLES:
            if role in allowed:
                continue
            with client.session_transaction() as sess:
                sess.clear()
                sess["_user_id"] = str(user_ids[role])
                sess["_fresh"] = True
            response = client.open(url, method=method)
            assert response.status_code == 403, (rule.endpoint, role, response.status_code)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/new"])
def test_clerk_cannot_open_admin_pages(app, client, path):
    with app.app_context():
        clerk = gen_user("clerk")
    from factories import login
    login(client, clerk)
    assert client.get(path).status_code == 403
