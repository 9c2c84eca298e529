"""The provider directory, referrals to partner agencies for offenders and victims, their letter, and
how a referral's outcome feeds compliance."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from factories import gen_case, gen_decision, gen_provider, gen_screening, gen_user, login_as
from form_testing import errors, made_letter
from webapp.extensions import db
from webapp.models import (AttendanceRecord, AuditRecord, Victim, CaseEvent, ComplianceTask, Condition, PartnerReferral, Provider)

PROVIDER_OK = {"name": "Northgate Recovery Service", "services": ["drug_alcohol"], "areas": ["N"],
               "address": "Unit 4, Mill Street\r\nNorthgate\r\nNG3 9ZZ", "phone": "01632 960123",
               "email": "referrals@recovery.example", "contact_route": "Referrals team, weekdays",
               "referral_method": "email", "capacity": "12", "waiting_weeks": "3", "active": "y"}



def referrals(app) -> list[PartnerReferral]:
    with app.app_context():
        rows = list(db.session.scalars(select(PartnerReferral).order_by(PartnerReferral.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def refer(client, reference: str, **changes):
    data = {"subject": "offender", "service": "drug_alcohol", "reason": "Drinking linked to the offending",
            "consent": "y", "send": "yes", "victim_id": "0", "condition_id": "0"} | changes
    return client.post(f"/cases/{reference}/partner-referrals", data=data)


def update(client, reference: str, referral_id: int, status: str, on: date | None = None, **extra):
    on = on or date.today()
    prefix = f"r{referral_id}-"
    data = {f"{prefix}referral_id": str(referral_id), f"{prefix}status": status,
            f"{prefix}on": [str(on.day), str(on.month), str(on.year)]}
    data.update({prefix + k: v for k, v in extra.items()})
    return client.post(f"/cases/{reference}/partner-referrals/update?referral={referral_id}", data=data)


# ----- The directory --------------------------------------------------------------------------------

def test_admin_adds_a_provider_and_every_mistake_is_explained(app, client):
    login_as(app, client, "admin")
    response = client.post("/partners/new", data={"name": "", "address": "", "email": "not-an-address",
                                                  "capacity": "lots"})
    assert response.status_code == 422
    assert {"Enter the name of the organisation", "Select at least one service", "Enter the postal address",
            "Enter an e-mail address like name@example.org", "Select how referrals are made",
            "Enter the number of places as a whole number, like 12"} <= set(errors(response))
    assert 'value="lots"' in response.text  # nothing typed is lost
    response = client.post("/partners/new", data=PROVIDER_OK)
    assert response.status_code == 302
    with app.app_context():
        provider = db.session.scalar(select(Provider))
        assert provider.services == ["drug_alcohol"] and provider.areas == ["N"]
        assert provider.address_lines == ["Unit 4, Mill Street", "Northgate", "NG3 9ZZ"]
        assert provider.capacity == 12 and provider.waiting_weeks == 3 and provider.active
        assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.record_type == "provider")) == "collect"
    again = client.post("/partners/new", data=PROVIDER_OK | {"name": "northgate  recovery service"})
    assert "A provider with this name is already in the directory" in errors(again)
    page = client.get("/partners").text
    assert "Northgate Recovery Service" in page and "Drug and alcohol service" in page and "3 weeks" in page
    edit = client.post(f"/partners/edit?provider={provider.id}", data=PROVIDER_OK | {"waiting_weeks": "0"})
    assert edit.status_code == 302
    assert "No wait" in client.get("/partners").text


def test_staff_read_the_directory_filtered_but_only_admins_change_it(app, client):
    with app.app_context():
        gen_provider("Northgate Recovery Service", ("drug_alcohol",), ("N",))
        gen_provider("Eastfield Debt Advice", ("debt_advice",), ("E",))
        gen_provider("Closed Service", ("drug_alcohol",), (), active=False)
    login_as(app, client, "clerk")
    page = client.get("/partners?service=drug_alcohol").text
    assert "Northgate Recovery Service" in page and "Eastfield Debt Advice" not in page
    assert "Closed Service" not in page  # not taking referrals: staff do not see it
    assert "Eastfield Debt Advice" in client.get("/partners?area=E").text
    assert "Northgate Recovery Service" not in client.get("/partners?area=E").text
    assert "Add a provider" not in page
    assert client.get("/partners/new").status_code == 403
    assert client.post("/partners/new", data=PROVIDER_OK).status_code == 403


# ----- Referrals ------------------------------------------------------------------------------------

@pytest.fixture
def worker(app, client):
    return login_as(app, client, "caseworker", username="cw", full_name="Casey Worker")


def test_caseworker_refers_from_the_needs_assessment_and_the_letter_carries_the_directory_address(app, client, worker):
    with app.app_context():
        case = gen_case(caseworker=worker)
        gen_provider("Northgate Recovery Service", ("drug_alcohol",), ("N",))
        gen_provider("Eastfield Recovery", ("drug_alcohol",), ("E",))
        gen_provider("Northgate Debt Advice", ("debt_advice",), ("N",))
    client.post(f"/cases/{case.reference}/needs", data={"need_alcohol": "y", "need_alcohol_note": "Drinks daily",
                                                        "appointment_id": "0"})
    needs = client.get(f"/cases/{case.reference}/needs").text
    link = re.search(r'href="([^"]*/needs\?[^"]*service=drug_alcohol[^"]*)"', needs)
    assert link, "the needs page offers to refer for a suggested service"
    page = client.get(unescape(link.group(1))).text
    providers = re.search(r'<select[^>]*name="provider_id".*?</select>', page, re.S).group(0)
    assert "Northgate Recovery Service" in providers and "wait about 2 weeks" in providers
    assert "Eastfield Recovery" not in providers and "Northgate Debt Advice" not in providers
    assert "Needs identified at assessment: alcohol misuse" in page  # the reason comes with it
    with app.app_context():
        provider_id = db.session.scalar(select(Provider.id).where(Provider.name == "Northgate Recovery Service"))
        debt_id = db.session.scalar(select(Provider.id).where(Provider.name == "Northgate Debt Advice"))

    def refer_from_needs(**changes):
        data = {"service": "drug_alcohol", "reason": "Drinking linked to the offending", "consent": "y",
                "send": "yes"} | changes
        return client.post(f"/cases/{case.reference}/referrals", data=data)

    refused = refer_from_needs(provider_id=str(provider_id), consent="")
    assert refused.status_code == 422
    assert errors(refused) == ["Record that the person agreed to the referral before it is sent"]
    assert "Drinking linked to the offending" in refused.text
    wrong = refer_from_needs(provider_id=str(debt_id))
    assert errors(wrong) == ["Northgate Debt Advice does not offer drug and alcohol service"]
    assert refer_from_needs(provider_id=str(provider_id)).status_code == 302

    [referral] = referrals(app)
    assert (referral.status, referral.sent_on, referral.provider_id, referral.consent) == \
        ("sent", date.today(), provider_id, True)
    with app.app_context():
        disclosed = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                                AuditRecord.record_type == "partner_referral"))
        assert disclosed.recipient == "Northgate Recovery Service"
    page = client.get(f"/cases/{case.reference}/partner-referrals").text
    assert "Northgate Recovery Service" in page and ">Sent<" in page
    needs = client.get(f"/cases/{case.reference}/needs").text
    assert "(already referred)" in needs and "service=drug_alcohol&" not in needs

    # The referral letter, before any decision, with the directory's address and contact route.
    option = f"provider_referral_letter|referral:{referral.id}"
    assert option in client.get(f"/cases/{case.reference}/documents").text
    text = made_letter(app, client, case.reference, option)["word/document.xml"]
    assert "Unit 4, Mill Street" in text and "Referrals team, weekdays 9 to 5" in text
    assert "Drinking linked to the offending" in text and "Drug and alcohol service" in text


def test_did_not_attend_on_a_condition_flags_it_and_completion_completes_it(app, client, worker):
    from jobs.tasks.sweep import run_sweep

    with app.app_context():
        case = gen_case(caseworker=worker, status="conditions_active")
        decision = gen_decision(case, conditions=[
            {"kind": "rehabilitative", "type": "course", "description": "Attend an alcohol awareness course",
             "provider": "Northgate Recovery Service", "due_date": date.today() + timedelta(days=60)},
            {"kind": "rehabilitative", "type": "attendance", "description": "Attend two recovery sessions",
             "provider": "Northgate Recovery Service", "due_date": date.today() + timedelta(days=60)}])
        course, sessions = (c.id for c in decision.conditions)
        provider = gen_provider()
    assert refer(client, case.reference, provider_id=str(provider.id), condition_id=str(course)).status_code == 302
    assert refer(client, case.reference, provider_id=str(provider.id), condition_id=str(sessions)).status_code == 302
    first, second = referrals(app)
    accepted = update(client, case.reference, first.id, "accepted")
    assert accepted.status_code == 302, errors(accepted)
    back = update(client, case.reference, first.id, "sent")
    assert back.status_code == 422 and errors(back) == ["A referral that is accepted cannot become sent"]
    missed_on = date.today() - timedelta(days=1)
    assert update(client, case.reference, first.id, "did_not_attend", on=missed_on,
                  notes="Did not come to the first session").status_code == 302
    with app.app_context():
        record = db.session.scalar(select(AttendanceRecord))
        assert (record.condition_id, record.attended, record.session_date) == (course, False, missed_on)
        run_sweep(date.today())
        review = db.session.scalar(select(ComplianceTask).where(ComplianceTask.kind == "review"))
        assert review is not None and review.condition_id == course and "did not attend" in review.title
    # the other referral completes its condition
    for status in ("accepted", "attending", "completed"):
        assert update(client, case.reference, second.id, status).status_code == 302
    with app.app_context():
        done = db.session.get(Condition, sessions)
        assert done.status == "completed" and done.completed_at == date.today()
        assert "Northgate Recovery Service" in done.evidence
        summaries = list(db.session.scalars(select(CaseEvent.summary).where(CaseEvent.case_id == case.id)))
    assert "Condition completed: Attend two recovery sessions" in summaries
    assert "Referral to Northgate Recovery Service: attending to completed" in summaries


def test_victim_liaison_records_a_victims_onward_referral_and_never_sees_the_offenders(app, client):
    with app.app_context():
        case = gen_case()
        victim_service = gen_provider("Northgate Victim Care", ("victim_support",), ())
        recovery = gen_provider()
        worker = gen_user("caseworker")
        row = PartnerReferral(case_id=case.id, agency="Northgate Recovery Service", reason="Alcohol misuse",
                              status="sent", subject="offender", service="drug_alcohol", provider_id=recovery.id,
                              consent=True, referred_by_id=worker.id)
        db.session.add(row)
        db.session.commit()
        offender_referral = row.id
        victim_id = db.session.scalar(select(Victim.id).where(Victim.case_id == case.id))
    login_as(app, client, "victim_liaison")
    page = client.get(f"/cases/{case.reference}/partner-referrals").text
    assert "Alcohol misuse" not in page and "Northgate Recovery Service" not in page
    offender = refer(client, case.reference, provider_id=str(recovery.id))
    assert offender.status_code == 422  # the offender is not a choice for this role
    no_victim = refer(client, case.reference, subject="victim", service="victim_support",
                      provider_id=str(victim_service.id))
    assert "Select which victim is being referred" in errors(no_victim)
    ok = refer(client, case.reference, subject="victim", service="victim_support", victim_id=str(victim_id),
               provider_id=str(victim_service.id), reason="Wants support after the burglary", send="no")
    assert ok.status_code == 302
    victim_referral = referrals(app)[-1]
    assert (victim_referral.subject, victim_referral.victim_id, victim_referral.status) == ("victim", victim_id, "proposed")
    page = client.get(f"/cases/{case.reference}/partner-referrals").text
    assert "Onward referrals for victims" in page and "Northgate Victim Care" in page
    # updating the offender's referral is refused as if it did not exist
    assert update(client, case.reference, offender_referral, "accepted").status_code == 404


def test_referrals_are_refused_to_clerks_and_admins(app, client):
    with app.app_context():
        case = gen_case()
    login_as(app, client, "clerk")
    assert client.get(f"/cases/{case.reference}/partner-referrals").status_code == 403
    assert refer(client, case.reference, provider_id="1").status_code == 403


def test_the_attendance_upload_offers_the_directorys_providers(app, client):
    with app.app_context():
        gen_provider("Northgate Recovery Service")
        gen_provider("Closed Service", active=False)
    login_as(app, client, "clerk")
    page = client.get("/compliance/attendance").text
    datalist = re.search(r'<datalist id="directory-providers">(.*?)</datalist>', page, re.S).group(1)
    assert 'value="Northgate Recovery Service"' in datalist and "Closed Service" not in datalist
    assert 'list="directory-providers"' in page


def test_choosing_a_service_narrows_the_providers_through_the_same_page(app, client, worker):
    with app.app_context():
        case = gen_case(caseworker=worker)
        gen_provider("Northgate Recovery Service", ("drug_alcohol",), ("N",))
        gen_provider("Northgate Debt Advice", ("debt_advice",), ("N",))
    page = client.get(f"/cases/{case.reference}/partner-referrals").text
    assert 'hx-get="/cases/' in page and 'hx-select="#provider-field"' in page
    both = re.search(r'<div id="provider-field">.*?</select>', page, re.S).group(0)
    assert "Northgate Recovery Service" in both and "Northgate Debt Advice" in both
    narrowed = client.get(f"/cases/{case.reference}/partner-referrals?service=debt_advice",
                          headers={"HX-Request": "true"}).text
    field = re.search(r'<div id="provider-field">.*?</select>', narrowed, re.S).group(0)
    assert "Northgate Debt Advice" in field and "Northgate Recovery Service" not in field


def test_a_conditions_referral_letter_takes_the_address_from_the_directory(app, client, worker):
    with app.app_context():
        case = gen_case(caseworker=worker)
        decision = gen_decision(case)  # a course whose provider is "Northgate Awareness Service"
        course_id = decision.conditions[0].id
        gen_provider("Northgate Awareness Service", ("victim_awareness",), ("N",),
                     address="2 Chapel Row\nNorthgate\nNG4 1AA", contact_route="Course bookings desk")
    option = f"provider_referral_letter|condition:{course_id}"
    text = made_letter(app, client, case.reference, option)["word/document.xml"]
    assert "2 Chapel Row" in text and "Course bookings desk" in text and "telephone 01632 960123" in text


def test_the_decisions_provider_boxes_offer_the_directory(app, client, worker):
    with app.app_context():
        case = gen_case(caseworker=worker, status="screening")
        gen_screening(case)
        gen_provider("Northgate Awareness Service", ("victim_awareness",))
    page = client.get(f"/cases/{case.reference}/decision").text
    assert 'list="directory-providers"' in page
    assert re.search(r'<datalist id="directory-providers">.*value="Northgate Awareness Service"', page, re.S)
