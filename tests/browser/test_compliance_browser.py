"""The redaction review in a real browser: each decision swaps just its row through HTMX (with the
CSRF header from <body>), and the compliance pages render marked, with screenshots to look at."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from faker import Faker
from playwright.sync_api import expect
from sqlalchemy import select

from compliance_testing import case_with_conditions, condition_ids, fake_person, statement
from factories import gen_user, sign_in
from webapp.extensions import db
from webapp.models import Breach, Case, EvidenceFile, User

pytestmark = pytest.mark.browser
SCREENS = Path("/tmp/oocr-screens")


def test_clerk_reviews_redactions_row_by_row(app, live_server, page, backend, tmp_path):
    from webapp.services import evidence as service
    fake = Faker("en_GB")
    Faker.seed(31)
    victim = fake_person(fake, 1)
    with app.app_context():
        case = case_with_conditions(victims=[victim], due=date.today() - timedelta(days=2))
        clerk = gen_user("clerk", username="browser-clerk")
        supervisor = gen_user("supervisor", username="browser-sup")
        breach = Breach(case_id=case.id, condition_id=condition_ids(case.id)[0], what_happened="Did not attend",
                        proposed_outcome="prosecute", status="approved", approved_by_id=supervisor.id,
                        approved_at=datetime(2026, 11, 2, 9, 30))
        db.session.add(breach)
        db.session.commit()
        case_id, breach_id, clerk_id = case.id, breach.id, clerk.id
    with live_server.app.app_context():  # the served app's document store
        row, breach = db.session.get(Case, case_id), db.session.get(Breach, breach_id)
        service.add_evidence(row, breach, filename="s.docx", title="Statement of the victim",
                             data=statement(victim, [], 1), user=db.session.get(User, clerk_id))
        db.session.commit()
        reference = row.reference
    # Proposals are made by the served app's job (in-process there).
    sign_in(page, "browser-clerk")
    page.goto(f"/cases/{reference}/compliance/breach?breach={breach_id}")
    page.get_by_role("button", name="Propose redactions again").click()
    expect(page.get_by_role("link", name="Review the proposed redactions")).to_be_visible()
    page.get_by_role("link", name="Review the proposed redactions").click()
    expect(page.locator("mark.app-redaction-value").first).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    first_row = page.locator("tbody tr").first
    row_id = first_row.get_attribute("id")
    first_row.get_by_role("button", name="Keep").click()
    expect(page.locator(f"#{row_id}")).to_contain_text("Kept")
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
    page.locator(f"#{row_id}").get_by_role("button", name="Remove").click()
    expect(page.locator(f"#{row_id}")).to_contain_text("Removed")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{backend}-compliance-redactions.png"), full_page=True)
    with app.app_context():
        evidence = db.session.scalar(select(EvidenceFile))
        assert [d.decision for d in evidence.decisions] == ["accepted"]
    page.goto(f"/cases/{reference}/compliance")
    expect(page.get_by_role("heading", name="Compliance", exact=True)).to_be_visible()
    assert "OFFICIAL-SENSITIVE" in page.title()
    page.screenshot(path=str(SCREENS / f"{backend}-compliance-section.png"), full_page=True)
    page.goto(f"/cases/{reference}/compliance/breach?breach={breach_id}")
    page.screenshot(path=str(SCREENS / f"{backend}-compliance-breach.png"), full_page=True)
