from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import PASSWORD, gen_user, login_as
from webapp.extensions import db
from webapp.models import AuditRecord, User


def test_admin_adds_a_user_who_can_then_sign_in(app, client):
    login_as(app, client, "admin", username="root")
    response = client.post("/admin/users/new", data={"username": "new.clerk", "full_name": "New Clerk", "role": "clerk",
                                                      "area_id": "1", "password": "a-long-password-1"})
    assert response.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "new.clerk", "password": "a-long-password-1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == "new.clerk")).action == "collect"


def test_add_user_validation(app, client):
    login_as(app, client, "admin", username="root")
    response = client.post("/admin/users/new", data={"username": "Bad Name", "full_name": "", "role": "clerk",
                                                     "area_id": "0", "password": "short"})
    assert response.status_code == 422
    text = response.text
    assert "Use lower-case letters" in text and "Enter the person" in text and "at least 12 characters" in text
    dup = client.post("/admin/users/new", data={"username": "root", "full_name": "X", "role": "clerk", "area_id": "0",
                                                "password": "a-long-password-1"})
    assert "That username is taken" in dup.text


def test_admin_changes_role_and_deactivates(app, client):
    login_as(app, client, "admin", username="root")
    with app.app_context():
        user = gen_user("clerk", username="promote.me")
    response = client.post(f"/admin/users/{user.id}", data={"full_name": "Promoted", "role": "supervisor", "area_id": "1"})
    assert response.status_code == 302
    with app.app_context():
        changed = db.session.get(User, user.id)
        assert changed.role == "supervisor" and changed.active is False  # unticked box deactivates
    client.post("/logout")
    assert client.post("/login", data={"username": "promote.me", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("weak", ["password1234", "123456789012", "qwertyuiop12"])
def test_common_passwords_are_refused_with_a_clear_message(app, client, weak):
    login_as(app, client, "admin", username="root")
    with app.app_context():
        clerk = gen_user("clerk", username="some.clerk")
    response = client.post("/admin/users/new", data={"username": "weak.one", "full_name": "Weak One", "role": "clerk",
                                                      "area_id": "0", "password": weak})
    assert response.status_code == 422
    assert "There is a problem" in response.text and "too easy to guess" in response.text
    assert 'value="weak.one"' in response.text  # what was typed is kept
    reset = client.post(f"/admin/users/{clerk.id}", data={"full_name": "C", "role": "clerk", "area_id": "0",
                                                          "active": "y", "password": weak})
    assert reset.status_code == 422 and "too easy to guess" in reset.text
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "weak.one")) is None
        assert db.session.get(User, clerk.id).check_password(PASSWORD)


def test_an_admin_editing_their_own_account_is_audited_as_themselves(app, client):
    admin = login_as(app, client, "admin", username="root")
    with app.app_context():
        gen_user("admin", username="deputy")
    response = client.post(f"/admin/users/{admin.id}", data={"full_name": "Leaving Admin", "role": "admin", "area_id": "0"})
    assert response.status_code == 302  # deactivated own account: allowed while another admin remains
    with app.app_context():
        line = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "alter")).one()
        assert (line.username, line.user_id, line.record_id) == ("root", admin.id, "root")
        assert "active: True → False" in line.description
    assert client.get("/admin/users").status_code == 302  # and their own sessions ended


@pytest.mark.parametrize("change", [{"role": "supervisor", "active": "y"}, {"role": "admin"}])
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(app, client, change):
    admin = login_as(app, client, "admin", username="root")
    with app.app_context():
        gen_user("admin", username="former", active=False)
    response = client.post(f"/admin/users/{admin.id}", data={"full_name": "Root", "area_id": "0", **change})
    assert response.status_code == 422
    assert "only active administrator" in response.text and "There is a problem" in response.text
    with app.app_context():
        unchanged = db.session.get(User, admin.id)
        assert unchanged.role == "admin" and unchanged.active
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "alter")) is None
