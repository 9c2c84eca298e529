"""Numbers people (or attackers) type never become server errors; money is exact and bounded; a
stale victim form is refused instead of silently replacing what someone else saved."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from compliance_testing import case_with_conditions, condition_ids
from factories import gen_case, gen_user, login, login_as
from form_testing import errors
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Payment, Victim
from webapp.views import parse_id

HUGE = str(2**63)




@pytest.mark.parametrize("raw, expected", [
    ("12", 12), (" 7 ", 7), ("²", None), ("٣", None), ("1²", None), ("-1", None), ("0", None), ("", None),
    (None, None), (HUGE, None), (str(2**31), None), (str(2**31 - 1), 2**31 - 1), ("1e3", None), ("00012", 12),
])
def test_ids_from_requests_are_plain_bounded_numbers(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize("role, path", [
    ("caseworker", "/cases?page=²"), ("caseworker", "/cases?page=" + HUGE), ("caseworker", "/cases?area=²&area=" + HUGE),
    ("caseworker", "/cases?caseworker=" + HUGE), ("victim_liaison", "/victims/contacts?page=²&area=" + HUGE),
    ("supervisor", "/admin/audit?page=²"), ("supervisor", "/admin/audit?page=" + HUGE),
    ("caseworker", "/clinics?caseworker=" + HUGE),
])
def test_odd_numbers_in_lists_mean_the_first_page_not_an_error(app, client, role, path):
    login_as(app, client, role)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [
    "/cases/{ref}/compliance/complete?condition=" + HUGE, "/cases/{ref}/compliance/breach?breach=" + HUGE,
    "/cases/{ref}/compliance/bundle/download?bundle=" + HUGE, "/cases/{ref}/compliance/complete?condition=²",
    "/cases/{ref}/documents/download?document=" + HUGE, "/victims/contacts/record?contact=" + HUGE,
    "/victims/contacts/row?contact=" + HUGE, "/cases/{ref}/victims/views?victim=" + HUGE,
    "/compliance/attendance/upload?upload=" + HUGE, "/cases/{ref}/clinic/cancel?appointment=" + HUGE,
])
def test_ids_too_big_for_any_row_are_not_found(app, client, path):
    login_as(app, client, "supervisor")
    with app.app_context():
        ref = gen_case().reference
    assert client.get(path.format(ref=ref)).status_code == 404


def test_an_integer_route_with_a_huge_id_is_not_found(app, client):
    login_as(app, client, "admin")
    assert client.get(f"/admin/users/{HUGE}").status_code == 404
    assert client.get(f"/admin/users/{2**31}").status_code == 404


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize("amount, message", [
    ("   ", "Enter the amount paid"),
    ("1e30", "The amount paid must be £99,999,999.99 or less"),
    ("100000000", "The amount paid must be £99,999,999.99 or less"),
    ("NaN", "The amount paid must be an amount of money, like 45.50"),
    ("-5", "The amount paid must be more than £0"),
    ("12.345", "The amount paid must be in pounds and pence, like 45.50"),
])
def test_a_payment_amount_is_exact_and_bounded(app, client, amount, message):
    login_as(app, client, "clerk")
    with app.app_context():
        case = case_with_conditions(conditions=[
            {"kind": "reparative", "type": "compensation", "description": "Pay compensation",
             "amount": Decimal("120.00"), "due_date": date.today() + timedelta(days=9)}])
        [compensation_id] = condition_ids(case.id)
    today = date.today()
    response = client.post(f"/cases/{case.reference}/compliance/payment?condition={compensation_id}", data={
        "amount": amount, "paid_on": [str(today.day), str(today.month), str(today.year)],
        "reported_by": "Central Finance Unit"})
    assert response.status_code == 422 and message in errors(response), errors(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Payment.id))) == 0


def test_the_largest_amount_is_kept_to_the_penny(app, client):
    login_as(app, client, "clerk")
    with app.app_context():
        case = case_with_conditions(conditions=[
            {"kind": "reparative", "type": "compensation", "description": "Pay compensation",
             "amount": Decimal("99999999.99"), "due_date": date.today() + timedelta(days=9)}])
        [compensation_id] = condition_ids(case.id)
    today = date.today()
    response = client.post(f"/cases/{case.reference}/compliance/payment?condition={compensation_id}", data={
        "amount": "£99,999,999.98", "paid_on": [str(today.day), str(today.month), str(today.year)],
        "reported_by": "Central Finance Unit"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Payment.amount)) == Decimal("99999999.98")


# --------------------------------------------------------------------------- a stale victim form


VIEWS = {"obtained_on": ["2", "3", "2026"], "method": "phone"}


def test_a_stale_victim_form_is_refused_and_keeps_what_was_saved(app, client):
    login_as(app, client, "victim_liaison")
    with app.app_context():
        case = gen_case()
        victim_id = db.session.scalar(select(Victim.id).where(Victim.case_id == case.id))
    url = f"/cases/{case.reference}/victims/views?victim={victim_id}"
    opened = client.get(url).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', opened).group(1)
    # Someone else records the victim's views in the meantime.
    other = app.test_client()
    login_as(app, other, "caseworker")
    first = other.post(url, data={**VIEWS, "views": "opposes_oocd", "notes": "Opposes: wants it to go to court.",
                                  "version": version})
    assert first.status_code == 302
    stale = client.post(url, data={**VIEWS, "views": "supports_oocd", "notes": "Supports a caution.",
                                   "version": version})
    assert stale.status_code == 409
    assert "Someone else changed this case after you opened it" in unescape(stale.text)
    assert "Supports a caution." in unescape(stale.text)  # nothing typed is lost
    with app.app_context():
        victim = db.session.get(Victim, victim_id)
        assert victim.views == "opposes_oocd" and victim.views_notes.startswith("Opposes")
        assert victim.version == int(version) + 1
    fresh = re.search(r'name="version" type="hidden" value="(\d+)"', stale.text).group(1)
    saved = client.post(url, data={**VIEWS, "views": "supports_oocd", "notes": "Supports now.", "version": fresh})
    assert saved.status_code == 302


# --------------------------------------------------------------------------- the same on the newer pages


@pytest.mark.parametrize("role, method, path, data, expected", [
    ("caseworker", "GET", "/clinics/week?caseworker=²", None, 200),
    ("caseworker", "GET", "/clinics/week?caseworker=" + HUGE, None, 200),
    ("supervisor", "GET", "/statistics?area=²", None, 400),  # not a choice: refused, not a crash
    ("supervisor", "GET", "/outcomes/export?export=²", None, 404),
    ("supervisor", "GET", "/outcomes/export?export=" + HUGE, None, 404),
    ("supervisor", "GET", "/outcomes?page=²", None, 200),
    ("supervisor", "POST", "/outcomes/recorded", {"outcome": "decision-²"}, 404),
    ("supervisor", "POST", "/outcomes/recorded", {"outcome": "decision-" + HUGE}, 404),
    ("caseworker", "POST", "/cases/{ref}/people", {"candidate": "²", "merge": "y"}, 400),
    ("caseworker", "POST", "/cases/{ref}/people", {"candidate": HUGE, "reject": "y"}, 400),
    ("caseworker", "POST", "/cases/{ref}/people/undo", {"merge_id": "²"}, 400),
    ("admin", "POST", "/admin/community-remedy/active", {"action": HUGE}, 404),
    ("admin", "POST", "/admin/templates/activate", {"kind": "conditional_caution_notice", "version": "²"}, 400),
])
def test_newer_pages_answer_odd_numbers_without_a_server_error(app, client, role, method, path, data, expected):
    login_as(app, client, role)
    with app.app_context():
        ref = gen_case().reference
    response = client.open(path.format(ref=ref), method=method, data=data)
    assert response.status_code == expected


def test_a_nul_character_is_never_a_database_error(app, client):
    """PostgreSQL refuses NUL in text (the fuzzer's find on the sign-in page); it is dropped instead."""
    refused = client.post("/login", data={"username": "\x00", "password": "x"})
    assert refused.status_code in (200, 401, 422, 429)
    with app.app_context():
        caseworker = gen_user("caseworker", username="nul-cw")
        case = gen_case()
    login(client, caseworker)
    assert client.post(f"/cases/{case.reference}/notes", data={"note": "Phoned\x00 the victim"}).status_code == 302
    with app.app_context():
        from webapp.models import CaseEvent
        notes = db.session.scalars(select(CaseEvent.detail).where(CaseEvent.kind == "note")).all()
        assert notes in (["Phoned the victim"], ["Phoned\x00 the victim"])  # dropped on PostgreSQL only
