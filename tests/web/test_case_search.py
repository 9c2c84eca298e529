"""The case list's search: what it finds, the order it lists, its capped count, and input that looks like syntax.

On SQLite terms of three letters or more are answered by the FTS5 trigram index that triggers keep in
step with `cases` (webapp/models/search_index.py); on PostgreSQL by LIKE over the trigram GIN index.
The same tests run on both, so the two paths must agree.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from factories import gen_case
from webapp.cases import queries
from webapp.cases.queries import CaseFilter, search_cases
from webapp.extensions import db
from webapp.models import Area, Case, Person

HX = {"HX-Request": "true", "HX-Target": "case-results"}



def _ids(q: str, **kw) -> list[int]:
    return [c.id for c in search_cases(CaseFilter(q=q, **kw), per_page=100).rows]


def _set_created(case_id: int, when: datetime) -> None:
    db.session.get(Case, case_id).created_at = when
    db.session.commit()


@pytest.mark.parametrize("q", ['OOCR-2023-0004', '"', '""', '*', 'AND', 'OR NOT', 'NEAR(', 'NEAR(smith, 2)', 'smi*',
                               'a"b"c', "o'brien", '-', '^sm', '(((', '\\', 'col:smith', '+', '{search_text}'])
def test_input_that_looks_like_query_syntax_is_searched_as_text(app, client, caseworker, q):
    with app.app_context():
        gen_case(last_name="Smith")
    response = client.get("/cases", query_string={"q": q}, headers=HX)
    assert response.status_code == 200
    assert "app-search-status" in response.text


def test_reference_with_hyphens_and_quotes_in_names_are_found(app, client, caseworker):
    with app.app_context():
        target = gen_case(first_name="Siobhan", last_name='O\'Brien "Bree"', wording="Criminal damage")
        gen_case(last_name="Patel")
    for q in (target.reference, target.reference.lower()[2:], "o'brien", '"bree"', "siobhan o'b"):
        page = client.get("/cases", query_string={"q": q}, headers=HX).text
        assert target.reference in page and "Patel" not in page, q


def test_newest_referral_is_listed_first_whatever_the_case_ids(ctx):
    older, newer, newest = (gen_case(last_name="Hartley") for _ in range(3))
    gen_case(last_name="Nobody")
    base = datetime(2026, 6, 1, 9, 0, 0)
    # ids and referral times disagree (as in bulk-loaded data): the list follows the referral time
    _set_created(newest.id, base - timedelta(days=1))
    _set_created(older.id, base - timedelta(days=30))
    _set_created(newer.id, base - timedelta(days=10))
    assert _ids("hartley") == [newest.id, newer.id, older.id]
    assert [c.id for c in search_cases(CaseFilter(q="hartley", direction="asc"), per_page=2).rows] == [older.id, newer.id]
    second = search_cases(CaseFilter(q="hartley"), page=2, per_page=2)
    assert [c.id for c in second.rows] == [older.id] and second.total == 3


def test_index_follows_edits_and_deletions(ctx):
    case = gen_case(first_name="Ronald", last_name="Elliott")
    assert _ids("elliott") == [case.id]
    loaded = db.session.get(Case, case.id)
    loaded.suspect.last_name = "Ellison"
    loaded.refresh_derived()
    db.session.commit()
    assert _ids("elliott") == [] and _ids("ellison") == [case.id]
    db.session.delete(db.session.get(Case, case.id))
    db.session.commit()
    assert _ids("ellison") == [] and search_cases(CaseFilter(q="ellison")).total == 0


def test_rows_inserted_in_bulk_are_found(ctx):
    """The demo seeder's path: core INSERT ... executemany, no ORM events."""
    area = db.session.scalar(select(Area).where(Area.code == "N"))
    person = Person(first_name="Bulk", last_name="Loaded", date_of_birth=date(1980, 1, 1))
    db.session.add(person)
    db.session.flush()
    now = datetime(2026, 1, 5, 10, 0)
    db.session.execute(insert(Case), [
        {"reference": f"BULK-{i}", "area_id": area.id, "suspect_id": person.id, "source": "officer",
         "search_text": f"bulk-{i} bulk loaded {'theft' if i % 2 else 'assault'}", "created_at": now + timedelta(minutes=i)}
        for i in range(6)])
    db.session.commit()
    found = search_cases(CaseFilter(q="loaded theft"), per_page=10).rows
    assert [c.reference for c in found] == ["BULK-5", "BULK-3", "BULK-1"]


def test_search_agrees_with_a_plain_scan_of_the_records(ctx):
    """Random names, words and referral times: every query lists exactly the cases a plain scan finds, newest first."""
    rnd = random.Random(7)
    surnames = ["Smith", "Smithson", "Taylor", "Tay", "Naylor", "Ash", "Nash", "Ashworth"]
    wordings = ["Theft from a shop", "Theft", "Common assault", "Criminal damage", "Assault by beating"]
    made = [gen_case(first_name=rnd.choice(["Al", "Jo", "Amy"]), last_name=rnd.choice(surnames),
                     wording=rnd.choice(wordings), status=rnd.choice(["referred", "screening"])) for _ in range(24)]
    base = datetime(2026, 3, 1, 12, 0, 0)
    for case in made:
        _set_created(case.id, base - timedelta(minutes=rnd.randint(0, 50_000)))
    rows = {c.id: c for c in db.session.scalars(select(Case))}
    for q in ("smi", "tay", "ash", "theft", "theft sho", "as", "jo ash", "a", "oc26", "zzz", "al t", "lor ass"):
        for statuses in ([], ["screening"]):
            terms = q.split()
            expected = sorted((c for c in rows.values()
                               if all(t in c.search_text for t in terms) and (not statuses or c.status in statuses)),
                              key=lambda c: (c.created_at, c.id), reverse=True)
            result = search_cases(CaseFilter(q=q, statuses=statuses), per_page=100)
            assert [c.id for c in result.rows] == [c.id for c in expected], (q, statuses)
            assert result.total == len(expected) and not result.capped


def test_count_of_a_common_search_stops_at_the_cap_and_says_so(app, client, caseworker, monkeypatch):
    monkeypatch.setattr(queries, "MATCH_CAP", 3)
    with app.app_context():
        for _ in range(5):
            gen_case(last_name="Common")
        gen_case(last_name="Rare")
    page = client.get("/cases", query_string={"q": "common"}, headers=HX).text
    assert "More than 3 cases match “common”" in page
    assert "The first 3 in this order are listed" in page and "the first <b>3</b> results" in page
    assert page.count("Jane Common") == 3  # 3 listed (one page of 25 holds all the cap allows)
    page = client.get("/cases", query_string={"q": "rare"}, headers=HX).text
    assert "1 case matching “rare”" in page and "More than" not in page
    page = client.get("/cases", headers=HX).text  # the list as opened is counted the same way
    assert "More than 3 cases. The first 3 in this order are listed: search or filter to narrow the list" in page
    page = client.get("/cases", query_string={"status": "screening"}, headers=HX).text
    assert "No cases match" in page and "More than" not in page


def _scan(rows: dict, q: str, area_ids=None, descending=True, statuses=()) -> list[int]:
    """What a plain scan of the records finds, in list order."""
    found = [c for c in rows.values() if all(t in c.search_text for t in q.lower().split())
             and (area_ids is None or c.area_id in area_ids) and (not statuses or c.status in statuses)]
    return [c.id for c in sorted(found, key=lambda c: (c.created_at, c.id), reverse=descending)]


@pytest.mark.parametrize("window", [2, 5, 1000])
def test_every_way_of_finding_the_page_lists_what_a_scan_finds(ctx, monkeypatch, window):
    """The newest cases are read first (RECENT_WINDOW of them), then the trigram index, then a sort of
    every match: small windows and caps force each of those steps, and each must agree with a scan."""
    monkeypatch.setattr(queries, "RECENT_WINDOW", window)
    monkeypatch.setattr(queries, "MATCH_CAP", 6)
    rnd = random.Random(11)
    north = db.session.scalar(select(Area.id).where(Area.code == "N"))
    made = [gen_case(first_name=rnd.choice(["Al", "Jo"]), last_name=rnd.choice(["Smith", "Taylor", "Ash"]),
                     wording=rnd.choice(["Theft", "Common assault"]), area_code=rnd.choice(["N", "E"]),
                     status=rnd.choice(["referred", "screening"]))
            for _ in range(20)]
    base = datetime(2026, 3, 1, 12, 0, 0)
    for case in made:
        _set_created(case.id, base - timedelta(minutes=rnd.randint(0, 50_000)))
    rows = {c.id: c for c in db.session.scalars(select(Case))}
    for q in ("al", "jo", "jo t", "al as", "smith", "tay", "theft", "zz"):
        for scope, statuses in ((None, []), (frozenset({north}), []), (None, ["screening"])):
            for descending in (True, False):
                expected = _scan(rows, q, scope, descending, statuses)
                listed = []
                for page in (1, 2, 3):
                    result = search_cases(CaseFilter(q=q, visible_area_ids=scope, statuses=statuses,
                                                     direction="desc" if descending else "asc"), page=page, per_page=2)
                    assert result.total == min(len(expected), 6) and result.capped == (len(expected) > 6), (q, scope)
                    if result.page == page:
                        listed += [c.id for c in result.rows]
                assert listed == expected[:6], (q, scope, descending, window)


def test_a_page_past_the_end_shows_the_last_page(ctx, monkeypatch):
    monkeypatch.setattr(queries, "MATCH_CAP", 4)
    for _ in range(7):
        gen_case(last_name="Paged")
    result = search_cases(CaseFilter(q="paged"), page=99, per_page=3)
    # 7 match, 4 can be listed: pages of 3 give a second page of one
    assert (result.page, result.total, result.capped, len(result.rows)) == (2, 4, True, 1)
    assert search_cases(CaseFilter(q="pa"), page=99, per_page=3).page == 2  # the LIKE path agrees


@pytest.mark.parametrize("q", ["%", "_", "\\", "%_", "a%", "_a"])
def test_like_wildcards_are_searched_as_text(ctx, q):
    """Under three letters the search is LIKE: `%` and `_` must not match everything."""
    gen_case(last_name="Ward")
    odd = gen_case(last_name="Per%Cent_Under\\Score", wording="Theft")
    expected = [odd.id] if q.lower() in odd.search_text else []
    assert _ids(q) == expected


def test_capped_count_is_said_in_words_on_the_full_page(app, client, caseworker, monkeypatch):
    """Opened without the live search (no JavaScript): the whole page says the count is capped."""
    monkeypatch.setattr(queries, "MATCH_CAP", 2)
    with app.app_context():
        for _ in range(4):
            gen_case(last_name="Capped")
    page = client.get("/cases", query_string={"q": "capped"}).text
    assert "More than 2 cases match “capped”" in page and "The first 2 in this order are listed" in page
    assert "<html" in page


def test_statements_per_page_do_not_grow_with_the_rows_shown(app, client, caseworker):
    """The flags beside a high-risk case read its screening: loaded with the page, not once per row."""
    from sqlalchemy import event

    def statements_for(q: str) -> int:
        seen = []
        with app.app_context():
            listener = lambda *args: seen.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get("/cases", query_string={"q": q}, headers=HX).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    with app.app_context():
        gen_case(last_name="Single", domestic_abuse=True)
        for _ in range(6):
            gen_case(last_name="Several", domestic_abuse=True)
    client.get("/cases", query_string={"q": "single"}, headers=HX)  # settings and the like cached alike
    assert statements_for("several") == statements_for("single")
