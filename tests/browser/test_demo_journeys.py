"""The "Runs for real" issue's done means, walked in Chromium on the demo's own cases (CSRF on):

refer, screen, decide, authorise, deliver, make a document, upload attendance, see a missed course
flagged by the sweep a supervisor runs now, record the breach, and build the evidence bundle, each
on the demo case the trainer would use, without the command line.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factories import PASSWORD, sign_in

pytestmark = pytest.mark.browser

LONG = 30_000  # jobs (documents, proposals, bundles) run in the served app's own threads


def _open(page, path: str) -> None:
    """Open a case page, answering "why are you opening this case" where it is asked."""
    page.goto(path)
    if page.get_by_text("Why are you opening this case?").count():
        page.locator("main input[type=radio]").first.check()
        page.get_by_role("button", name="Open the case").click()
        page.wait_for_load_state()
        page.goto(path)


def _fill_date(page, field: str, day: date) -> None:
    page.fill(f"#{field}-day", str(day.day))
    page.fill(f"#{field}-month", str(day.month))
    page.fill(f"#{field}-year", str(day.year))


def _trainer_cases(app) -> dict[str, str]:
    """The demo cases each step starts from, found by what their records say."""
    from webapp.extensions import db
    from webapp.models import AttendanceRecord, Breach, Case, Decision
    from webapp.models.decision import CautionDelivery

    with app.app_context():
        recent = db.session.scalars(select(Case).order_by(Case.id.desc()).limit(8)).all()
        ids = [c.id for c in recent]
        by_status = {c.status: c.reference for c in reversed(recent)}
        delivered = select(CautionDelivery.decision_id)
        to_deliver = db.session.scalar(select(Case.reference).join(Decision, Decision.case_id == Case.id).where(
            Case.id.in_(ids), Decision.status == "authorised", Decision.id.not_in(delivered)))
        missed = db.session.scalar(select(Case.reference).join(AttendanceRecord, AttendanceRecord.case_id == Case.id)
                                   .where(Case.id.in_(ids), AttendanceRecord.attended.is_(False),
                                          Case.status == "conditions_active"))
        for_bundle = db.session.scalar(select(Case.reference).join(Breach, Breach.case_id == Case.id).where(
            Case.id.in_(ids), Breach.status == "approved"))
        victim = next(v.full_name for c in recent if c.reference == for_bundle for v in c.victims)
        suspect = next(c.suspect.full_name for c in recent if c.reference == for_bundle)
    return {"to_screen": by_status["referred"], "to_deliver": to_deliver, "missed": missed,
            "for_bundle": for_bundle, "victim": victim, "suspect": suspect}


def test_every_journey_works_on_the_demo_cases(app, live_server, page):
    from webapp.demo import seed_demo_data
    from webapp.demo_journeys import signed_form

    with live_server.app.app_context():  # the served app's document store holds the demo's signed forms
        seed_demo_data(cases=8, seed=10, password=PASSWORD, if_empty=False, echo=lambda _: None, recent=8)
    cases = _trainer_cases(app)
    today = date.today()

    # Refer: a caseworker records a new referral from the navigation.
    sign_in(page, "caseworker")
    page.get_by_role("link", name="New referral").click()
    page.get_by_label("Officer referral").check()
    page.fill("#referring_officer", "PC Ford 6305")
    page.fill("#first_name", "Harriet")
    page.fill("#last_name", "Quennell")
    _fill_date(page, "date_of_birth", date(1988, 3, 14))
    page.fill("#address_line1", "12 Mill Lane")
    page.fill("#town", "Northgate")
    page.fill("#postcode", "XN1 2AB")
    page.select_option("#offence_key", label="Theft from a shop")
    page.locator("#offence-fields [role=status]").wait_for()
    _fill_date(page, "offence_date", today - timedelta(days=10))
    page.fill("#location", "Northgate Co-op, High Street")
    page.fill("#circumstances", "Took two bottles of whisky without paying; admitted in interview.")
    page.fill("#victims-0-last_name", "Northgate Co-op")
    page.get_by_role("button", name="Create referral").click()
    page.wait_for_url(re.compile(r"/cases/OC\d{2}-\d{6}$"))
    expect(page.locator("main")).to_contain_text("Harriet Quennell")

    # Screen, review the Full Code Test and decide the trainer's case waiting to be screened.
    reference = cases["to_screen"]
    _open(page, f"/cases/{reference}/screening")
    page.get_by_role("group", name=re.compile("admitted the offence")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save screening").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Screening saved")
    page.goto(f"/cases/{reference}/full-code-test")
    page.get_by_label("Yes, there is enough evidence").check()
    page.fill("#evidential_notes", "CCTV and a full admission in interview.")
    page.get_by_label("How serious is the offence?").check()
    page.fill("#pi_seriousness_note", "Low value, no violence.")
    page.get_by_label("The public interest is served by an out-of-court resolution").check()
    page.fill("#public_interest_notes", "First offence, admitted, the victim supports it.")
    page.get_by_role("button", name="Save the Full Code Test").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Full Code Test saved")
    page.goto(f"/cases/{reference}/decision")
    page.get_by_label("Conditional Caution (available)").check()
    page.select_option("#conditions-0-type", label="Course (e.g. victim awareness, drug or alcohol awareness)")
    page.select_option("#conditions-0-kind", label="Rehabilitative")
    page.fill("#conditions-0-description", "Victim awareness course")
    page.fill("#conditions-0-provider", "Restore Together CIC")
    _fill_date(page, "completion_date", today + timedelta(weeks=8))
    page.fill("#rationale", "Admitted, first offence, the victim supports it; a course addresses the offending.")
    page.get_by_role("button", name="Submit the decision").click()
    expect(page.locator("main")).to_contain_text("Awaiting authorisation")

    # Authorise: a supervisor approves it.
    sign_in(page, "supervisor")
    _open(page, f"/cases/{reference}/decision")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Decision for {reference} authorised")

    # Deliver the trainer's authorised caution, with the signed document.
    sign_in(page, "caseworker")
    delivered = cases["to_deliver"]
    _open(page, f"/cases/{delivered}/decision")
    page.get_by_role("link", name="Record delivery of the caution").click()
    page.fill("#given_by_name", "Sam Caseworker")
    page.fill("#given_by_rank", "Police staff, OOCR team")
    page.get_by_label("An investigating officer").check()
    page.get_by_label("The offender admitted the offence to this person").check()
    page.get_by_label("The effect of the caution was explained to the offender").check()
    page.get_by_label("The offender was warned what happens if a condition is not met").check()
    page.set_input_files("#signed_document", files=[{"name": "signed.pdf", "mimeType": "application/pdf",
                                                     "buffer": signed_form("the offender")}])
    _fill_date(page, "given_on", today)
    page.fill("#given_time", "10:30")
    page.fill("#place", "Northgate Police Station")
    page.get_by_role("button", name="Record delivery").click(timeout=LONG)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{delivered} recorded as given")

    # Generate a document: the conditional caution notice, as Word.
    page.goto(f"/cases/{delivered}/documents")
    page.get_by_label("Conditional caution notice").check()
    page.get_by_role("button", name="Make the document").click(timeout=LONG)
    expect(page.locator("main table").first).to_contain_text("Ready", timeout=LONG)

    # Upload attendance: the clerk's file says the delivered caution's course was missed yesterday.
    sign_in(page, "clerk")
    page.goto("/compliance")
    page.get_by_role("link", name="Upload a provider's attendance file").click()
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Case
        case = db.session.scalar(select(Case).where(Case.reference == delivered))
        course = next(c for c in case.current_decision.conditions if c.type == "course")
        row = (f"{delivered},{case.suspect.full_name},{case.suspect.date_of_birth:%d/%m/%Y},{course.description},"
               f"{today - timedelta(days=1):%d/%m/%Y},No")
    page.get_by_label("Provider").fill("Restore Together CIC")
    page.set_input_files("input[type=file]", files=[{
        "name": "attendance.csv", "mimeType": "text/csv",
        "buffer": f"Case reference,Name,Date of birth,Course,Date,Attended\n{row}\n".encode()}])
    page.locator("main button[type=submit]").last.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 attendance record added")
    expect(page.locator("main")).to_contain_text("Every row matched one condition")

    # The sweep, run now by a supervisor, flags the trainer's missed course for review.
    sign_in(page, "supervisor")
    page.goto("/compliance")
    page.get_by_role("button", name="Run the sweep now").click()
    expect(page.locator("#sweep")).to_contain_text("review", timeout=LONG)
    page.goto("/compliance")
    expect(page.locator("main")).to_contain_text(f"{cases['missed']}")
    expect(page.locator("main")).to_contain_text("Possible breach")

    # Record the breach on that case.
    sign_in(page, "caseworker")
    _open(page, f"/cases/{cases['missed']}/compliance")
    page.get_by_role("link", name=re.compile("Record a breach")).first.click()
    page.fill("#what_happened", "Did not attend the course; two reminders sent, no reply.")
    page.get_by_label("Prosecute for the original offence").check()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator("main")).to_contain_text("Awaiting approval")

    # Build the bundle for the trainer's approved breach: the victim is removed, the defendant stays.
    sign_in(page, "clerk")
    _open(page, f"/cases/{cases['for_bundle']}/compliance")
    page.get_by_role("link", name=re.compile("breach recorded", re.I)).first.click()
    statement = (f"Statement of the provider. {cases['suspect']} did not attend the course. "
                 f"{cases['victim']} was told by letter.\n")
    page.fill("#title", "Provider's letter")
    page.set_input_files("#file", files=[{"name": "letter.txt", "mimeType": "text/plain",
                                          "buffer": statement.encode()}])
    page.get_by_role("button", name="Upload evidence").click(timeout=LONG)
    page.get_by_role("link", name="Review the proposed redactions").click()
    removes = page.get_by_role("button", name=re.compile("Remove from every document"))
    expect(removes.first).to_be_visible(timeout=LONG)
    for left in range(removes.count(), 0, -1):
        removes.first.click()
        expect(removes).to_have_count(left - 1, timeout=LONG)
    rest = page.get_by_role("button", name=re.compile("Remove all .* not yet reviewed"))
    if rest.count():
        rest.first.click()
        expect(rest).to_have_count(0)
    page.get_by_role("link", name="Back to the breach").click()
    page.get_by_role("button", name="Build the bundle").click(timeout=LONG)
    word = page.get_by_role("link", name="Download the Word bundle")
    expect(word).to_be_visible(timeout=LONG)
    word.click()
    page.get_by_label("Who will receive it").fill("Jo Smith, CPS Direct")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    with open(download.value.path(), "rb") as handle:
        xml = zipfile.ZipFile(io.BytesIO(handle.read())).read("word/document.xml").decode()
    released = re.sub(r"<[^>]+>", "", xml)
    assert cases["victim"] not in released
    assert cases["suspect"] in released
