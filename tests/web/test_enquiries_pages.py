"""The enquiries log: logging, routing, queues per person and team, answering within a working-day
target, passing on, the case page's correspondence and the supervisor's overdue count."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from factories import gen_case, gen_user, login
from form_testing import dmy, errors
from webapp.extensions import db
from webapp.models import AuditRecord, CaseEvent, Enquiry


def log_call(client, **changes):
    data = {"direction": "in", "channel": "phone", "from_type": "victim", "contact_name": "Vera Victim",
            "contact_details": "07700 900123", "summary": "Asked how the case is progressing",
            "received_on": dmy(date.today()), "target_days": "5", "team": "victim_liaison",
            "assigned_to_id": "0"} | changes
    return client.post("/enquiries/new", data=data)


def only_enquiry(app) -> Enquiry:
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        db.session.expunge(enquiry)
        return enquiry


def test_a_victims_call_is_logged_routed_to_the_liaison_officer_and_answered_within_target(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="clerk1")
        liaison = gen_user("victim_liaison", username="vlo1", full_name="Val Liaison")
        case = gen_case()
    login(client, clerk)
    friday = date(2026, 12, 18)  # five working days on, past Christmas and the Boxing Day substitute holiday
    response = log_call(client, case_reference=case.reference.lower(), received_on=dmy(friday),
                        assigned_to_id=str(liaison.id))
    assert response.status_code == 302, errors(response)
    enquiry = only_enquiry(app)
    assert enquiry.due_on == date(2026, 12, 29)
    assert (enquiry.case_id, enquiry.assigned_to_id, enquiry.team, enquiry.status) == \
        (case.id, liaison.id, "victim_liaison", "open")

    client.post("/logout")
    login(client, liaison)
    mine = client.get("/enquiries").text
    assert "Vera Victim" in mine and "Asked how the case is progressing" in mine
    page = client.get(f"/cases/{case.reference}").text
    correspondence = re.search(r'<section id="correspondence".*?</section>', page, re.S).group(0)
    assert "Received telephone call: Vera Victim (victim)" in correspondence
    assert "Telephone call from victim Vera Victim" in page  # on the timeline too

    response = client.post(f"/enquiries/answer?enquiry={enquiry.id}",
                           data={"response": "Told her the caution was given on Monday",
                                 "answered_on": dmy(date(2026, 12, 22))})
    assert response.status_code == 302
    with app.app_context():
        answered = db.session.get(Enquiry, enquiry.id)
        assert (answered.status, answered.answered_by_id, answered.answered_on) == \
            ("answered", liaison.id, date(2026, 12, 22))
        summaries = list(db.session.scalars(select(CaseEvent.summary).where(CaseEvent.case_id == case.id)))
    assert "Enquiry from Vera Victim answered" in summaries
    assert "Nothing open here." in client.get("/enquiries").text  # off the queue
    again = client.post(f"/enquiries/answer?enquiry={enquiry.id}",
                        data={"response": "Again", "answered_on": dmy(date(2026, 12, 22))})
    assert again.status_code == 422 and errors(again) == ["This enquiry is already answered"]


def test_every_mistake_in_logging_is_explained_and_nothing_typed_is_lost(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="cw", full_name="Casey Worker")
    login(client, worker)
    response = client.post("/enquiries/new", data={"contact_name": "", "summary": "", "target_days": "soon",
                                                   "team": "casework", "assigned_to_id": "0",
                                                   "received_on": ["", "", ""]})
    assert response.status_code == 422
    assert {"Select how it came in or went out", "Select who it is from or to", "Enter the name of the person",
            "Enter what the enquiry is about", "Enter the date it was received or sent",
            "Enter the number of working days as a whole number, like 5"} <= set(errors(response))
    response = log_call(client, case_reference="OC26-999999", summary="About a fine")
    assert errors(response) == ["No case has this reference: check it, or leave it empty"]
    assert "About a fine" in response.text
    response = log_call(client, assigned_to_id=str(worker.id))  # victim liaison team, but a caseworker
    assert errors(response) == ["Casey Worker is not in the victim liaison team"]
    assert client.get("/enquiries/new?case=OC26-000001").status_code == 200


def test_team_queue_overdue_on_the_supervisors_view_and_passing_on(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor", username="sup1")
        worker = gen_user("caseworker", username="cw1", full_name="Casey Worker")
    login(client, worker)
    old = date.today() - timedelta(days=21)
    assert log_call(client, from_type="solicitor", contact_name="Sam Solicitor", team="casework",
                    received_on=dmy(old), target_days="2", summary="Wants disclosure").status_code == 302
    enquiry = only_enquiry(app)
    assert "Sam Solicitor" in client.get("/enquiries?view=team").text
    assert "Sam Solicitor" not in client.get("/enquiries?view=mine").text  # the team's, nobody's yet
    client.post("/logout")
    login(client, supervisor)
    escalations = client.get("/cases/escalations").text
    assert "1 enquiry is overdue." in escalations
    overdue = client.get("/enquiries?view=overdue").text
    assert "Sam Solicitor" in overdue and "Overdue" in overdue
    routed = client.post(f"/enquiries/route?enquiry={enquiry.id}", data={"team": "casework",
                                                                         "assigned_to_id": str(worker.id)})
    assert routed.status_code == 302
    passed = client.post(f"/enquiries/pass-on?enquiry={enquiry.id}",
                         data={"to": "DC Example 1234, officer in the case", "note": "Disclosure is for the officer"})
    assert passed.status_code == 302
    with app.app_context():
        row = db.session.get(Enquiry, enquiry.id)
        assert (row.status, row.passed_to, row.assigned_to_id) == ("passed_on", "DC Example 1234, officer in the case",
                                                                   worker.id)
        disclosure = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                                 AuditRecord.record_type == "enquiry"))
        assert disclosure.recipient == "DC Example 1234, officer in the case"
    assert "No enquiry is overdue." in client.get("/cases/escalations").text


def test_sent_letters_are_on_record_and_admins_cannot_use_the_log(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="cw2")
        admin = gen_user("admin", username="adm")
        case = gen_case(caseworker=worker)
    login(client, worker)
    assert log_call(client, direction="out", channel="letter", from_type="offender", contact_name="Jane Doe",
                    team="casework", case_reference=case.reference, summary="Sent the appointment letter").status_code == 302
    assert only_enquiry(app).status == "answered"
    assert "Sent letter: Jane Doe (offender)" in client.get(f"/cases/{case.reference}").text
    client.post("/logout")
    login(client, admin)
    assert client.get("/enquiries").status_code == 403
    assert client.post("/enquiries/new", data={}).status_code == 403


def test_enquiries_about_cases_in_other_areas_are_not_found(app, client):
    with app.app_context():
        east_worker = gen_user("caseworker", username="cw-east", area_code="E")
        north_worker = gen_user("caseworker", username="cw-north", area_code="N")
        north_case = gen_case(area_code="N", caseworker=north_worker)
    login(client, north_worker)
    assert log_call(client, team="casework", case_reference=north_case.reference).status_code == 302
    enquiry = only_enquiry(app)
    client.post("/logout")
    login(client, east_worker)
    assert client.get(f"/enquiries/show?enquiry={enquiry.id}").status_code == 404
    assert "Vera Victim" not in client.get("/enquiries?view=all").text
    with app.app_context():
        db.session.get(Enquiry, enquiry.id).due_on = date.today() - timedelta(days=3)
        db.session.commit()
        from webapp.services.enquiries import overdue_count
        assert overdue_count(date.today()) == 1
        assert overdue_count(date.today(), frozenset({east_worker.area_id})) == 0
    response = log_call(client, team="casework", case_reference=north_case.reference)
    assert errors(response) == ["No case has this reference: check it, or leave it empty"]
    assert client.get(f"/cases/{north_case.reference}/partner-referrals").status_code == 404


def test_the_answer_target_starts_from_the_forces_setting(app, client):
    from webapp.services.settings import change_setting

    with app.app_context():
        clerk = gen_user("clerk", username="clerk1")
        admin = gen_user("admin", username="admin1")
    login(client, clerk)
    field = re.compile(r'<input[^>]*name="target_days"[^>]*>')
    assert 'value="5"' in field.search(client.get("/enquiries/new").text).group(0)
    with app.app_context():
        change_setting("enquiry_response_working_days", 2, "Victims asked for quicker answers", admin)
        db.session.commit()
    assert 'value="2"' in field.search(client.get("/enquiries/new").text).group(0)


def test_the_usual_team_sends_a_victims_call_to_victim_liaison_and_an_officers_to_caseworkers(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="clerk1")
    login(client, clerk)
    assert 'value="usual" selected' in client.get("/enquiries/new").text
    assert log_call(client, team="usual").status_code == 302
    assert log_call(client, team="usual", from_type="officer", contact_name="PC Dale").status_code == 302
    with app.app_context():
        teams = dict(db.session.execute(select(Enquiry.contact_name, Enquiry.team)).all())
    assert teams == {"Vera Victim": "victim_liaison", "PC Dale": "casework"}
