"""The victim's say (CJA 2003 s.23ZA; ASBCPA 2014 ss.101-102): admins keep the community remedy menu, the
victim's chosen action is recorded with their views, a decision attaches it or records why it would be
inappropriate (and a task to tell the victim follows), and then the caution is given with its record."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from factories import login
from decision_testing import (
    RECENT, IN_10_WEEKS, COURSE_DUE, text_of, make_case, screen, decide, current_decision, case_status, PDF, delivery_form,
)
from form_testing import dmy, errors
from webapp.extensions import db
from webapp.models import AuditRecord, Case, Victim, VictimContact

APOLOGY = {"type": "apology", "kind": "reparative", "description": "Letter of apology to the neighbour",
           "due_date": dmy(IN_10_WEEKS)}


def _menu_with_apology(client, people) -> int:
    login(client, people["admin"])
    bad = client.post("/admin/community-remedy", data={"title": "", "condition_type": "apology", "kind": "punitive"})
    assert bad.status_code == 422 and "Enter the action" in errors(bad)
    assert "That condition can only serve reparative" in errors(bad)
    added = client.post("/admin/community-remedy", data={"title": "Letter of apology", "condition_type": "apology",
                                                         "kind": "reparative"}, follow_redirects=True)
    assert "“Letter of apology” added to the community remedy menu" in added.text
    from webapp.models.victim import CommunityRemedyAction
    return db.session.scalar(select(CommunityRemedyAction.id))


def _victim_asks(app, client, people, reference) -> None:
    with app.app_context():
        action_id = _menu_with_apology(client, people)
        victim_id = db.session.scalar(select(Victim.id).join(Case).where(Case.reference == reference))
    login(client, people["victim_liaison"])
    page = client.get(f"/cases/{reference}/victims/views?victim={victim_id}")
    assert "Letter of apology" in page.text
    saved = client.post(f"/cases/{reference}/victims/views?victim={victim_id}", data={
        "views": "supports_oocd", "obtained_on": dmy(RECENT), "method": "phone",
        "notes": "Wants the fence mended and an apology", "requested_action": str(action_id)})
    assert saved.status_code == 302
    assert "Asked for, from the community remedy menu: Letter of apology" in text_of(
        client.get(f"/cases/{reference}/victims"))


def test_criminal_damage_victim_asks_for_an_apology_and_the_caution_carries_it_through_delivery(app, client, people):
    reference = make_case(app, wording="Criminal damage to a garden fence", gravity_score=2)
    _victim_asks(app, client, people, reference)
    login(client, people["caseworker"])
    screen(client, reference)
    page = client.get(f"/cases/{reference}/decision")
    assert "asked for Letter of apology from the community remedy menu" in text_of(page)
    # the form starts with the victim's choice attached as the first condition
    assert re.search(r'<option (selected value="apology"|value="apology" selected)', page.text)
    without = decide(client, reference, "conditional_caution", [COURSE_DUE])
    assert without.status_code == 422
    assert ("Enter why the action the victim asked for would be inappropriate: the victim will be told"
            in errors(without))
    assert "Victim 1 asked for an apology to the victim" in text_of(without)
    assert decide(client, reference, "conditional_caution", [APOLOGY]).status_code == 302
    decision = current_decision(app, reference)
    with app.app_context():
        from webapp.models import Condition
        types = list(db.session.scalars(select(Condition.type).where(Condition.decision_id == decision.id)))
    assert types == ["apology"] and decision.remedy_not_attached_reason == ""
    login(client, people["supervisor"])
    approved = client.post(f"/cases/{reference}/decision/review", data={
        "decision_id": str(decision.id), "version": str(decision.version), "approve": "Approve"})
    assert approved.status_code == 302
    login(client, people["clerk"])
    done = client.post(f"/cases/{reference}/decision/delivery", content_type="multipart/form-data",
                       data=delivery_form(app, reference, signed_document=(io.BytesIO(PDF), "signed.pdf")))
    assert done.status_code == 302 and case_status(app, reference) == "conditions_active"


def test_an_action_left_out_records_why_and_creates_a_task_to_tell_the_victim(app, client, people):
    reference = make_case(app, wording="Criminal damage to a garden fence", gravity_score=2)
    _victim_asks(app, client, people, reference)
    login(client, people["caseworker"])
    screen(client, reference)
    response = decide(client, reference, "conditional_caution", [COURSE_DUE],
                      remedy_reason="The victim and the offender are neighbours in a dispute; a letter would inflame it")
    assert response.status_code == 302
    decision = current_decision(app, reference)
    assert decision.remedy_not_attached_reason.startswith("The victim and the offender are neighbours")
    assert decision.status == "awaiting_authorisation"
    with app.app_context():
        task = db.session.scalar(select(VictimContact).where(VictimContact.purpose == "update"))
        assert task is not None and "Letter of apology" in task.reason and task.done_at is None


def test_the_menu_is_for_admins_and_changes_are_audited(app, client, people):
    for role in ("caseworker", "supervisor", "victim_liaison", "clerk"):
        login(client, people[role])
        assert client.get("/admin/community-remedy").status_code == 403
        assert client.post("/admin/community-remedy/active", data={"action": "1", "active": "no"}).status_code == 403
    with app.app_context():
        action_id = _menu_with_apology(client, people)
    withdrawn = client.post("/admin/community-remedy/active", data={"action": str(action_id), "active": "no"},
                            follow_redirects=True)
    assert "withdrawn from the menu" in withdrawn.text and "Withdrawn" in withdrawn.text
    with app.app_context():
        lines = [a.description for a in db.session.scalars(
            select(AuditRecord).where(AuditRecord.record_type == "community_remedy"))]
        assert lines == ["Community remedy action added: Letter of apology",
                         "Community remedy action withdrawn: Letter of apology"]
    assert client.post("/admin/community-remedy/active", data={"action": "999", "active": "yes"}).status_code == 404
