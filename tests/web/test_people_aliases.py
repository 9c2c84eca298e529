"""Other names a person has used: entered on the Earlier records page (audit-logged, role-checked),
matched against from then on, removable when entered by mistake but not when a merge made them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from factories import gen_suspect_case, gen_user, login
from webapp.extensions import db
from webapp.models import AuditRecord, CaseEvent
from webapp.models.person_link import PersonAlias, PersonMatch

MAIDEN_DOB = date(1986, 2, 11)


def _add(client, reference, **data):
    form = {"first_name": "", "last_name": "", "date_of_birth": ["", "", ""]}
    form.update(data)
    return client.post(f"/cases/{reference}/people/aliases", data=form)


def test_an_alias_entered_finds_the_earlier_record_and_is_audit_logged(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        earlier = gen_suspect_case("Katie", "Murphy", MAIDEN_DOB, postcode="")  # address not known then
        later = gen_suspect_case("Kate", "Brown", date(1986, 11, 2), postcode="B2 4QQ")
    login(client, caseworker)
    page = client.get(f"/cases/{later.reference}/people").text
    assert "Katie Murphy" not in page and "None recorded." in page and "Add another name" in page
    assert client.get(f"/cases/{later.reference}/people/aliases").status_code == 200
    response = _add(client, later.reference, first_name=" Katie ", last_name="Murphy", date_of_birth=["11", "2", "1986"])
    assert response.status_code == 302
    page = client.get(f"/cases/{later.reference}/people").text
    assert "Katie Murphy" in page and earlier.reference in page and "Entered by staff" in page
    with app.app_context():
        [alias] = db.session.scalars(select(PersonAlias)).all()
        assert (alias.person_id, alias.first_name, alias.date_of_birth, alias.source, alias.created_by_id) == (
            later.suspect_id, "Katie", MAIDEN_DOB, "entered", caseworker.id)
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "collect",
                                                           AuditRecord.record_type == "person"))
        assert line.record_id == str(later.suspect_id) and "Katie Murphy" in line.description
        assert db.session.scalar(select(CaseEvent).where(CaseEvent.kind == "alias_added", CaseEvent.case_id == later.id))
        [match] = db.session.scalars(select(PersonMatch)).all()  # on the Duplicates list at once
        assert (match.person_id, match.candidate_id, match.status) == (later.suspect_id, earlier.suspect_id, "proposed")


def test_errors_are_shown_and_the_same_name_twice_is_refused(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        case = gen_suspect_case("Kate", "Brown", date(1986, 11, 2))
    login(client, caseworker)
    empty = _add(client, case.reference)
    assert empty.status_code == 422 and "govuk-error-summary" in empty.text
    assert "Enter the first name they used" in empty.text and "Enter the last name they used" in empty.text
    future = _add(client, case.reference, first_name="K", last_name="B", date_of_birth=["1", "1", str(date.today().year + 1)])
    assert future.status_code == 422 and "today or in the past" in future.text
    assert _add(client, case.reference, first_name="Kate", last_name="Brown").status_code == 422  # their own name
    assert _add(client, case.reference, first_name="Kay", last_name="Brown").status_code == 302
    again = _add(client, case.reference, first_name="kay", last_name="BROWN")
    assert again.status_code == 422 and "already recorded under that name" in again.text
    with app.app_context():
        assert db.session.scalar(select(PersonAlias.first_name)) == "Kay"
        assert len(db.session.scalars(select(PersonAlias)).all()) == 1


def test_removing_an_entered_alias_but_not_a_merged_one(app, client):
    with app.app_context():
        caseworker = gen_user("caseworker")
        case = gen_suspect_case("Kate", "Brown", date(1986, 11, 2))
        other = gen_suspect_case("Sam", "Hill", date(1970, 1, 1), area_code="E")
        entered = PersonAlias(person_id=case.suspect_id, first_name="Kay", last_name="Brown", source="entered")
        merged = PersonAlias(person_id=case.suspect_id, first_name="Katie", last_name="Brown", source="merge")
        elsewhere = PersonAlias(person_id=other.suspect_id, first_name="Sammy", last_name="Hill", source="entered")
        db.session.add_all([entered, merged, elsewhere])
        db.session.commit()
        ids = entered.id, merged.id, elsewhere.id
    login(client, caseworker)
    assert client.post(f"/cases/{case.reference}/people/aliases/remove", data={"alias_id": str(ids[1])}).status_code == 302
    assert client.post(f"/cases/{case.reference}/people/aliases/remove", data={"alias_id": str(ids[2])}).status_code == 404
    assert client.post(f"/cases/{case.reference}/people/aliases/remove", data={"alias_id": "x"}).status_code == 400
    assert client.post(f"/cases/{case.reference}/people/aliases/remove", data={"alias_id": str(ids[0])}).status_code == 302
    with app.app_context():
        left = {a.first_name for a in db.session.scalars(select(PersonAlias))}
        assert left == {"Katie", "Sammy"}  # the merge's name stays until the merge is undone
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "erase",
                                                           AuditRecord.record_type == "person"))


def test_other_roles_and_other_areas_cannot_add_names(app, client):
    with app.app_context():
        clerk, victim_liaison = gen_user("clerk"), gen_user("victim_liaison")
        east_caseworker = gen_user("caseworker", area_code="E")
        case = gen_suspect_case("Kate", "Brown", date(1986, 11, 2))
    for user in (clerk, victim_liaison):
        login(client, user)
        assert client.get(f"/cases/{case.reference}/people/aliases").status_code == 403
        assert _add(client, case.reference, first_name="Kay", last_name="Brown").status_code == 403
        client.post("/logout")
    login(client, east_caseworker)
    assert _add(client, case.reference, first_name="Kay", last_name="Brown").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(PersonAlias)).all() == []
