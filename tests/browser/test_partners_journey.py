"""Issue 13's "done means", walked in Chromium as new users would, on the demo's own data (CSRF on):

an admin adds a drug service covering one area; a caseworker refers an offender to it from the needs
assessment and the referral letter carries its address; a victim rings about progress, the call is
logged, routed to victim liaison and answered within its target; the victim and the offender are both
assessed suitable and an indirect Restorative Justice letter is recorded as a condition and completed;
a suspect booked into a clinic gets an appointment letter.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factories import PASSWORD, sign_in
from form_testing import docx_parts

pytestmark = pytest.mark.browser


def _letter_text(page, recipient: str | None = None) -> str:
    """Download the newest document's Word file from the Documents page and return its text."""
    expect(page.locator("main table").first).to_contain_text("Ready")
    page.get_by_role("link", name=re.compile("Word")).first.click()
    if recipient:
        page.get_by_label("To send to someone outside the team").check()
        page.get_by_label("Who will receive it").fill(recipient)
        page.get_by_label("Why it is being disclosed").fill("A referral the person agreed to")
    else:
        page.get_by_label(re.compile("The case file")).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    with open(download.value.path(), "rb") as docx:
        xml = docx_parts(docx.read())["word/document.xml"]
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def _demo_cases(app) -> dict[str, str]:
    """The demo cases each step starts from, found by what their records say."""
    from webapp.extensions import db
    from webapp.models import Case, Condition

    with app.app_context():
        recent = db.session.scalars(select(Case).order_by(Case.id.desc()).limit(8)).all()
        decided = next(c.reference for c in recent if c.status == "decided")
        screened = next(c.reference for c in recent if c.status == "screening")
        apology = db.session.scalar(select(Case.reference).join(Condition, Condition.case_id == Case.id).where(
            Condition.type == "apology", Condition.status == "pending", Case.status == "conditions_active",
            Case.id.in_([c.id for c in recent])))
        victim = next(v.full_name for c in recent if c.reference == apology for v in c.victims)
    return {"decided": decided, "screened": screened, "apology": apology, "victim": victim}


def test_partner_agencies_enquiries_and_restorative_justice_as_done_means_says(app, live_server, page):
    from webapp.demo import seed_demo_data
    from webapp.extensions import db
    from webapp.models import Condition, Enquiry, PartnerReferral, RestorativeJustice

    with app.app_context():
        seed_demo_data(cases=8, seed=13, password=PASSWORD, if_empty=False, echo=lambda _: None, recent=8)
    cases = _demo_cases(app)

    # An admin adds a drug service covering one area.
    sign_in(page, "admin")
    page.goto("/partners")
    page.get_by_role("link", name="Add a provider").click()
    page.get_by_label("Organisation").fill("Riverside Drug and Alcohol Service")
    page.get_by_label("Drug and alcohol service").check()
    page.get_by_label("North", exact=True).check()
    page.get_by_label("Postal address").fill("7 Ferry Lane\nNorthgate\nXN4 1DS")
    page.fill("#phone", "01632 960888")
    page.fill("#email", "referrals@riverside-das.example.org")
    page.get_by_label("How to contact them about a referral").fill("Duty worker, weekdays 9am to 5pm")
    page.check("#referral_method")  # secure e-mail
    page.get_by_label("Waiting time in weeks").fill("1")
    page.get_by_role("button", name="Save provider").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Riverside Drug and Alcohol Service saved")

    # A caseworker records a drug need and refers the offender from the needs assessment.
    sign_in(page, "caseworker")
    page.goto(f"/cases/{cases['decided']}/needs")
    page.get_by_label("Drug misuse").check()
    page.fill("#need_drugs_note", "Uses cannabis most days")
    page.get_by_role("button", name="Save needs assessment").click()
    page.get_by_role("link", name="Refer to a drug and alcohol service").click()
    expect(page.locator("#reason")).to_have_value("Needs identified at assessment: drug misuse")
    page.select_option("#provider_id", label="Riverside Drug and Alcohol Service (wait about 1 week)")
    page.get_by_label("Yes, it has been sent today").check()
    page.get_by_role("button", name="Save referral").click()  # without the person's agreement
    expect(page.locator("#referrals")).to_contain_text("Record that the person agreed to the referral before it is sent")
    page.check("#consent")
    page.get_by_role("button", name="Save referral").click()
    expect(page.locator("#referrals table")).to_contain_text("Riverside Drug and Alcohol Service")
    expect(page.locator("#referrals table")).to_contain_text("Sent")
    page.goto(f"/cases/{cases['decided']}/documents")
    page.get_by_label("Referral to Riverside Drug and Alcohol Service").check()
    page.get_by_role("button", name="Make the document").click()
    letter = _letter_text(page, recipient="Riverside Drug and Alcohol Service")
    assert "7 Ferry Lane" in letter and "XN4 1DS" in letter and "01632 960888" in letter
    assert "Needs identified at assessment: drug misuse" in letter

    # A victim rings about progress: the clerk logs the call, it goes to victim liaison by default.
    sign_in(page, "clerk")
    page.goto("/enquiries/new")
    page.get_by_label("Telephone call").check()
    page.select_option("#from_type", label="Victim")
    page.get_by_label("Their name").fill(cases["victim"])
    page.get_by_label("Case reference (optional)").fill(cases["apology"])
    page.get_by_label("What it is about").fill("Rang to ask how the case is progressing")
    page.get_by_role("button", name="Log enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enquiry logged: answer due by")
    # The victim liaison officer finds it in the team's queue and answers it the same day.
    sign_in(page, "victim.liaison")
    page.goto("/enquiries?view=team")
    page.get_by_role("link", name=cases["victim"]).click()
    page.get_by_label("What they were told").fill("The offender is doing what was agreed; we will tell you when it is done")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Enquiry from {cases['victim']} answered")
    expect(page.locator(".govuk-notification-banner")).not_to_contain_text("after its target date")

    # The caseworker assesses both suitable, arranges a letter of apology as the condition, and completes it.
    sign_in(page, "caseworker")
    page.goto(f"/cases/{cases['apology']}/restorative-justice")
    for name in ("victim_consents", "victim_ready", "offender_consents", "offender_accepts_responsibility",
                 "offender_ready"):
        page.check(f"input[name={name}][value=yes]")
    page.check("input[name=victim_risk][value=low]")
    page.check("input[name=offender_risk][value=low]")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("main")).to_contain_text("Suitable")
    page.get_by_text("Arrange it").click()
    page.get_by_label("Indirect: a letter of apology").check()
    page.get_by_role("textbox", name="Facilitator").fill("Restore Together CIC")
    page.select_option("select[name$=condition_id]", label="Yes, the condition \u201cLetter of apology to the victim\u201d")
    page.get_by_role("button", name="Save the arrangement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("as the condition")
    page.get_by_text("Record the outcome").click()
    page.get_by_label("The letter was delivered to the victim").check()
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The condition is recorded as completed")

    # A suspect booked into a clinic gets an appointment letter.
    day = date.today() + timedelta(days=7)
    page.goto(f"/cases/{cases['screened']}/clinic")
    for box, value in zip(page.locator("input[name=appointment_date]").all(), (day.day, day.month, day.year)):
        box.fill(str(value))
    page.get_by_label("Time").fill("10:30")
    page.locator("input[name=location]").first.check()
    page.select_option("#caseworker_id", label="Sam Caseworker")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Appointment booked")
    page.goto(f"/cases/{cases['screened']}/documents")
    page.get_by_label(re.compile("Your Caution Clinic appointment")).check()
    page.get_by_role("button", name="Make the document").click()
    letter = _letter_text(page)
    assert f"Date: {day.day} {day:%B %Y}" in letter and "Time: 10:30" in letter

    # The supervisor's view shows the demo's overdue enquiry.
    sign_in(page, "supervisor")
    page.get_by_role("link", name="Escalations").first.click()
    expect(page.locator("#overdue-enquiries")).to_contain_text("1 enquiry is overdue")
    page.problems.assert_none()

    # What the pages did is what the records say.
    with app.app_context():
        referral = db.session.scalar(select(PartnerReferral).where(
            PartnerReferral.agency == "Riverside Drug and Alcohol Service"))
        assert (referral.status, referral.consent, referral.provider.areas) == ("sent", True, ["N"])
        call = db.session.scalar(select(Enquiry).where(Enquiry.contact_name == cases["victim"]))
        assert (call.team, call.status) == ("victim_liaison", "answered") and call.answered_on <= call.due_on
        rj = db.session.scalar(select(RestorativeJustice).where(RestorativeJustice.condition_id.is_not(None)))
        assert (rj.status, rj.rj_type) == ("completed", "letter_of_apology")
        assert db.session.get(Condition, rj.condition_id).status == "completed"
