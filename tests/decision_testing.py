"""Helpers for the decision tests: cases made ready to screen, decide and authorise through the pages,
and readers of what a person sees and what was recorded."""
from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from factories import gen_case, login
from form_testing import dmy, errors
from webapp.extensions import db
from webapp.models import AuditRecord, Case, CaseEvent, Decision

RECENT = date.today() - timedelta(days=30)
IN_10_WEEKS = date.today() + timedelta(weeks=10)


def text_of(response) -> str:
    """What a person reads: tags dropped, entities decoded, white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.text)))





def make_case(app, *, intimate_partner=False, views="not_obtained", source="officer", cps_direction="", **kw):
    kw.setdefault("offence_date", RECENT)
    with app.app_context():
        case = gen_case(**kw)
        row = db.session.get(Case, case.id)
        row.offences[0].intimate_partner = intimate_partner
        row.source, row.cps_direction = source, cps_direction
        for victim in row.victims:
            victim.views = views
        db.session.commit()
        return case.reference


FULL_CODE_TEST_MET = {
    "evidential_met": "yes", "evidential_notes": "Full admission in interview; CCTV.",
    "pi_seriousness": "y", "pi_seriousness_note": "Low value.",
    "public_interest_conclusion": "out_of_court", "public_interest_notes": "A first offence.",
}


def record_full_code_test(client, reference, met: bool = True):
    data = FULL_CODE_TEST_MET if met else {"evidential_met": "no", "evidential_notes": "No independent evidence."}
    response = client.post(f"/cases/{reference}/full-code-test", data=data)
    assert response.status_code == 302, response.text[:300]


def screen(client, reference, **extra):
    """The Full Code Test answers the evidential stage (met, unless `evidential_stage_met="no"`), then the
    screening is saved."""
    record_full_code_test(client, reference, extra.pop("evidential_stage_met", "yes") == "yes")
    data = {"admission": "yes", "submit": "Save screening", **extra}
    response = client.post(f"/cases/{reference}/screening", data=data)
    assert response.status_code == 302, errors(response) or response.text[:500]
    return response


def decision_data(disposal, conditions=(), completion=IN_10_WEEKS, rationale="First offence, admitted, victim "
                  "consulted; proportionate", action="submit", **extra):
    data = {"disposal": disposal, "rationale": rationale, action: "go", **extra}
    if completion:
        data["completion_date"] = dmy(completion)
    for i, condition in enumerate(conditions or [{}]):
        for key, value in condition.items():
            data[f"conditions-{i}-{key}"] = value
    return data


def decide(client, reference, disposal, conditions=(), **kw):
    return client.post(f"/cases/{reference}/decision", data=decision_data(disposal, conditions, **kw))


def current_decision(app, reference) -> Decision:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        decision = case.current_decision
        db.session.expunge_all()
        return decision


def case_status(app, reference) -> str:
    with app.app_context():
        return db.session.scalar(select(Case.status).where(Case.reference == reference))


def timeline(app, reference) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(CaseEvent.summary).join(Case).where(Case.reference == reference)
                                       .order_by(CaseEvent.id)))


def audit_lines(app, record_type: str) -> list[AuditRecord]:
    with app.app_context():
        rows = db.session.scalars(select(AuditRecord).where(AuditRecord.record_type == record_type)
                                  .order_by(AuditRecord.id)).all()
        db.session.expunge_all()
        return rows


def disposal_block(page: str, label: str) -> str:
    """The eligibility panel's entry for one disposal: its tag and every reason with its source."""
    found = re.search(rf"{label} (Available|Blocked)(.*?)(?= (?:Community Resolution|Simple Caution|Conditional "
                      rf"Caution|Community Caution|Diversionary Caution) (?:Available|Blocked)| Refer to the CPS)", page)
    assert found, f"{label} not in the eligibility panel"
    return found.group(0)


COURSE = {"type": "course", "kind": "rehabilitative", "description": "Victim awareness course",
          "provider": "Northgate Awareness", "hours": "3"}
COURSE_DUE = {**COURSE, "due_date": dmy(IN_10_WEEKS)}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # stands in for the signed caution document


def awaiting_authorisation(app, client, people, **case_kw) -> str:
    """A case a caseworker has screened and decided (a conditional caution with a course), awaiting a supervisor."""
    reference = make_case(app, **case_kw)
    login(client, people["caseworker"])
    screen(client, reference)
    assert decide(client, reference, "conditional_caution", [COURSE_DUE]).status_code == 302
    return reference


def review_data(app, reference, **extra) -> dict:
    """The authorisation form's hidden fields for the case's current decision."""
    decision = current_decision(app, reference)
    return {"decision_id": str(decision.id), "version": str(decision.version), **extra}


def delivery_form(app, reference, **changes):
    """The delivery form filled in as a sergeant would, with the signed document; `changes` override fields
    (None leaves one out)."""
    decision, today = current_decision(app, reference), date.today()
    data = {"decision_id": str(decision.id), "version": str(decision.version), "given_by_name": "Sam Patel",
            "given_by_rank": "Sergeant 4321", "given_by_authority": "constable", "admission_to_giver": "y",
            "admission_words": "I did it, I'm sorry", "effect_explained": "y", "breach_warning_given": "y",
            "given_on": [str(today.day), str(today.month), str(today.year)], "given_time": "10:15",
            "place": "Northgate Police Station", "submit": "Record delivery",
            "signed_document": (io.BytesIO(PDF), "signed-caution.pdf")}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
