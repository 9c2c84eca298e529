"""User journeys in a real browser (Debian's Chromium via Playwright) against the app served over HTTP.

CSRF protection is on, as in production, so every form and every HTMX request here carries a real token.
"""
from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from browser_testing import fill_in, mark_document, same_document
from factories import gen_case, gen_cover, gen_user, sign_in
from webapp.extensions import db
from webapp.models import Case, OffenceType

pytestmark = pytest.mark.browser
# The known-bug tests below are about templates and dependencies, not the database: run them once.
SCREENS = Path("/tmp/oocr-screens")  # copies for people to look at
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CASE_URL = re.compile(r"/cases/OC\d{2}-\d{6}$")


def assert_marked(page) -> None:
    """The protective marking heads the page (before the header), and is in the title and footer."""
    markings = page.locator(".app-marking")
    assert markings.count() >= 1
    assert all(text.strip() == "OFFICIAL-SENSITIVE" for text in markings.all_inner_texts())
    assert markings.first.evaluate(
        "m => !!(m.compareDocumentPosition(document.querySelector('main')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    assert "OFFICIAL-SENSITIVE" in page.get_by_role("contentinfo").inner_text()
    assert page.title().endswith("OFFICIAL-SENSITIVE")


def screenshot(page, tmp_path, name: str, backend: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000, f"{name}.png is not a real screenshot"
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / f"{backend}-{name}.png")


# (a) intake and (b) live search, as one caseworker's morning.
def test_caseworker_records_a_referral_then_finds_it_with_live_search(app, live_server, page, backend, tmp_path):
    with app.app_context():
        gen_user("caseworker", username="casey", full_name="Casey Worker")
        gen_case(first_name="Oliver", last_name="Smith")
        gen_case(first_name="Amira", last_name="Khan", wording="Criminal damage")
        shop = db.session.get(OffenceType, "theft_shop")
        catalogue = {"wording": shop.wording, "mode": shop.mode_of_trial, "gravity": str(shop.default_gravity_score),
                     "legislation": shop.legislation}
    offence_day = date.today() - timedelta(days=12)

    # (a) sign in and open the intake form from the navigation
    sign_in(page, "casey")
    page.get_by_role("link", name="New referral").click()
    expect_heading(page, "New referral")

    page.get_by_label("Officer referral").check()
    assert page.locator("#area_id option:checked").inner_text() == "North"  # the caseworker's own area by default
    fill_in(page, {
        "referring_officer": "PC Ford 6305",
        "first_name": "Harriet",
        "last_name": "Quennell",
        "date_of_birth-day": "14",
        "date_of_birth-month": "3",
        "date_of_birth-year": "1988",
        "address_line1": "12 Mill Lane",
        "town": "Northgate",
        "postcode": "ng1 2ab",
        "pnc_id": "19/1234567X",
    })

    # picking from the catalogue fills the offence fields through HTMX, without reloading the form
    assert page.input_value("#wording") == ""
    assert page.input_value("#gravity_score") == ""
    assert page.locator("input[name=mode_of_trial]:checked").count() == 0
    mark_document(page)
    page.select_option("#offence_key", label=catalogue["wording"])
    page.locator("#offence-fields [role=status]").wait_for()
    assert catalogue["legislation"] in page.inner_text("#offence-fields [role=status]")
    assert page.input_value("#wording") == catalogue["wording"]
    assert page.locator("input[name=mode_of_trial]:checked").get_attribute("value") == catalogue["mode"]
    assert page.input_value("#gravity_score") == catalogue["gravity"]
    assert same_document(page)
    assert page.input_value("#first_name") == "Harriet"  # the swap touched only the offence fields

    fill_in(page, {
        "offence_date-day": str(offence_day.day),
        "offence_date-month": str(offence_day.month),
        "offence_date-year": str(offence_day.year),
        "location": "Northgate Co-op, High Street",
        "circumstances": "Took two bottles of whisky without paying.",
    })

    fill_in(page, {
        "victims-0-first_name": "",
        "victims-0-last_name": "Northgate Co-op",
        "victims-0-postcode": "NG1 1AA",
    })
    # a second victim: the form comes back with one more fieldset and everything typed kept
    page.get_by_role("button", name="Add another victim").click()
    page.locator("#victims-1-last_name").wait_for()
    assert page.input_value("#victims-0-last_name") == "Northgate Co-op"
    assert page.input_value("#last_name") == "Quennell"
    assert page.input_value("#wording") == catalogue["wording"]
    fill_in(page, {
        "victims-1-first_name": "Dev",
        "victims-1-last_name": "Patel",
        "victims-1-phone": "07700 900123",
    })
    page.get_by_label("Vulnerable victim").nth(1).check()

    page.get_by_role("button", name="Create referral").click()
    page.wait_for_url(CASE_URL)
    reference = page.url.rsplit("/", 1)[1]
    page.problems.assert_none()

    # the case page: suspect, victims, timeline entry, protective marking
    expect_heading(page, "Harriet Quennell")
    main = page.inner_text("main")
    assert f"Referral {reference} created" in main
    assert "12 Mill Lane, Northgate, NG1 2AB" in main
    assert "19/1234567X" in main
    assert catalogue["wording"] in main
    assert "Northgate Co-op" in main and "Dev Patel" in main
    assert "vulnerable" in main
    timeline = page.locator("#timeline")
    assert "Referral received" in timeline.inner_text()
    assert "by Casey Worker" in timeline.inner_text()
    assert "Victims: 2" in timeline.inner_text()
    assert_marked(page)
    screenshot(page, tmp_path, "case-page", backend)

    with app.app_context():
        saved = db.session.scalar(select(Case).where(Case.reference == reference))
        assert saved.suspect.last_name == "Quennell" and len(saved.victims) == 2

    # (b) the case list: typing (no Enter) narrows the results through HTMX and the URL follows
    page.get_by_role("link", name="Cases", exact=True).click()
    expect_heading(page, "Cases")
    # (selectors tolerate the nested #case-results bug: see test_live_search_keeps_one_results_region)
    status = page.locator("#case-results [role=status]")
    rows = page.locator("#case-results tbody tr")
    assert "3 cases" in status.inner_text() and rows.count() == 3
    mark_document(page)
    page.locator("#q").press_sequentially("Quenn", delay=40)
    page.wait_for_function("""() => [...document.querySelectorAll('#case-results [role=status]')]
                              .some(e => e.textContent.includes('1 case matching “Quenn”'))""")
    assert same_document(page), "the search reloaded the page instead of swapping the results"
    page.wait_for_url(re.compile(r"[?&]q=Quenn(&|$)"))
    assert rows.count() == 1
    assert "Harriet Quennell" in rows.first.inner_text()
    listed = page.inner_text("#case-results >> nth=0")
    assert "Smith" not in listed and "Khan" not in listed
    screenshot(page, tmp_path, "case-list", backend)

    rows.first.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**/cases/{reference}")
    expect_heading(page, "Harriet Quennell")

    # the pushed URL is a real page: loading it afresh shows the same filtered list
    page.goto("/cases?q=Quenn")
    assert page.locator("#case-results tbody tr").count() == 1
    assert page.input_value("#q") == "Quenn"
    page.problems.assert_none()


def expect_heading(page, text: str) -> None:
    """Waits (retrying) for the page's h1, so it is safe straight after a click that navigates."""
    expect(page.locator("h1").first).to_contain_text(text)


def test_live_search_keeps_one_results_region(app, live_server, page):
    with app.app_context():
        gen_user("caseworker", username="casey")
        gen_case(first_name="Oliver", last_name="Smith")
    sign_in(page, "casey")
    page.goto("/cases")
    page.locator("#q").press_sequentially("smi", delay=20)
    page.wait_for_url(re.compile(r"[?&]q=smi(&|$)"))
    page.locator("#case-results [role=status]").get_by_text("1 case matching").wait_for()
    assert page.locator("[id=case-results]").count() == 1
    # one live region, the results count: announcing the whole table on every keystroke would be noise
    assert page.locator("#case-results [role=status], #case-results [aria-live]").count() == 1


def make_cases(app, count: int) -> None:
    with app.app_context():
        gen_user("caseworker", username="casey")
        for i in range(count):
            gen_case(first_name=f"Person{i:02d}", last_name="Pager")


def test_pagination_pages_through_results_with_htmx_and_the_back_button(app, live_server, page):
    make_cases(app, 30)
    sign_in(page, "casey")
    page.goto("/cases")
    rows = page.locator("#case-results tbody tr")
    assert rows.count() == 25
    mark_document(page)
    # (matched by its text, so it survives a move to govukPagination, whose links are named "Page 2")
    page.locator("nav[aria-label=Pagination] a").filter(has_text=re.compile(r"^\s*2\s*$")).first.click()
    page.wait_for_url(re.compile(r"[?&]page=2(&|$)"))
    page.wait_for_function("document.querySelectorAll('#case-results tbody tr').length === 5")
    assert same_document(page), "the page link reloaded the page instead of swapping the results"
    assert "26 to 30 of 30" in page.inner_text("#case-results >> nth=0")
    page.go_back()
    page.wait_for_function("document.querySelectorAll('#case-results tbody tr').length === 25")
    assert "page=2" not in page.url
    page.problems.assert_none()


def test_pagination_is_styled(app, live_server, page):
    make_cases(app, 26)
    sign_in(page, "casey")
    page.goto("/cases")
    nav = page.locator("nav[aria-label=Pagination]").first
    assert nav.locator("ul").evaluate("e => getComputedStyle(e).listStyleType") == "none"


# (c) validation: error summary, links that move focus to the fields, nothing typed lost
def submit_intake_with_errors(page) -> None:
    page.goto("/cases/new")
    fill_in(page, {
        "first_name": "Aled",
        "referring_officer": "PC Jones 4410",
        "date_of_birth-day": "12",
        "date_of_birth-year": "1990",
        "postcode": "NOT A POSTCODE",
        "gravity_score": "9",
        "circumstances": "Kept after the error",
    })
    page.get_by_role("button", name="Create referral").click()
    page.locator(".govuk-error-summary").wait_for()


INTAKE_ERRORS = {  # message in the summary: id of the field its link must focus
    "Select where the referral came from": "source",
    "Enter the suspect's last name": "last_name",
    "Enter a real postcode, like SW1A 1AA": "postcode",
    "The gravity score must be between 1 and 4": "gravity_score",
    "Enter the offence wording": "wording",
    "Select the mode of trial": "mode_of_trial",
}
DATE_ERRORS = {  # date fields: the link must focus one of the field's day/month/year inputs
    "The date of birth must include a month": "date_of_birth",
    "Enter the date of the offence": "offence_date",
}


def test_intake_errors_show_the_summary_link_to_fields_and_keep_what_was_typed(app, live_server, page):
    with app.app_context():
        gen_user("clerk", username="chris")
    sign_in(page, "chris")
    submit_intake_with_errors(page)

    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert page.title().startswith("Error:")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    text = summary.inner_text()
    for message in [*INTAKE_ERRORS, *DATE_ERRORS]:
        assert message in text, f"{message!r} missing from the error summary:\n{text}"
    # each link moves keyboard focus to the field, which shows the same message beside it
    for message, field_id in INTAKE_ERRORS.items():
        summary.get_by_role("link", name=message).click()
        focused = page.evaluate("document.activeElement.id")
        assert focused == field_id, f"{message!r} moved focus to {focused!r}, not #{field_id}"
        group = page.locator(f"#{field_id}").locator("xpath=ancestor::div[contains(@class,'govuk-form-group')][1]")
        assert "govuk-form-group--error" in group.get_attribute("class")
        assert message in group.locator(".govuk-error-message").first.inner_text()
    for message, field_id in DATE_ERRORS.items():
        assert summary.get_by_role("link", name=message).get_attribute("href").startswith(f"#{field_id}")
        group = page.locator(f"#{field_id}").locator("xpath=ancestor::div[contains(@class,'govuk-form-group')][1]")
        assert "govuk-form-group--error" in group.get_attribute("class")
        assert message in group.locator(".govuk-error-message").first.inner_text()

    assert page.input_value("#first_name") == "Aled"
    assert page.input_value("#referring_officer") == "PC Jones 4410"
    assert page.input_value("#date_of_birth-day") == "12"
    assert page.input_value("#date_of_birth-month") == ""
    assert page.input_value("#date_of_birth-year") == "1990"
    assert page.input_value("#postcode") == "NOT A POSTCODE"
    assert page.input_value("#gravity_score") == "9"
    assert page.input_value("#circumstances") == "Kept after the error"
    with app.app_context():
        assert db.session.scalar(select(Case.id).limit(1)) is None  # nothing saved
    page.problems.assert_none()


def test_error_summary_links_to_dates_focus_a_date_input(app, live_server, page):
    with app.app_context():
        gen_user("clerk", username="chris")
    sign_in(page, "chris")
    submit_intake_with_errors(page)
    for message, field_id in DATE_ERRORS.items():
        page.locator(".govuk-error-summary").get_by_role("link", name=message).click()
        focused = page.evaluate("document.activeElement.id")
        assert focused in {f"{field_id}-day", f"{field_id}-month", f"{field_id}-year"}, (
            f"{message!r} moved focus to {focused!r}")


def test_pages_have_one_banner_main_and_contentinfo_landmark(app, live_server, page):
    """Screen-reader users move by landmarks: header, main and footer must each be there, once."""
    with app.app_context():
        gen_user("caseworker", username="casey")
    page.goto("/login")
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    sign_in(page, "casey")
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    assert page.get_by_role("navigation").filter(has=page.get_by_role("link", name="Cases", exact=True)).count() == 1


def test_referral_with_a_victim_email_is_saved(app, live_server, page):
    with app.app_context():
        gen_user("caseworker", username="casey")
    sign_in(page, "casey")
    page.goto("/cases/new")
    page.get_by_label("Officer referral").check()
    fill_in(page, {
        "referring_officer": "PC Ford 6305",
        "first_name": "Ena",
        "last_name": "Sharples",
    })
    for prefix, (d, m, y) in {"date_of_birth": (1, 2, 1970), "offence_date": (1, 2, date.today().year - 1)}.items():
        page.fill(f"#{prefix}-day", str(d))
        page.fill(f"#{prefix}-month", str(m))
        page.fill(f"#{prefix}-year", str(y))
    page.fill("#wording", "Criminal damage")
    page.get_by_label("Summary only").check()
    fill_in(page, {
        "gravity_score": "1",
        "victims-0-last_name": "Tanner",
        "victims-0-email": "elsie.tanner@example.com",
    })
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Create referral").click()
    assert navigation.value.status < 500 and CASE_URL.search(page.url), page.url


# (d) roles: a clerk is refused the admin pages with the 403 page, not a stack trace or a blank
def test_clerk_gets_the_403_page_for_user_admin(app, live_server, page):
    with app.app_context():
        gen_user("clerk", username="chris")
    sign_in(page, "chris")
    response = page.goto("/admin/users")
    assert response.status == 403
    expect_heading(page, "You do not have access to this page")
    assert "Ask a supervisor" in page.inner_text("main")
    assert page.get_by_role("link", name="Users").count() == 0  # not offered in the navigation either
    assert_marked(page)
    page.problems.assert_none()


# (e) keyboard: the skip link is the first Tab stop and takes focus to the main content
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(app, live_server, page):
    with app.app_context():
        gen_user("caseworker", username="casey")
    sign_in(page, "casey")
    page.goto("/cases")
    page.keyboard.press("Tab")
    focused = page.evaluate("({text: document.activeElement.textContent.trim(), cls: document.activeElement.className})")
    assert focused["text"] == "Skip to main content"
    assert "govuk-skip-link" in focused["cls"]
    assert page.locator(".govuk-skip-link").is_visible()  # visible when focused, for sighted keyboard users
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.url.endswith("#main-content")
    # the next Tab continues from the main content, past the header and navigation
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.problems.assert_none()


# (f) progressive enhancement: with JavaScript off, the search button, filters and notes still work
def test_search_filters_and_notes_work_without_javascript(app, live_server, page_without_js):
    page = page_without_js
    with app.app_context():
        casey = gen_user("caseworker", username="casey")
        gen_cover(casey, "E")  # a North caseworker sees East's and West's cases while covering them
        gen_cover(casey, "W")
        gen_case(first_name="Oliver", last_name="Smith")
        gen_case(first_name="Amira", last_name="Khan", area_code="E")
        gen_case(first_name="Bilal", last_name="Khanna", area_code="W")
    sign_in(page, "casey")
    page.goto("/cases")
    assert page.locator("#case-results tbody tr").count() == 3
    page.fill("#q", "khan")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q=khan(&|$)"))
    rows = page.locator("#case-results tbody tr")
    assert rows.count() == 2
    assert "Smith" not in page.inner_text("#case-results")
    assert "2 cases matching “khan”" in page.inner_text("#case-results")

    # a filter by the button, the search term kept
    page.get_by_label("West").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"[?&]area=\d+"))
    assert rows.count() == 1 and "Bilal Khanna" in rows.first.inner_text()
    assert page.input_value("#q") == "khan"

    # adding a note is an ordinary form post without JavaScript
    rows.first.get_by_role("link").first.click()
    page.wait_for_url(CASE_URL)
    page.fill("#note", "Phoned the victim; no answer.")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url(re.compile(r"/cases/OC\d{2}-\d{6}#timeline$"))
    assert "Phoned the victim; no answer." in page.inner_text("#timeline")
    page.problems.assert_none()


# (g) a note added through HTMX appears in the timeline without reloading the page
def test_note_is_added_to_the_timeline_without_a_reload(app, live_server, page, tmp_path):
    with app.app_context():
        gen_user("victim_liaison", username="val", full_name="Val Liaison")
        reference = gen_case(first_name="Oliver", last_name="Smith").reference
    sign_in(page, "val")
    page.goto(f"/cases/{reference}")
    timeline = page.locator("#timeline")
    assert timeline.locator(".moj-timeline__item").count() == 1
    mark_document(page)

    page.fill("#note", "Victim updated by phone: agrees to a community resolution.")
    page.get_by_role("button", name="Add note").click()
    timeline.locator(".moj-timeline__item").nth(1).wait_for()
    newest = timeline.locator(".moj-timeline__item").first
    assert "Note added" in newest.inner_text()
    assert "Victim updated by phone" in newest.inner_text() and "by Val Liaison" in newest.inner_text()
    assert page.input_value("#note") == ""  # the form comes back empty, ready for the next note
    assert same_document(page)

    # the swapped-in form still posts with a valid CSRF token; an empty note explains itself in place
    page.get_by_role("button", name="Add note").click()
    timeline.locator(".govuk-error-message").wait_for()
    assert "Enter the note" in timeline.locator(".govuk-error-message").inner_text()
    page.fill("#note", "Second note.")
    page.get_by_role("button", name="Add note").click()
    timeline.locator(".moj-timeline__item").nth(2).wait_for()
    assert "Second note." in timeline.locator(".moj-timeline__item").first.inner_text()
    assert same_document(page)
    assert "Your form expired" not in page.inner_text("body")
    page.problems.assert_none()
