from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from factories import gen_case, gen_cover, gen_user, login
from form_testing import errors
from webapp.extensions import db
from webapp.models import AuditRecord, Case

GOOD = {
    "source": "officer", "area_id": "1", "referring_officer": "PC Ford 6305",
    "first_name": "Andrea", "last_name": "Horton", "date_of_birth": ["14", "2", "1991"],
    "address_line1": "12 Mill Lane", "town": "Northgate", "postcode": "NG1 4AB",
    "offence_key": "theft_shop", "wording": "Theft from a shop", "mode_of_trial": "either_way",
    "gravity_score": "2", "offence_date": ["1", "9", "2026"], "location": "Mega Stores, High St",
    "victims-0-first_name": "", "victims-0-last_name": "Mega Stores Ltd", "victims-0-views": "supports_oocd",
}




def test_referral_with_a_victim_is_created_and_on_the_timeline(app, client, caseworker):
    response = client.post("/cases/new", data=GOOD)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Andrea Horton" in page and "Mega Stores Ltd" in page and "Referral received" in page
    assert "OFFICIAL-SENSITIVE" in page
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert re.fullmatch(r"OC\d\d-\d{6}", case.reference)
        assert case.caseworker_id == caseworker.id  # a caseworker's own referral is theirs
        assert not case.is_high_risk  # either-way at gravity 2: not above the force's escalation level
        actions = {(a.action, a.record_type) for a in db.session.scalars(select(AuditRecord))}
        assert ("collect", "case") in actions and ("consult", "case") in actions


def test_a_seventeen_year_olds_referral_is_taken_and_points_to_the_youth_offending_team_panel(app, client, caseworker):
    today = date.today()
    born = ["1", "1", str(today.year - 17)]
    offence = [str(today.day), str(today.month), str(today.year)]
    response = client.post("/cases/new", data={**GOOD, "date_of_birth": born, "offence_date": offence})
    assert response.status_code == 302, errors(response)
    page = client.get(response.headers["Location"]).text
    assert "the case goes to a joint decision with the Youth Offending Team" in page
    assert "/youth-panel" in page


@pytest.mark.parametrize("change, message", [
    ({"offence_date": ["1", "9", str(date.today().year + 1)]}, "The date of the offence must be today or in the past"),
    ({"offence_date": ["31", "2", "2026"]}, "The date of the offence must be a real date"),
    ({"offence_date": ["1", "", "2026"]}, "The date of the offence must include a month"),
    ({"date_of_birth": ["1", "1", str(date.today().year - 9)]}, "The suspect was under 10 on the offence date"),
    ({"gravity_score": "5"}, "The gravity score must be between 1 and 4"),
    ({"gravity_score": "0"}, "The gravity score must be between 1 and 4"),
    ({"gravity_score": "two"}, "The gravity score must be a number from 1 to 4"),
    ({"first_name": ""}, "Enter the suspect's first name"),
    ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like SW1A 1AA"),
    ({"pnc_id": "rubbish"}, "Enter the PNC ID in the format YY/NNNNNNNL"),
    ({"source": "cps_diverted"}, "Enter the prosecutor's direction for a CPS-diverted case"),
    ({"intimate_partner": "y"}, "Tick domestic abuse as well"),
    ({"victims-0-first_name": "Ann", "victims-0-last_name": ""}, "Enter the victim's last name"),
])
def test_bad_referrals_get_clear_messages_and_keep_what_was_typed(app, client, caseworker, change, message):
    data = {**GOOD, **change}
    response = client.post("/cases/new", data=data)
    assert response.status_code == 422
    assert any(e.replace("&#39;", "'").startswith(message) for e in errors(response)), errors(response)
    assert 'value="Andrea"' in response.text or change.get("first_name") == ""
    assert 'value="12 Mill Lane"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Case)) is None


def test_add_another_victim_keeps_everything_typed(app, client, caseworker):
    response = client.post("/cases/new", data={**GOOD, "add_victim": "Add another victim"})
    assert response.status_code == 200
    assert "Victim 2" in response.text and 'value="Mega Stores Ltd"' in response.text
    assert not errors(response)


def test_offence_catalogue_fills_in_defaults(app, client, caseworker):
    fragment = client.get("/cases/offence-defaults?offence_key=robbery", headers={"HX-Request": "true"}).text
    assert 'value="Robbery"' in fragment
    assert re.search(r'value="indictable_only"\s+checked', fragment)
    assert 'value="4"' in fragment


def test_search_by_part_of_the_name_reference_or_offence(app, client, caseworker):
    with app.app_context():
        target = gen_case(first_name="Ronald", last_name="Elliott", wording="Criminal damage")
        gen_case(first_name="Cheryl", last_name="Patel", wording="Theft from a shop")
    for q in ("elli", "RONALD ell", target.reference, "criminal dam"):
        page = client.get("/cases", query_string={"q": q}).text
        assert "Ronald Elliott" in page and "Cheryl Patel" not in page, q
    page = client.get("/cases", query_string={"q": "nobody-like-this"}).text
    assert "No cases match" in page


def test_search_treats_like_wildcards_literally(app, client, caseworker):
    with app.app_context():
        gen_case(last_name="Smith")
    assert "No cases match" in client.get("/cases", query_string={"q": "%"}).text
    assert "No cases match" in client.get("/cases", query_string={"q": "_"}).text


def test_htmx_search_returns_only_the_results_fragment(app, client, caseworker):
    with app.app_context():
        gen_case(last_name="Fragmentson")
    response = client.get("/cases?q=fragment", headers={"HX-Request": "true", "HX-Target": "case-results"})
    assert 'id="case-results"' not in response.text  # swapped into the page's own #case-results
    assert "<html" not in response.text and "Fragmentson" in response.text
    assert "HX-Request" in response.headers.get("Vary", "")
    full = client.get("/cases?q=fragment")
    assert "<html" in full.text and "Fragmentson" in full.text


def test_filters_status_flags_area_and_my_cases(app, client, caseworker):
    with app.app_context():
        other = gen_user("caseworker", username="other")
        gen_case(last_name="Mine", caseworker=caseworker, status="screening", gravity_score=3)
        gen_case(last_name="Theirs", caseworker=other, status="completed", area_code="E")
        gen_cover(caseworker, "E")  # East's cases are listed for a North caseworker covering East
        gen_case(last_name="Abuse", domestic_abuse=True, mode_of_trial="summary", status="referred")
        gen_case(last_name="Calm", mode_of_trial="summary", status="referred")
    def names(**params):
        page = client.get("/cases", query_string=params).text
        return {n for n in ("Mine", "Theirs", "Abuse", "Calm") if f"Jane {n}" in page}
    assert names(mine=1) == {"Mine"}
    assert names(status="completed") == {"Theirs"}
    assert names(flag="domestic_abuse") == {"Abuse"}
    # Either-way offences are escalated only above the force's gravity level (2): Theirs (score 2) is not.
    assert names(flag="high_risk") == {"Mine", "Abuse"}
    e_area = client.get("/cases", query_string={"area": "2"}).text
    assert "Jane Theirs" in e_area and "Jane Mine" not in e_area
    assert "Remove this filter" in client.get("/cases?status=completed").text


def test_sort_and_paginate(app, client, caseworker, monkeypatch):
    monkeypatch.setitem(app.config, "CASES_PER_PAGE", 2)
    with app.app_context():
        for name in ("Adams", "Brown", "Clark", "Davis", "Evans"):
            gen_case(last_name=name)
    page1 = client.get("/cases?sort=name&dir=asc").text
    assert page1.index("Jane Adams") < page1.index("Jane Brown") and "Jane Clark" not in page1
    assert "Showing <b>1</b> to <b>2</b> of <b>5</b>" in page1
    page3 = client.get("/cases?sort=name&dir=asc&page=3").text
    assert "Jane Evans" in page3 and "Jane Adams" not in page3
    desc = client.get("/cases?sort=name&dir=desc").text
    assert "Jane Evans" in desc and "Jane Adams" not in desc
    assert 'aria-sort="descending"' in desc


def test_case_page_shows_flags_for_high_risk_cases(app, client, caseworker):
    with app.app_context():
        case = gen_case(domestic_abuse=True, hate_crime=True, mode_of_trial="summary")
    page = client.get(f"/cases/{case.reference}").text
    assert "Domestic abuse" in page and "Hate crime" in page and "High-risk referral" in page


def test_unknown_case_is_404(app, client, caseworker):
    assert client.get("/cases/OC26-999999").status_code == 404


def test_escalation_queue_lists_open_high_risk_cases_for_supervisors(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor", username="sup")
        risky = gen_case(last_name="Risky", hate_crime=True, mode_of_trial="summary")
        gen_case(last_name="Lowrisk", mode_of_trial="summary")
        gen_case(last_name="Finished", hate_crime=True, mode_of_trial="summary", status="completed")
    login(client, supervisor)
    page = client.get("/cases/escalations").text
    assert risky.reference in page and "Jane Lowrisk" not in page and "Jane Finished" not in page



def test_escalation_queue_reads_each_cases_screening_with_the_page_not_per_row(app, client):
    """Why a case is escalated depends on its screening's score: loaded with the list, the statements
    do not grow with the cases shown (at 200 rows it was a query apiece)."""
    from sqlalchemy import event

    def statements() -> int:
        seen = []
        with app.app_context():
            listener = lambda *args: seen.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get("/cases/escalations").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    with app.app_context():
        supervisor = gen_user("supervisor", username="sup")
        gen_case(last_name="First", hate_crime=True, mode_of_trial="summary")
    login(client, supervisor)
    client.get("/cases/escalations")  # settings and the like cached alike
    one = statements()
    with app.app_context():
        for _ in range(5):
            gen_case(last_name="Later", hate_crime=True, mode_of_trial="summary")
    assert statements() == one

def test_update_assigns_and_moves_status_and_records_the_timeline(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/update",
                           data={"version": str(case.version), "caseworker_id": str(caseworker.id), "status": "screening", "note": "Starting"})
    assert response.status_code == 302
    page = client.get(f"/cases/{case.reference}").text
    assert "Status changed from Referred to Screening" in page and "Starting" in page
    with app.app_context():
        updated = db.session.get(Case, case.id)
        assert updated.status == "screening" and updated.caseworker_id == caseworker.id and updated.version == case.version + 1


def test_stale_edit_is_refused_not_silently_lost(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    first = client.post(f"/cases/{case.reference}/update", data={"version": str(case.version), "caseworker_id": "0", "status": "screening"})
    assert first.status_code == 302
    stale = client.post(f"/cases/{case.reference}/update", data={"version": str(case.version), "caseworker_id": "0", "status": "closed"})
    assert stale.status_code == 409
    assert "Someone else changed this case after you opened it" in stale.text
    with app.app_context():
        assert db.session.get(Case, case.id).status == "screening"


def test_unlawful_status_change_is_refused(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/update", data={"version": str(case.version), "caseworker_id": "0", "status": "completed"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Case, case.id).status == "referred"


def test_note_by_htmx_returns_the_timeline_fragment(app, client, caseworker):
    with app.app_context():
        case = gen_case()
    response = client.post(f"/cases/{case.reference}/notes", data={"note": "Phoned the officer"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="timeline"') and "Phoned the officer" in response.text
    empty = client.post(f"/cases/{case.reference}/notes", data={"note": ""}, headers={"HX-Request": "true"})
    assert "Enter the note" in empty.text
