"""A supervisor runs the daily sweep from the compliance page in a real browser: the job's progress is
polled by HTMX in place, and the page then says when it last ran and shows the review it made."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from compliance_testing import case_with_conditions
from factories import PASSWORD, gen_user

pytestmark = pytest.mark.browser


def test_supervisor_runs_the_sweep_now_and_sees_it_finish(app, live_server, page):
    with app.app_context():
        case_with_conditions(due=date.today() - timedelta(days=3))
        gen_user("supervisor", username="browser-sweeper", full_name="Sam Sweeper")
    page.goto("/login")
    page.fill("#username", "browser-sweeper")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto("/compliance")
    section = page.locator("#sweep")
    expect(section).to_contain_text("It has not run yet")
    page.get_by_role("button", name="Run the sweep now").click()
    page.wait_for_url(lambda url: "/compliance/sweep?job=" in url)
    # the job runs in the served app's thread; the section polls itself until it is done
    expect(page.locator("#sweep")).to_contain_text("1 review", timeout=30_000)
    expect(page.locator("#sweep")).not_to_have_attribute("hx-trigger", "every 1s")
    page.get_by_role("link", name="See the open tasks").click()
    expect(page.locator("#sweep")).to_contain_text("started by a supervisor: Sam Sweeper")
    expect(page.get_by_text("Possible breach").first).to_be_visible()
