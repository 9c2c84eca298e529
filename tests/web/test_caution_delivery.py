"""Giving a caution: the record CJA 2003 ss.22-23 requires (who gave it, the admission made to them, the
explanation and warning, the signed document, when and where) before its conditions start, with the
condition period counted from the day it is given; and the four-eyes rule in the service layer."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from factories import gen_case, gen_decision, gen_user, login
from decision_testing import (
    PDF, delivery_form, text_of, case_status, timeline, awaiting_authorisation, review_data,
)
from form_testing import errors
from webapp.domain.config import EngineConfig
from webapp.domain.delivery import DeliveryFacts, missing, signed_document_type
from webapp.extensions import db
from webapp.models import AuditRecord, Case, CaseEvent, Decision, User
from webapp.models.decision import CautionDelivery
from webapp.services.decisions import DecisionRefused, authorise_decision, record_caution_delivery

TODAY = date.today()


def _authorised(app, client, people) -> str:
    reference = awaiting_authorisation(app, client, people)
    login(client, people["supervisor"])
    response = client.post(f"/cases/{reference}/decision/review",
                           data=review_data(app, reference, approve="Approve"))
    assert response.status_code == 302
    return reference


def test_a_sergeant_records_delivery_and_only_then_do_the_conditions_start(app, client, people):
    reference = _authorised(app, client, people)
    login(client, people["clerk"])
    page = client.get(f"/cases/{reference}/decision/delivery")
    assert page.status_code == 200
    assert "takes effect, and its conditions start, only once everything below is recorded" in text_of(page)
    assert "Record delivery" in client.get("/decisions/to-deliver").text

    empty = client.post(f"/cases/{reference}/decision/delivery", content_type="multipart/form-data",
                        data=delivery_form(app, reference, given_by_name="", admission_to_giver=None, effect_explained=None,
                                   breach_warning_given=None, signed_document=None, place=""))
    assert empty.status_code == 422
    found = errors(empty)
    assert "Enter the name of the person who gave the caution" in found
    assert any("admit the offence to the person giving the caution (Criminal Justice Act 2003 s.23(3))" in e
               for e in found)
    assert any("explained to the offender before it is given (Criminal Justice Act 2003 s.23(4))" in e for e in found)
    assert any("may lead to prosecution" in e for e in found)
    assert any("Upload the signed caution document" in e and "s.23(5)" in e for e in found)
    assert "Enter where the caution was given" in found
    assert 'value="Sergeant 4321"' in empty.text  # nothing typed is lost
    assert case_status(app, reference) == "decided"

    not_a_scan = client.post(f"/cases/{reference}/decision/delivery", content_type="multipart/form-data",
                             data=delivery_form(app, reference, signed_document=(io.BytesIO(b"MZ\x90\x00"), "form.pdf")))
    assert not_a_scan.status_code == 422 and "The signed document must be a PDF, JPEG or PNG scan" in errors(not_a_scan)

    done = client.post(f"/cases/{reference}/decision/delivery", content_type="multipart/form-data",
                       data=delivery_form(app, reference))
    assert done.status_code == 302
    assert case_status(app, reference) == "conditions_active"
    with app.app_context():
        record = db.session.scalar(select(CautionDelivery))
        assert (record.given_by_rank, record.given_by_name, record.place) == ("Sergeant 4321", "Sam Patel",
                                                                              "Northgate Police Station")
        assert record.given_at == datetime.combine(TODAY, datetime.min.time()).replace(hour=10, minute=15)
        assert record.signed_content_type == "application/pdf" and record.signed_file_name == "signed-caution.pdf"
        from webapp.services import storage as store
        assert store.read_verified(record.signed_path, record.signed_sha256) == PDF
        lines = [a.description for a in db.session.scalars(
            select(AuditRecord).where(AuditRecord.record_type == "caution_delivery"))]
        assert lines and "Sergeant 4321 Sam Patel" in lines[0]
    assert "Conditional Caution delivered; status changed from Decided to Conditions active" in timeline(app, reference)
    with app.app_context():
        details = " ".join(db.session.scalars(select(CaseEvent.detail).join(Case).where(Case.reference == reference)))
    assert "condition now active" in details or "conditions now active" in details
    assert "(s)" not in details  # "1 victim; first due", not "1 victim(s)"
    login(client, people["caseworker"])
    decision_page = text_of(client.get(f"/cases/{reference}/decision"))
    assert "Sergeant 4321 Sam Patel" in decision_page and "signed-caution.pdf" in decision_page
    again = client.get(f"/cases/{reference}/decision/delivery", follow_redirects=True)
    assert "There is no authorised caution waiting to be given" in text_of(again)


def test_a_time_typed_wrongly_is_shown_with_everything_else_still_missing(app, client, people):
    """One more try is enough: a malformed time does not hide the missing rank, admission or signed form."""
    reference = _authorised(app, client, people)
    login(client, people["clerk"])
    page = client.post(f"/cases/{reference}/decision/delivery", content_type="multipart/form-data",
                       data=delivery_form(app, reference, given_time="25:99", given_by_rank="", given_by_authority=None,
                                          admission_to_giver=None, signed_document=None))
    assert page.status_code == 422
    found = errors(page)
    assert "Enter their rank or role" in found
    assert "Select the authority under which they gave the caution" in found
    assert any("admit the offence to the person giving the caution" in e for e in found)
    assert any("Upload the signed caution document" in e for e in found)
    assert not any("Enter the date and time the caution was given" in e for e in found)  # the time has its own
    assert len([e for e in found if "time" in e.lower()]) == 1
    assert case_status(app, reference) == "decided"


def test_conditions_due_too_long_after_the_day_given_are_refused_and_undated_ones_get_the_normal_period(app):
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case(status="decided")
        late = TODAY + timedelta(weeks=21)
        decision = gen_decision(case, conditions=[
            {"kind": "rehabilitative", "type": "course", "description": "Course", "due_date": late},
            {"kind": "reparative", "type": "apology", "description": "Letter of apology", "due_date": None}])
        row_case = db.session.get(Case, case.id)
        row = db.session.get(Decision, decision.id)
        actor = db.session.get(User, clerk.id)
        given = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
        kwargs = dict(given_by_name="Sam Patel", given_by_rank="Sergeant", given_by_authority="constable",
                      admission_to_giver=True, admission_words="", effect_explained=True, breach_warning_given=True,
                      given_at=given, place="Northgate", signed_document=PDF, signed_file_name="s.pdf", actor=actor)
        with pytest.raises(DecisionRefused) as refused:
            record_caution_delivery(row_case, row, **kwargs)
        assert "Condition 1 is due after" in refused.value.problems["given_at"]
        assert "20 weeks from the day the caution is given" in refused.value.problems["given_at"]
        row.conditions[0].due_date = TODAY + timedelta(weeks=19)
        record_caution_delivery(row_case, row, **kwargs)
        db.session.commit()
        assert row.conditions[1].due_date == TODAY + timedelta(weeks=EngineConfig().condition_period_normal_weeks)
        assert row_case.status == "conditions_active" and row.delivery.given_at == given


def test_a_community_resolution_has_no_statutory_delivery_record():
    facts = DeliveryFacts("", "", "", False, False, False, False, None, "")
    assert "breach_warning_given" not in missing("simple_caution", facts)
    assert "breach_warning_given" in missing("conditional_caution", facts)
    assert "PCSC" not in missing("diversionary_caution", facts)["admission_to_giver"]
    assert "s.99(2)(b)" in missing("diversionary_caution", facts)["admission_to_giver"]
    assert signed_document_type(PDF) == "application/pdf"
    assert signed_document_type(b"\x89PNG\r\n\x1a\nrest") == "image/png"
    assert signed_document_type(b"<html>") is None


def test_four_eyes_is_enforced_by_the_service_whoever_calls_it(app):
    with app.app_context():
        supervisor = gen_user("supervisor")
        case = gen_case(status="screening")
        decision = gen_decision(case, status="awaiting_authorisation")
        row = db.session.get(Decision, decision.id)
        row.decided_by_id = supervisor.id
        db.session.commit()
        with pytest.raises(DecisionRefused, match="another supervisor must authorise it"):
            authorise_decision(db.session.get(Case, case.id), row, actor=db.session.get(User, supervisor.id))


def test_the_delivery_page_refuses_roles_that_do_not_give_decisions(app, client, people):
    reference = _authorised(app, client, people)
    for role in ("victim_liaison", "admin"):
        login(client, people[role])
        assert client.get(f"/cases/{reference}/decision/delivery").status_code == 403
        assert client.post(f"/cases/{reference}/decision/delivery", data={}).status_code == 403


def test_an_undated_condition_is_due_by_the_decisions_completion_date_not_a_later_default(app):
    """A walk found 'completed by 1 February' on the decision and 'Due 25 March' on its condition."""
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case(status="decided")
        decision = gen_decision(case, conditions=[
            {"kind": "reparative", "type": "apology", "description": "Letter of apology", "due_date": None}])
        row = db.session.get(Decision, decision.id)
        row.completion_date = TODAY + timedelta(weeks=8)
        given = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
        record_caution_delivery(db.session.get(Case, case.id), row, given_by_name="Sam Patel",
                                given_by_rank="Sergeant", given_by_authority="constable", admission_to_giver=True,
                                admission_words="", effect_explained=True, breach_warning_given=True, given_at=given,
                                place="Northgate", signed_document=PDF, signed_file_name="s.pdf",
                                actor=db.session.get(User, clerk.id))
        db.session.commit()
        assert row.conditions[0].due_date == TODAY + timedelta(weeks=8)
