"""Benchmark: demo seeding rate and the case-list live search, through the real view.

Not a pytest test (pytest collects test_*.py only). Run from the repository root:

    .venv/bin/python tests/bench/bench_search.py                      # SQLite, 100,000 cases
    .venv/bin/python tests/bench/bench_search.py --cases 20000 --repeat 5
    .venv/bin/python tests/bench/bench_search.py --database-url postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python tests/bench/bench_search.py --cases 1000000 --database-url ...   # issue 10's figure (slow to seed)
    .venv/bin/python tests/bench/bench_search.py --reuse --sqlite-path F --database-url ... --pg-database D  # time again
    .venv/bin/python tests/bench/bench_search.py --database-url ... --skip-sqlite --explain --explain-only "deep page"
    # then time proposed fixes without touching webapp/ (cumulative, each re-timed):
    .venv/bin/python tests/bench/bench_search.py --try-no-expire-on-commit --try-proposed-query \
        --try-sql "postgresql:CREATE INDEX ix_cases_created_at_id ON cases (created_at, id)"

For each database it builds a fresh one (a temporary SQLite file; on PostgreSQL a database of its own,
`oocr_bench` by default, created on the server named by --database-url, whose own database is only
used to connect and is never changed), creates the schema with the Alembic migrations (so PostgreSQL
gets the pg_trgm index), seeds N cases with the code behind `oocr seed-demo` (webapp.demo.seed_demo_data,
timed), signs in as the demo caseworker and times GET /cases as the live search sends it (HX-Request /
HX-Target: case-results, so the view renders the results fragment) through the Flask test client, for a
mix of query types. Times are wall-clock per request, including the audit-log write every case-list view
makes. It prints median and p95 per query type, rows found and shown, time spent in SQL and statements
per request, and the seeding rate with a (linear) projection for 1,000,000 cases.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# create_app reads the environment first: keep it from writing instance/secret_key or using a real database.
os.environ.setdefault("SECRET_KEY", "bench-secret-key")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)

PASSWORD = "bench-password-123"
HX_HEADERS = {"HX-Request": "true", "HX-Target": "case-results"}
TOTAL = re.compile(r"([\d,]+) cases?\b")
MIX = {"smi", "theft", "tay"}  # issue 10's mix of surname fragments and offence words


@dataclass
class QueryType:
    name: str
    params: dict
    times_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    statements: int = 0
    total: int | None = None
    capped: bool = False  # the page said "more than <total>"
    shown: int = 0
    slowest_sql: tuple[float, str] = (0.0, "")


class SqlTimer:
    """Times every statement the view runs, so the report can say which one is slow."""

    def __init__(self, engine):
        from sqlalchemy import event
        self.statements: list[tuple[float, str, object]] = []
        self._start: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._start[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        started = self._start.pop(id(cursor), None)
        if started is not None:
            self.statements.append(((time.perf_counter() - started) * 1000, statement, parameters))

    def reset(self):
        self.statements.clear()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --------------------------------------------------------------------------- databases

def fresh_sqlite(path: str | None) -> tuple[str, callable]:
    if path:
        target = Path(path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{target}", lambda: None
    tmp = tempfile.TemporaryDirectory(prefix="oocr-bench-")
    return f"sqlite:///{tmp.name}/bench.sqlite3", tmp.cleanup


def fresh_postgres(server_url: str, name: str, keep: bool) -> tuple[str, callable]:
    """Create (drop first) a database of our own: the suite's database is never touched."""
    import psycopg
    from sqlalchemy.engine import make_url

    from webapp.config import normalise_database_url

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"--pg-database must be a plain lower-case identifier, not {name!r}")
    url = make_url(normalise_database_url(server_url))
    if url.database == name:
        raise SystemExit(f"--database-url names {name!r} itself: give the server's usual database to connect through")
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)

    def drop():
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    drop()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    bench_url = url.set(database=name).render_as_string(hide_password=False)
    return bench_url, (lambda: None) if keep else drop


# --------------------------------------------------------------------------- the run

def build_app(database_url: str, tmp: Path):
    from webapp import create_app
    return create_app({
        "TESTING": False, "SECRET_KEY": "bench-secret-key", "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "DOCUMENT_STORE": str(tmp / "documents"), "REDIS_URL": None,
        "SWEEP_SCHEDULER": False,  # the daily jobs would run beside the timed requests and be timed with them
    })


def migrate_and_seed(app, cases: int, seed: int) -> float:
    import logging

    from flask_migrate import upgrade

    from webapp.demo import seed_demo_data

    with app.app_context():
        upgrade()
        logging.getLogger("alembic").setLevel(logging.WARNING)
        started = time.perf_counter()
        seed_demo_data(cases=cases, seed=seed, password=PASSWORD, if_empty=False, echo=lambda _msg: None)
        elapsed = time.perf_counter() - started
        tidy_up_like_autovacuum()
    return elapsed


def tidy_up_like_autovacuum() -> None:
    """A live database has statistics and vacuumed indexes (autovacuum); a just-loaded one has neither.
    On PostgreSQL VACUUM matters: until it runs, the trigram GIN index's pending list of new entries is
    read in full by every search (measured: 'zqxj' 990 ms before, under 20 ms after, at 220,000 cases)."""
    from sqlalchemy import text

    from webapp.extensions import db
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def query_mix(app) -> list[QueryType]:
    """Queries drawn from the seeded data, so they find what a caseworker would find."""
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Area, Case, Person

    with app.app_context():
        count = db.session.scalar(select(func.count(Case.id)))
        mid = db.session.scalar(select(Case.reference).where(Case.id == max(1, count // 2)))
        # a middling-common surname (not the commonest, not unique) and a first name
        surnames = db.session.execute(
            select(Person.last_name, func.count()).group_by(Person.last_name).order_by(func.count().desc())).all()
        surname = surnames[len(surnames) // 3][0]
        first = db.session.scalar(select(Person.first_name).join(Case, Case.suspect_id == Person.id)
                                  .where(Person.last_name == surname).limit(1))
        north = db.session.scalar(select(Area.id).where(Area.code == "N"))
        theft = db.session.scalar(select(func.count(Case.id)).where(Case.search_text.like("%theft%")))
    part = surname.lower()[: max(4, len(surname) - 2)]
    deep = max(2, count // 25 // 2)  # half-way through the unfiltered list
    return [
        QueryType("no search, page 1 (the list as opened)", {}),
        QueryType("reference (exact)", {"q": mid}),
        QueryType("reference (partial, 'oc2')", {"q": "oc2"}),
        QueryType(f"part of a surname ({part!r})", {"q": part}),
        QueryType("offence word ('theft')", {"q": "theft"}),
        QueryType("offence word ('assault')", {"q": "assault"}),
        QueryType("rare string (no match, 'zqxj')", {"q": "zqxj"}),
        QueryType("issue mix: 'smi'", {"q": "smi"}),
        QueryType("issue mix: 'tay'", {"q": "tay"}),
        QueryType("query syntax as text ('NEAR(')", {"q": "NEAR("}),
        QueryType(f"two words ({first.lower()!r} {part!r})", {"q": f"{first.lower()} {part}"}),
        QueryType("two words ('theft shop')", {"q": "theft shop"}),
        QueryType("surname + status + area", {"q": part, "status": ["conditions_active", "referred"], "area": north}),
        QueryType("'theft' + high-risk flag", {"q": "theft", "flag": "high_risk"}),
        QueryType("filters only: referred, North, DA", {"status": "referred", "area": north, "flag": "domestic_abuse"}),
        QueryType(f"'theft', last page ({max(1, -(-theft // 25)):,})", {"q": "theft", "page": max(1, -(-theft // 25))}),
        QueryType(f"no search, deep page ({deep:,})", {"page": deep}),
        QueryType("no search, sorted by name", {"sort": "name", "dir": "asc"}),
    ]


def time_queries(app, queries: list[QueryType], repeat: int, timer: SqlTimer) -> None:
    client = app.test_client()
    response = client.post("/login", data={"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302, f"demo caseworker could not sign in: {response.status_code}"
    for qt in queries:
        url = "/cases?" + urlencode(qt.params, doseq=True)
        for i in range(repeat + 1):  # the first is a warm-up (plans, caches)
            timer.reset()
            started = time.perf_counter()
            response = client.get(url, headers=HX_HEADERS)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            body = response.get_data(as_text=True)
            assert "<html" not in body and "app-search-status" in body, "not the results fragment"
            if i == 0:
                m = TOTAL.search(body)
                qt.total = int(m.group(1).replace(",", "")) if m else 0
                qt.capped = "More than" in body
                qt.shown = body.count('<td class="govuk-table__cell"><a class="govuk-link"')
                continue
            qt.times_ms.append(elapsed)
            qt.sql_ms.append(sum(ms for ms, _st, _pa in timer.statements))
            qt.statements = len(timer.statements)
            slow = max(timer.statements, key=lambda s: s[0], default=(0.0, "", None))
            if slow[0] > qt.slowest_sql[0]:
                qt.slowest_sql = (slow[0], slow[1])


def report(label: str, cases: int, seed_s: float, queries: list[QueryType]) -> None:
    print(f"\n=== {label}: {cases:,} cases ===")
    rate = cases / seed_s if seed_s else 0
    print(f"seeding: {seed_s:.1f} s = {rate:,.0f} cases/s; projected for 1,000,000 cases: "
          f"{1_000_000 / rate / 60:.1f} min (linear)" if rate else "seeding: skipped")
    width = max(len(q.name) for q in queries)
    print(f"{'query':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'found':>7}  {'shown':>5}  "
          f"{'SQL ms':>6}  {'stmts':>5}  {'slowest':>7}")
    for q in queries:
        print(f"{q.name:<{width}}  {statistics.median(q.times_ms):>9.1f}  {percentile(q.times_ms, 95):>7.1f}  "
              f"{(f'>{q.total:,}' if q.capped else f'{q.total:,}'):>7}  {q.shown:>5}  {statistics.median(q.sql_ms):>6.1f}  {q.statements:>5}  "
              f"{q.slowest_sql[0]:>7.1f}")
    # The mix is the live search as typed: the words alone, first page, no filters (the filtered
    # and paged searches have rows of their own above).
    mix = [t for q in queries if set(q.params) == {"q"} and q.params["q"] in MIX for t in q.times_ms]
    if mix:
        print(f"search mix {sorted(MIX)} (words alone): p50 {percentile(mix, 50):.1f} ms, "
              f"p95 {percentile(mix, 95):.1f} ms over {len(mix)} requests (aim: p95 <= 100 ms)")
    print("(median/p95: whole request; SQL ms: median time in the database per request; stmts: statements "
          "per request; slowest: worst single statement seen)")


def explain(app, queries: list[QueryType], names: list[str], timer: SqlTimer) -> None:
    """Plans of the statements the case list runs (the count, then the page), captured from a real request."""
    from webapp.extensions import db

    client = app.test_client()
    client.post("/login", data={"username": "caseworker", "password": PASSWORD})
    with app.app_context():
        dialect = db.engine.dialect.name
        prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
        for qt in queries:
            if names and not any(n in qt.name for n in names):
                continue
            timer.reset()
            client.get("/cases?" + urlencode(qt.params, doseq=True), headers=HX_HEADERS)
            searches = [(ms, st, pa) for ms, st, pa in timer.statements
                        if st.lstrip().upper().startswith("SELECT") and "FROM cases" in st][:2]
            print(f"\n--- {qt.name}")
            raw = db.session.connection().connection.driver_connection
            for ms, statement, params in searches:
                print(f"  [{ms:.1f} ms] " + " ".join(statement.split())[:400])
                cur = raw.cursor()
                cur.execute(prefix + statement, params)
                for row in cur.fetchall():
                    print("      " + (row[0] if dialect == "postgresql" else str(row[-1])))
                cur.close()
            db.session.rollback()


# --------------------------------------------------------------------------- proposed fixes, tried in-process

def proposed_search_cases(f, page: int = 1, per_page: int = 25):
    """A proposed webapp.cases.queries.search_cases (same signature and result), for --try-proposed-query.

    1. The page is chosen on case ids alone (no joins before LIMIT/OFFSET), then only those 25 cases are
       loaded with their suspect, area, caseworker and offences. Today the joins to people, areas and
       users are made for every matching case before the page is cut, and sorted in a temporary b-tree.
    2. With no search and no filter (the list as opened, and paging through it) the ids come straight
       from an ORDER BY created_at DESC, id DESC LIMIT/OFFSET on cases, which both databases serve by
       walking the created_at index (SQLite's index carries the rowid; PostgreSQL wants (created_at, id)).
    3. With a search or filter the matching ids are still gathered first (`id IN (subquery)`): on
       SQLite the direct form makes the planner walk the created_at index and test every row, which is
       fast for common words but several times slower for rare strings and references (measured).
    4. On SQLite, when a cases_fts FTS5 trigram table exists (created by --try-sql in the report),
       each search term of 3+ characters is matched through it instead of scanning search_text.
    """
    from sqlalchemy import column, func, select, table
    from sqlalchemy.orm import joinedload, selectinload

    from webapp.cases.queries import SORTS, CasePage, _filtered
    from webapp.extensions import db
    from webapp.models import Case, Person

    base = _filtered(f)
    if db.engine.dialect.name == "sqlite" and _has_fts():
        fts = table("cases_fts", column("rowid"), column("search_text"))
        terms = [t for t in f.terms if len(t) >= 3 and not any(c in t for c in "%_\\")]
        plain = type(f)(**{**f.__dict__, "q": " ".join(t for t in f.terms if t not in terms)})
        base = _filtered(plain)
        for term in terms:
            base = base.where(Case.id.in_(select(fts.c.rowid).where(fts.c.search_text.like(f"%{term}%"))))
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    order_col = SORTS.get(f.sort, Case.created_at)
    order = order_col.asc() if f.direction == "asc" else order_col.desc()
    filtered = bool(f.terms or f.statuses or f.area_ids or f.caseworker_id or f.flags)
    ids_stmt = select(Case.id).where(Case.id.in_(base)) if filtered else select(Case.id)
    if f.sort == "name":
        ids_stmt = ids_stmt.join(Person, Case.suspect_id == Person.id)
    ids = list(db.session.scalars(
        ids_stmt.order_by(order, Case.id.desc()).limit(per_page).offset((page - 1) * per_page)))
    rows = []
    if ids:
        loaded = {c.id: c for c in db.session.scalars(
            select(Case).where(Case.id.in_(ids)).options(
                joinedload(Case.suspect), joinedload(Case.area), joinedload(Case.caseworker),
                selectinload(Case.offences))).unique()}
        rows = [loaded[i] for i in ids]
    return CasePage(rows=rows, total=total, page=page, per_page=per_page)


_FTS: dict[str, bool] = {}


def _has_fts() -> bool:
    from sqlalchemy import text

    from webapp.extensions import db
    url = str(db.engine.url)
    if url not in _FTS:
        _FTS[url] = bool(db.session.scalar(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cases_fts'")))
    return _FTS[url]


def check_same_results(app, original, proposed) -> None:
    """The proposal must return exactly what the app's search returns: same totals, same rows, same order."""
    import webapp.cases.routes as case_routes

    queries = query_mix(app)
    for qt in queries:
        with app.test_request_context("/cases?" + urlencode(qt.params, doseq=True)):
            from flask import request
            f = case_routes._filter_from_request()
            page_no = int(request.args.get("page", 1))
            a, b = original(f, page=page_no, per_page=25), proposed(f, page=page_no, per_page=25)
            assert (a.total, a.page, [c.id for c in a.rows]) == (b.total, b.page, [c.id for c in b.rows]), qt.name
    print(f"\nproposed search_cases: same totals, rows and order as the app's for all {len(queries)} query types")


def run(label: str, database_url: str, args, cleanup) -> None:
    from sqlalchemy import text

    import webapp.cases.routes as case_routes
    from webapp.extensions import db

    tmp = tempfile.TemporaryDirectory(prefix="oocr-bench-docs-")
    app = build_app(database_url, Path(tmp.name))
    original_search = case_routes.search_cases
    dialect = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    try:
        if args.reuse:  # an existing bench database: time it as it is
            with app.app_context():
                args.cases = db.session.scalar(text("SELECT count(*) FROM cases"))
                tidy_up_like_autovacuum()
            seed_s = 0.0
            print(f"\n[{label}] timing the existing {args.cases:,} cases in {database_url.split('@')[-1]}", flush=True)
        else:
            print(f"\n[{label}] migrating and seeding {args.cases:,} cases into {database_url.split('@')[-1]} ...", flush=True)
            seed_s = migrate_and_seed(app, args.cases, args.seed)
            print(f"[{label}] seeded in {seed_s:.1f} s", flush=True)
        with app.app_context():
            timer = SqlTimer(db.engine)

        def measure(title: str) -> None:
            queries = query_mix(app)
            time_queries(app, queries, args.repeat, timer)
            report(title, args.cases, seed_s, queries)
            if args.explain:
                explain(app, queries, args.explain_only, timer)

        measure(label)
        # Proposed fixes, applied one after another (cumulative), each followed by a new timing.
        done = []
        if args.try_no_expire:
            # Stands in for "render the page before committing the audit row": the commit no longer
            # expires the rows the template is about to read, so they are not loaded again one by one.
            db.session.session_factory.configure(expire_on_commit=False)
            done.append("expire_on_commit=False")
            measure(f"{label} + {' + '.join(done)}")
        try_sql = [sql.split(":", 1)[1] if sql.startswith(("sqlite:", "postgresql:")) else sql
                   for sql in args.try_sql if not sql.startswith(("sqlite:", "postgresql:"))
                   or sql.startswith(dialect + ":")]
        if try_sql:
            with app.app_context():
                for sql in try_sql:
                    print(f"\n[{label}] trying: {sql}")
                    started = time.perf_counter()
                    db.session.execute(text(sql))
                    db.session.commit()
                    print(f"[{label}]   took {time.perf_counter() - started:.1f} s")
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            done.append("--try-sql")
            if not args.try_proposed_query:
                measure(f"{label} + {' + '.join(done)}")
        if args.try_proposed_query:
            check_same_results(app, original_search, proposed_search_cases)
            case_routes.search_cases = proposed_search_cases
            done.append("proposed search_cases")
            measure(f"{label} + {' + '.join(done)}")
    finally:
        case_routes.search_cases = original_search
        db.session.session_factory.configure(expire_on_commit=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        cleanup()
        tmp.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per query type (after one warm-up)")
    parser.add_argument("--database-url", help="a PostgreSQL server to run on as well (used only to connect)")
    parser.add_argument("--pg-database", default="oocr_bench", help="the database to create there (dropped first)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database afterwards")
    parser.add_argument("--sqlite-path", help="SQLite file to (re)create, kept afterwards (default: temporary)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print query plans of the case-list SQL")
    parser.add_argument("--explain-only", action="append", default=[], help="only query types whose name contains this")
    parser.add_argument("--try-sql", action="append", default=[],
                        help="SQL to run after the first timing (e.g. CREATE INDEX ...), then time again; "
                             "prefix with 'sqlite:' or 'postgresql:' to run it on that database only")
    parser.add_argument("--try-no-expire-on-commit", dest="try_no_expire", action="store_true",
                        help="then time again with the session's expire_on_commit off (see the report)")
    parser.add_argument("--try-proposed-query", action="store_true",
                        help="then time again with proposed_search_cases (this file) in place of the app's")
    parser.add_argument("--reuse", action="store_true",
                        help="time the existing --sqlite-path / --pg-database as they are (kept by an earlier run, "
                             "or filled by a seeding that was stopped), without seeding; neither is dropped")
    args = parser.parse_args(argv)

    if not args.skip_sqlite:
        url, cleanup = (f"sqlite:///{args.sqlite_path}", lambda: None) if args.reuse else fresh_sqlite(args.sqlite_path)
        run("SQLite", url, args, cleanup)
    if args.database_url:
        url, cleanup = (existing_postgres(args.database_url, args.pg_database), lambda: None) if args.reuse else \
            fresh_postgres(args.database_url, args.pg_database, args.keep)
        run("PostgreSQL", url, args, cleanup)


def existing_postgres(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    from webapp.config import normalise_database_url
    return make_url(normalise_database_url(server_url)).set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    main()
