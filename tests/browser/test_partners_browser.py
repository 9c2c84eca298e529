"""The referral form in a real browser: choosing a service narrows the providers through htmx, the
referral goes through with CSRF on, and the page fits a 375 px phone without sideways scrolling."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from factories import gen_case, gen_provider, gen_user, sign_in

pytestmark = pytest.mark.browser


def test_caseworker_refers_with_the_provider_list_narrowed_by_service(app, live_server, page):
    with app.app_context():
        worker = gen_user("caseworker", username="browser-cw", full_name="Casey Worker")
        case = gen_case(caseworker=worker)
        gen_provider("Northgate Recovery Service", ("drug_alcohol",), ("N",))
        gen_provider("Northgate Debt Advice", ("debt_advice",), ("N",))
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "browser-cw")
    page.goto(f"/cases/{case.reference}/partner-referrals")
    providers = page.locator("#provider_id option")
    expect(providers).to_have_count(3)  # "Choose a provider" and both
    page.evaluate("window.__sameDocument = true")
    page.select_option("#service", "debt_advice")
    expect(providers).to_have_count(2)
    expect(page.locator("#provider_id")).to_contain_text("Northgate Debt Advice")
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not a page load
    page.select_option("#provider_id", label="Northgate Debt Advice (wait about 2 weeks)")
    page.fill("#reason", "Debts behind the offending")
    page.check("#consent")
    page.check("#send-2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Save referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral to Northgate Debt Advice saved")
    expect(page.locator(".govuk-summary-card").first).to_contain_text("Sent")
    page.problems.assert_none()


def test_the_new_pages_fit_a_phone_without_script_errors(app, live_server, page):
    from datetime import date, datetime

    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Enquiry, RestorativeJustice, Victim

    with app.app_context():
        gen_user("admin", username="browser-admin")
        worker = gen_user("caseworker", username="browser-cw2", full_name="Casey Worker")
        case = gen_case(caseworker=worker)
        gen_provider("Northgate Recovery Service with a rather long name for a small screen")
        enquiry = Enquiry(case_id=case.id, channel="phone", from_type="victim", contact_name="Vera Victim",
                          summary="Asked how the case is progressing", received_on=date.today(), target_days=5,
                          due_on=date.today(), team="casework", logged_by_id=worker.id)
        db.session.add(enquiry)
        victim_id = db.session.scalar(select(Victim.id).where(Victim.case_id == case.id))
        db.session.add(RestorativeJustice(
            case_id=case.id, victim_id=victim_id, victim_consents=True, victim_ready=True, victim_risk="low",
            offender_consents=True, offender_accepts_responsibility=True, offender_ready=True, offender_risk="low",
            assessed_on=date.today(), status="suitable", updated_at=datetime.now()))
        db.session.commit()
        enquiry_id = enquiry.id
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "browser-admin")
    for path in ("/partners", "/partners/new"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "browser-cw2")
    for path in ("/enquiries?view=all", "/enquiries/new", f"/enquiries/show?enquiry={enquiry_id}",
                 f"/cases/{case.reference}", f"/cases/{case.reference}/restorative-justice",
                 f"/cases/{case.reference}/partner-referrals", "/clinics/week"):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.problems.assert_none()
