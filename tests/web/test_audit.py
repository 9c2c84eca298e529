"""DPA 2018 s.62: consultation, collection and alteration are logged, searchable, and cannot be edited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import gen_case, gen_user, login, login_as
from webapp.extensions import db
from webapp.models import AuditRecord
from webapp.models.audit import AuditLogIsAppendOnly


def test_viewing_a_case_is_logged_with_who_when_and_why(app, client):
    user = login_as(app, client, "victim_liaison", username="val")
    with app.app_context():
        case = gen_case()
    client.get(f"/cases/{case.reference}")
    with app.app_context():
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == case.reference))
        assert line.action == "consult" and line.username == "val" and line.user_id == user.id
        assert line.at is not None and line.justification == "Duties as victim liaison officer"


def test_searching_the_case_list_is_logged(app, client):
    login_as(app, client, "clerk", username="clk")
    client.get("/cases?q=smith")
    with app.app_context():
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "case_list"))
        assert "smith" in line.description


def test_supervisor_searches_the_log(app, client):
    login_as(app, client, "caseworker", username="worker")
    with app.app_context():
        supervisor = gen_user("supervisor", username="boss")
        case = gen_case()
        other = gen_case(last_name="Other")
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


@pytest.fixture
def two_areas(app, client):
    """A North case and an East case, each opened by a caseworker of its area, and a failed sign-in."""
    with app.app_context():
        north_worker = gen_user("caseworker", username="n.worker", area_code="N")
        east_worker = gen_user("caseworker", username="e.worker", area_code="E")
        north = gen_case(last_name="Northern", area_code="N")
        east = gen_case(last_name="Eastern", area_code="E")
    for worker, case in ((north_worker, north), (east_worker, east)):
        login(client, worker)
        assert client.get(f"/cases/{case.reference}").status_code == 200
        client.post("/logout")
    client.post("/login", data={"username": "n.worker", "password": "not-the-password"})
    return {"north": north.reference, "east": east.reference}


def _shown(client, **query) -> str:
    page = client.get("/admin/audit", query_string=query)
    assert page.status_code == 200
    return page.text


def test_a_supervisor_sees_only_lines_about_their_areas_cases(app, client, two_areas):
    login_as(app, client, "supervisor", username="n.sup", area_code="N")
    page = _shown(client)
    assert two_areas["north"] in page and two_areas["east"] not in page
    assert "Failed sign-in:" not in page and "Signed in<" not in page  # lines about no case: admins only
    assert "about cases in the areas" in page
    # searching for the other area's case, or its caseworker, finds nothing
    assert "0 lines" in _shown(client, record_id=two_areas["east"])
    assert "0 lines" in _shown(client, username="e.worker")
    assert two_areas["north"] in _shown(client, username="n.worker", action="consult")


def test_a_supervisor_who_sees_every_area_sees_every_cases_lines(app, client, two_areas, monkeypatch):
    monkeypatch.setitem(app.config, "SUPERVISOR_CASE_ACCESS", "all")
    login_as(app, client, "supervisor", username="n.sup", area_code="N")
    page = _shown(client)
    assert two_areas["north"] in page and two_areas["east"] in page and "Failed sign-in:" not in page


def test_an_administrator_sees_the_whole_log_unless_limited_to_an_area(app, client, two_areas, monkeypatch):
    login_as(app, client, "admin", username="n.admin", area_code="N")
    page = _shown(client)
    assert two_areas["north"] in page and two_areas["east"] in page and "Failed sign-in:" in page
    assert "about cases in the areas" not in page
    monkeypatch.setitem(app.config, "ADMIN_CASE_ACCESS", "area")
    page = _shown(client)
    assert two_areas["north"] in page and two_areas["east"] not in page and "Failed sign-in:" in page
    assert "0 lines" in _shown(client, record_id=two_areas["east"])


def test_staff_who_are_not_supervisors_cannot_read_the_log(app, client):
    for role in ("clerk", "caseworker", "victim_liaison"):
        with app.app_context():
            user = gen_user(role, username=f"no.{role}")
        login(client, user)
        assert client.get("/admin/audit").status_code == 403, role
        client.post("/logout")
