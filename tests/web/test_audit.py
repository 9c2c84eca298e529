"""DPA 2018 s.62: consultation, collection and alteration are logged, searchable, and cannot be edited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import gen_case, gen_user, login
from webapp.extensions import db
from webapp.models import AuditRecord
from webapp.models.audit import AuditLogIsAppendOnly


def test_viewing_a_case_is_logged_with_who_when_and_why(app, client):
    with app.app_context():
        user = gen_user("victim_liaison", username="val")
        case = gen_case()
    login(client, user)
    client.get(f"/cases/{case.reference}")
    with app.app_context():
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == case.reference))
        assert line.action == "consult" and line.username == "val" and line.user_id == user.id
        assert line.at is not None and line.justification == "Duties as victim liaison officer"


def test_searching_the_case_list_is_logged(app, client):
    with app.app_context():
        user = gen_user("clerk", username="clk")
    login(client, user)
    client.get("/cases?q=smith")
    with app.app_context():
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "case_list"))
        assert "smith" in line.description


def test_supervisor_searches_the_log(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="worker")
        supervisor = gen_user("supervisor", username="boss")
        case = gen_case()
        other = gen_case(last_name="Other")
    login(client, worker)
    client.get(f"/cases/{case.reference}")
    client.get(f"/cases/{other.reference}")
    client.post("/logout")
    login(client, supervisor)
    page = client.get("/admin/audit", query_string={"record_id": case.reference}).text
    assert "1 line" in page and case.reference in page and other.reference not in page
    by_user = client.get("/admin/audit", query_string={"username": "worker", "action": "consult"}).text
    assert case.reference in by_user and other.reference in by_user


def test_audit_lines_cannot_be_changed_or_deleted(app):
    with app.app_context():
        from webapp.audit.log import record
        line = record("consult", "case", "X", "test", user=None)
        db.session.commit()
        line.description = "tampered"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditRecord, line.id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
