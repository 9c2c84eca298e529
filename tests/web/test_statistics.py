"""Statistics: counts rebuilt from the records, figures under filters, area scoping, downloads."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import select, update

from factories import gen_case, gen_delivered, gen_prosecution, gen_user, gen_victim_contact, login, login_as
from webapp.domain.statistics import Filters
from webapp.extensions import db
from webapp.models import Decision, Offence, Victim, VictimContact
from webapp.services import statistics as service

PERIOD = "date_from=2026-07-01&date_to=2026-12-31"


def _offence(case, key):
    db.session.execute(update(Offence).where(Offence.case_id == case.id).values(offence_key=key))
    db.session.commit()


def _records():
    north1, north2 = gen_case(area_code="N"), gen_case(area_code="N")
    east = gen_case(area_code="E")
    _offence(north1, "theft_shop"), _offence(north2, "common_assault"), _offence(east, "theft_shop")
    gen_delivered(north1, "community_resolution", delivered_on=date(2026, 8, 3))
    cc = gen_delivered(north2, "conditional_caution", delivered_on=date(2026, 9, 14))
    gen_prosecution(north2, cc)
    gen_delivered(east, "conditional_caution", delivered_on=date(2026, 9, 20))
    db.session.execute(update(Decision).where(Decision.case_id == north2.id).values(override_code="victim_wishes"))
    on_time = gen_victim_contact(north1, due_date=date(2026, 8, 10))
    db.session.execute(update(VictimContact).where(VictimContact.id == on_time.id)
                       .values(done_at=datetime(2026, 8, 9, 12), method="phone"))
    gen_victim_contact(north2, due_date=date(2026, 9, 1))  # never made
    db.session.execute(update(Victim).where(Victim.case_id == north1.id)
                       .values(rj_offered_on=date(2026, 8, 5), rj_response="accepted"))
    db.session.commit()
    service.refresh(today=date(2026, 11, 30))
    return north1, north2, east


def _table(key, **kw):
    values = {"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31), **kw}
    return service.figure(key, Filters(**values))


def test_counts_follow_the_records_and_the_filters(ctx):
    from webapp.models import Area
    _records()
    by_month = _table("disposals_by_month")
    assert by_month.columns == ["Community Resolution", "Conditional Caution"]
    rows = dict(by_month.rows)
    assert rows["Aug 2026"] == [1, 0] and rows["Sep 2026"] == [0, 2] and rows["Dec 2026"] == [0, 0]
    north = db.session.scalar(select(Area.id).where(Area.code == "N"))
    assert _table("disposals_by_month", area_id=north).total == 2
    assert _table("disposals_by_month", offence_group="Theft and handling").total == 2
    assert _table("disposals_by_month", disposal="conditional_caution").total == 2
    assert _table("disposals_by_month", date_from=date(2026, 9, 1)).total == 2
    groups = dict(_table("disposals_by_offence_group").rows)
    assert groups["Theft and handling"] == [1, 1] and groups["Violence against the person"] == [0, 1]
    conditions = dict(_table("conditions").rows)
    assert conditions["Sep 2026"][1] == 1  # the breached condition, by month delivered
    updates = dict(_table("victim_updates").rows)
    assert updates["Aug 2026"][0] == 1 and updates["Sep 2026"][2] == 1
    assert dict(_table("rj_uptake").rows)["Accepted"] == [1]
    overrides = _table("overrides")
    assert overrides.total == 1 and any(values == [1] for _, values in overrides.rows)
    days = _table("decision_days")
    assert days.total == 3 and "Average" in days.summary


def test_supervisor_page_filters_by_htmx_and_keeps_them_in_the_url(app, client):
    login_as(app, client, "supervisor")
    with app.app_context():
        _records()
    page = client.get(f"/statistics?{PERIOD}")
    assert page.status_code == 200 and "OFFICIAL-SENSITIVE" in page.text
    assert "Resolutions delivered each month, by type" in page.text and 'id="table-disposals_by_month"' in page.text
    assert "chart.umd.min.js" in page.text
    fragment = client.get(f"/statistics?{PERIOD}&disposal=community_resolution",
                          headers={"HX-Request": "true", "HX-Target": "statistics-results"})
    assert "<html" not in fragment.text and "Community Resolution" in fragment.text
    assert "format=csv" in fragment.text and "disposal=community_resolution" in fragment.text
    bad = client.get("/statistics?date_from=2026-12-01&date_to=2026-01-01")
    assert bad.status_code == 400 and "The start date must be on or before the end date" in bad.text


def test_clerks_see_their_own_area_only(app, client):
    login_as(app, client, "clerk", area_code="E")
    with app.app_context():
        _records()
    response = client.get(f"/statistics/download?figure=disposals_by_area&format=csv&{PERIOD}&area=1")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "Area"
    counted = {r[0]: sum(int(v) for v in r[1:]) for r in rows[1:]}
    assert sum(counted.values()) == 1  # the East case only, though the URL asked for another area
    with app.app_context():
        from webapp.models import Area
        assert counted[db.session.scalar(select(Area.name).where(Area.code == "E"))] == 1


def test_every_figure_downloads_as_csv_and_the_lot_as_xlsx(app, client):
    login_as(app, client, "supervisor")
    with app.app_context():
        _records()
    csv_response = client.get(f"/statistics/download?figure=disposals_by_month&format=csv&{PERIOD}")
    assert csv_response.mimetype == "text/csv" and csv_response.is_streamed
    lines = list(csv.reader(io.StringIO(csv_response.get_data(as_text=True))))
    assert lines[0] == ["Month", "Community Resolution", "Conditional Caution"] and ["Aug 2026", "1", "0"] in lines
    xlsx = client.get(f"/statistics/download?figure=all&format=xlsx&{PERIOD}")
    assert xlsx.mimetype == service.XLSX_MIME
    book = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True)
    assert len(book.sheetnames) == 11
    sheet = list(book["disposals_by_month"].iter_rows(values_only=True))
    assert sheet[0][0] == "OFFICIAL-SENSITIVE" and ("Aug 2026", 1, 0) in sheet
    assert client.get("/statistics/download?figure=nope&format=csv").status_code == 400


def test_a_download_left_unread_does_not_break_the_next_page(app, client):
    """A download streamed with its request kept that request current until read, so the next page
    found the user's session closed (DetachedInstanceError on current_user.area in the header)."""
    login_as(app, client, "supervisor")
    unread = client.get(f"/statistics/download?figure=all&format=xlsx&{PERIOD}")
    assert client.get("/statistics/data-quality").status_code == 200
    assert unread.status_code == 200


def test_supervisor_can_refresh_and_others_cannot_see_statistics(app, client):
    with app.app_context():
        supervisor, caseworker = gen_user("supervisor"), gen_user("caseworker")
        case = gen_case()
        gen_delivered(case, "community_resolution", delivered_on=date.today())
    login(client, supervisor)
    assert "have not been worked out yet" in client.get("/statistics").text
    client.post("/statistics/refresh")
    assert "Figures worked out" in client.get("/statistics").text
    client.post("/logout")
    login(client, caseworker)
    assert client.get("/statistics").status_code == 403
    assert client.get("/statistics/download?figure=all&format=xlsx").status_code == 403


def test_refresh_command(app):
    with app.app_context():
        gen_delivered(gen_case(), "community_resolution", delivered_on=date(2026, 8, 3))
    result = app.test_cli_runner().invoke(args=["statistics", "refresh"])
    assert result.exit_code == 0 and "count rows" in result.output


def test_reoffending_follows_people_across_cases(ctx):
    from factories import gen_suspect_case
    dob = date(1988, 3, 3)
    first = gen_suspect_case("Sam", "Reed", dob)
    gen_delivered(first, "community_resolution", delivered_on=date(2025, 2, 1))
    again = gen_suspect_case("Sam", "Reed", dob)
    db.session.execute(update(type(again)).where(type(again).id == again.id).values(
        suspect_id=first.suspect_id, created_at=datetime(2025, 9, 1, 10)))
    db.session.commit()
    gen_delivered(again, "conditional_caution", delivered_on=date(2025, 10, 1))
    other = gen_case()
    gen_delivered(other, "community_resolution", delivered_on=date(2025, 3, 1))
    recent = gen_case()
    gen_delivered(recent, "community_resolution", delivered_on=date(2026, 6, 1))  # not yet 12 months on
    service.refresh(today=date(2026, 11, 30))
    period = {"date_from": date(2025, 1, 1), "date_to": date(2026, 11, 30)}
    reoffending = dict(_table("reoffending", **period).rows)
    # Sam referred again within 12 months, the other not; June 2026's is under 12 months old, so not counted
    assert reoffending["Community Resolution"] == [1, 1]
    assert reoffending["Conditional Caution"] == [0, 1]
    assert "Method:" in _table("reoffending", **period).figure.note


def test_victim_satisfaction_is_counted_by_answer_and_area(ctx):
    from webapp.models import Area
    north, north2, east = _records()
    answers = {north.id: ("very_satisfied", date(2026, 10, 2)), north2.id: ("declined", date(2026, 10, 5)),
               east.id: ("dissatisfied", date(2026, 10, 9))}
    for case_id, (answer, day) in answers.items():
        db.session.execute(update(Victim).where(Victim.case_id == case_id)
                           .values(satisfaction=answer, satisfaction_recorded_on=day))
    db.session.commit()
    service.refresh(today=date(2026, 11, 30))
    table = _table("victim_satisfaction")
    rows = dict(table.rows)
    assert table.row_header == "Answer" and rows["Very satisfied"] == [1] and rows["Declined to say"] == [1]
    assert rows["Dissatisfied"] == [1] and rows["Satisfied"] == [0] and table.total == 3
    north_id = db.session.scalar(select(Area.id).where(Area.code == "N"))
    assert _table("victim_satisfaction", area_id=north_id).total == 2
    assert _table("victim_satisfaction", date_from=date(2026, 10, 6)).total == 1


def test_satisfaction_downloads_like_every_figure(app, client):
    login_as(app, client, "supervisor")
    with app.app_context():
        north, _, _ = _records()
        db.session.execute(update(Victim).where(Victim.case_id == north.id)
                           .values(satisfaction="satisfied", satisfaction_recorded_on=date(2026, 10, 2)))
        db.session.commit()
        service.refresh(today=date(2026, 11, 30))
    page = client.get(f"/statistics?{PERIOD}").text
    assert 'id="table-victim_satisfaction"' in page and "figure=victim_satisfaction" in page
    lines = list(csv.reader(io.StringIO(client.get(
        f"/statistics/download?figure=victim_satisfaction&format=csv&{PERIOD}").get_data(as_text=True))))
    assert lines[0] == ["Answer", "Victims"] and ["Satisfied", "1"] in lines


def test_first_time_entrants_count_each_persons_first_resolution_once(ctx):
    from factories import gen_suspect_case
    from webapp.models import Case
    dob = date(1991, 5, 5)
    first = gen_suspect_case("Ann", "Lee", dob)
    gen_delivered(first, "community_resolution", delivered_on=date(2026, 3, 10))  # before the period
    again = gen_suspect_case("Ann", "Lee", dob)
    db.session.execute(update(Case).where(Case.id == again.id).values(suspect_id=first.suspect_id))
    db.session.commit()
    gen_delivered(again, "conditional_caution", delivered_on=date(2026, 8, 1))  # Ann's second: not a first
    newcomer = gen_case()
    gen_delivered(newcomer, "conditional_caution", delivered_on=date(2026, 8, 20))
    twice = gen_case(area_code="E")
    gen_delivered(twice, "community_resolution", delivered_on=date(2026, 9, 2))
    gen_delivered(twice, "conditional_caution", delivered_on=date(2026, 9, 2))  # same day: one first, the earlier
    service.refresh(today=date(2026, 11, 30))
    table = _table("first_time_entrants")
    rows = dict(table.rows)
    assert table.columns == ["Community Resolution", "Conditional Caution"]
    assert rows["Aug 2026"] == [0, 1] and rows["Sep 2026"] == [1, 0] and table.total == 2
    assert _table("first_time_entrants", date_from=date(2026, 1, 1)).total == 3  # Ann's first, in March
    assert "Method:" in table.figure.note and "earliest" in table.figure.note


def test_refresh_reads_everything_before_its_one_short_write(ctx):
    """On SQLite a write transaction locks the whole database: the refresh must not hold it while it
    aggregates (INSERT ... SELECT did, for a minute at a million cases), so every read comes first."""
    from sqlalchemy import event
    _records()
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        made = service.refresh(today=date(2026, 11, 30))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    first_write = next(i for i, s in enumerate(statements) if s in ("INSERT", "DELETE", "UPDATE"))
    assert statements[first_write] == "DELETE" and first_write > 10
    assert all(s in ("INSERT", "DELETE", "UPDATE") for s in statements[first_write:])
    assert made.rows > 0 and made.rows == len(db.session.scalars(select(service.StatisticCount)).all())
