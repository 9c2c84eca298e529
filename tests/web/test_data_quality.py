"""The data-quality report: each rule finds the records that break it, links to the fix, and keeps counts."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from factories import gen_case, gen_delivered, gen_screening, gen_user, gen_victim_contact, login
from webapp.extensions import db
from webapp.models import Case, Decision, Offence, Person, Screening
from webapp.models.person_link import PersonMatch
from webapp.models.statistics import DataQualityCount
from webapp.services import data_quality, statistics

TODAY = date(2026, 11, 30)


def _counts(area_id=None):
    return {f.check.key: f.count for f in data_quality.report(TODAY, area_id)}


def test_each_rule_finds_what_breaks_it_and_nothing_else(ctx):
    clean = gen_case(status="completed")
    gen_screening(clean)
    db.session.execute(update(Screening).where(Screening.case_id == clean.id).values(final_gravity_score=2))
    db.session.execute(update(Case).where(Case.id == clean.id).values(status="completed"))
    from webapp.models import Victim
    db.session.execute(update(Victim).where(Victim.case_id == clean.id)
                       .values(views="supports_oocd", views_recorded_on=date(2026, 9, 5)))
    gen_delivered(clean, "community_resolution", delivered_on=date(2026, 10, 1))
    db.session.commit()
    assert _counts() == dict.fromkeys(_counts(), 0)

    messy = gen_case()
    gen_delivered(messy, "community_resolution", delivered_on=date(2026, 10, 1))  # decided: no screening, no views
    db.session.execute(update(Decision).where(Decision.case_id == messy.id).values(rationale="  "))
    db.session.execute(update(Offence).where(Offence.case_id == messy.id).values(offence_date=date(2027, 1, 1)))
    db.session.execute(update(Person).where(Person.id == messy.suspect_id).values(date_of_birth=date(2020, 1, 1)))
    gen_victim_contact(messy, due_date=date(2026, 11, 1))
    db.session.add(PersonMatch(person_id=messy.suspect_id, candidate_id=clean.suspect_id, match_weight=9.0,
                               match_probability=0.998, fields={}))
    db.session.commit()
    counts = _counts()
    assert counts == {"missing_gravity": 1, "no_victim_view": 1, "decision_without_rationale": 1, "overdue_tasks": 1,
                      "impossible_dates": 2, "duplicate_people": 1}
    found = {f.check.key: f for f in data_quality.report(TODAY)}
    assert {p.reference for f in found.values() for p in f.problems} == {messy.reference}
    assert found["overdue_tasks"].problems[0].fix == "contacts"


def test_area_scoping_and_counts_over_time(ctx):
    messy = gen_case(area_code="E")
    gen_delivered(messy, "community_resolution")
    from webapp.models import Area
    north = db.session.scalar(select(Area.id).where(Area.code == "N"))
    assert _counts(north)["missing_gravity"] == 0 and _counts()["missing_gravity"] == 1
    statistics.refresh(today=TODAY)
    assert db.session.scalar(select(DataQualityCount.count).where(DataQualityCount.check_key == "missing_gravity")) == 1
    statistics.refresh(today=TODAY)  # the same day again replaces, never doubles
    assert len(db.session.scalars(select(DataQualityCount).where(DataQualityCount.day == TODAY)).all()) == 6
    assert data_quality.history(today=TODAY)[-1] == (TODAY, {c: v for c, v in _counts().items()})


def test_supervisor_report_links_each_record_to_its_fix(app, client):
    with app.app_context():
        supervisor, clerk = gen_user("supervisor"), gen_user("clerk")
        messy = gen_case()
        gen_delivered(messy, "community_resolution")
    login(client, supervisor)
    page = client.get("/statistics/data-quality")
    assert page.status_code == 200 and "OFFICIAL-SENSITIVE" in page.text
    assert f'href="/cases/{messy.reference}/screening"' in page.text
    assert f'href="/cases/{messy.reference}/victims/views"' in page.text
    client.post("/logout")
    login(client, clerk)
    assert client.get("/statistics/data-quality").status_code == 403


def test_the_report_lists_only_the_supervisors_areas(app, client):
    from factories import gen_cover
    with app.app_context():
        supervisor = gen_user("supervisor", area_code="N")
        north, east, west = gen_case(area_code="N"), gen_case(area_code="E"), gen_case(area_code="W")
        for case in (north, east, west):
            gen_delivered(case, "community_resolution")  # each decided without a screening
    login(client, supervisor)
    page = client.get("/statistics/data-quality").text
    assert north.reference in page and east.reference not in page and west.reference not in page
    assert "in the areas you work" in page and "Decided without a final gravity score (1)" in page
    with app.app_context():
        gen_cover(db.session.get(type(supervisor), supervisor.id), area_code="E")
    page = client.get("/statistics/data-quality").text
    assert east.reference in page and west.reference not in page  # cover adds the area, for a while


def test_a_supervisor_who_sees_every_area_gets_every_area(app, client, monkeypatch):
    with app.app_context():
        supervisor = gen_user("supervisor", area_code="N")
        east = gen_case(area_code="E")
        gen_delivered(east, "community_resolution")
    monkeypatch.setitem(app.config, "SUPERVISOR_CASE_ACCESS", "all")
    login(client, supervisor)
    page = client.get("/statistics/data-quality").text
    assert east.reference in page and "in the areas you work" not in page
