"""Restorative Justice: suitability of victim and offender, arranging it as a reparative condition,
the outcome completing the condition, and follow-up."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from factories import gen_case, gen_decision, gen_user, login
from form_testing import dmy, errors
from webapp.domain.restorative import Side, unsuitable_reasons
from webapp.extensions import db
from webapp.models import AuditRecord, CaseEvent, Condition, RestorativeJustice, Victim


SUITABLE = {"victim_consents": "yes", "victim_ready": "yes", "victim_risk": "low", "offender_consents": "yes",
            "offender_accepts_responsibility": "yes", "offender_ready": "yes", "offender_risk": "low",
            "assessed_on": dmy(date.today())}


def only(app, model):
    with app.app_context():
        row = db.session.scalar(select(model).order_by(model.id.desc()))
        db.session.expunge(row)
        return row


def test_suitability_follows_the_practice_guidance():
    ready = Side(consents=True, ready=True, risk="low")
    assert unsuitable_reasons(ready, ready) == []
    assert unsuitable_reasons(Side(False, True, "low"), ready) == [
        "The victim has not given informed consent: taking part is always their choice"]
    assert unsuitable_reasons(ready, Side(True, True, "low", accepts_responsibility=False)) == [
        "The offender does not accept responsibility for the harm caused"]
    assert unsuitable_reasons(ready, Side(True, False, "high")) == [
        "The offender is not ready yet", "The risk of further harm is high: no contact should go ahead"]


def test_both_suitable_an_indirect_letter_is_the_apology_condition_and_completing_it_completes_it(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="cw", full_name="Casey Worker")
        case = gen_case(caseworker=worker, wording="Criminal damage to a fence", status="conditions_active")
        decision = gen_decision(case, status="delivered", conditions=[
            {"kind": "rehabilitative", "type": "course", "description": "Attend a victim awareness course",
             "due_date": date.today() + timedelta(days=40)},
            {"kind": "reparative", "type": "apology", "description": "Write a letter of apology through Restorative Justice",
             "due_date": date.today() + timedelta(days=40)}])
        course_id, apology_id = (c.id for c in decision.conditions)
        victim_id = db.session.scalar(select(Victim.id).where(Victim.case_id == case.id))
    login(client, worker)
    page = client.get(f"/cases/{case.reference}/restorative-justice")
    assert page.status_code == 200 and "Assess suitability" in page.text

    missing = client.post(f"/cases/{case.reference}/restorative-justice",
                          data={"victim_id": str(victim_id), "victim_risk": "medium", "assessed_on": dmy(date.today())})
    assert missing.status_code == 422
    assert {"Select whether the victim has given informed consent", "Select whether the offender accepts responsibility",
            "Enter the safety plan: a risk is medium"} <= set(errors(missing))

    response = client.post(f"/cases/{case.reference}/restorative-justice",
                           data=SUITABLE | {"victim_id": str(victim_id), "victim_notes": "Wants to hear why"})
    assert response.status_code == 302
    rj = only(app, RestorativeJustice)
    assert rj.status == "suitable" and rj.victim_id == victim_id

    prefix = f"rj{rj.id}-"
    page = client.get(f"/cases/{case.reference}/restorative-justice").text
    assert "Write a letter of apology through Restorative Justice" in page
    assert "Attend a victim awareness course" not in page  # not reparative: not offered
    not_reparative = client.post(f"/cases/{case.reference}/restorative-justice/arrange?rj={rj.id}", data={
        prefix + "rj_type": "letter_of_apology", prefix + "facilitator": "Northgate RJ Hub",
        prefix + "condition_id": str(course_id)})
    assert not_reparative.status_code == 422
    arranged = client.post(f"/cases/{case.reference}/restorative-justice/arrange?rj={rj.id}", data={
        prefix + "rj_type": "letter_of_apology", prefix + "facilitator": "Northgate RJ Hub, A. Facilitator",
        prefix + "condition_id": str(apology_id)})
    assert arranged.status_code == 302, errors(arranged)
    rj = only(app, RestorativeJustice)
    assert rj.status == "arranged" and rj.condition_id == apology_id
    with app.app_context():
        condition = db.session.get(Condition, apology_id)
        db.session.expunge(condition)

    done_on = date.today() - timedelta(days=1)
    outcome = client.post(f"/cases/{case.reference}/restorative-justice/outcome?rj={rj.id}", data={
        prefix + "outcome": "letter_delivered", prefix + "outcome_on": dmy(done_on),
        prefix + "notes": "Victim read the letter with the facilitator", prefix + "follow_up_on": dmy(date.today() + timedelta(days=14))})
    assert outcome.status_code == 302, errors(outcome)
    with app.app_context():
        condition = db.session.get(Condition, condition.id)
        assert condition.status == "completed" and condition.completed_at == done_on
        rj = db.session.get(RestorativeJustice, rj.id)
        assert rj.status == "completed" and rj.follow_up_on == date.today() + timedelta(days=14)
        summaries = list(db.session.scalars(select(CaseEvent.summary).where(CaseEvent.case_id == case.id)))
        assert db.session.scalar(select(AuditRecord.id).where(AuditRecord.record_type == "restorative_justice",
                                                              AuditRecord.action == "consult")) is not None
    assert "Restorative Justice with Victim0 Person: victim and offender suitable" in summaries
    assert "Condition completed: Write a letter of apology through Restorative Justice" in summaries

    follow = client.post(f"/cases/{case.reference}/restorative-justice/follow-up?rj={rj.id}",
                         data={prefix + "notes": "Both satisfied; nothing more to do"})
    assert follow.status_code == 302
    assert "Both satisfied; nothing more to do" in client.get(f"/cases/{case.reference}/restorative-justice").text


def test_not_suitable_cannot_be_arranged_and_a_conference_in_domestic_abuse_needs_a_specialist(app, client):
    with app.app_context():
        worker = gen_user("caseworker", username="cw2")
        case = gen_case(caseworker=worker, domestic_abuse=True)
        gen_decision(case, status="authorised")
        victim_id = db.session.scalar(select(Victim.id).where(Victim.case_id == case.id))
    login(client, worker)
    client.post(f"/cases/{case.reference}/restorative-justice",
                data=SUITABLE | {"victim_id": str(victim_id), "offender_accepts_responsibility": "no"})
    refused = only(app, RestorativeJustice)
    assert refused.status == "not_suitable"
    prefix = f"rj{refused.id}-"
    response = client.post(f"/cases/{case.reference}/restorative-justice/arrange?rj={refused.id}", data={
        prefix + "rj_type": "direct_conference", prefix + "facilitator": "RJ Hub", prefix + "condition_id": "0"})
    assert response.status_code == 422
    assert errors(response) == ["Restorative Justice that is not suitable cannot be arranged: assess the victim and "
                                "the offender again"]
    client.post(f"/cases/{case.reference}/restorative-justice", data=SUITABLE | {"victim_id": str(victim_id)})
    rj = only(app, RestorativeJustice)
    prefix = f"rj{rj.id}-"
    arranged = client.post(f"/cases/{case.reference}/restorative-justice/arrange?rj={rj.id}", data={
        prefix + "rj_type": "direct_conference", prefix + "facilitator": "RJ Hub", prefix + "condition_id": "0"})
    assert arranged.status_code == 302
    assert "a face-to-face conference needs a facilitator trained for domestic abuse" in \
        client.get(f"/cases/{case.reference}/restorative-justice").text


def test_restorative_justice_is_refused_to_clerks(app, client):
    with app.app_context():
        clerk = gen_user("clerk", username="clerk9")
        case = gen_case()
    login(client, clerk)
    assert client.get(f"/cases/{case.reference}/restorative-justice").status_code == 403
    assert client.post(f"/cases/{case.reference}/restorative-justice", data=SUITABLE).status_code == 403
