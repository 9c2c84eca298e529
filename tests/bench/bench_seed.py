"""Benchmark: how fast `oocr seed-demo` makes coherent demo cases.

Not a pytest test. Run from the repository root:

    .venv/bin/python tests/bench/bench_seed.py                     # SQLite, 100,000 cases
    .venv/bin/python tests/bench/bench_seed.py --cases 20000 --database-url postgresql://postgres@127.0.0.1:5432/test

Builds a fresh database with the migrations (a temporary SQLite file; on PostgreSQL a database of its
own, `oocr_bench_seed`, on the named server), then seeds N cases with webapp.demo.seed_demo_data:
the older cases in bulk (each with the screening, decision, delivery record, conditions, attendance
and breach rows its status means) and the recent ones through the pages and services. Prints the
bulk rate in cases per second with a linear projection for 1,000,000 cases (and the seeding process's
CPU time, steadier than the wall clock on a shared machine; the database server's is not in it), the
time for the recent cases, and the rows written per case.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-secret-key")
os.environ.pop("DATABASE_URL", None)


def fresh_database(server_url: str | None, tmp: Path) -> str:
    if not server_url:
        return f"sqlite:///{tmp / 'seed.sqlite3'}"
    from sqlalchemy import create_engine, text
    from webapp.config import normalise_database_url
    url = normalise_database_url(server_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS oocr_bench_seed"))
        conn.execute(text("CREATE DATABASE oocr_bench_seed"))
    admin.dispose()
    return url.rsplit("/", 1)[0] + "/oocr_bench_seed"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--recent", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args(argv)

    import logging

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        url = fresh_database(args.database_url, Path(tmp))
        app = create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": url, "DOCUMENT_STORE": str(Path(tmp) / "docs"),
                          "REDIS_URL": None, "SWEEP_SCHEDULER": False})
        with app.app_context():
            upgrade()
            logging.getLogger("alembic").setLevel(logging.WARNING)
            from webapp.demo import _ensure_users, _make_cases, _set_up_the_force
            from webapp.demo_journeys import make_recent_cases, seed_directory
            from webapp.reference_data import load_reference_data
            load_reference_data()
            users = _ensure_users("bench-password-1234")
            admin = next(u for u in users if u.role == "admin")
            seed_directory(admin)
            _set_up_the_force(admin, users)
            started, cpu = time.perf_counter(), time.process_time()
            older = _make_cases(args.cases - args.recent, 2026, users)
            bulk, cpu = time.perf_counter() - started, time.process_time() - cpu
            started = time.perf_counter()
            recent = make_recent_cases(args.recent, 2026, "bench-password-1234")
            journeys = time.perf_counter() - started
            rows = sum(db.session.scalar(select(func.count()).select_from(t)) or 0
                       for t in db.metadata.sorted_tables if t.name not in ("audit_records",))
            db.session.remove()
            db.engine.dispose()
    where = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{where}: {older:,} older cases in bulk in {bulk:.1f} s = {older / bulk:,.0f} cases/s "
          f"(1,000,000 in about {1_000_000 / (older / bulk) / 60:.1f} min; this process's CPU {cpu:.1f} s); "
          f"{recent} recent cases through the pages and services in {journeys:.1f} s; "
          f"{rows / max(1, older + recent):.1f} rows per case; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
