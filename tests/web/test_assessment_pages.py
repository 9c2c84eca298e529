"""The Full Code Test, the Caution Clinic (booking, attendance, the clinic day) and the needs assessment
with partner-agency referrals: validation, roles, audit lines, timeline events and HTMX fragments."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from factories import gen_case, gen_provider, gen_user, login, login_as
from form_testing import errors
from webapp.extensions import db
from webapp.models import AuditRecord, Case, CaseEvent, ClinicAppointment, FullCodeTest, NeedsAssessment, PartnerReferral

TOMORROW = date.today() + timedelta(days=1)



def suggested(page: str) -> str:
    """The 'suggested from the needs assessment' list only (the agency drop-down lists every agency)."""
    found = re.search(r"Suggested from the needs assessment</h3>(.*?)</ul>", page, re.S)
    return found.group(1) if found else ""


def events(app, case_id: int) -> list[CaseEvent]:
    with app.app_context():
        return list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def audit_lines(app, record_type: str) -> list[AuditRecord]:
    with app.app_context():
        return list(db.session.scalars(select(AuditRecord).where(AuditRecord.record_type == record_type)
                                       .order_by(AuditRecord.id)))




# ----- Full Code Test -------------------------------------------------------------------------------

FCT_OK = {
    "evidential_met": "yes", "evidential_notes": "Full admission in interview; CCTV of the theft.",
    "pi_seriousness": "y", "pi_seriousness_note": "Low value, goods recovered.",
    "pi_age_maturity": "y", "pi_age_maturity_note": "19 and immature for their age.",
    "public_interest_conclusion": "out_of_court", "public_interest_notes": "A first offence; a caution meets the aims.",
}


def test_full_code_test_is_recorded_with_factors_event_and_audit(app, client, caseworker):
    with app.app_context():
        case = gen_case(caseworker=caseworker)
    page = client.get(f"/cases/{case.reference}/full-code-test")
    assert page.status_code == 200
    assert "How serious is the offence?" in page.text and "Do sources of information need protecting?" in page.text
    assert 'aria-current="page" href="/cases/%s/full-code-test"' % case.reference in page.text  # the tab
    response = client.post(f"/cases/{case.reference}/full-code-test", data=FCT_OK)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Low value, goods recovered." in page and "Last reviewed by Casey Worker" in page
    with app.app_context():
        fct = db.session.scalar(select(FullCodeTest))
        assert fct.evidential_met is True and fct.reviewed_by_id == caseworker.id and fct.reviewed_at
        assert fct.public_interest["seriousness"] == {"relevant": True, "note": "Low value, goods recovered."}
        assert fct.public_interest["community"] == {"relevant": False, "note": ""}
        assert fct.public_interest_conclusion == "out_of_court"
    summaries = [e.summary for e in events(app, case.id)]
    assert any(s.startswith("Full Code Test: evidential stage met") for s in summaries)
    assert [a.action for a in audit_lines(app, "full_code_test")] == ["consult", "collect", "consult"]
    # a second save is an alteration of the same record
    client.post(f"/cases/{case.reference}/full-code-test", data={**FCT_OK, "pi_community": "y",
                                                                 "pi_community_note": "Local shop targeted."})
    with app.app_context():
        assert db.session.query(FullCodeTest).count() == 1
    assert audit_lines(app, "full_code_test")[-1].action == "alter"


def test_evidential_stage_not_met_means_no_public_interest_conclusion(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/full-code-test", data={
        "evidential_met": "no", "evidential_notes": "No identification.", "public_interest_conclusion": "out_of_court"})
    assert response.status_code == 302
    with app.app_context():
        fct = db.session.scalar(select(FullCodeTest))
        assert fct.evidential_met is False and fct.public_interest_conclusion is None
    assert "Not reached" in client.get(f"/cases/{case.reference}/full-code-test").text
    assert "Full Code Test: evidential stage not met" in [e.summary for e in events(app, case.id)]


@pytest.mark.parametrize("change, message", [
    ({"evidential_met": ""}, "Select whether the evidential stage is met"),
    ({"evidential_notes": ""}, "Enter your evidential review"),
    ({"pi_culpability": "y"}, "Enter a note on culpability, or untick it"),
    ({"pi_seriousness": "", "pi_age_maturity": ""}, "Select the public-interest factors that apply to this case"),
    ({"public_interest_conclusion": ""}, "Select the public-interest conclusion"),
    ({"public_interest_notes": ""}, "Enter the reasons for the public-interest conclusion"),
])
def test_full_code_test_validation_messages(app, client, caseworker, change, message):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/full-code-test", data={**FCT_OK, **change})
    assert response.status_code == 422
    assert message in errors(response), errors(response)
    assert "Full admission in interview" in response.text or change.get("evidential_notes") == ""
    with app.app_context():
        assert db.session.scalar(select(FullCodeTest)) is None


def test_clerk_reads_the_full_code_test_but_cannot_change_it(app, client):
    with app.app_context():
        case = gen_case()
    login_as(app, client, "clerk")
    page = client.get(f"/cases/{case.reference}/full-code-test")
    assert page.status_code == 200 and "Save the Full Code Test" not in page.text
    assert client.post(f"/cases/{case.reference}/full-code-test", data=FCT_OK).status_code == 403


@pytest.mark.parametrize("role, path", [
    ("victim_liaison", "full-code-test"), ("victim_liaison", "clinic"), ("victim_liaison", "needs"),
    ("clerk", "needs"), ("admin", "clinic"),
])
def test_roles_outside_the_assessment_are_refused(app, client, role, path):
    with app.app_context():
        case = gen_case()
    login_as(app, client, role)
    assert client.get(f"/cases/{case.reference}/{path}").status_code == 403


def test_tabs_show_only_the_sections_a_role_may_open(app, client):
    with app.app_context():
        case = gen_case()
    login_as(app, client, "victim_liaison")
    page = client.get(f"/cases/{case.reference}/victims").text
    assert "/full-code-test" not in page and f"/cases/{case.reference}/needs" not in page
    client.post("/logout")
    login_as(app, client, "caseworker")
    page = client.get(f"/cases/{case.reference}/victims").text
    assert "Assessment</a>" in page and "Clinic</a>" in page and "Needs</a>" in page


# ----- Caution Clinic -------------------------------------------------------------------------------

def booking(worker_id: int, day: date = TOMORROW, **change) -> dict:
    return {"appointment_date": [str(day.day), str(day.month), str(day.year)], "appointment_time": "10:30",
            "location": "Northgate custody suite", "location_other": "", "caseworker_id": str(worker_id),
            "purpose": "needs_assessment", "notes": "Needs an interpreter (Polish)", **change}


def add_appointment(case_id: int, worker_id: int, starts_at: datetime, status: str = "booked",
                    purpose: str = "needs_assessment") -> int:
    appointment = ClinicAppointment(case_id=case_id, caseworker_id=worker_id, starts_at=starts_at,
                                    location="Northgate custody suite", status=status, purpose=purpose)
    db.session.add(appointment)
    db.session.commit()
    return appointment.id


def test_booking_moves_a_screened_case_to_awaiting_clinic(app, client, caseworker):
    with app.app_context():
        case = gen_case(status="screening", caseworker=caseworker)
    page = client.get(f"/cases/{case.reference}/clinic").text
    assert "Northgate custody suite" in page and "Riverside custody suite" in page  # the area's suites
    response = client.post(f"/cases/{case.reference}/clinic", data=booking(caseworker.id))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Appointment booked for" in page and "Needs an interpreter (Polish)" in page
    with app.app_context():
        appointment = db.session.scalar(select(ClinicAppointment))
        assert appointment.starts_at == datetime.combine(TOMORROW, datetime.min.time()).replace(hour=10, minute=30)
        assert appointment.location == "Northgate custody suite" and appointment.status == "booked"
        assert db.session.get(Case, case.id).status == "awaiting_clinic"
    summaries = [e.summary for e in events(app, case.id)]
    assert any(s.startswith("Clinic appointment booked for") for s in summaries)
    assert "Status changed from Screening to Awaiting clinic" in summaries
    assert "collect" in [a.action for a in audit_lines(app, "clinic_appointment")]


def test_booking_leaves_the_status_alone_when_the_lifecycle_does_not_allow_it(app, client, caseworker):
    with app.app_context():
        case = gen_case(status="referred")
    response = client.post(f"/cases/{case.reference}/clinic",
                           data=booking(caseworker.id, location="other", location_other="Northgate police office"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Case, case.id).status == "referred"
        assert db.session.scalar(select(ClinicAppointment)).location == "Northgate police office"


@pytest.mark.parametrize("change, message", [
    ({"appointment_date": ["", "", ""]}, "Enter the date of the appointment"),
    ({"appointment_date": ["1", "1", "2020"]}, "The date of the appointment must be today or in the future"),
    ({"appointment_date": ["31", "2", "2030"]}, "The date of the appointment must be a real date"),
    ({"appointment_time": ""}, "Enter the time of the appointment"),
    ({"appointment_time": "25:00"}, "Enter the time in the 24-hour clock, like 09:30 or 14:00"),
    ({"appointment_time": "half ten"}, "Enter the time in the 24-hour clock, like 09:30 or 14:00"),
    ({"location": ""}, "Select where the appointment is"),
    ({"location": "other"}, "Enter where the appointment is"),
    ({"caseworker_id": "0"}, "Select the caseworker who will see the person"),
])
def test_booking_validation_messages(app, client, caseworker, change, message):
    with app.app_context():
        case = gen_case(status="screening")
    response = client.post(f"/cases/{case.reference}/clinic", data=booking(caseworker.id, **change))
    assert response.status_code == 422
    assert message in errors(response), errors(response)
    with app.app_context():
        assert db.session.scalar(select(ClinicAppointment)) is None
        assert db.session.get(Case, case.id).status == "screening"


def test_a_caseworker_cannot_be_double_booked(app, client, caseworker):
    with app.app_context():
        first, second = gen_case(), gen_case(last_name="Roe")
    assert client.post(f"/cases/{first.reference}/clinic", data=booking(caseworker.id)).status_code == 302
    response = client.post(f"/cases/{second.reference}/clinic", data=booking(caseworker.id))
    assert response.status_code == 422
    assert "Casey Worker already has an appointment at 10:30 on that day: choose another time" in errors(response)


def test_clerk_books_but_does_not_record_attendance(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="worker")
        case = gen_case(status="screening")
    login_as(app, client, "clerk")
    assert client.post(f"/cases/{case.reference}/clinic", data=booking(worker.id)).status_code == 302
    with app.app_context():
        appointment_id = db.session.scalar(select(ClinicAppointment.id))
    assert client.post(f"/cases/{case.reference}/clinic/attendance",
                       data={"appointment_id": appointment_id, "outcome": "attended"}).status_code == 403
    assert client.get("/clinics").status_code == 200


def test_attendance_by_htmx_swaps_the_row_and_goes_on_the_timeline(app, client, caseworker):
    with app.app_context():
        case = gen_case(status="awaiting_clinic")
        appointment_id = add_appointment(case.id, caseworker.id, datetime.now().replace(second=0, microsecond=0))
    response = client.post(f"/cases/{case.reference}/clinic/attendance", headers={"HX-Request": "true"},
                           data={"appointment_id": appointment_id, "outcome": "attended", "view": "day"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr class="govuk-table__row" id="appointment-{appointment_id}"')
    assert "<html" not in response.text and "Attended" in response.text and "Needs assessment" in response.text
    with app.app_context():
        assert db.session.get(ClinicAppointment, appointment_id).status == "attended"
    assert any(e.summary.startswith("Attended the Caution Clinic") for e in events(app, case.id))
    # recording again is refused in the row, not silently changed
    again = client.post(f"/cases/{case.reference}/clinic/attendance", headers={"HX-Request": "true"},
                        data={"appointment_id": appointment_id, "outcome": "did_not_attend", "view": "day"})
    assert "This appointment is already recorded as attended" in again.text
    with app.app_context():
        assert db.session.get(ClinicAppointment, appointment_id).status == "attended"


def test_did_not_attend_without_javascript_and_no_attendance_for_future_appointments(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        today_id = add_appointment(case.id, caseworker.id, datetime.now().replace(hour=9, minute=0, second=0, microsecond=0))
        future_id = add_appointment(case.id, caseworker.id, datetime.combine(TOMORROW, datetime.min.time()))
    response = client.post(f"/cases/{case.reference}/clinic/attendance",
                           data={"appointment_id": today_id, "outcome": "did_not_attend", "notes": "No answer"})
    assert response.status_code == 302
    assert any(e.summary.startswith("Did not attend the Caution Clinic") for e in events(app, case.id))
    response = client.post(f"/cases/{case.reference}/clinic/attendance",
                           data={"appointment_id": future_id, "outcome": "attended"}, follow_redirects=True)
    assert "You can record attendance on or after the day of the appointment" in response.text
    with app.app_context():
        assert db.session.get(ClinicAppointment, future_id).status == "booked"
    # another case's appointment is not reachable through this case
    with app.app_context():
        other = gen_case(last_name="Other")
    assert client.post(f"/cases/{other.reference}/clinic/attendance",
                       data={"appointment_id": today_id, "outcome": "attended"}).status_code == 404


def test_cancelling_needs_a_reason(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        appointment_id = add_appointment(case.id, caseworker.id, datetime.combine(TOMORROW, datetime.min.time()))
    url = f"/cases/{case.reference}/clinic/cancel?appointment={appointment_id}"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 422 and "Enter why the appointment is cancelled" in errors(response)
    assert client.post(url, data={"reason": "Suspect in hospital"}).status_code == 302
    with app.app_context():
        appointment = db.session.get(ClinicAppointment, appointment_id)
        assert appointment.status == "cancelled" and "Suspect in hospital" in appointment.notes
    assert any("cancelled" in e.summary for e in events(app, case.id))


def test_clinic_day_lists_my_appointments_in_time_order(app, client, caseworker):
    day = date(2026, 3, 10)
    with app.app_context():
        other_worker = gen_user("caseworker", username="other", full_name="Other Worker")
        late = gen_case(first_name="Late", last_name="Person")
        early = gen_case(first_name="Early", last_name="Person")
        theirs = gen_case(first_name="Not", last_name="Mine")
        add_appointment(late.id, caseworker.id, datetime(2026, 3, 10, 14, 0), purpose="deliver_outcome")
        add_appointment(early.id, caseworker.id, datetime(2026, 3, 10, 9, 15))
        add_appointment(theirs.id, other_worker.id, datetime(2026, 3, 10, 11, 0))
        add_appointment(early.id, caseworker.id, datetime(2026, 3, 11, 9, 0))  # the next day
    page = client.get("/clinics", query_string={"date": day.isoformat()}).text
    assert "Tuesday 10 March 2026" in page and "Clinic day for Casey Worker" in page
    assert page.index("Early Person") < page.index("Late Person")
    assert "Not Mine" not in page and "2 appointments" in page
    assert "Needs assessment and outcome" in page and "Give the outcome" in page
    assert 'href="/clinics?date=2026-03-09&amp;caseworker=%d" rel="prev"' % caseworker.id in page
    assert 'href="/clinics?date=2026-03-11&amp;caseworker=%d" rel="next"' % caseworker.id in page
    everyone = client.get("/clinics", query_string={"date": day.isoformat(), "caseworker": "all"}).text
    assert "Not Mine" in everyone and "3 appointments" in everyone
    lines = audit_lines(app, "clinic_day")
    assert lines[0].action == "consult" and lines[0].record_id == "2026-03-10"


def test_clinic_day_defaults_to_today(app, client, caseworker):
    with app.app_context():
        case = gen_case(first_name="Today", last_name="Person")
        add_appointment(case.id, caseworker.id, datetime.combine(date.today(), datetime.min.time()).replace(hour=23, minute=59))
    page = client.get("/clinics").text
    assert "(today)" in page and "Today Person" in page
    assert client.get("/clinics?date=not-a-date").status_code == 200  # falls back to today


def test_clinic_day_refused_to_victim_liaison(app, client):
    login_as(app, client, "victim_liaison")
    assert client.get("/clinics").status_code == 403


# ----- Needs assessment -----------------------------------------------------------------------------

NEEDS_OK = {"appointment_id": "0", "need_drugs": "y", "need_drugs_note": "Uses cannabis most days, says it helps sleep.",
            "need_finance": "y", "need_finance_note": "Rent arrears of about 900 pounds.",
            "assessor_opinion": "Motivated to engage; the offending looks need-driven."}


def test_needs_assessment_keeps_facts_apart_from_opinion_and_suggests_agencies(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/needs", data=NEEDS_OK)
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.scalar(select(NeedsAssessment))
        assert assessment.needs["drugs"] == {"present": True, "note": "Uses cannabis most days, says it helps sleep."}
        assert assessment.needs["alcohol"] == {"present": False, "note": ""}
        assert assessment.assessor_opinion.startswith("Motivated") and assessment.assessed_by_id == caseworker.id
        assert not assessment.safeguarding_concern
    page = client.get(f"/cases/{case.reference}/needs").text
    assert "Drug and alcohol service" in suggested(page) and "Debt advice service" in suggested(page)
    assert "Domestic abuse perpetrator programme" not in suggested(page)
    assert "Data Protection Act 2018 s.38(4)" in page
    assert "Uses cannabis most days" in page  # the form starts from the latest assessment
    assert "Needs assessment recorded" in [e.summary for e in events(app, case.id)]
    assert [a.action for a in audit_lines(app, "needs_assessment")] == ["collect", "consult"]


def test_da_perpetrator_programme_is_suggested_only_for_a_domestic_abuse_offence(app, client, caseworker):
    data = {"appointment_id": "0", "need_da_perpetrator": "y", "need_da_perpetrator_note": "Admits shouting at partner."}
    with app.app_context():
        theft = gen_case()
        da = gen_case(domestic_abuse=True, wording="Assault by beating")
    for case in (theft, da):
        client.post(f"/cases/{case.reference}/needs", data=data)
    assert "Domestic abuse perpetrator programme" not in suggested(client.get(f"/cases/{theft.reference}/needs").text)
    page = suggested(client.get(f"/cases/{da.reference}/needs").text)
    assert "Domestic abuse perpetrator programme" in page and "Only within the domestic abuse criteria" in page


@pytest.mark.parametrize("change, message", [
    ({"need_drugs_note": ""}, "Enter the facts about drug misuse, or untick it"),
    ({"safeguarding_concern": "y"}, "Describe the vulnerability or safeguarding concern and what was done about it"),
    ({"vulnerable": "y"}, "Describe the vulnerability or safeguarding concern and what was done about it"),
])
def test_needs_validation_messages(app, client, caseworker, change, message):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/needs", data={**NEEDS_OK, **change})
    assert response.status_code == 422 and message in errors(response), errors(response)
    with app.app_context():
        assert db.session.scalar(select(NeedsAssessment)) is None


def test_safeguarding_concern_warns_on_every_section_and_goes_on_the_timeline(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        appointment_id = add_appointment(case.id, caseworker.id, datetime(2026, 3, 10, 9, 0), status="attended")
    client.post(f"/cases/{case.reference}/needs", data={
        **NEEDS_OK, "appointment_id": str(appointment_id), "safeguarding_concern": "y",
        "safeguarding_notes": "Two children at home; referred to the safeguarding hub."})
    for section in ("needs", "clinic", "full-code-test", "victims"):
        page = client.get(f"/cases/{case.reference}/{section}").text
        assert 'id="safeguarding-warning"' in page and "referred to the safeguarding hub" in page, section
    assert "Safeguarding" in client.get("/clinics?date=2026-03-10").text  # the badge on the day list
    assert "Safeguarding concern raised" in [e.summary for e in events(app, case.id)]
    with app.app_context():
        assert db.session.scalar(select(NeedsAssessment)).appointment_id == appointment_id
    # the victim liaison officer is warned without the suspect's details
    client.post("/logout")
    login_as(app, client, "victim_liaison")
    page = client.get(f"/cases/{case.reference}/victims").text
    assert 'id="safeguarding-warning"' in page and "safeguarding hub" not in page
    # a later assessment without the concern is a new record, and the warning goes
    client.post("/logout")
    login(client, caseworker)
    client.post(f"/cases/{case.reference}/needs", data=NEEDS_OK)
    assert 'id="safeguarding-warning"' not in client.get(f"/cases/{case.reference}/needs").text
    assert "Safeguarding concern no longer recorded" in [e.summary for e in events(app, case.id)]
    with app.app_context():
        assert db.session.query(NeedsAssessment).count() == 2


# ----- Partner-agency referrals ---------------------------------------------------------------------
# The needs page refers through webapp.services.partners: a provider from the directory, the person's agreement.

def test_refer_from_a_suggestion_to_a_directory_provider_by_htmx_then_send_it(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        provider = gen_provider()
        gen_provider("Westbury Recovery", areas=("W",))  # another area: not offered
        gen_provider("Northgate Money Advice", services=("debt_advice",))
    client.post(f"/cases/{case.reference}/needs", data=NEEDS_OK)
    page = client.get(f"/cases/{case.reference}/needs?service=drug_alcohol&reason=Needs+identified").text
    form = page.split('id="new-referral"', 1)[1]
    assert "Northgate Recovery Service" in form and "Westbury Recovery" not in form
    assert "Northgate Money Advice" not in form  # opened for one service: only its providers
    response = client.post(f"/cases/{case.reference}/referrals", headers={"HX-Request": "true"},
                           data={"service": "drug_alcohol", "provider_id": provider.id, "send": "no",
                                 "reason": "Needs identified at assessment: drug misuse"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="referrals"') and "<html" not in response.text
    assert "(already referred)" in response.text and "Agreement not recorded" in response.text
    with app.app_context():
        referral = db.session.scalar(select(PartnerReferral))
        assert (referral.agency, referral.service, referral.provider_id) == ("Northgate Recovery Service",
                                                                             "drug_alcohol", provider.id)
        assert referral.status == "proposed" and referral.referred_by_id == caseworker.id and not referral.consent
    # sending it needs the person's agreement
    refused = client.post(f"/cases/{case.reference}/referrals/status", headers={"HX-Request": "true"},
                          data={"referral_id": referral.id, "status": "sent"})
    assert "Record that the person agreed to the referral before it is sent" in refused.text
    assert ">Proposed<" in refused.text
    sent = client.post(f"/cases/{case.reference}/referrals/status", headers={"HX-Request": "true"},
                       data={"referral_id": referral.id, "status": "sent", "consent": "y"})
    assert sent.text.lstrip().startswith(f'<tr class="govuk-table__row" id="referral-{referral.id}"')
    assert ">Sent<" in sent.text
    disclosure = [a for a in audit_lines(app, "partner_referral") if a.action == "disclose"]
    assert len(disclosure) == 1 and disclosure[0].recipient == "Northgate Recovery Service"
    summaries = [e.summary for e in events(app, case.id)]
    assert "Referral of the offender to Northgate Recovery Service (drug and alcohol service) proposed" in summaries
    assert "Referral to Northgate Recovery Service: proposed to sent" in summaries
    # a referral does not go back a step
    back = client.post(f"/cases/{case.reference}/referrals/status", headers={"HX-Request": "true"},
                       data={"referral_id": referral.id, "status": "proposed"})
    assert "A referral that is sent cannot become proposed" in back.text


def test_a_referral_sent_without_the_persons_agreement_is_refused(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        provider = gen_provider()
    data = {"service": "drug_alcohol", "provider_id": provider.id, "reason": "Drinks most evenings", "send": "yes"}
    response = client.post(f"/cases/{case.reference}/referrals", data=data)
    assert response.status_code == 422
    assert errors(response) == ["Record that the person agreed to the referral before it is sent"]
    assert 'href="#consent"' in response.text  # the summary links to the question
    with app.app_context():
        assert db.session.scalar(select(PartnerReferral)) is None
        assert not [a for a in audit_lines(app, "partner_referral") if a.action == "disclose"]
    agreed = client.post(f"/cases/{case.reference}/referrals", data={**data, "consent": "y"})
    assert agreed.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(PartnerReferral))
        assert referral.status == "sent" and referral.consent and referral.sent_on == date.today()


def test_referral_validation_and_a_provider_without_the_service(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        debt = gen_provider("Northgate Money Advice", services=("debt_advice",))
    response = client.post(f"/cases/{case.reference}/referrals", data={"service": "", "provider_id": "0",
                                                                       "reason": "", "send": "no"})
    assert response.status_code == 422
    assert {"Select the service", "Select the provider", "Enter why the person is being referred"} <= set(errors(response))
    by_htmx = client.post(f"/cases/{case.reference}/referrals", headers={"HX-Request": "true"},
                          data={"service": "", "provider_id": "0", "reason": "", "send": "no"})
    assert by_htmx.text.lstrip().startswith('<section id="referrals"')  # the swapped section has its own summary
    assert {"Select the service", "Select the provider", "Enter why the person is being referred"} <= set(errors(by_htmx))
    response = client.post(f"/cases/{case.reference}/referrals", data={
        "service": "drug_alcohol", "provider_id": debt.id, "reason": "Cannabis", "send": "no", "consent": "y"})
    assert response.status_code == 422
    assert errors(response) == ["Northgate Money Advice does not offer drug and alcohol service"]
    with app.app_context():
        assert db.session.scalar(select(PartnerReferral)) is None


def test_needs_page_says_when_no_provider_covers_the_area(app, client, caseworker):
    with app.app_context():
        case = gen_case()
        gen_provider("Westbury Recovery", areas=("W",))
    page = client.get(f"/cases/{case.reference}/needs").text
    assert "No provider in the" in page and 'name="provider_id"' not in page


def test_referrals_are_refused_to_clerks(app, client):
    with app.app_context():
        case = gen_case()
    login_as(app, client, "clerk")
    assert client.post(f"/cases/{case.reference}/referrals",
                       data={"service": "drug_alcohol", "provider_id": "1", "reason": "x"}).status_code == 403
