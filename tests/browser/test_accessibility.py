"""axe-core (from npm, served at /assets/axe.min.js) over the pages each role can reach, error states included,
and the browser's own report of anything the content security policy refused.

Every role signs in and visits each page its service navigation offers, a case it works on and that
case's tabs; signed out, the sign-in page with and without errors. Violations are listed per page.
"""
from __future__ import annotations

import json
import warnings

import pytest

from factories import gen_case, gen_user, sign_in

pytestmark = pytest.mark.browser
ROLES = ("clerk", "caseworker", "victim_liaison", "supervisor", "admin")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
# A fault that cannot be fixed at once is listed here as (rule, part of the page's
# path). Printed as warnings on every run; delete an entry once its page is fixed. Anything else fails.
KNOWN: dict[tuple[str, str], str] = {}


def _axe(page) -> list[dict]:
    """Run axe on the page as it stands; one entry per violation and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/assets/axe.min.js")  # same origin: allowed by the content security policy
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [{"rule": v["id"], "impact": v["impact"], "target": node["target"], "html": node["html"][:160]}
            for v in result["violations"] for node in v["nodes"]]


def _links(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(a => a.getAttribute('href'))")


def _walk(page, start_paths: list[str], checked: set[str]) -> dict[str, list[dict]]:
    """Visit the start pages and every page their navigation leads to. axe runs on the first page (this
    role's header and navigation) and on each page no earlier role had checked: the rest is the same template."""
    found: dict[str, list[dict]] = {}
    seen: set[str] = set()
    queue = list(start_paths)
    while queue:
        path = queue.pop(0)
        if path in seen or not path.startswith("/"):
            continue
        seen.add(path)
        response = page.goto(path)
        assert response.status < 500, f"{path} answered {response.status}"
        if not found or path not in checked:
            found[path] = _axe(page)
            checked.add(path)
        queue.extend(href for href in _links(page, ".govuk-service-navigation a, .moj-sub-navigation a")
                     if href and href.startswith("/") and href not in seen)
    return found


def _report(results: dict[str, list[dict]]) -> str:
    return json.dumps({path: v for path, v in results.items() if v}, indent=1)


def _known(page_key: str, rule: str) -> str | None:
    return next((why for (known_rule, part), why in KNOWN.items() if rule == known_rule and part in page_key), None)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # about templates, not the database: once
def test_axe_finds_nothing_on_the_pages_each_role_reaches(app, live_server, browser, tmp_path):
    with app.app_context():
        users = {role: gen_user(role, username=f"axe-{role}", full_name=f"Axe {role.title()}") for role in ROLES}
        reference = gen_case(caseworker=users["caseworker"]).reference
    results: dict[str, list[dict]] = {}
    csp_refusals: list[str] = []
    checked: set[str] = set()
    for role in (None, *ROLES):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.on("console", lambda m: csp_refusals.append(m.text) if "Content Security Policy" in m.text else None)
        if role is None:
            page.goto("/login")
            results["signed out /login"] = _axe(page)
            page.get_by_role("button", name="Sign in").click()  # empty: the error summary
            results["signed out /login with errors"] = _axe(page)
        else:
            sign_in(page, users[role].username)
            start = [page.url.removeprefix(live_server.url)] + ([f"/cases/{reference}"] if role != "admin" else [])
            for path, violations in _walk(page, start, checked).items():
                results[f"{role} {path}"] = violations
            page.goto("/no-such-page")
            results[f"{role} 404"] = _axe(page)
        context.close()
    assert len(results) > 20, sorted(results)  # the walk really reached the pages
    assert not csp_refusals, csp_refusals
    unexpected = {page: [v for v in found if not _known(page, v["rule"])] for page, found in results.items()}
    for page, found in results.items():
        for v in found:
            if _known(page, v["rule"]):
                warnings.warn(f"known accessibility fault on {page}: {_known(page, v['rule'])} {v['target']}")
    assert not any(unexpected.values()), _report(unexpected)


def test_the_marking_is_first_and_last_and_inside_landmarks(app, live_server, page):
    page.goto("/login")
    top = page.get_by_role("region", name="Protective marking")
    assert top.inner_text().strip() == "OFFICIAL-SENSITIVE"
    assert top.evaluate("m => !!(m.compareDocumentPosition(document.querySelector('[role=banner]')) "
                        "& Node.DOCUMENT_POSITION_FOLLOWING)")
    bottom = page.get_by_role("contentinfo").locator(".app-marking")
    assert bottom.inner_text().strip() == "OFFICIAL-SENSITIVE"
    assert bottom.evaluate("m => m === [...document.querySelectorAll('body *')].filter(e => e.offsetParent && "
                           "e.tagName !== 'SCRIPT').pop()")  # nothing shown after it
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")  # js-enabled.js ran
