"""Decision support in a real browser, CSRF on: the eligibility panel follows the screening form live
(HTMX, no reload), and the same page works with JavaScript off through its "Check eligibility" button."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from factories import gen_case, gen_user, sign_in

pytestmark = pytest.mark.browser


def _case(app) -> str:
    """A case whose Full Code Test says the evidential stage is met (it is answered there, not on screening)."""
    from webapp.extensions import db
    from webapp.models import FullCodeTest
    with app.app_context():
        gen_user("caseworker", username="screener")
        case = gen_case(gravity_score=2, offence_date=date.today() - timedelta(days=20))
        db.session.add(FullCodeTest(case_id=case.id, evidential_met=True, evidential_notes="Admission and CCTV"))
        db.session.commit()
        return case.reference


def test_the_eligibility_panel_updates_live_as_the_screening_changes(app, live_server, page):
    reference = _case(app)
    sign_in(page, "screener")
    page.goto(f"/cases/{reference}/screening")
    panel = page.locator("#eligibility")
    expect(panel).to_contain_text("The offence is not admitted")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Yes").first.check()
    community_resolution = panel.locator("[data-disposal=community_resolution]")
    expect(community_resolution).to_contain_text("Available")
    expect(panel.locator("#final-gravity-score")).to_have_text("2")
    page.get_by_label("Premeditation").check()
    expect(panel.locator("#final-gravity-score")).to_have_text("3")
    expect(community_resolution).to_contain_text("Blocked")
    expect(community_resolution).to_contain_text("Source: Your force's gravity policy")
    assert page.evaluate("window.__sameDocument") is True  # updated in place, never reloaded
    page.get_by_role("button", name="Save screening").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Screening saved")
    page.problems.assert_none()


def test_without_javascript_the_check_button_shows_the_same_answer(app, live_server, page_without_js):
    reference = _case(app)
    page = page_without_js
    sign_in(page, "screener")
    page.goto(f"/cases/{reference}/screening")
    page.locator("input[name=admission][value=yes]").check()
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.locator("[data-disposal=community_resolution]")).to_contain_text("Available")
    page.get_by_role("button", name="Add a previous outcome").click()
    expect(page.locator("legend", has_text="Previous outcome 1")).to_be_visible()
    expect(page.locator("input[name=admission][value=yes]")).to_be_checked()  # nothing typed is lost
