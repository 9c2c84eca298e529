"""Every page fits a 375 px phone: no sideways scrolling of the whole page.

Each role signs in on a phone-sized window and opens every page it may reach that needs no id (the
URL map says which), and every tab of one case. On a demo database (made through the pages and
services, like `scripts/start`), so lists and tables hold real rows, long names included. A wide
table may scroll inside its own box (and that box must be reachable by keyboard, so it can be
scrolled without a mouse); the page itself must not be wider than the screen.
"""
from __future__ import annotations

import pytest

from factories import PASSWORD, sign_in

pytestmark = pytest.mark.browser
WIDTH = 375
# The demo log-in for each role (webapp.demo.DEMO_USERS).
USERS = {"clerk": "clerk", "caseworker": "caseworker", "victim_liaison": "victim.liaison",
         "supervisor": "supervisor", "admin": "admin"}

# What sticks out past the right edge, for the failure message: the outermost such elements that are not
# inside a box that scrolls by itself, and positioned ones (a scrolling box only holds those it positions).
_OVERFLOWING = """width => {
  const out = [];
  const scroller = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return p; }
    return null; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect(), parent = el.parentElement;
    const outOfFlow = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    if (r.right > width + 0.5 && (outOfFlow || !scroller(el))
        && (outOfFlow || !(parent && parent.getBoundingClientRect().right > width + 0.5))) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
               ' right=' + Math.round(r.right) + ' "' + (el.innerText || '').slice(0, 60).replace(/\\s+/g, ' ') + '"');
    }
  }
  return out.slice(0, 5);
}"""


def _axe_rule(page, rule: str) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/assets/axe.min.js")
    result = page.evaluate("rule => axe.run(document, {runOnly: {type: 'rule', values: [rule]}})", rule)
    return [node["html"][:120] for v in result["violations"] for node in v["nodes"]]


def _pages_for(app, role: str, reference: str) -> list[str]:
    """GET pages `role` may open: those without an id, and the case's own pages."""
    paths = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        allowed = getattr(app.view_functions.get(rule.endpoint), "allowed_roles", None)
        if "GET" not in rule.methods or rule.endpoint == "static" or allowed == "public" or role not in (allowed or ()):
            continue
        if not rule.arguments:
            paths.append(rule.rule)
        elif set(rule.arguments) == {"reference"}:
            paths.append(rule.build({"reference": reference}, append_unknown=False)[1])
    return paths


@pytest.fixture
def demo(app, live_server, monkeypatch):
    """The demo database, and a case of the North caseworker's with a decision and documents."""
    from sqlalchemy import func, select

    from webapp.demo import seed_demo_data
    from webapp.extensions import db
    from webapp.models import Case, Decision, User

    # Every role opens the same case: answering "why are you opening this case?" is another test's subject.
    monkeypatch.setitem(live_server.app.config, "ASK_ACCESS_REASON", False)
    with app.app_context():
        seed_demo_data(cases=40, seed=7, password=PASSWORD, if_empty=False, echo=lambda _msg: None, recent=12)
        worker = db.session.scalar(select(User.id).where(User.username == "caseworker"))
        reference = db.session.scalar(
            select(Case.reference).join(Decision, Decision.case_id == Case.id)
            .where(Case.caseworker_id == worker).group_by(Case.reference).order_by(func.count(Decision.id).desc(),
                                                                                   Case.reference.desc()).limit(1))
        assert reference, "the demo has a decided case of the caseworker's"
    return reference


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # about templates and styles, not the database
def test_every_page_fits_a_phone_for_every_role(app, live_server, browser, demo):
    too_wide: dict[str, list[str]] = {}
    visited = 0
    for role, username in USERS.items():
        context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 800})
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in(page, username)
        for path in _pages_for(live_server.app, role, demo):
            head = context.request.get(path, max_redirects=0)
            if head.status >= 500:
                too_wide[f"{role} {path}"] = [f"answered {head.status}"]
                continue
            if "text/html" not in head.headers.get("content-type", ""):
                continue  # a download (CSV, zip, document): nothing to lay out
            response = page.goto(path)
            assert response is not None and response.status < 500, f"{role} {path}"
            visited += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide[f"{role} {path} ({width} px)"] = page.evaluate(_OVERFLOWING, WIDTH)
            # a table that scrolls in its own box must be reachable by keyboard to scroll it
            unreachable = _axe_rule(page, "scrollable-region-focusable")
            if unreachable:
                too_wide[f"{role} {path} (scrolls but cannot be reached by keyboard)"] = unreachable
        context.close()
    assert visited > 80, visited  # the walk really reached the pages
    assert not too_wide, "\n".join(f"{page}: {found}" for page, found in too_wide.items())
