"""Victim liaison: enhanced rights with reasons, views and restorative justice, contact tasks with
working-day due dates, and the queue (ordering, filters, HTMX row swaps, roles, audit, timeline)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from factories import gen_case, gen_cover, gen_user, login, login_as
from form_testing import errors
from oocr_testing import make_csrf_app
from webapp.extensions import db
from webapp.models import AuditRecord, Case, CaseEvent, Victim, VictimContact
from webapp.domain.victims import REASONS
from webapp.services.victims import create_update_tasks

TODAY = date.today()



def summaries(app, case_id: int) -> list[str]:
    with app.app_context():
        return [e.summary for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id))]


def audit_actions(app, record_type: str) -> list[str]:
    with app.app_context():
        return [a.action for a in db.session.scalars(
            select(AuditRecord).where(AuditRecord.record_type == record_type).order_by(AuditRecord.id))]


def victim_ids(app, case_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Victim.id).where(Victim.case_id == case_id).order_by(Victim.id)))


def add_contact(case_id: int, victim_id: int, due: date, purpose: str = "outcome", reason: str = "Caution given") -> int:
    contact = VictimContact(case_id=case_id, victim_id=victim_id, due_date=due, purpose=purpose, reason=reason)
    db.session.add(contact)
    db.session.commit()
    return contact.id


@pytest.fixture
def vlo(app, client):
    return login_as(app, client, "victim_liaison", username="vlo", full_name="Val Liaison")


# ----- The Victims section --------------------------------------------------------------------------

def test_victims_section_shows_enhanced_rights_and_why(app, client, vlo):
    with app.app_context():
        case = gen_case(domestic_abuse=True, victims=1)
        victim = db.session.scalar(select(Victim).where(Victim.case_id == case.id))
        victim.intimidated = True
        db.session.commit()
    page = client.get(f"/cases/{case.reference}/victims")
    assert page.status_code == 200
    assert "Enhanced rights" in page.text
    assert REASONS["domestic_abuse"] in page.text and REASONS["intimidated"] in page.text
    assert "Updates due within 1 working day." in page.text
    assert "Uncertain" not in page.text and "secondary" not in page.text
    assert "Source: Code of Practice for Victims of Crime (Victims' Code) 2020, Right 6" in page.text
    assert 'aria-current="page" href="/cases/%s/victims"' % case.reference in page.text
    assert audit_actions(app, "victim") == ["consult"]


def test_standard_victim_and_an_organisation(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1)
        case_row = db.session.get(Case, case.id)
        case_row.victims.append(Victim(first_name="", last_name="Mega Stores Ltd", vulnerable=True))
        db.session.commit()
    page = client.get(f"/cases/{case.reference}/victims").text
    assert "Standard" in page and "Updates due within 5 working days." in page
    assert "Mega Stores Ltd (organisation)" in page and "An organisation: enhanced rights are for people." in page
    assert "Not applicable: an organisation" in page


@pytest.mark.parametrize("role", ["clerk", "admin"])
def test_victims_section_refused_to_other_roles(app, client, role):
    with app.app_context():
        case = gen_case()
        user = gen_user(role)
    login(client, user)
    assert client.get(f"/cases/{case.reference}/victims").status_code == 403
    assert client.get("/victims/contacts").status_code == 403


def test_caseworker_works_on_victims_but_not_the_liaison_queue(app, client):
    with app.app_context():
        case = gen_case()
        user = gen_user("caseworker")
    login(client, user)
    assert client.get(f"/cases/{case.reference}/victims").status_code == 200
    assert client.get("/victims/contacts").status_code == 403


# ----- Views and restorative justice ----------------------------------------------------------------

VIEWS_OK = {"views": "supports_oocd", "obtained_on": ["2", "3", "2026"], "method": "phone",
            "notes": "Happy with a caution if he pays for the damage."}


def test_recording_views_closes_the_open_views_task(app, client, vlo):
    with app.app_context():
        case = gen_case()
    [vid] = victim_ids(app, case.id)
    with app.app_context():
        task = add_contact(case.id, vid, TODAY + timedelta(days=3), purpose="views", reason="Views before the decision")
    url = f"/cases/{case.reference}/victims/views?victim={vid}"
    assert client.get(url).status_code == 200
    response = client.post(url, data=VIEWS_OK)
    assert response.status_code == 302
    with app.app_context():
        victim = db.session.get(Victim, vid)
        assert victim.views == "supports_oocd" and victim.views_recorded_on == date(2026, 3, 2)
        assert victim.views_method == "phone" and victim.views_notes.startswith("Happy with a caution")
        contact = db.session.get(VictimContact, task)
        assert contact.done_at is not None and contact.method == "phone" and contact.done_by_id == vlo.id
    assert any(s.startswith("Victim's views recorded for Victim0 Person: supports") for s in summaries(app, case.id))
    assert "alter" in audit_actions(app, "victim")
    page = client.get(f"/cases/{case.reference}/victims").text
    assert "Supports an out-of-court resolution" in page and "Recorded 2 March 2026 by phone" in page


def test_views_not_obtained_records_the_effort(app, client, vlo):
    with app.app_context():
        case = gen_case()
    [vid] = victim_ids(app, case.id)
    client.post(f"/cases/{case.reference}/victims/views?victim={vid}",
                data={**VIEWS_OK, "views": "not_obtained", "notes": "Two calls, no answer; letter sent."})
    with app.app_context():
        assert db.session.get(Victim, vid).views == "not_obtained"
        attempts = db.session.scalars(select(VictimContact).where(VictimContact.purpose == "views")).all()
        assert len(attempts) == 1 and attempts[0].done_at is not None
    assert "1 contact about views recorded" in client.get(f"/cases/{case.reference}/victims").text


@pytest.mark.parametrize("change, message", [
    ({"views": ""}, "Select the victim's views"),
    ({"obtained_on": ["", "", ""]}, "Enter the date of the contact"),
    ({"obtained_on": ["1", "1", str(TODAY.year + 1)]}, "The date of the contact must be today or in the past"),
    ({"method": ""}, "Select how you contacted the victim"),
    ({"notes": ""}, "Enter what the victim said, or what you tried"),
])
def test_views_validation_messages(app, client, vlo, change, message):
    with app.app_context():
        case = gen_case()
    [vid] = victim_ids(app, case.id)
    response = client.post(f"/cases/{case.reference}/victims/views?victim={vid}", data={**VIEWS_OK, **change})
    assert response.status_code == 422 and message in errors(response), errors(response)
    with app.app_context():
        assert db.session.get(Victim, vid).views == "not_obtained"


def test_unknown_or_other_cases_victim_is_404(app, client, vlo):
    with app.app_context():
        case, other = gen_case(), gen_case(last_name="Other")
    [other_vid] = victim_ids(app, other.id)
    assert client.get(f"/cases/{case.reference}/victims/views?victim={other_vid}").status_code == 404
    assert client.get(f"/cases/{case.reference}/victims/views").status_code == 404


def test_restorative_justice_offer_is_recorded(app, client, vlo):
    with app.app_context():
        case = gen_case()
    [vid] = victim_ids(app, case.id)
    url = f"/cases/{case.reference}/victims/restorative-justice?victim={vid}"
    response = client.post(url, data={"offered_on": ["", "", ""], "method": "", "response": ""})
    assert response.status_code == 422
    assert {"Enter the date restorative justice was offered", "Select how restorative justice was offered",
            "Select the victim's answer"} <= set(errors(response))
    assert client.post(url, data={"offered_on": ["3", "3", "2026"], "method": "letter", "response": "accepted",
                                  "notes": "Wants a face-to-face meeting"}).status_code == 302
    with app.app_context():
        victim = db.session.get(Victim, vid)
        assert victim.rj_offered_on == date(2026, 3, 3) and victim.rj_response == "accepted"
    assert "Restorative justice offered to Victim0 Person: accepted" in summaries(app, case.id)
    assert "Offered 3 March 2026" in client.get(f"/cases/{case.reference}/victims").text


# ----- Contact tasks and their due dates ------------------------------------------------------------

@pytest.mark.parametrize("domestic_abuse, due", [(True, date(2026, 4, 7)), (False, date(2026, 4, 13))])
def test_contact_task_due_date_counts_working_days_over_easter(app, client, vlo, domestic_abuse, due):
    with app.app_context():
        case = gen_case(domestic_abuse=domestic_abuse)
    [vid] = victim_ids(app, case.id)
    assert client.get(f"/cases/{case.reference}/victims/contacts/new").status_code == 200
    response = client.post(f"/cases/{case.reference}/victims/contacts/new", data={
        "victim": str(vid), "purpose": "outcome", "reason": "Conditional caution given", "start": ["2", "4", "2026"]})
    assert response.status_code == 302
    with app.app_context():
        contact = db.session.scalar(select(VictimContact))
        assert contact.due_date == due and contact.done_at is None and contact.reason == "Conditional caution given"
    assert "Victim contact due: tell the victim the outcome" in summaries(app, case.id)
    assert "collect" in audit_actions(app, "victim_contact")


@pytest.mark.parametrize("change, message", [
    ({"victim": ""}, "Select the victim to contact"),
    ({"purpose": ""}, "Select what the contact is for"),
    ({"reason": ""}, "Enter why the victim needs to be contacted"),
    ({"start": ["", "", ""]}, "Enter the date the clock starts"),
    ({"start": ["30", "2", "2026"]}, "The date the clock starts must be a real date"),
])
def test_contact_task_validation_messages(app, client, vlo, change, message):
    with app.app_context():
        case = gen_case()
    [vid] = victim_ids(app, case.id)
    data = {"victim": str(vid), "purpose": "update", "reason": "Interview held", "start": ["2", "4", "2026"], **change}
    response = client.post(f"/cases/{case.reference}/victims/contacts/new", data=data)
    assert response.status_code == 422 and message in errors(response), errors(response)


def test_all_victims_task_uses_each_victims_own_timescale(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=2)
        first, second = db.session.scalars(select(Victim).where(Victim.case_id == case.id).order_by(Victim.id)).all()
        second.vulnerable = True
        db.session.commit()
        ids = (first.id, second.id)
    data = {"victim": "all", "purpose": "update", "reason": "Suspect interviewed", "start": ["10", "3", "2026"]}
    client.post(f"/cases/{case.reference}/victims/contacts/new", data=data)
    with app.app_context():
        due = dict(db.session.execute(select(VictimContact.victim_id, VictimContact.due_date)).all())
    assert due == {ids[0]: date(2026, 3, 17), ids[1]: date(2026, 3, 11)}
    # asking again does not duplicate the open tasks
    response = client.post(f"/cases/{case.reference}/victims/contacts/new", data=data, follow_redirects=True)
    assert "No task created" in response.text
    with app.app_context():
        assert db.session.query(VictimContact).count() == 2


def test_create_update_tasks_for_other_areas_of_work(app):
    with app.app_context():
        user = gen_user("caseworker")
        case = gen_case(hate_crime=True, victims=1)
        row = db.session.get(Case, case.id)
        row.victims.append(Victim(first_name="", last_name="Corner Shop Ltd"))
        db.session.commit()
        created = create_update_tasks(row, "restorative_justice", "Offer RJ after the caution", date(2026, 3, 10),
                                      actor=db.session.get(type(user), user.id))
        db.session.commit()
        assert [c.victim.full_name for c in created] == ["Victim0 Person"]  # not the organisation
        assert created[0].due_date == date(2026, 3, 11)  # hate crime: enhanced, 1 working day
        outcome = create_update_tasks(row, "breach", "Condition breached", date(2026, 3, 13))
        db.session.commit()
        # Per victim: the person (hate crime) has 1 working day; the shop is not a victim in the Code's sense (5).
        assert {c.victim.full_name: c.due_date for c in outcome} == {"Victim0 Person": date(2026, 3, 16),
                                                                     "Corner Shop Ltd": date(2026, 3, 20)}
        assert create_update_tasks(row, "breach", "Again", date(2026, 3, 13)) == []
        events = [e.summary for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))]
        assert "Victim contact due: offer restorative justice" in events
        line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "victim_contact"))
        assert line.action == "collect" and line.user_id == user.id and line.record_id == case.reference
        with pytest.raises(ValueError):
            create_update_tasks(row, "gossip", "x")


# ----- The liaison queue ----------------------------------------------------------------------------

def test_queue_orders_overdue_first_then_by_due_date_and_flags_overdue(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1)
        [vid] = db.session.scalars(select(Victim.id).where(Victim.case_id == case.id)).all()
        later = add_contact(case.id, vid, TODAY + timedelta(days=9), reason="Later one")
        today = add_contact(case.id, vid, TODAY, reason="Today one")
        very_overdue = add_contact(case.id, vid, TODAY - timedelta(days=10), reason="Very overdue one")
        overdue = add_contact(case.id, vid, TODAY - timedelta(days=1), reason="Overdue one")
        done = add_contact(case.id, vid, TODAY - timedelta(days=30), reason="Done one")
        db.session.get(VictimContact, done).done_at = datetime.now()
        db.session.commit()
    page = client.get("/victims/contacts").text
    order = [int(i) for i in re.findall(r'<tr class="govuk-table__row" id="contact-(\d+)"', page)]
    assert order == [very_overdue, overdue, today, later]
    assert "Overdue by 10 days" in page and "Overdue by 1 day<" in page and "govuk-tag--red" in page
    assert "Due today" in page and "Done one" not in page
    assert "4 open contacts" in page
    assert audit_actions(app, "victim_contact_list") == ["consult"]


def test_queue_filters_by_due_and_area(app, client, vlo):
    monday = TODAY - timedelta(days=TODAY.weekday())
    sunday = monday + timedelta(days=6)
    with app.app_context():
        north = gen_case(victims=1, area_code="N")
        east = gen_case(victims=1, area_code="E", last_name="Easterly")
        gen_cover(vlo, "E")  # a North officer sees East's contacts only while covering East
        [nv] = db.session.scalars(select(Victim.id).where(Victim.case_id == north.id)).all()
        [ev] = db.session.scalars(select(Victim.id).where(Victim.case_id == east.id)).all()
        overdue = add_contact(north.id, nv, TODAY - timedelta(days=2))
        today = add_contact(north.id, nv, TODAY)
        this_week = add_contact(east.id, ev, sunday)
        next_week = add_contact(east.id, ev, sunday + timedelta(days=1))
        east_area = db.session.get(Case, east.id).area_id

    def ids(**query) -> set[int]:
        page = client.get("/victims/contacts", query_string=query).text
        return {int(i) for i in re.findall(r'id="contact-(\d+)"', page)}

    assert ids(due="overdue") == {overdue}
    assert ids(due="today") == {today}
    assert ids(due="week") == {today, this_week}
    assert ids() == {overdue, today, this_week, next_week}
    assert ids(area=east_area) == {this_week, next_week}
    assert ids(due="nonsense") == {overdue, today, this_week, next_week}
    chosen = client.get("/victims/contacts", query_string={"due": "week", "area": east_area}).text
    assert re.search(r'<input[^>]*name="due"[^>]*value="week"[^>]*checked', chosen)
    assert re.search(rf'<input[^>]*name="area"[^>]*value="{east_area}"[^>]*checked', chosen)
    fragment = client.get("/victims/contacts?due=today", headers={"HX-Request": "true", "HX-Target": "contact-results"})
    assert fragment.text.lstrip().startswith('<div id="contact-results"') and "<html" not in fragment.text


def test_record_contact_in_the_queue_by_htmx_swaps_just_that_row(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1)
        [vid] = db.session.scalars(select(Victim.id).where(Victim.case_id == case.id)).all()
        contact_id = add_contact(case.id, vid, TODAY - timedelta(days=1))
    form_row = client.get(f"/victims/contacts/record?contact={contact_id}", headers={"HX-Request": "true"})
    assert form_row.text.lstrip().startswith(f'<tr class="govuk-table__row" id="contact-{contact_id}"')
    assert 'hx-post="/victims/contacts/record"' in form_row.text and "<html" not in form_row.text
    bad = client.post("/victims/contacts/record", headers={"HX-Request": "true"},
                      data={"contact": contact_id, "reached": "yes", "method": "", "summary": ""})
    assert bad.status_code == 200  # HTMX swaps only successful responses: errors come back in the row
    assert "Select how you contacted the victim" in bad.text and "Enter a summary of the contact" in bad.text
    good = client.post("/victims/contacts/record", headers={"HX-Request": "true"},
                       data={"contact": contact_id, "reached": "yes", "method": "phone", "summary": "Told of the caution."})
    assert good.text.lstrip().startswith(f'<tr class="govuk-table__row" id="contact-{contact_id}"')
    assert "Done" in good.text and "Contact recorded" in good.text and "Val Liaison" in good.text
    with app.app_context():
        contact = db.session.get(VictimContact, contact_id)
        assert contact.done_at and contact.method == "phone" and contact.summary == "Told of the caution."
    assert "Contacted Victim0 Person: tell the victim the outcome" in summaries(app, case.id)
    assert "alter" in audit_actions(app, "victim_contact")
    assert f'id="contact-{contact_id}"' not in client.get("/victims/contacts").text
    # recording it twice does nothing more
    again = client.post("/victims/contacts/record", headers={"HX-Request": "true"},
                        data={"contact": contact_id, "reached": "yes", "method": "email", "summary": "x"})
    assert "This contact was already recorded" in again.text
    cancel = client.get(f"/victims/contacts/row?contact={contact_id}", headers={"HX-Request": "true"})
    assert cancel.text.lstrip().startswith("<tr")


def test_an_attempt_that_did_not_reach_the_victim_keeps_the_task_open(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1)
        [vid] = db.session.scalars(select(Victim.id).where(Victim.case_id == case.id)).all()
        contact_id = add_contact(case.id, vid, TODAY, purpose="views", reason="Views before the decision")
    response = client.post("/victims/contacts/record", headers={"HX-Request": "true"},
                           data={"contact": contact_id, "reached": "no", "method": "phone", "summary": "No answer"})
    assert "Attempt recorded: the task stays open" in response.text and "Last attempt" in response.text
    with app.app_context():
        assert db.session.get(VictimContact, contact_id).done_at is None
        attempt = db.session.scalar(select(VictimContact).where(VictimContact.id != contact_id))
        assert attempt.is_attempt and attempt.done_at and attempt.summary == "No answer"
    page = client.get("/victims/contacts").text
    assert f'id="contact-{contact_id}"' in page and "not reached" in page
    # reaching them for their views needs the views
    response = client.post("/victims/contacts/record", headers={"HX-Request": "true"},
                           data={"contact": contact_id, "reached": "yes", "method": "phone", "summary": "Spoke"})
    assert "Select the victim&#39;s views" in response.text
    client.post("/victims/contacts/record", data={"contact": contact_id, "reached": "yes", "method": "phone",
                                                  "summary": "Opposes it", "views": "opposes_oocd"})
    with app.app_context():
        assert db.session.get(Victim, vid).views == "opposes_oocd"
        assert db.session.get(VictimContact, contact_id).done_at is not None


def test_record_contact_without_javascript(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1)
        [vid] = db.session.scalars(select(Victim.id).where(Victim.case_id == case.id)).all()
        contact_id = add_contact(case.id, vid, TODAY)
    page = client.get(f"/victims/contacts/record?contact={contact_id}")
    assert page.status_code == 200 and "<html" in page.text and "Record contact with Victim0 Person" in page.text
    bad = client.post("/victims/contacts/record", data={"contact": contact_id})
    assert bad.status_code == 422
    assert {"Select whether you reached the victim", "Select how you contacted the victim",
            "Enter a summary of the contact"} <= set(errors(bad))
    good = client.post("/victims/contacts/record", data={"contact": contact_id, "from": "case", "reached": "yes",
                                                         "method": "letter", "summary": "Outcome letter sent"})
    assert good.status_code == 302 and good.headers["Location"].endswith(f"/cases/{case.reference}/victims#victim-{vid}")
    assert client.get("/victims/contacts/record?contact=999999").status_code == 404


def test_every_post_form_carries_a_csrf_token(app, tmp_path):
    csrf_app = make_csrf_app(app, tmp_path)
    client = csrf_app.test_client()
    with csrf_app.app_context():
        gen_user("supervisor", username="boss")
        case = gen_case(status="screening", victims=1)
        [vid] = db.session.scalars(select(Victim.id).where(Victim.case_id == case.id)).all()
        contact_id = add_contact(case.id, vid, TODAY)
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": "boss", "password": "correct-horse-battery", "csrf_token": token})
    pages = [f"/cases/{case.reference}/full-code-test", f"/cases/{case.reference}/clinic",
             f"/cases/{case.reference}/needs", f"/cases/{case.reference}/victims/views?victim={vid}",
             f"/cases/{case.reference}/victims/restorative-justice?victim={vid}",
             f"/cases/{case.reference}/victims/contacts/new", f"/victims/contacts/record?contact={contact_id}"]
    for url in pages:
        html = client.get(url).text
        forms = re.findall(r'<form method="post".*?</form>', html, re.S)
        assert forms, url
        for form in forms:
            if 'action="/logout"' in form:
                continue
            assert 'name="csrf_token"' in form, (url, form[:300])
    # and a post without the token is refused
    response = client.post(f"/cases/{case.reference}/victims/contacts/new",
                           data={"victim": str(vid), "purpose": "update", "reason": "x", "start": ["2", "4", "2026"]})
    assert response.status_code == 400


def test_a_date_of_birth_under_18_at_the_offence_gives_enhanced_rights(app, client, vlo):
    with app.app_context():
        case = gen_case(victims=1, offence_date=date(2026, 9, 1))
        [victim_id] = victim_ids(app, case.id)
    url = f"/cases/{case.reference}/victims/date-of-birth?victim={victim_id}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"date_of_birth": ["31", "2", "2010"]})
    assert bad.status_code == 422 and errors(bad)
    future = client.post(url, data={"date_of_birth": ["1", "1", str(TODAY.year + 1)]})
    assert future.status_code == 422 and "The date of birth must be today or in the past" in errors(future)
    done = client.post(url, data={"date_of_birth": ["2", "9", "2008"]}, follow_redirects=True)
    assert "under 18 at the offence, so enhanced rights now apply" in done.text
    assert REASONS["under_18"] in done.text and "Updates due within 1 working day." in done.text
    with app.app_context():
        assert db.session.get(Victim, victim_id).date_of_birth == date(2008, 9, 2)
    assert "Date of birth recorded for Victim0 Person" in summaries(app, case.id)
    assert "alter" in audit_actions(app, "victim")


def test_an_organisation_has_no_date_of_birth_and_other_roles_are_refused(app, client):
    with app.app_context():
        case = gen_case(victims=0)
        row = db.session.get(Case, case.id)
        row.victims.append(Victim(first_name="", last_name="Mega Stores Ltd", is_organisation=True))
        db.session.commit()
        [shop] = victim_ids(app, case.id)
        clerk = gen_user("clerk")
        liaison = gen_user("victim_liaison")
    login(client, clerk)
    assert client.get(f"/cases/{case.reference}/victims/date-of-birth?victim={shop}").status_code == 403
    login(client, liaison)
    assert client.get(f"/cases/{case.reference}/victims/date-of-birth?victim={shop}").status_code == 404
