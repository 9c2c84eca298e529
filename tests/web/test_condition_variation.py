"""Varying a condition after a breach: the supervisor's approved variation waits for the offender's agreement
(Criminal Justice Act 2003 s.23B), recorded with who took it, when and where, and the signed document; only then
does the varied condition start."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from html import unescape

from sqlalchemy import select

from compliance_testing import case_with_conditions, condition_ids
from factories import login
from form_testing import dmy
from webapp.extensions import db
from webapp.models import AuditRecord, Case, Condition
from webapp.models.variation import ConditionVariation

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"




def text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))



def _approved_variation(app, client, staff):
    with app.app_context():
        case = case_with_conditions()
        reference, case_id, condition_id = case.reference, case.id, condition_ids(case.id)[0]
    login(client, staff["caseworker"])
    later = TODAY + timedelta(days=28)
    response = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}", data={
        "what_happened": "Missed the course twice", "outcome": "vary", "new_due_date": dmy(later),
        "notes": "Attend the evening victim awareness course instead"})
    breach_id = int(re.search(r"breach=(\d+)", response.headers["Location"]).group(1))
    login(client, staff["supervisor"])
    approved = client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}",
                           data={"decision": "approve"}, follow_redirects=True)
    assert "starts once the offender's agreement to it is recorded" in text(approved)
    return reference, case_id, condition_id, breach_id, later


def _agreement(**extra) -> dict:
    data = {"taken_by_name": "Alex Morgan", "taken_by_rank": "Sergeant 1234", "offender_agreed": "y",
            "agreed_on": dmy(TODAY), "agreed_time": "10:15", "place": "Northgate Police Station",
            "signed_document": (io.BytesIO(PDF), "signed-variation.pdf")}
    data.update(extra)
    return data


def test_varied_condition_waits_for_the_agreement_then_starts(app, client, staff):
    reference, case_id, condition_id, breach_id, later = _approved_variation(app, client, staff)
    with app.app_context():
        assert db.session.get(Case, case_id).status == "breached"  # not active again until the offender agrees
        assert db.session.get(Condition, condition_id).status == "varied"
        assert not db.session.scalars(select(Condition).where(
            Condition.case_id == case_id, Condition.description.like("%evening%"))).all()
        variation = db.session.scalar(select(ConditionVariation))
        assert variation.status == "awaiting_agreement" and variation.new_due_date == later
    page = text(client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}"))
    assert "The varied condition has not started" in page and "Record the offender's agreement" in page

    login(client, staff["clerk"])
    url = f"/cases/{reference}/compliance/variation?breach={breach_id}"
    assert "Attend the evening victim awareness course instead" in text(client.get(url))
    missing = client.post(url, data={"taken_by_name": "Alex Morgan"}, content_type="multipart/form-data")
    assert missing.status_code == 422
    body = text(missing)
    for message in ("Enter their rank or role", "Conditions can be varied only with the offender's agreement",
                    "Upload the document the offender signed", "Enter the date and time the offender agreed",
                    "Enter where the offender agreed"):
        assert message in body
    not_a_scan = client.post(url, data=_agreement(signed_document=(io.BytesIO(b"hello"), "x.pdf")),
                             content_type="multipart/form-data")
    assert not_a_scan.status_code == 422 and "must be a PDF, JPEG or PNG" in text(not_a_scan)
    with app.app_context():
        assert db.session.get(Case, case_id).status == "breached"
        assert db.session.scalar(select(ConditionVariation)).status == "awaiting_agreement"

    done = client.post(url, data=_agreement(), content_type="multipart/form-data")
    assert done.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        variation = db.session.scalar(select(ConditionVariation))
        assert case.status == "conditions_active" and variation.status == "agreed"
        new = variation.new_condition
        assert new.status == "pending" and new.due_date == later and "evening" in new.description
        assert variation.taken_by_rank == "Sergeant 1234" and variation.place == "Northgate Police Station"
        assert variation.agreed_at.date() == TODAY and len(variation.signed_sha256) == 64
        assert any("Offender agreed to the varied condition" in e.summary for e in case.events)
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "condition_variation",
                                                           AuditRecord.action == "collect"))
    again = client.get(url, follow_redirects=True)
    assert "no varied condition waiting" in text(again)
    assert "The offender agreed to the varied condition" in text(
        client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}"))


def test_only_compliance_staff_record_the_agreement(app, client, staff):
    reference, _, _, breach_id, _ = _approved_variation(app, client, staff)
    login(client, staff["victim_liaison"])
    url = f"/cases/{reference}/compliance/variation?breach={breach_id}"
    assert client.get(url).status_code == 403
    assert client.post(url, data=_agreement(), content_type="multipart/form-data").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(ConditionVariation)).status == "awaiting_agreement"


def test_the_procedure_is_recorded_with_its_source_and_confidence():
    from webapp.domain import rules
    from webapp.domain.rules import CONFIDENCE_LABELS
    procedures = {p["id"]: p for p in rules.procedures()}
    found = procedures["conditional_caution.variation_agreement"]
    assert "s.23B" in found["source"] and "s.23B" in found["legal_source"]
    assert found["confidence"] in CONFIDENCE_LABELS


def test_when_the_offender_does_not_agree_the_missed_condition_stands_and_can_be_breached_again(app, client, staff):
    reference, case_id, condition_id, breach_id, _ = _approved_variation(app, client, staff)
    login(client, staff["caseworker"])
    assert "A varied condition has not started" in text(client.get(f"/cases/{reference}/compliance"))
    url = f"/cases/{reference}/compliance/variation/refused?breach={breach_id}"
    empty = client.post(url, data={"notes": " "})
    assert empty.status_code == 422 and "Enter what the offender said" in text(empty)
    assert client.post(url, data={"notes": "Declined by phone to PC Lee"}).status_code == 302
    with app.app_context():
        variation = db.session.scalar(select(ConditionVariation))
        assert variation.status == "refused" and variation.new_condition_id is None
        assert db.session.get(Condition, condition_id).status == "pending"
        assert db.session.get(Case, case_id).status == "breached"
    assert "A varied condition has not started" not in text(client.get(f"/cases/{reference}/compliance"))
    again = client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}")
    assert again.status_code == 200 and "Prosecute for the original offence" in text(again)
    assert client.get(f"/cases/{reference}/compliance/variation?breach={breach_id}").status_code == 302
