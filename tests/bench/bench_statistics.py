"""Benchmark: the statistics page and its downloads over a large demo database, on SQLite and PostgreSQL.

Not a pytest test. Run from the repository root:

    .venv/bin/python tests/bench/bench_statistics.py --cases 100000
    .venv/bin/python tests/bench/bench_statistics.py --cases 1000000 \
        --database-url postgresql://postgres@127.0.0.1:5432/test
    # seed once into a kept file, then time it (after code or migration changes) as often as wanted:
    .venv/bin/python tests/bench/bench_statistics.py --cases 1000000 --sqlite-path /tmp/s.sqlite3 --seed-only
    .venv/bin/python tests/bench/bench_statistics.py --sqlite-path /tmp/s.sqlite3 --reuse

For each database it builds a fresh one and seeds it with the code behind `oocr seed-demo` (reusing
bench_search.py's set-up), times `oocr statistics refresh` (the nightly rebuild of the daily counts,
with the data-quality counts), then signs in as the demo supervisor and times, through the Flask
test client: the full /statistics page for the default year, the HTMX results fragment filtered to
one area and one quarter, the whole-workbook XLSX download, and the data-quality report. It prints
median and p95 in milliseconds, and how many decisions and count rows there are.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import PASSWORD, build_app, fresh_postgres, fresh_sqlite, migrate_and_seed, percentile  # noqa: E402


def _requests(area_id: int) -> dict[str, tuple[str, dict]]:
    today = date.today()
    first = date(today.year, ((today.month - 1) // 3) * 3 + 1, 1) - timedelta(days=1)
    quarter = f"date_from={date(first.year, first.month - 2, 1)}&date_to={first}"
    return {
        "page, default year": ("/statistics", {}),
        "filtered fragment, one area and quarter": (f"/statistics?area={area_id}&{quarter}",
                                                    {"HX-Request": "true", "HX-Target": "statistics-results"}),
        "XLSX, every figure": ("/statistics/download?figure=all&format=xlsx", {}),
        "data-quality report": ("/statistics/data-quality", {}),
    }


def run(label: str, url: str, cases: int, repeat: int, cleanup, reuse: bool = False, seed_only: bool = False) -> None:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Area, Case, Decision
    from webapp.services import statistics as service

    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(url, Path(tmp))
        # No nightly jobs in this process: the scheduler thread would start with the first request and,
        # after 04:00, rebuild the counts while the pages are being timed (on SQLite it holds the write
        # lock for about a minute at a million cases, and the data-quality page's audit line then fails).
        app.config["SWEEP_SCHEDULER"] = False
        try:
            if reuse:  # a kept database: bring it to the current migration, time it as it is
                from flask_migrate import upgrade

                from bench_search import tidy_up_like_autovacuum
                with app.app_context():
                    upgrade()
                    tidy_up_like_autovacuum()
                    cases = db.session.scalar(select(func.count()).select_from(Case))
                seeded = 0.0
            else:
                seeded = migrate_and_seed(app, cases, 2026)
            if seed_only:
                print(f"\n{label}: {cases:,} cases seeded in {seeded:.0f} s (kept; time it with --reuse)")
                return
            with app.app_context():
                made = service.refresh()
                refreshed = f"statistics refresh {made.seconds:.1f} s -> {made.rows:,} count rows"
                decisions = db.session.scalar(select(func.count(Decision.id)))
                area_id = db.session.scalar(select(Area.id).order_by(Area.id))
            print(f"\n{label}: {cases:,} cases seeded in {seeded:.0f} s; {decisions:,} decisions; {refreshed}")
            client = app.test_client()
            client.post("/login", data={"username": "supervisor", "password": PASSWORD})
            for name, (path, headers) in _requests(area_id).items():
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(path, headers=headers)
                    response.get_data()
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                print(f"  {name:<42} median {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms")
        finally:
            with app.app_context():
                db.engine.dispose()
            cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database-url", help="a PostgreSQL server to run on as well (a database of its own is made)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards, to look into it")
    parser.add_argument("--sqlite-path", help="a SQLite file to seed and keep (instead of a temporary one)")
    parser.add_argument("--seed-only", action="store_true", help="seed and keep the databases, time nothing")
    parser.add_argument("--reuse", action="store_true",
                        help="time the kept --sqlite-path / oocr_bench_statistics database as it is, after migrating")
    args = parser.parse_args()
    keep = args.keep or args.seed_only or args.reuse
    if not args.skip_sqlite:
        if args.reuse:
            url, cleanup = f"sqlite:///{args.sqlite_path}", (lambda: None)
        else:
            url, cleanup = fresh_sqlite(args.sqlite_path)
        run("SQLite", url, args.cases, args.repeat, cleanup, args.reuse, args.seed_only)
    if args.database_url:
        if args.reuse:
            from bench_search import existing_postgres
            url, cleanup = existing_postgres(args.database_url, "oocr_bench_statistics"), (lambda: None)
        else:
            url, cleanup = fresh_postgres(args.database_url, "oocr_bench_statistics", keep=keep)
        run("PostgreSQL", url, args.cases, args.repeat, cleanup, args.reuse, args.seed_only)


if __name__ == "__main__":
    main()
