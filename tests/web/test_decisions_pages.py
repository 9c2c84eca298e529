"""Screening with the live eligibility panel, the decision form with overrides and hard rules,
authorisation (approve, return, stale, prosecutor's consent, CPS-diverted), delivery, the override
report and the rules and settings page, as the people who use them would."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from factories import gen_screening, login
from decision_testing import (
    IN_10_WEEKS, COURSE, COURSE_DUE, text_of, make_case, record_full_code_test, screen, decision_data, decide, current_decision, case_status, timeline, audit_lines, disposal_block, awaiting_authorisation, review_data,
)
from form_testing import dmy, errors
from webapp.extensions import db
from webapp.models import Case, Decision, EngineSetting, Screening

# --- Screening ---------------------------------------------------------------------------------

def test_caseworker_screens_a_shop_theft_and_sees_community_resolution_available(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    page = client.get(f"/cases/{reference}/screening")
    assert page.status_code == 200
    assert 'hx-trigger="change"' in page.text and 'hx-target="#eligibility"' in page.text
    assert "The case has not been screened" in text_of(page)
    screen(client, reference)
    page = text_of(client.get(f"/cases/{reference}/screening"))
    cr = disposal_block(page, "Community Resolution")
    assert "Community Resolution Available" in cr
    simple = disposal_block(page, "Simple Caution")
    assert "Blocked" in simple and "Source: NPCC Charging and Out of Court Disposals" in simple
    assert "Conditional Caution Available" in page
    assert "Victim update due" in page and "5 working days" in page
    assert case_status(app, reference) == "screening"
    assert "Screening saved: status changed from Referred to Screening" in timeline(app, reference)
    with app.app_context():
        saved = db.session.scalar(select(Screening))
        assert saved.admission and saved.evidential_stage_met and saved.final_gravity_score == 2
        assert saved.regime == "two_tier"
        assert "community_resolution" in saved.assessment["result"]["available"]
        assert saved.assessment["detail"]["disposals"][0]["code"] == "community_resolution"
    assert any(line.action == "alter" for line in audit_lines(app, "screening"))
    assert any(line.action == "consult" and line.record_id == reference for line in audit_lines(app, "case"))


def test_the_eligibility_panel_updates_for_htmx_as_factors_change(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    record_full_code_test(client, reference)
    url = f"/cases/{reference}/screening/eligibility"
    base = {"admission": "yes", "evidential_stage_met": "no"}  # ignored: the Full Code Test answers it
    fragment = client.post(url, data=base, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="eligibility"') and "<html" not in fragment.text
    assert 'id="final-gravity-score">2<' in fragment.text
    raised = client.post(url, data={**base, "aggravating": "premeditation"}, headers={"HX-Request": "true"})
    assert 'id="final-gravity-score">3<' in raised.text
    cr = disposal_block(text_of(raised), "Community Resolution")
    assert "Blocked" in cr and "gravity policy does not offer" in cr and "UNCERTAIN" not in cr
    assert "Source: Your force's gravity policy (ACPO Gravity Factor Matrix for Adults, 2013)" in cr
    denied = client.post(url, data={"admission": "no", "evidential_stage_met": "yes"}, headers={"HX-Request": "true"})
    assert "The offence is not admitted" in text_of(denied) and "Available" not in text_of(denied)
    # The same endpoint without HTMX (and the page's own "Check eligibility" button) gives the whole page.
    assert "<html" in client.post(url, data=base).text
    checked = client.post(f"/cases/{reference}/screening", data={**base, "check": "Check eligibility"})
    assert checked.status_code == 200 and "Community Resolution Available" in text_of(checked)
    assert case_status(app, reference) == "referred"  # checking saves nothing


def test_previous_outcomes_are_added_and_removed_without_javascript(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    record_full_code_test(client, reference)
    url = f"/cases/{reference}/screening"
    page = client.post(url, data={"admission": "yes", "add_previous": "Add"})
    assert "Previous outcome 1" in page.text and 'value="yes" checked' in page.text
    two = {"admission": "yes", "evidential_stage_met": "yes",
           "previous-0-outcome": "conviction", "previous-0-outcome_date": dmy(date.today() - timedelta(days=200)),
           "previous-0-similar": "y",
           "previous-1-outcome": "community_resolution",
           "previous-1-outcome_date": dmy(date.today() - timedelta(days=1500))}
    page = client.post(url, data={**two, "remove_previous": "1"})
    assert "Previous outcome 1" in page.text and "Previous outcome 2" not in page.text
    half = client.post(f"{url}/eligibility", data={**two, "previous-1-outcome_date": ["", "", ""]},
                       headers={"HX-Request": "true"})
    assert "Previous outcome 2 is not complete and was left out" in text_of(half)
    screen(client, reference, **{k: v for k, v in two.items() if k not in ("admission", "evidential_stage_met")})
    page = text_of(client.get(url))
    assert "Conviction for a similar offence on" in disposal_block(page, "Simple Caution")
    assert "Community resolutions are aimed at first-time offenders" in page
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert [(p.outcome, p.similar) for p in case.previous_outcomes] == [
            ("community_resolution", False), ("conviction", True)]


def test_screening_errors_are_clear_and_nothing_is_saved(app, client, people):
    reference = make_case(app)
    login(client, people["caseworker"])
    response = client.post(f"/cases/{reference}/screening", data={
        "submit": "Save", "previous-0-outcome": "", "previous-0-outcome_date": dmy(date.today() - timedelta(days=9)),
        "admission_date": dmy(date.today() + timedelta(days=2))})
    assert response.status_code == 422
    found = errors(response)
    assert "Select whether the suspect admitted the offence" in found
    assert "Select whether the evidential stage is met" not in found  # the Full Code Test page asks it
    assert "Select the previous outcome, or remove the row" in found
    assert "The date of the admission must be today or in the past" in found
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Screening)) == 0


def test_domestic_abuse_against_a_partner_blocks_community_resolution_with_reason_and_source(app, client, people):
    reference = make_case(app, domestic_abuse=True, intimate_partner=True, wording="Assault by beating")
    login(client, people["caseworker"])
    screen(client, reference)
    page = text_of(client.get(f"/cases/{reference}/screening"))
    cr = disposal_block(page, "Community Resolution")
    assert "Blocked" in cr
    assert "A community resolution must not be used for domestic abuse between intimate partners" in cr
    assert "Source: ACPO Community Resolution guidance (2012)" in cr
    assert "Domestic abuse Yes, intimate partner" in page
    assert "1 working day (enhanced rights)" in page
    # The decision form labels it blocked, and no override reason makes it possible.
    form = text_of(client.get(f"/cases/{reference}/decision"))
    assert "Community Resolution (blocked)" in form
    refused = decide(client, reference, "community_resolution", completion=None, override_code="victim_views",
                     override_note="The victim asked for it")
    assert refused.status_code == 422
    assert any("cannot be overridden" in e for e in errors(refused))
    assert current_decision(app, reference) is None


# --- The decision form -------------------------------------------------------------------------

def test_conditional_caution_conditions_are_validated_beside_the_fields(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    screen(client, reference)
    over = {**COURSE, "kind": "reparative", "hours": "25"}
    checked = decide(client, reference, "conditional_caution", [over], action="check", rationale="")
    assert checked.status_code == 200
    assert 'id="conditions-0-hours-error"' in checked.text
    assert "Attendance other than for rehabilitation totals 25 hours" in text_of(checked)
    assert "Criminal Justice Act 2003 s.22(3A)-(3B)" in text_of(checked)
    assert "Enter the rationale" not in checked.text  # a check is not a submission
    fine = decide(client, reference, "conditional_caution", [COURSE], action="check")
    assert "No problems with the disposal and conditions as entered" in text_of(fine)
    # The live check gives the same answer to HTMX.
    live = client.post(f"/cases/{reference}/decision/check", headers={"HX-Request": "true"},
                       data=decision_data("conditional_caution", [over], action="check"))
    assert live.text.lstrip().startswith('<div id="eligibility"')
    assert 'href="#conditions-0-hours"' in live.text and "Cannot be overridden" in live.text
    none = decide(client, reference, "conditional_caution", [], action="submit")
    assert none.status_code == 422
    assert any("A conditional caution must have at least one condition" in e or "condition" in e.lower()
               for e in errors(none))
    late = decide(client, reference, "conditional_caution", [COURSE], completion=date.today() + timedelta(weeks=22))
    assert late.status_code == 422 and 'id="completion_date-error"' in late.text
    assert current_decision(app, reference) is None


def test_a_lawful_decision_needing_a_recorded_reason_is_accepted_and_flagged_for_the_supervisor(app, client,
                                                                                              people):
    reference = make_case(app)
    login(client, people["caseworker"])
    screen(client, reference)
    long = decide(client, reference, "conditional_caution", [COURSE], completion=date.today() + timedelta(weeks=18),
                  action="check")
    assert long.status_code == 200 and 'id="completion_date-error"' not in long.text
    assert "Lawful with a recorded reason" in long.text
    made = decide(client, reference, "conditional_caution", [COURSE], completion=date.today() + timedelta(weeks=18))
    assert made.status_code == 302
    reasons = current_decision(app, reference).engine_snapshot["authorisation"]["supervisor_reasons"]
    assert any(r.startswith("Lawful only with a recorded justification") for r in reasons)
    page = client.get(f"/cases/{reference}/decision").text
    assert len(reasons) > 1 and all(f"<li>{escape(r)}</li>" in page for r in reasons)  # a list, not "a; B"


def test_add_another_condition_keeps_everything_typed(app, client, people):
    reference = make_case(app)
    login(client, people["caseworker"])
    screen(client, reference)
    page = client.post(f"/cases/{reference}/decision",
                       data=decision_data("conditional_caution", [COURSE], add_condition="Add"))
    assert page.status_code == 200
    assert "Condition 2" in page.text and 'value="Northgate Awareness"' in page.text


def test_a_community_caution_with_15_hours_unpaid_work_is_refused_under_pcsc(app, client, people):
    login(client, people["admin"])
    saved = client.post("/admin/rules/setting?key=pcsc_commencement", data={
        "in_force": "yes", "commencement": ["1", "6", "2025"], "reason": "Part 6 commenced", "save": "Save"})
    assert saved.status_code == 302
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    screen(client, reference)
    page = text_of(client.get(f"/cases/{reference}/screening"))
    assert "Police, Crime, Sentencing and Courts Act 2022 Part 6" in page
    assert "Community Caution Available" in page
    unpaid = {"type": "unpaid_work", "kind": "reparative", "description": "Clean the shop car park", "hours": "15"}
    refused = decide(client, reference, "community_caution", [unpaid], override_code="exceptional_circumstances_recorded",
                     override_note="The shop asked for more hours")
    assert refused.status_code == 422
    assert any("cannot be overridden" in e for e in errors(refused))
    assert "Unpaid work totals 15 hours" in text_of(refused) and 'id="conditions-0-hours-error"' in refused.text
    assert "Police, Crime, Sentencing and Courts Act 2022 s.110" in text_of(refused)
    assert current_decision(app, reference) is None
    made = decide(client, reference, "community_caution", [{**unpaid, "hours": "10"}])
    assert made.status_code == 302
    decision = current_decision(app, reference)
    assert decision.regime == "pcsc_2022" and decision.status == "awaiting_authorisation"


def test_departing_from_force_policy_needs_a_coded_override_which_is_logged_and_reported(app, client, people):
    reference = make_case(app, gravity_score=1)
    login(client, people["caseworker"])
    screen(client, reference)
    assert "Conditional Caution (blocked)" in text_of(client.get(f"/cases/{reference}/decision"))
    missing = decide(client, reference, "conditional_caution", [COURSE])
    assert missing.status_code == 422
    assert "Select a reason for departing from the engine's advice" in errors(missing)
    assert "Enter a note explaining why this case is an exception" in errors(missing)
    assert "Needs an override reason" in missing.text
    made = decide(client, reference, "conditional_caution", [COURSE], override_code="victim_views",
                  override_note="The shop wants the course, not an apology")
    assert made.status_code == 302
    decision = current_decision(app, reference)
    assert decision.override_code == "victim_views" and decision.needs_supervisor
    assert decision.status == "awaiting_authorisation" and not decision.needs_prosecutor
    assert decision.engine_snapshot["authorisation"]["departures"] == ["gravity.outside_force_policy"]
    assert decision.engine_snapshot["result"]["blocked"]["conditional_caution"]
    override = audit_lines(app, "decision_override")
    assert len(override) == 1 and "victim_views" in override[0].description
    assert "The shop wants the course" in override[0].description
    login(client, people["supervisor"])
    report = client.get("/decisions/overrides")
    assert report.status_code == 200
    assert re.search(r'data-code="victim_views">1<', report.text)
    assert reference in report.text and "The shop wants the course" in report.text


def test_an_override_given_when_none_is_needed_is_not_recorded(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    screen(client, reference)
    made = decide(client, reference, "conditional_caution", [COURSE], override_code="new_information",
                  override_note="Not needed")
    assert made.status_code == 302
    assert current_decision(app, reference).override_code is None
    assert audit_lines(app, "decision_override") == []


def test_a_decision_needs_a_rationale_and_a_screened_case(app, client, people):
    reference = make_case(app)
    login(client, people["caseworker"])
    page = text_of(client.get(f"/cases/{reference}/decision"))
    assert "Screen the case before recording a decision" in page
    assert decide(client, reference, "community_resolution").status_code == 409
    screen(client, reference)
    response = decide(client, reference, "community_resolution", completion=None, rationale="")
    assert response.status_code == 422 and "Enter the rationale for the decision" in errors(response)


# --- Authorisation and delivery ----------------------------------------------------------------

def test_supervisor_approves_and_the_decision_goes_to_the_clerks_to_deliver_queue(app, client, people):
    reference = awaiting_authorisation(app, client, people)
    login(client, people["supervisor"])
    queue = text_of(client.get("/decisions/authorisations"))
    assert reference in queue and "Conditional Caution" in queue and "First offence, admitted" in queue
    assert re.search(r"\b\d+ conditions?\b", queue) and "(s)" not in queue
    assert "High risk" not in queue  # an either-way shop theft at score 2 is below the force's escalation level
    page = text_of(client.get(f"/cases/{reference}/decision"))
    assert "Every caution is authorised by a supervisor" in page and "Approve" in page
    data = review_data(app, reference, comments="Proportionate", approve="Approve")
    response = client.post(f"/cases/{reference}/decision/review", data=data)
    assert response.status_code == 302
    decision = current_decision(app, reference)
    assert decision.status == "authorised" and decision.authorised_by_id == people["supervisor"].id
    assert decision.supervisor_comments == "Proportionate"
    assert case_status(app, reference) == "decided"
    assert "Decision authorised: Conditional Caution; status changed from Screening to Decided" in timeline(app, reference)
    assert "No decisions are waiting" in text_of(client.get("/decisions/authorisations"))
    login(client, people["clerk"])
    queue = client.get("/decisions/to-deliver")
    assert reference in queue.text and "Victim awareness course" in text_of(queue)
    # A caution is not switched on by a button: the queue leads to its delivery record (test_caution_delivery.py).
    delivered = client.post(f"/cases/{reference}/decision/deliver",
                            data={"decision_id": str(decision.id), "version": str(decision.version)})
    assert delivered.status_code == 302 and delivered.location.endswith(f"/cases/{reference}/decision/delivery")
    assert case_status(app, reference) == "decided" and current_decision(app, reference).status == "authorised"


def test_return_needs_comments_and_the_caseworker_decides_again(app, client, people):
    reference = awaiting_authorisation(app, client, people)
    login(client, people["supervisor"])
    bare = client.post(f"/cases/{reference}/decision/review",
                       data=review_data(app, reference, return_decision="Return"))
    assert bare.status_code == 422
    assert "Enter comments saying what must change before the decision can be approved" in errors(bare)
    returned = client.post(f"/cases/{reference}/decision/review",
                           data=review_data(app, reference, return_decision="Return",
                                             comments="Add a compensation condition for the store"))
    assert returned.status_code == 302
    assert current_decision(app, reference).status == "returned"
    assert "Decision returned: Conditional Caution" in timeline(app, reference)
    login(client, people["caseworker"])
    page = client.get(f"/cases/{reference}/decision")
    assert "Add a compensation condition for the store" in text_of(page)
    assert 'value="Northgate Awareness"' in page.text  # the returned decision fills the new form
    compensation = {"type": "compensation", "kind": "reparative", "description": "Pay the store", "amount": "40"}
    assert decide(client, reference, "conditional_caution", [COURSE, compensation]).status_code == 302
    with app.app_context():
        assert [d.status for d in db.session.scalars(select(Decision).order_by(Decision.id))] == [
            "returned", "awaiting_authorisation"]


def test_a_stale_approval_is_refused_with_a_clear_message(app, client, people):
    reference = awaiting_authorisation(app, client, people)
    opened = review_data(app, reference, approve="Approve")  # both supervisors open the same version
    login(client, people["supervisor2"])
    assert client.post(f"/cases/{reference}/decision/review",
                       data={**opened, "return_decision": "Return", "comments": "Wrong disposal",
                             "approve": ""}).status_code == 302
    login(client, people["supervisor"])
    stale = client.post(f"/cases/{reference}/decision/review", data=opened)
    assert stale.status_code == 409
    assert any("changed after you opened it" in e for e in errors(stale))
    assert current_decision(app, reference).status == "returned"
    wrong_version = review_data(app, reference, approve="Approve")
    wrong_version["version"] = "99"
    assert client.post(f"/cases/{reference}/decision/review", data=wrong_version).status_code == 409


def test_a_supervisor_cannot_authorise_their_own_decision(app, client, people):
    reference = make_case(app)
    with app.app_context():
        gen_screening(db.session.scalar(select(Case).where(Case.reference == reference)))
    login(client, people["supervisor"])
    assert decide(client, reference, "conditional_caution", [COURSE]).status_code == 302
    response = client.post(f"/cases/{reference}/decision/review", data=review_data(app, reference, approve="Go"))
    assert response.status_code == 422
    assert "another supervisor must authorise it" in text_of(response)
    assert current_decision(app, reference).status == "awaiting_authorisation"


def test_prosecutors_consent_is_recorded_before_approval(app, client, people):
    reference = make_case(app, hate_crime=True, mode_of_trial="summary")
    login(client, people["caseworker"])
    screen(client, reference)
    page = text_of(client.get(f"/cases/{reference}/screening"))
    assert "Refer to the CPS Yes" in page and "Prosecutors make all charging decisions" in page
    assert "A Community Resolution is not a charging decision" in page
    assert decide(client, reference, "conditional_caution", [COURSE_DUE],
                  override_code="exceptional_circumstances_recorded",
                  override_note="Exceptional: recorded in the rationale").status_code == 302
    decision = current_decision(app, reference)
    assert decision.needs_prosecutor and decision.needs_supervisor
    login(client, people["supervisor"])
    assert "Needs prosecutor's consent" in text_of(client.get("/decisions/authorisations"))
    blocked = client.post(f"/cases/{reference}/decision/review", data=review_data(app, reference, approve="Go"))
    assert blocked.status_code == 422
    assert {"Enter the name of the prosecutor who consented", "Enter the date of the prosecutor's consent",
            "Enter the time of the prosecutor's consent"} <= set(errors(blocked))
    yesterday = date.today() - timedelta(days=1)
    approved = client.post(f"/cases/{reference}/decision/review", data=review_data(
        app, reference, approve="Go", prosecutor_name="Ms A Khan (CPS Direct)", consent_date=dmy(yesterday),
        consent_time="14:30"))
    assert approved.status_code == 302
    decision = current_decision(app, reference)
    assert decision.status == "authorised" and decision.prosecutor_name == "Ms A Khan (CPS Direct)"
    assert decision.prosecutor_consent_at.date() == yesterday and decision.prosecutor_consent_at.hour == 14
    assert "Prosecutor's consent recorded" in timeline(app, reference)


def test_a_cps_diverted_case_goes_to_a_senior_officer_with_the_direction(app, client, people):
    direction = "Community resolution with an apology to the victim (CPS, 3 Nov)"
    reference = make_case(app, mode_of_trial="summary", views="supports_oocd", source="cps_diverted",
                          cps_direction=direction)
    login(client, people["caseworker"])
    screen(client, reference)
    assert decide(client, reference, "community_resolution", completion=None).status_code == 302
    decision = current_decision(app, reference)
    assert decision.status == "awaiting_authorisation"
    assert decision.engine_snapshot["authorisation"]["supervisor_reasons"] == [
        "CPS-diverted: a senior officer approves the prosecutor's direction before delivery"]
    login(client, people["supervisor"])
    queue = text_of(client.get("/decisions/authorisations"))
    assert "CPS-diverted" in queue and "Direction: Community resolution with an apology" in queue
    assert direction in text_of(client.get(f"/cases/{reference}/decision"))
    approved = client.post(f"/cases/{reference}/decision/review", data=review_data(app, reference, approve="Go"))
    assert approved.status_code == 302 and case_status(app, reference) == "decided"


def test_a_community_resolution_without_actions_stands_alone_and_completes_on_delivery(app, client, people):
    reference = make_case(app, mode_of_trial="summary", views="supports_oocd", gravity_score=1)
    login(client, people["caseworker"])
    screen(client, reference)
    assert decide(client, reference, "community_resolution", completion=None).status_code == 302
    decision = current_decision(app, reference)
    assert decision.status == "authorised" and not decision.needs_supervisor and decision.authorised_by_id is None
    assert case_status(app, reference) == "decided"
    assert "Decision recorded: Community Resolution; no authorisation needed, ready to deliver" in timeline(
        app, reference)
    page = text_of(client.get("/decisions/to-deliver"))  # caseworkers may deliver too
    assert reference in page
    client.post(f"/cases/{reference}/decision/deliver",
                data={"decision_id": str(decision.id), "version": str(decision.version)})
    assert case_status(app, reference) == "completed"
    assert decide(client, reference, "community_resolution", completion=None).status_code == 409


# --- Rules and settings ------------------------------------------------------------------------

def test_the_rules_page_shows_every_setting_and_rule_with_sources(app, client, people):
    login(client, people["caseworker"])
    page = client.get("/admin/rules")
    assert page.status_code == 200
    text = text_of(page)
    assert "PCSC 2022 Part 6 commencement date" in text and "UNCERTAIN" in text
    assert ("This value could not be confirmed against the primary source; your force must confirm it") in text
    assert "Criminal Justice Act 2003 s.22(3A)-(3B)" in text
    assert text.count("conditional_caution.domestic_abuse") >= 2  # two versions, 2013 and 2024
    assert "8 Aug 2024" in text and "Cannot be overridden" in text
    assert 'name="value"' not in page.text  # reading only
    assert client.post("/admin/rules/setting?key=victim_update_working_days",
                       data={"amount": "3", "reason": "x", "save": "Save"}).status_code == 403


def test_an_admin_changes_a_setting_with_validation_and_an_audit_line(app, client, people):
    login(client, people["admin"])
    assert client.post("/admin/rules", data={"key": "victim_update_working_days", "value": "3"}).status_code == 405
    url = "/admin/rules/setting?key="
    bad = client.post(url + "victim_update_working_days", data={"amount": "0", "reason": "x", "save": "Save"})
    assert bad.status_code == 422
    clash = client.post(url + "condition_period_normal_weeks", data={"amount": "30", "reason": "x", "save": "Save"})
    assert clash.status_code == 422
    good = client.post(url + "victim_update_working_days", data={"amount": "3", "reason": "Policy", "save": "Save"})
    assert good.status_code == 302
    with app.app_context():
        assert db.session.get(EngineSetting, "victim_update_working_days").value == {"value": 3}
    lines = audit_lines(app, "engine_setting")
    assert len(lines) == 1 and "victim_update_working_days changed" in lines[0].description
    assert "Set by your force" in text_of(client.get("/admin/rules"))
    reset = client.post(url + "victim_update_working_days", data={"amount": "3", "reason": "Back", "reset": "Reset"})
    assert reset.status_code == 302
    with app.app_context():
        assert db.session.get(EngineSetting, "victim_update_working_days") is None
    assert "reset to its default" in audit_lines(app, "engine_setting")[-1].description


def test_the_deployment_commencement_date_is_used_unless_the_force_sets_another(app, client, people, monkeypatch):
    monkeypatch.setitem(app.config, "PCSC_COMMENCEMENT", "2025-06-01")
    reference = make_case(app)
    login(client, people["caseworker"])
    record_full_code_test(client, reference)
    assert "Community Caution Available" in text_of(client.post(
        f"/cases/{reference}/screening", data={"admission": "yes", "evidential_stage_met": "yes", "check": "c"}))
    login(client, people["admin"])
    assert "Deployment (PCSC_COMMENCEMENT)" in text_of(client.get("/admin/rules"))
    assert client.post("/admin/rules/setting?key=pcsc_commencement",
                       data={"in_force": "no", "reason": "Not yet", "save": "S"}).status_code == 302
    login(client, people["caseworker"])
    assert "Conditional Caution Available" in text_of(client.post(
        f"/cases/{reference}/screening", data={"admission": "yes", "evidential_stage_met": "yes", "check": "c"}))


# --- Who may use what --------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/cases/{ref}/screening", {"caseworker", "supervisor"}),
    ("POST", "/cases/{ref}/screening/eligibility", {"caseworker", "supervisor"}),
    ("GET", "/cases/{ref}/decision", {"caseworker", "supervisor"}),
    ("POST", "/cases/{ref}/decision/check", {"caseworker", "supervisor"}),
    ("POST", "/cases/{ref}/decision/review", {"supervisor"}),
    ("POST", "/cases/{ref}/decision/deliver", {"clerk", "caseworker", "supervisor"}),
    ("GET", "/decisions/authorisations", {"supervisor"}),
    ("GET", "/decisions/overrides", {"supervisor"}),
    ("GET", "/decisions/to-deliver", {"clerk", "caseworker", "supervisor"}),
    ("GET", "/admin/rules", {"caseworker", "supervisor", "admin"}),
    ("POST", "/admin/rules/setting?key=victim_update_working_days", {"admin"}),
])
def test_each_new_page_refuses_the_roles_it_does_not_serve(app, client, people, method, path, allowed):
    reference = make_case(app)
    url = path.format(ref=reference)
    for role in ("clerk", "caseworker", "victim_liaison", "supervisor", "admin"):
        user = people["victim_liaison" if role == "victim_liaison" else role]
        login(client, user)
        status = client.open(url, method=method).status_code
        assert (status == 403) == (role not in allowed), (role, url, status)
    with client.session_transaction() as session:
        session.clear()
    assert client.open(url, method=method).status_code == 302


def test_case_tabs_lead_to_screening_and_decision_for_those_who_use_them(app, client, people):
    reference = make_case(app)
    login(client, people["caseworker"])
    page = client.get(f"/cases/{reference}")
    assert f"/cases/{reference}/screening" in page.text and f"/cases/{reference}/decision" in page.text
    login(client, people["clerk"])
    page = client.get(f"/cases/{reference}")
    assert f"/cases/{reference}/screening" not in page.text
    assert "/decisions/to-deliver" in page.text



def test_an_either_way_offence_above_the_force_level_goes_to_a_supervisor_as_escalated(app, client, people):
    reference = make_case(app, views="supports_oocd", gravity_score=3)
    login(client, people["caseworker"])
    screen(client, reference)
    assert decide(client, reference, "conditional_caution", [COURSE_DUE]).status_code == 302
    decision = current_decision(app, reference)
    assert "The force's escalation policy sends this case to a supervisor" in \
        decision.engine_snapshot["authorisation"]["supervisor_reasons"]
    assert decision.engine_snapshot["result"]["escalate"] == ["either_way"]
    login(client, people["supervisor"])
    assert "High risk" in text_of(client.get("/decisions/authorisations"))


RESEARCH_WORDS = re.compile(r"UNCERTAIN|\[[KSV]\]|Secondary source|Not checked|secondary summary|per a training|"
                            r"verify against|Olliers|Cambridgeshire|West Midlands|Kent Police|YJLC|gravity_disposals|"
                            r"simple_caution_permitted|domestic_abuse_caution_policy|_caps\b|\{[a-z_]+\}", re.I)


@pytest.mark.parametrize("case_kw, disposal, conditions", [
    ({"gravity_score": 3, "mode_of_trial": "summary", "offence_date": date.today() - timedelta(days=170)},
     "conditional_caution", [COURSE_DUE]),
    ({"domestic_abuse": True, "intimate_partner": True}, "community_resolution", []),
    ({"hate_crime": True}, "conditional_caution", [{"type": "unpaid_work", "kind": "rehabilitative", "hours": "30",
                                                    "due_date": dmy(IN_10_WEEKS)}]),
])
def test_caseworkers_see_plain_words_and_legal_sources_never_research_labels(app, client, people, case_kw, disposal,
                                                                           conditions):
    reference = make_case(app, **case_kw)
    login(client, people["caseworker"])
    screen(client, reference)
    pages = [text_of(client.get(f"/cases/{reference}/screening")), text_of(decide(client, reference, disposal,
                                                                                  conditions, action="check"))]
    for page in pages:
        assert "Source:" in page
        assert not RESEARCH_WORDS.search(page), RESEARCH_WORDS.search(page).group(0)
    assert "a unpaid" not in pages[1] and "Refused it" not in pages[1]


def test_the_summary_time_limit_is_stated_as_what_it_means(app, client, people):
    reference = make_case(app, mode_of_trial="summary", offence_date=date.today() - timedelta(days=100))
    login(client, people["caseworker"])
    screen(client, reference)
    page = text_of(client.get(f"/cases/{reference}/screening"))
    assert "a prosecution on breach would be out of time" in page
    assert "Source: Magistrates' Courts Act 1980 s.127(1)" in page


def test_a_community_resolution_for_hate_crime_needs_a_supervisor_but_not_a_prosecutor(app, client, people):
    reference = make_case(app, hate_crime=True, mode_of_trial="summary", views="supports_oocd", gravity_score=1)
    login(client, people["caseworker"])
    screen(client, reference)
    assert decide(client, reference, "community_resolution", completion=None).status_code == 302
    decision = current_decision(app, reference)
    assert not decision.needs_prosecutor and decision.needs_supervisor
    assert "A prosecutor must decide or consent" not in decision.engine_snapshot["authorisation"]["supervisor_reasons"]


def test_the_full_code_test_is_the_one_place_the_evidential_stage_is_answered(app, client, people):
    reference = make_case(app, gravity_score=2)
    login(client, people["caseworker"])
    page = text_of(client.get(f"/cases/{reference}/screening"))
    assert "Evidential stage of the Full Code Test: not yet recorded" in page and "Record the Full Code Test" in page
    assert 'name="evidential_stage_met"' not in client.get(f"/cases/{reference}/screening").text
    screen(client, reference)
    assert "Community Resolution Available" in text_of(client.get(f"/cases/{reference}/screening"))
    record_full_code_test(client, reference, met=False)  # the reviewer changes the answer there
    page = text_of(client.get(f"/cases/{reference}/screening"))
    assert "Evidential stage of the Full Code Test: not met" in page
    assert "The evidential stage is not met" in disposal_block(page, "Community Resolution")
    with app.app_context():
        assert db.session.scalar(select(Screening)).evidential_stage_met is False  # the copy follows
    assert decide(client, reference, "community_resolution", completion=None).status_code == 422


def test_a_supervisor_may_agree_conditions_past_20_weeks_with_a_recorded_reason(app, client, people):
    reference = make_case(app, views="supports_oocd")
    login(client, people["caseworker"])
    screen(client, reference)
    long_run = date.today() + timedelta(weeks=22)
    course = {**COURSE, "due_date": dmy(long_run)}
    refused = decide(client, reference, "conditional_caution", [course], completion=long_run)
    assert refused.status_code == 422 and "Select a reason for departing from the engine's advice" in errors(refused)
    assert "come from guidance" not in text_of(refused)  # research notes stay on the Rules page
    agreed = decide(client, reference, "conditional_caution", [course], completion=long_run,
                    override_code="exceptional_circumstances_recorded",
                    override_note="The course provider's next intake starts in week 21")
    assert agreed.status_code == 302
    decision = current_decision(app, reference)
    assert decision.status == "awaiting_authorisation" and decision.override_code == "exceptional_circumstances_recorded"
    assert "conditional_caution.condition_period" in decision.engine_snapshot["authorisation"]["departures"]
