"""Areas: staff see their own area's cases unless covering; another area's case is "not found"
everywhere; supervisors and administrators as the force's setting says; a reason is asked before
opening a case that is not assigned to you."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from factories import gen_case, gen_decision, gen_user, login, login_as
from sqlalchemy import select

from webapp.domain import access
from webapp.extensions import db
from webapp.models import Area, AreaCover, AuditRecord

CASE_ROLES = ("clerk", "caseworker", "victim_liaison", "supervisor")


def _area_id(code: str) -> int:
    return db.session.scalar(select(Area.id).where(Area.code == code))


def _case_routes(app):
    for rule in app.url_map.iter_rules():
        if "reference" in rule.arguments:
            yield rule


# --------------------------------------------------------------------------- the rule itself


def test_staff_see_their_area_and_covered_areas_only():
    seen = access.visible_areas("caseworker", 1, [3])
    assert seen.allows(1) and seen.allows(3) and not seen.allows(2) and not seen.every_area


def test_supervisors_see_their_area_and_admins_all_by_default_and_the_force_can_change_it():
    assert not access.visible_areas("supervisor", 1, []).allows(2)
    assert access.visible_areas("admin", None, []).allows(2)
    assert access.visible_areas("supervisor", 1, [], {"supervisor": "all"}).allows(2)
    assert not access.visible_areas("admin", 1, [], {"admin": "area"}).allows(2)
    # Staff below supervisor cannot be widened by the setting.
    assert not access.visible_areas("caseworker", 1, [], {"supervisor": "all", "admin": "all"}).allows(2)
    with pytest.raises(ValueError):
        access.visible_areas("supervisor", 1, [], {"supervisor": "everything"})


def test_a_user_without_an_area_sees_no_cases():
    assert not access.visible_areas("clerk", None, []).allows(1)


def test_a_cover_is_active_from_its_start_until_it_expires_or_is_ended():
    start, end = datetime(2026, 12, 1, 9), datetime(2026, 12, 5, 23, 59)
    assert access.cover_is_active(start, end, None, datetime(2026, 12, 3))
    assert not access.cover_is_active(start, end, None, datetime(2026, 12, 6))
    assert not access.cover_is_active(start, end, datetime(2026, 12, 2), datetime(2026, 12, 3))


# --------------------------------------------------------------------------- 404 everywhere


def test_an_east_caseworker_gets_404_on_a_north_case(app, client):
    login_as(app, client, "caseworker", username="east-cw", area_code="E")
    with app.app_context():
        north_case = gen_case(area_code="N")
    assert client.get(f"/cases/{north_case.reference}").status_code == 404
    assert client.post(f"/cases/{north_case.reference}/notes", data={"note": "Looked in"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == north_case.reference,
                                                           AuditRecord.action == "alter")) is None


def test_every_case_page_and_action_is_not_found_from_another_area(app, client):
    """Walks the URL map: every route that takes a case reference, for a role allowed on it."""
    with app.app_context():
        users = {role: gen_user(role, username=f"east-{role}", area_code="E") for role in CASE_ROLES}
        north_case = gen_case(area_code="N")
        gen_decision(north_case)
    signed_in = None
    checked = []
    for rule in sorted(_case_routes(app), key=lambda r: r.endpoint):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        role = next(r for r in CASE_ROLES if r in allowed)
        if role != signed_in:
            with client.session_transaction() as sess:
                sess.clear()
            login(client, users[role])
            signed_in = role
        url = rule.build({"reference": north_case.reference})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"note": "x"} if method == "POST" else None)
            assert response.status_code == 404, (rule.endpoint, method, role, response.status_code)
            checked.append(rule.endpoint)
    assert len(checked) > 30


def test_lists_leave_out_another_areas_cases(app, client):
    login_as(app, client, "supervisor", username="east-sup", area_code="E")
    with app.app_context():
        north = gen_case(first_name="Norah", last_name="Northern", area_code="N", domestic_abuse=True)
        east = gen_case(first_name="Edwin", last_name="Eastern", area_code="E", domestic_abuse=True)
        gen_decision(north, status="awaiting_authorisation")
        gen_decision(east, status="awaiting_authorisation")
    for path in ("/cases", "/cases?q=northern", "/cases/escalations", "/decisions/authorisations"):
        page = client.get(path).text
        assert "Norah" not in page and north.reference not in page, path
    assert "Edwin" in client.get("/cases").text
    assert east.reference in client.get("/decisions/authorisations").text


def test_the_force_can_let_supervisors_see_every_area(app, client, monkeypatch):
    login_as(app, client, "supervisor", username="east-sup", area_code="E")
    with app.app_context():
        north = gen_case(area_code="N")
    assert client.get(f"/cases/{north.reference}").status_code == 404
    monkeypatch.setitem(app.config, "SUPERVISOR_CASE_ACCESS", "all")
    assert client.get(f"/cases/{north.reference}").status_code == 200


# --------------------------------------------------------------------------- cover


def _grant(client, user_id: int, area_id: int, until: date, reason: str = "Two North caseworkers on leave"):
    return client.post("/cover", data={"user_id": str(user_id), "area_id": str(area_id), "reason": reason,
                                       "until": [str(until.day), str(until.month), str(until.year)]})


def test_cover_lets_someone_work_another_areas_cases_until_it_ends(app, client):
    with app.app_context():
        north_sup = gen_user("supervisor", username="north-sup", area_code="N")
        east_cw = gen_user("caseworker", username="east-cw", area_code="E")
        north = gen_case(area_code="N")
        north_id = _area_id("N")
    other = app.test_client()
    login(other, east_cw)
    assert other.get(f"/cases/{north.reference}").status_code == 404

    login(client, north_sup)
    response = _grant(client, east_cw.id, north_id, date.today() + timedelta(days=7))
    assert response.status_code == 302, response.text[:2000]
    assert other.get(f"/cases/{north.reference}").status_code == 200
    with app.app_context():
        cover = db.session.scalar(select(AreaCover))
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "area_cover",
                                                           AuditRecord.action == "alter"))
        assert line.username == "north-sup" and line.justification == "Two North caseworkers on leave"
        assert "east-cw" in line.description and "North" in line.description

    assert client.post(f"/cover/end?cover={cover.id}").status_code == 302
    assert other.get(f"/cases/{north.reference}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(AreaCover)).ended_at is not None
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.description.like("%ended early%")))


def test_cover_expires_by_itself(app, client):
    east_cw = login_as(app, client, "caseworker", username="east-cw", area_code="E")
    with app.app_context():
        granter = gen_user("supervisor", username="north-sup", area_code="N")
        north = gen_case(area_code="N")
        db.session.add(AreaCover(user_id=east_cw.id, area_id=_area_id("N"), reason="Leave cover",
                                 granted_by_id=granter.id, starts_at=datetime(2026, 1, 1),
                                 expires_at=datetime(2026, 1, 8)))
        db.session.commit()
    assert client.get(f"/cases/{north.reference}").status_code == 404


def test_cover_needs_a_reason_a_near_end_and_an_area_the_supervisor_supervises(app, client):
    login_as(app, client, "supervisor", username="north-sup", area_code="N")
    with app.app_context():
        east_cw = gen_user("caseworker", username="east-cw", area_code="E")
        north_id, west_id = _area_id("N"), _area_id("W")
    no_reason = _grant(client, east_cw.id, north_id, date.today() + timedelta(days=3), reason="")
    assert no_reason.status_code == 422 and "Enter why cover is needed" in no_reason.text
    too_long = _grant(client, east_cw.id, north_id, date.today() + timedelta(days=200))
    assert too_long.status_code == 422 and "at most 92 days" in too_long.text
    past = _grant(client, east_cw.id, north_id, date.today() - timedelta(days=1))
    assert past.status_code == 422 and "today or in the future" in past.text
    elsewhere = _grant(client, east_cw.id, west_id, date.today() + timedelta(days=3))
    assert elsewhere.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(AreaCover)) is None


def test_only_supervisors_and_admins_give_cover(app, client):
    login_as(app, client, "caseworker", username="cw")
    assert client.get("/cover").status_code == 403
    assert client.post("/cover", data={}).status_code == 403
    assert client.post("/cover/end?cover=1").status_code == 403


# --------------------------------------------------------------------------- the reason for opening a case


@pytest.fixture
def asking(app, monkeypatch):
    monkeypatch.setitem(app.config, "ASK_ACCESS_REASON", True)


def test_opening_a_case_outside_your_caseload_asks_why_once(app, client, asking):
    login_as(app, client, "caseworker", username="cw")
    with app.app_context():
        case = gen_case()
    first = client.get(f"/cases/{case.reference}/victims")
    assert first.status_code == 302 and f"/cases/{case.reference}/reason" in first.headers["Location"]
    page = client.get(first.headers["Location"])
    assert page.status_code == 200 and "This case is not assigned to you" in page.text
    assert "Victim0" not in page.text  # nothing personal before a reason is given

    missing = client.post(f"/cases/{case.reference}/reason", data={"reason": "other", "details": " "})
    assert missing.status_code == 422 and "Enter why you are opening this case" in missing.text
    given = client.post(f"/cases/{case.reference}/reason",
                        data={"reason": "enquiry", "details": "Victim rang for an update",
                              "next": f"/cases/{case.reference}/victims"})
    assert given.status_code == 302 and given.headers["Location"].endswith(f"/cases/{case.reference}/victims")
    assert client.get(f"/cases/{case.reference}/victims").status_code == 200
    assert client.get(f"/cases/{case.reference}").status_code == 200  # once per case, not per page
    with app.app_context():
        lines = db.session.scalars(select(AuditRecord).where(AuditRecord.record_id == case.reference,
                                                             AuditRecord.action == "consult")).all()
        assert {line.justification for line in lines} == {
            "Answering an enquiry about this case: Victim rang for an update"}
        assert len(lines) >= 3


def test_your_own_cases_open_without_a_question(app, client, asking):
    caseworker = login_as(app, client, "caseworker", username="cw")
    with app.app_context():
        case = gen_case(caseworker=caseworker)
    assert client.get(f"/cases/{case.reference}").status_code == 200


def test_the_reason_page_only_sends_you_on_within_this_site(app, client, asking):
    login_as(app, client, "clerk", username="clerk")
    with app.app_context():
        case = gen_case()
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(f"/cases/{case.reference}/reason", data={"reason": "admin_task", "next": target})
        assert response.headers["Location"].endswith(f"/cases/{case.reference}"), target


def test_the_reason_page_is_not_found_for_another_areas_case(app, client, asking):
    login_as(app, client, "clerk", username="east-clerk", area_code="E")
    with app.app_context():
        case = gen_case(area_code="N")
    assert client.get(f"/cases/{case.reference}/reason").status_code == 404


def test_batches_hold_only_the_areas_the_user_sees(app, client):
    from datetime import date

    from factories import gen_victim_contact
    from webapp.models import BackgroundJob, GeneratedDocument
    login_as(app, client, "clerk", username="east-clerk", area_code="E")
    with app.app_context():
        north_clerk = gen_user("clerk", username="north-clerk", area_code="N")
        east_sup = gen_user("supervisor", username="east-sup", area_code="E")
        north = gen_case(first_name="Norah", last_name="Northern", area_code="N")
        gen_decision(north, disposal="community_resolution", status="authorised", conditions=[])
        gen_victim_contact(north, "outcome", date.today())
    response = client.post("/documents/batches", data={"batch": "victim_updates"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "No victim updates with a letter are due today." in page and "Northern" not in page
    with app.app_context():
        assert db.session.scalar(select(GeneratedDocument)) is None
    other = app.test_client()
    login(other, north_clerk)
    assert other.post("/documents/batches", data={"batch": "victim_updates"}).status_code == 302
    with app.app_context():
        job_id = db.session.scalar(select(BackgroundJob.id).where(BackgroundJob.kind == "batch"))
    supervisor = app.test_client()
    login(supervisor, east_sup)
    assert job_id not in supervisor.get("/documents/batches").text
    assert supervisor.get(f"/documents/batches/download?job={job_id}").status_code == 404


def test_the_demo_seeds_through_the_pages_with_the_reason_question_on(ctx, monkeypatch):
    """Production asks why a case is opened; the demo's own clicks (webapp/demo_journeys.py) must not stop."""
    from webapp.demo import seed_demo_data
    monkeypatch.setitem(ctx.config, "ASK_ACCESS_REASON", True)
    said: list[str] = []
    seed_demo_data(cases=6, seed=3, password="correct-horse-battery", if_empty=False, echo=said.append, recent=5)
    assert any("5 recent" in line for line in said), said
    assert ctx.config["ASK_ACCESS_REASON"] is True
