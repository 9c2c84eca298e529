from __future__ import annotations

from sqlalchemy import select

from factories import PASSWORD, gen_user, login
from webapp.extensions import db
from webapp.models import AuditRecord, User


def test_admin_adds_a_user_who_can_then_sign_in(app, client):
    with app.app_context():
        admin = gen_user("admin", username="root")
    login(client, admin)
    response = client.post("/admin/users/new", data={"username": "new.clerk", "full_name": "New Clerk", "role": "clerk",
                                                      "area_id": "1", "password": "a-long-password-1"})
    assert response.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "new.clerk", "password": "a-long-password-1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == "new.clerk")).action == "collect"


def test_add_user_validation(app, client):
    with app.app_context():
        admin = gen_user("admin", username="root")
    login(client, admin)
    response = client.post("/admin/users/new", data={"username": "Bad Name", "full_name": "", "role": "clerk",
                                                     "area_id": "0", "password": "short"})
    assert response.status_code == 422
    text = response.text
    assert "Use lower-case letters" in text and "Enter the person" in text and "at least 12 characters" in text
    dup = client.post("/admin/users/new", data={"username": "root", "full_name": "X", "role": "clerk", "area_id": "0",
                                                "password": "a-long-password-1"})
    assert "That username is taken" in dup.text


def test_admin_changes_role_and_deactivates(app, client):
    with app.app_context():
        admin = gen_user("admin", username="root")
        user = gen_user("clerk", username="promote.me")
    login(client, admin)
    response = client.post(f"/admin/users/{user.id}", data={"full_name": "Promoted", "role": "supervisor", "area_id": "1"})
    assert response.status_code == 302
    with app.app_context():
        changed = db.session.get(User, user.id)
        assert changed.role == "supervisor" and changed.active is False  # unticked box deactivates
    client.post("/logout")
    assert client.post("/login", data={"username": "promote.me", "password": PASSWORD}).status_code == 200
