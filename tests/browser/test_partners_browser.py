"""The referral form in a real browser: choosing a service narrows the providers through htmx, the
referral goes through with CSRF on, and the page fits a 375 px phone without sideways scrolling."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from factories import PASSWORD, gen_case, gen_provider, gen_user

pytestmark = pytest.mark.browser


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_caseworker_refers_with_the_provider_list_narrowed_by_service(app, live_server, page):
    with app.app_context():
        worker = gen_user("caseworker", username="browser-cw", full_name="Casey Worker")
        case = gen_case(caseworker=worker)
        gen_provider("Northgate Recovery Service", ("drug_alcohol",), ("N",))
        gen_provider("Northgate Debt Advice", ("debt_advice",), ("N",))
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, "browser-cw")
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
