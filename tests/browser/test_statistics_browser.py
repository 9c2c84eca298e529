"""Statistics in a real browser: charts drawn from their tables, filters applied by HTMX without a
full reload and kept in the address bar."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from browser_testing import mark_document, same_document
from factories import gen_case, gen_delivered, gen_user, sign_in
from webapp.extensions import db
from webapp.models import Area, Offence
from webapp.services import statistics

pytestmark = pytest.mark.browser


def test_supervisor_filters_to_one_area_and_quarter_and_the_charts_redraw(app, live_server, page):
    with app.app_context():
        gen_user("supervisor", username="stats-supervisor")
        for area, key, day in (("N", "theft_shop", date(2026, 8, 3)), ("E", "common_assault", date(2026, 8, 20))):
            case = gen_case(area_code=area)
            db.session.execute(update(Offence).where(Offence.case_id == case.id).values(offence_key=key))
            db.session.commit()
            gen_delivered(case, "community_resolution", delivered_on=day)
        statistics.refresh(today=date(2026, 11, 30))
        north = db.session.scalar(select(Area.id).where(Area.code == "N"))
    sign_in(page, "stats-supervisor")
    page.goto("/statistics?date_from=2026-07-01&date_to=2026-09-30")
    chart = page.locator('.app-chart[data-table="table-disposals_by_month"] canvas')
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    mark_document(page)
    page.select_option("#area", str(north))
    expect(page).to_have_url(f"{live_server.url}/statistics?date_from=2026-07-01&date_to=2026-09-30&area={north}"
                             "&disposal=&offence_group=")
    expect(page.locator("#table-disposals_by_area tbody")).to_contain_text("North")
    expect(page.locator("#table-disposals_by_offence_group tbody")).not_to_contain_text("Violence")
    assert same_document(page)  # swapped by HTMX, not a new page
    expect(page.locator('.app-chart[data-table="table-disposals_by_month"] canvas')).to_be_visible()
    page.problems.assert_none()


def test_without_javascript_the_tables_are_the_figures(app, live_server, page_without_js):
    with app.app_context():
        gen_user("supervisor", username="stats-nojs")
        gen_delivered(gen_case(), "community_resolution", delivered_on=date(2026, 8, 3))
        statistics.refresh(today=date(2026, 11, 30))
    sign_in(page_without_js, "stats-nojs")
    page_without_js.goto("/statistics?date_from=2026-07-01&date_to=2026-09-30")
    expect(page_without_js.locator("#table-disposals_by_month")).to_contain_text("Aug 2026")
    expect(page_without_js.locator(".app-chart").first).to_be_hidden()
