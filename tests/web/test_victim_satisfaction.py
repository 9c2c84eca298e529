"""Victims' satisfaction at closure: asked by the victim liaison officer once the case has closed,
audit-logged and on the timeline, refused to other roles and before closure, counted in the statistics."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from factories import gen_case, gen_user, login, login_as
from webapp.extensions import db
from webapp.models import AuditRecord, CaseEvent, Victim

TODAY = date.today()


def _victim_id(app, case_id):
    with app.app_context():
        return db.session.scalar(select(Victim.id).where(Victim.case_id == case_id))


def _victims_case_signed_in(app, client, status: str):
    """A case with `status` and its victim's id, with a victim liaison officer signed in."""
    login_as(app, client, "victim_liaison")
    with app.app_context():
        case = gen_case(status=status)
    return case, _victim_id(app, case.id)


def _post(client, case, victim_id, answer, on=TODAY):
    return client.post(f"/cases/{case.reference}/victims/satisfaction?victim={victim_id}",
                       data={"answer": answer, "asked_on": [str(on.day), str(on.month), str(on.year)]})


def test_the_victim_liaison_officer_records_satisfaction_when_the_case_closes(app, client):
    case, victim_id = _victims_case_signed_in(app, client, "completed")
    page = client.get(f"/cases/{case.reference}/victims").text
    assert "Satisfaction at closure" in page and "Not asked yet" in page and "/victims/satisfaction?victim=" in page
    form = client.get(f"/cases/{case.reference}/victims/satisfaction?victim={victim_id}")
    assert form.status_code == 200 and "Very dissatisfied" in form.text and "Declined to say" in form.text
    assert 'type="radio"' in form.text and "OFFICIAL-SENSITIVE" in form.text
    response = _post(client, case, victim_id, "satisfied", TODAY - timedelta(days=1))
    assert response.status_code == 302
    assert "<strong>Satisfied</strong>" in client.get(f"/cases/{case.reference}/victims").text
    with app.app_context():
        victim = db.session.get(Victim, victim_id)
        assert (victim.satisfaction, victim.satisfaction_recorded_on) == ("satisfied", TODAY - timedelta(days=1))
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "alter",
                                                           AuditRecord.record_type == "victim"))
        assert line.record_id == case.reference and "satisfaction at closure recorded as satisfied" in line.description
        assert db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "victim_satisfaction"))
    _post(client, case, victim_id, "declined")
    with app.app_context():
        assert db.session.get(Victim, victim_id).satisfaction == "declined"


def test_errors_are_summarised(app, client):
    case, victim_id = _victims_case_signed_in(app, client, "closed")
    response = client.post(f"/cases/{case.reference}/victims/satisfaction?victim={victim_id}",
                           data={"asked_on": ["", "", ""]})
    assert response.status_code == 422 and "govuk-error-summary" in response.text
    assert "Select how satisfied the victim was, or that they declined to say" in response.text
    assert "Enter the date the victim was asked" in response.text
    future = _post(client, case, victim_id, "satisfied", TODAY + timedelta(days=2))
    assert future.status_code == 422
    assert _post(client, case, victim_id, "delighted").status_code == 422  # not one of the answers
    with app.app_context():
        assert db.session.get(Victim, victim_id).satisfaction == ""


def test_not_before_closure_and_not_by_other_roles(app, client):
    with app.app_context():
        vlo, caseworker, clerk = gen_user("victim_liaison"), gen_user("caseworker"), gen_user("clerk")
        open_case = gen_case(status="conditions_active")
        closed = gen_case(status="completed")
        east = gen_case(status="completed", area_code="E")
    open_victim, closed_victim, east_victim = (_victim_id(app, c.id) for c in (open_case, closed, east))
    login(client, vlo)
    assert "Asked when the case closes" in client.get(f"/cases/{open_case.reference}/victims").text
    assert _post(client, open_case, open_victim, "satisfied").status_code == 302  # refused: back to the section
    assert _post(client, east, east_victim, "satisfied").status_code == 404  # another area
    assert _post(client, closed, open_victim, "satisfied").status_code == 404  # a victim of another case
    client.post("/logout")
    for user in (caseworker, clerk):
        login(client, user)
        assert _post(client, closed, closed_victim, "satisfied").status_code == 403
        client.post("/logout")
    with app.app_context():
        assert set(db.session.scalars(select(Victim.satisfaction))) == {""}
