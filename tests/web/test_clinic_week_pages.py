"""The suspect's Caution Clinic appointment letter through the document pipeline, and a caseworker's
week of clinics with caseload counts."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from factories import gen_appointment, gen_case, gen_user, login
from form_testing import made_letter
from webapp.extensions import db
from webapp.models import ClinicAppointment


def test_a_suspect_booked_into_a_clinic_gets_an_appointment_letter(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="cw", full_name="Casey Worker")
        case = gen_case(caseworker=worker, first_name="Sam", last_name="Suspect")
        other = gen_case(first_name="Olive", last_name="Other")
    login(client, worker)
    page = client.get(f"/cases/{case.reference}/documents").text
    assert "The case has no booked Caution Clinic appointment." in page
    day = date.today() + timedelta(days=3)
    booked = client.post(f"/cases/{case.reference}/clinic", data={
        "appointment_date": [str(day.day), str(day.month), str(day.year)], "appointment_time": "14:30",
        "location": "other", "location_other": "Northgate Police Station, room 2", "caseworker_id": str(worker.id),
        "purpose": "needs_assessment"}, follow_redirects=True)
    assert "Send the appointment letter" in booked.text
    with app.app_context():
        appointment_id = db.session.scalar(select(ClinicAppointment.id).where(ClinicAppointment.case_id == case.id))
        gen_appointment(other, worker, starts_at=datetime.combine(day, datetime.min.time()).replace(hour=15))
    option = f"clinic_appointment_letter|appointment:{appointment_id}"
    assert option in client.get(f"/cases/{case.reference}/documents").text
    parts = made_letter(app, client, case.reference, option)
    text = parts["word/document.xml"]
    listed = client.get(f"/cases/{case.reference}/documents").text
    assert f"appointment on {day.day} {day:%B %Y} at 14:30" in listed
    assert "Dear Sam Suspect" in text and "Time: 14:30" in text and "Northgate Police Station, room 2" in text
    assert f"{day.day} {day:%B %Y}" in text and "You will see: Casey Worker" in text
    assert any("OFFICIAL-SENSITIVE" in v for k, v in parts.items() if "header" in k)
    assert "Olive" not in text and "15:00" not in text  # nobody else's appointment
    # a cancelled appointment has no letter any more
    with app.app_context():
        db.session.get(ClinicAppointment, appointment_id).status = "cancelled"
        db.session.commit()
    assert option not in client.get(f"/cases/{case.reference}/documents").text


def test_caseworkers_week_shows_clinics_by_day_and_caseload_counts(app, client):
    monday = date(2026, 11, 30)
    with app.app_context():
        worker = gen_user("caseworker", username="cw2", full_name="Casey Worker")
        colleague = gen_user("caseworker", username="cw3", full_name="Colin League")
        mine = gen_case(caseworker=worker, first_name="Mo", last_name="Mine", status="awaiting_clinic")
        gen_case(caseworker=worker, status="conditions_active")
        gen_case(caseworker=worker, status="closed")
        theirs = gen_case(caseworker=colleague, first_name="Tess", last_name="Theirs")
        gen_appointment(mine, worker, starts_at=datetime(2026, 12, 2, 10, 0))
        gen_appointment(theirs, colleague, starts_at=datetime(2026, 12, 3, 11, 0))
        gen_appointment(mine, worker, starts_at=datetime(2026, 12, 9, 10, 0))  # the week after
    login(client, worker)
    page = client.get(f"/clinics/week?date={(monday + timedelta(days=2)).isoformat()}").text
    assert "Week beginning 30 November 2026" in page
    wednesday = page.split('id="day-2026-12-02"')[1].split('id="day-2026-12-03"')[0]
    assert "Mo Mine" in wednesday and "10:00" in wednesday
    assert "Tess Theirs" not in page  # only my clinics
    assert "2 open cases assigned to Casey Worker; 1 clinic appointment booked this week." in page
    caseload = re.search(r'<dl class="govuk-summary-list" id="caseload">(.*?)</dl>', page, re.S).group(1)
    assert "Awaiting clinic" in caseload and "Conditions active" in caseload and "Closed" not in caseload
    everyone = client.get(f"/clinics/week?date={monday.isoformat()}&caseworker=all").text
    assert "Tess Theirs" in everyone and "Colin League" in everyone
    assert "Mo Mine" in client.get("/clinics/week?date=2026-12-07").text


def test_the_week_is_refused_to_victim_liaison_and_admins(app, client):
    with app.app_context():
        liaison = gen_user("victim_liaison", username="vlo")
    login(client, liaison)
    assert client.get("/clinics/week").status_code == 403
