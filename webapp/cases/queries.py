"""The case-list query: search, filters, sort and one page of rows, without counting or sorting every match."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, column, func, select, table
from sqlalchemy.orm import joinedload, selectinload

from webapp.domain.lifecycle import AWAITING_ESCALATION_REVIEW
from webapp.extensions import db
from webapp.models import Case, Offence, Person, search_index

SORTS = {
    "reference": Case.reference,
    "name": Person.last_name,
    "status": Case.status,
    "created": Case.created_at,
}


@dataclass
class CaseFilter:
    q: str = ""
    statuses: list[str] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    caseworker_id: int | None = None
    flags: list[str] = field(default_factory=list)  # high_risk, domestic_abuse, hate_crime
    sort: str = "created"
    direction: str = "desc"
    # The areas the user may see (webapp.domain.access); None means every area.
    visible_area_ids: frozenset[int] | None = None

    @property
    def terms(self) -> list[str]:
        return [t for t in self.q.lower().split() if t][:6]


@dataclass
class CasePage:
    rows: list[Case]
    total: int
    page: int
    per_page: int
    capped: bool = False  # more than `total` match: only the newest `total` can be paged through

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


MATCH_CAP = 1000  # a search counts its matches up to here: "more than 1,000" is all a caseworker needs


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    """One FTS5 string per term: quoted, so `"`, `*`, `AND` or `NEAR(` are text to find, never query syntax."""
    return '"' + term.replace('"', '""') + '"'


def _record_filters(f: CaseFilter, like_terms: list[str]) -> list:
    where = [Case.search_text.like(f"%{_escape_like(term)}%", escape="\\") for term in like_terms]
    if f.statuses:
        where.append(Case.status.in_(f.statuses))
    if f.area_ids:
        where.append(Case.area_id.in_(f.area_ids))
    if f.visible_area_ids is not None:
        where.append(Case.area_id.in_(sorted(f.visible_area_ids)))
    if f.caseworker_id:
        where.append(Case.caseworker_id == f.caseworker_id)
    if "high_risk" in f.flags:
        where.append(Case.is_high_risk.is_(True))
    for flag in ("domestic_abuse", "hate_crime"):
        if flag in f.flags:
            where.append(Case.id.in_(select(Offence.case_id).where(getattr(Offence, flag).is_(True))))
    return where


def _filtered(f: CaseFilter) -> Select:
    return select(Case.id).where(*_record_filters(f, f.terms))


def _use_index(f: CaseFilter) -> bool:
    """SQLite answers terms of three letters or more from its trigram index (webapp/models/search_index.py)."""
    return db.engine.dialect.name == "sqlite" and any(len(t) >= 3 for t in f.terms)


def _indexed(f: CaseFilter) -> Select:
    """Matching cases through SQLite's index, as (index key, case id): the key orders them newest first."""
    indexed = [t for t in f.terms if len(t) >= 3]
    short = [t for t in f.terms if len(t) < 3]
    fts = table(search_index.TABLE, column("rowid"), column(search_index.TABLE))
    stmt = select(fts.c.rowid.label("key"), (fts.c.rowid % search_index.KEY_SPAN).label("id")).where(
        fts.c[search_index.TABLE].match(" ".join(_fts_phrase(t) for t in indexed)))
    where = _record_filters(f, short)
    if where:
        stmt = stmt.join(Case, Case.id == fts.c.rowid % search_index.KEY_SPAN).where(*where)
    return stmt


def _count(base: Select) -> tuple[int, bool]:
    """Counting stops at MATCH_CAP + 1: at a million cases an exact count of a common word, or of an
    area's whole caseload, took longer than finding and showing the page itself."""
    total = db.session.scalar(select(func.count()).select_from(base.limit(MATCH_CAP + 1).subquery())) or 0
    return min(total, MATCH_CAP), total > MATCH_CAP


# PostgreSQL (and SQLite for terms under three letters): how many of the newest cases in the user's
# scope a search reads in date order before it asks the trigram index instead.
RECENT_WINDOW = 20_000


def _date_order(descending: bool, created=Case.created_at, case_id=Case.id) -> tuple:
    return (created.desc(), case_id.desc()) if descending else (created.asc(), case_id.asc())


def _fts_matches(f: CaseFilter, descending: bool) -> list[int]:
    """SQLite: up to MATCH_CAP + 1 matching case ids in list order, in one walk of the trigram index.

    The index's key is the referral second then the case id, so reading it backwards is reading the
    matches newest first: the walk stops at MATCH_CAP + 1 and gives the count (capped) and every page
    the count allows, with no sort. The scope and filters are checked on each case as it is met
    (one primary-key look-up), so they never make the database read the whole scope instead.
    """
    base = _indexed(f)
    keyed = base.subquery()
    key = keyed.c.key
    stmt = select(keyed.c.id).order_by(key.desc() if descending else key.asc()).limit(MATCH_CAP + 1)
    return list(db.session.scalars(stmt))


def _like_all(text_col, terms: list[str]) -> list:
    return [text_col.like(f"%{_escape_like(term)}%", escape="\\") for term in terms]


def _recent_matches(f: CaseFilter, descending: bool) -> tuple[list[int], bool]:
    """The matches among the RECENT_WINDOW newest cases in scope, in list order, up to MATCH_CAP + 1.

    Reads the date index and stops early once MATCH_CAP + 1 are found, so a common word ("theft")
    costs a few thousand rows however many cases hold it. Returns the ids and whether the window held
    every case in scope (then the answer is complete).
    """
    recent = (select(Case.id, Case.created_at, Case.search_text)
              .where(*_record_filters(f, [])).order_by(*_date_order(descending)).limit(RECENT_WINDOW).subquery())
    stmt = (select(recent.c.id).where(*_like_all(recent.c.search_text, f.terms))
            .order_by(*_date_order(descending, recent.c.created_at, recent.c.id)).limit(MATCH_CAP + 1))
    ids = list(db.session.scalars(stmt))
    if len(ids) > MATCH_CAP:
        return ids, True
    in_window = db.session.scalar(select(func.count()).select_from(
        select(Case.id).where(*_record_filters(f, [])).limit(RECENT_WINDOW + 1).subquery())) or 0
    return ids, in_window <= RECENT_WINDOW


def _matches_page(f: CaseFilter, descending: bool, page: int, per_page: int) -> tuple[list[int], int, bool, int]:
    """A search listed by referral date: (ids of the page, total up to MATCH_CAP, capped, page).

    Neither database counts or sorts every match. SQLite walks its keyed trigram index. PostgreSQL
    first reads the newest cases in scope in date order (common words are found there at once); if
    fewer than MATCH_CAP + 1 match there, the trigram index gives the matches in any order, stopping
    at MATCH_CAP + 1, and at most MATCH_CAP of them are sorted here. Only a search with more than
    MATCH_CAP matches that are rare among the newest cases (or narrowed by a status, caseworker or
    flag) is sorted by the database, as before.
    """
    if _use_index(f):
        ordered = _fts_matches(f, descending)
    else:
        # The date-order read is index-only on PostgreSQL only while the filters are areas (the index
        # carries the area): with a status, caseworker or flag it would visit the table for every case.
        plain = not (f.statuses or f.caseworker_id or f.flags)
        ordered, complete = _recent_matches(f, descending) if plain else ([], False)
        if len(ordered) <= MATCH_CAP and not complete:
            found = db.session.execute(
                select(Case.id, Case.created_at).where(*_record_filters(f, f.terms)).limit(MATCH_CAP + 1)).all()
            if len(found) <= MATCH_CAP:
                ordered = [i for i, _at in sorted(found, key=lambda r: (r[1], r[0]), reverse=descending)]
            else:  # more than MATCH_CAP, but sparse among the newest: the window's are the first ones
                return _capped_beyond_window(f, descending, ordered, page, per_page)
    total, capped = min(len(ordered), MATCH_CAP), len(ordered) > MATCH_CAP
    page = max(1, min(page, max(1, -(-total // per_page))))
    offset = (page - 1) * per_page
    return ordered[offset:min(offset + per_page, total)], total, capped, page


def _capped_beyond_window(f: CaseFilter, descending: bool, recent: list[int], page: int,
                          per_page: int) -> tuple[list[int], int, bool, int]:
    page = max(1, min(page, -(-MATCH_CAP // per_page)))
    offset = (page - 1) * per_page
    end = min(offset + per_page, MATCH_CAP)
    if end <= len(recent):
        return recent[offset:end], MATCH_CAP, True, page
    ids = list(db.session.scalars(select(Case.id).where(*_record_filters(f, f.terms))
                                  .order_by(*_date_order(descending)).limit(end - offset).offset(offset)))
    return ids, MATCH_CAP, True, page


def search_cases(f: CaseFilter, page: int = 1, per_page: int = 25) -> CasePage:
    """Count the matches, choose the page on case ids alone, then load just those cases.

    Joining people, areas and users for every match before LIMIT/OFFSET made a deep page of an
    unfiltered list take a second at 100,000 cases; picking ids first walks the created_at index.
    Lists are counted only up to MATCH_CAP. A search listed by referral date (the usual order) finds
    its count and its page together without counting or sorting every match (`_matches_page`);
    tests/bench/bench_search.py measures both databases at a million cases.
    """
    order_col = SORTS.get(f.sort, Case.created_at)
    descending = f.direction != "asc"
    if f.terms and order_col is Case.created_at:
        ids, total, capped, page = _matches_page(f, descending, page, per_page)
        return CasePage(rows=_load(ids), total=total, page=page, per_page=per_page, capped=capped)
    use_index = _use_index(f)
    base = _indexed(f) if use_index else _filtered(f)
    total, capped = _count(base)
    page = max(1, min(page, max(1, -(-total // per_page))))
    if use_index:
        ids_stmt = select(Case.id).where(Case.id.in_(select(base.subquery().c.id)))
    elif f.terms or set(f.flags) & {"domestic_abuse", "hate_crime"}:
        # LIKE, or the offences' flags: gather the matches first (measured faster on SQLite than
        # testing every case in date order)
        ids_stmt = select(Case.id).where(Case.id.in_(base))
    else:  # plain conditions on cases: the date index is walked and stops after one page
        ids_stmt = select(Case.id).where(*_record_filters(f, []))
    if f.sort == "name":
        ids_stmt = ids_stmt.join(Person, Case.suspect_id == Person.id)
    ids_stmt = ids_stmt.order_by(order_col.desc() if descending else order_col.asc(),
                                 Case.id.desc() if descending else Case.id.asc())
    offset = (page - 1) * per_page
    # never past `total`: a capped list shows only the first MATCH_CAP, in its order
    limit = min(per_page, total - offset)
    ids = list(db.session.scalars(ids_stmt.limit(limit).offset(offset))) if limit > 0 else []
    return CasePage(rows=_load(ids), total=total, page=page, per_page=per_page, capped=capped)


def _load(ids: list[int]) -> list[Case]:
    """The page's cases with what the list shows of them, in the order of `ids`."""
    if not ids:
        return []
    loaded = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_(ids)).options(
            joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
            selectinload(Case.offences), selectinload(Case.screening))).unique()}  # the flags read the screening
    return [loaded[i] for i in ids]


def escalation_queue(scope, limit: int = 200) -> list[Case]:
    """High-risk referrals still awaiting review in the scope's areas, oldest first, with what the queue
    shows of each (the screening's score says why it was escalated)."""
    return db.session.scalars(
        select(Case).where(Case.is_high_risk, Case.status.in_(AWAITING_ESCALATION_REVIEW), scope)
        .options(joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
                 selectinload(Case.offences), selectinload(Case.screening))
        .order_by(Case.created_at.asc()).limit(limit)).unique().all()
