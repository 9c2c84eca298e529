"""The app on more than one machine, tried on one: two web processes, two job workers, one database,
one Redis and one object store, under a bounded headless load test. Prints figures; not a pytest test.

    .venv/bin/python tests/bench/check_deployment.py                        # 50 users for 60 s
    .venv/bin/python tests/bench/check_deployment.py --users 20 --run-time 30s --cases 2000

What it starts, all on loopback, and stops again at the end:
- moto's S3-compatible server (tests/s3_testing.py) with a bucket; DOCUMENT_STORE=s3://oocr-deploy/documents;
- a PostgreSQL database of its own (`oocr_deploy_check` on the server --database-url names; dropped
  first and afterwards), migrated with `oocr db upgrade` and filled with `oocr seed-demo`, plus one
  caseworker account per load-test user;
- a Redis database of its own (claimed as the test suite claims one, 1-15);
- two gunicorn web processes on two ports, sharing SECRET_KEY, and two `oocr rq worker` processes;
- locust, headless, with tests/bench/locust_daily.py: USERS caseworkers doing the daily mix (search,
  open a case, add a note, ask for a letter, download it) against both web processes at random.

Then it prints p50/p95/p99 and failures per request and for all pages, and checks that every letter
asked for was made exactly once: its row is done, one Word file for it is in the object store and
its checksum matches, and the audit log has one "made" line for it (RQ runs a job again when a worker
loses touch with Redis, so "once" is worth checking). Exit status 1 if the aim is missed: p95 of pages
above --aim-ms, any failure, or any letter not made exactly once.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from s3_testing import ObjectStoreServer, free_port  # noqa: E402

BIN = Path(sys.executable).parent
BUCKET = "oocr-deploy"
PASSWORD = "deployment-check-password-7"
USER_PREFIX = "load"
CLAIM_KEY = "oocr:test-claim"


def claim_redis(base_url: str) -> tuple[str, object, str]:
    """A Redis database nobody else is using, as tests/jobs/conftest.py claims one."""
    from urllib.parse import urlsplit, urlunsplit

    from redis import Redis
    token = f"deploy-check-{os.getpid()}-{time.time_ns()}"
    parts = urlsplit(base_url)
    for number in range(15, 0, -1):
        url = urlunsplit((parts.scheme, parts.netloc, f"/{number}", "", ""))
        connection = Redis.from_url(url, socket_connect_timeout=3)
        if connection.set(CLAIM_KEY, token, nx=True, ex=1800):
            return url, connection, token
        connection.close()
    raise SystemExit("every Redis database 1-15 is claimed by someone else")


class Processes:
    """Everything started here, each in a process group of its own, ended by its own id at the end."""

    def __init__(self, log_dir: Path, env: dict[str, str]):
        self.log_dir, self.env, self.started = log_dir, env, []

    def start(self, name: str, *argv: str) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb")
        process = subprocess.Popen(list(argv), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started.append((name, process, log))
        return process

    def run(self, name: str, *argv: str, timeout: float = 1800) -> None:
        process = self.start(name, *argv)
        if process.wait(timeout=timeout) != 0:
            raise SystemExit(f"{name} failed:\n" + self.tail(name))

    def tail(self, name: str, chars: int = 3000) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")[-chars:]

    def stop_all(self, seconds: float = 20) -> None:
        """Ask every group to stop at once, then kill those still running after `seconds`."""
        for _name, process, _log in reversed(self.started):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + seconds
        for _name, process, log in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            _signal_group(process, signal.SIGKILL)  # anything of its group left behind (a work-horse)
            log.close()


def _signal_group(process: subprocess.Popen, number: int) -> None:
    try:
        os.killpg(process.pid, number)
    except ProcessLookupError:
        pass


def stop_on_signals() -> None:
    """Killed (SIGTERM, a closed terminal) rather than interrupted: still stop everything and drop the
    database; a second signal while that happens is ignored, so it cannot cut the cleaning up short."""
    stops = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)

    def stop(number, _frame):
        for each in stops:
            signal.signal(each, signal.SIG_IGN)
        sys.exit(128 + number)

    for each in stops:
        signal.signal(each, stop)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited before it answered")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 (our own loopback server)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def add_load_users(database_url: str, count: int) -> None:
    """One caseworker account per locust user (North area, where the demo caseworker works)."""
    from sqlalchemy import select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import Area, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x", "REDIS_URL": None})
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "N"))
        template = User(username="template", full_name="x", role="caseworker")
        template.set_password(PASSWORD)  # one argon2 hash, shared: 50 hashes would take a minute
        for n in range(1, count + 1):
            db.session.add(User(username=f"{USER_PREFIX}{n:02d}", full_name=f"Load Tester {n:02d}", role="caseworker",
                                area_id=area.id, password_hash=template.password_hash))
        db.session.commit()
        db.engine.dispose()


def give_caseloads(database_url: str, users: int, per_user: int = 8) -> tuple[list[str], int]:
    """Each load user's caseload: North-area cases with a decision, assigned to them (a caseworker opens
    their own cases; others' ask for a reason first). Returns "username reference" lines and the first
    document id the run will make."""
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.begin() as conn:
        rows = conn.execute(text(
            "SELECT c.id, c.reference FROM cases c JOIN areas a ON a.id = c.area_id WHERE a.code = 'N' "
            "AND EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.id) ORDER BY c.id LIMIT :n"),
            {"n": users * per_user}).all()
        if not rows:
            raise SystemExit("the demo data has no North-area case with a decision to write a letter about")
        lines = []
        for i, (case_id, reference) in enumerate(rows):
            username = f"{USER_PREFIX}{i % users + 1:02d}"
            conn.execute(text("UPDATE cases SET caseworker_id = (SELECT id FROM users WHERE username = :u) "
                              "WHERE id = :c"), {"u": username, "c": case_id})
            lines.append(f"{username} {reference}")
        first = (conn.execute(text("SELECT max(id) FROM generated_documents")).scalar() or 0) + 1
    engine.dispose()
    return lines, first


def wait_for_letters(database_url: str, first_new: int, seconds: float = 600) -> float:
    """Let the workers finish the letters asked for before the load ended (how long that took)."""
    from sqlalchemy import create_engine, text
    engine, started = create_engine(database_url), time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            with engine.connect() as conn:
                waiting = conn.execute(text("SELECT count(*) FROM generated_documents WHERE id >= :first "
                                            "AND status IN ('queued', 'running')"), {"first": first_new}).scalar()
            if not waiting:
                break
            time.sleep(2)
    finally:
        engine.dispose()
    return time.monotonic() - started


def check_letters(database_url: str, env: dict[str, str], letters_file: Path, first_new: int) -> list[str]:
    """Problems with the letters asked for during the run (none, if each was made exactly once)."""
    from sqlalchemy import create_engine, text

    from webapp.services.storage import S3Store

    asked = [int(line) for line in letters_file.read_text().split()] if letters_file.exists() else []
    problems = []
    if len(asked) != len(set(asked)):
        problems.append(f"{len(asked) - len(set(asked))} letter request(s) were given a document id already given")
    engine = create_engine(database_url)
    store = S3Store(BUCKET, "documents", env["S3_ENDPOINT_URL"])
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text(
            "SELECT id, case_id, kind, version, status, error, docx_path, docx_sha256 FROM generated_documents "
            "WHERE id >= :first"), {"first": first_new})}
        made_lines = conn.execute(text("SELECT description FROM audit_records WHERE action = 'collect' "
                                       "AND description LIKE 'Made %'")).scalars().all()
    engine.dispose()
    if set(rows) != set(asked):
        problems.append(f"{len(rows)} document rows for {len(set(asked))} letters asked for")
    versions: dict[tuple, int] = {}
    for doc_id in asked:
        row = rows.get(doc_id)
        if row is None:
            continue
        versions[(row.case_id, row.kind, row.version)] = versions.get((row.case_id, row.kind, row.version), 0) + 1
        if row.status != "done":
            problems.append(f"document {doc_id} is {row.status}: {row.error}")
            continue
        stem = row.docx_path.rsplit("-", 1)[0] + "-"
        files = [k for k in store.keys(stem) if k.endswith(".docx")]
        if files != [row.docx_path]:
            problems.append(f"document {doc_id}: {len(files)} Word files in the store ({files})")
        import hashlib
        if hashlib.sha256(store.read(row.docx_path)).hexdigest() != row.docx_sha256:
            problems.append(f"document {doc_id}: stored file does not match its checksum")
        made = sum(1 for line in made_lines if f"(document {doc_id}," in line)
        if made != 1:
            problems.append(f"document {doc_id}: {made} 'made' lines in the audit log")
    problems += [f"{n} documents share case/kind/version {key}" for key, n in versions.items() if n > 1]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--cases", type=int, default=5000, help="demo cases to seed")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn web process")
    parser.add_argument("--think", default="2-6", help="seconds each user reads between steps, as 'low-high'; "
                                                      "'0' for a saturation test")
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--pg-database", default="oocr_deploy_check")
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--aim-ms", type=float, default=300)
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)

    from bench_search import fresh_postgres

    stop_on_signals()
    work = Path(tempfile.mkdtemp(prefix="oocr-deploy-"))
    database_url, drop_database = fresh_postgres(args.database_url, args.pg_database, keep=False)
    redis_url, redis_conn, token = claim_redis(args.redis_url)
    with ObjectStoreServer() as s3:
        s3.create_bucket(BUCKET)
        os.environ.update(s3.environment())  # for the letter check this process makes at the end
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "OOCR_")) or k == "OOCR_DEBUG_DIR"}
        env.update(s3.environment(), S3_ENDPOINT_URL=s3.url, DATABASE_URL=database_url, REDIS_URL=redis_url,
                   DOCUMENT_STORE=f"s3://{BUCKET}/documents", SECRET_KEY="deployment-check-secret-key",
                   FLASK_APP="wsgi", PYTHONUNBUFFERED="1")
        procs = Processes(work, env)
        try:
            started = time.perf_counter()
            procs.run("migrate", str(BIN / "oocr"), "db", "upgrade")
            # The demo's own documents are made in the seeding process, not queued: the workers start idle.
            procs.env = {k: v for k, v in env.items() if k != "REDIS_URL"}
            procs.run("seed", str(BIN / "oocr"), "seed-demo", "--cases", str(args.cases), "--password", PASSWORD)
            procs.env = env
            add_load_users(database_url, args.users)
            letter_cases, first_new_document = give_caseloads(database_url, args.users)
            print(f"database migrated and seeded with {args.cases:,} demo cases in {time.perf_counter() - started:.0f} s")
            hosts = []
            for n in (1, 2):
                port = free_port()
                web = procs.start(f"web{n}", str(BIN / "gunicorn"), "--workers", "1", "--worker-class", "gthread",
                                  "--control-socket", str(work / f"web{n}.ctl"), "--keep-alive", "75",
                                  "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "wsgi:app")
                hosts.append((f"http://127.0.0.1:{port}", web))
            for n in (1, 2):  # below the web processes' CPU priority, as a shared machine would run them
                procs.start(f"worker{n}", "nice", "-n", "10", str(BIN / "oocr"), "rq", "worker", "--with-scheduler",
                            "--name", f"oocr-deploy-{os.getpid()}-{n}")
            for url, web in hosts:
                wait_until_up(url, web)
            letters, summary, pool = work / "letters.txt", work / "summary.json", work / "caseloads.txt"
            pool.write_text("\n".join(letter_cases))
            procs.env = {**env, "OOCR_CASELOADS": str(pool), "OOCR_HOSTS": " ".join(u for u, _ in hosts), "OOCR_USER_PREFIX": USER_PREFIX,
                         "OOCR_PASSWORD": PASSWORD, "OOCR_LETTERS": str(letters), "OOCR_SUMMARY": str(summary),
                         "OOCR_THINK": args.think}
            print(f"two web processes ({', '.join(u for u, _ in hosts)}), two RQ workers, moto at {s3.url}; "
                  f"locust: {args.users} users for {args.run_time}, reading {args.think} s between steps")
            locust = procs.start("locust", str(BIN / "locust"), "-f", str(Path(__file__).with_name("locust_daily.py")),
                                 "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                                 "--run-time", args.run_time, "--stop-timeout", "90", "--only-summary",
                                 "--csv", str(work / "locust"), "--csv-full-history")  # per-second figures, in the logs
            locust.wait()
            drained = wait_for_letters(database_url, first_new_document)
            print(f"load finished; the workers finished the letters still queued {drained:.0f} s later")
            result = json.loads(summary.read_text())
            problems = check_letters(database_url, env, letters, first_new_document)
        finally:
            procs.stop_all()
            redis_conn.delete(CLAIM_KEY) if redis_conn.get(CLAIM_KEY) == token.encode() else None
            drop_database()
    return report(result, problems, letters, args.aim_ms, work)


def report(result: dict, problems: list[str], letters: Path, aim_ms: float, work: Path) -> int:
    print(f"\n{'request':<34} {'requests':>8} {'a second':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, row in result["rows"].items():
        print(f"{name:<34} {row['requests']:>8} {row['per_second']:>8.1f} {row['failures']:>8} {row['p50']:>7.0f} "
              f"{row['p95']:>7.0f} {row['p99']:>7.0f}")
    for error in result["errors"]:
        print(f"error: {error['count']} x {error['method']} {error['name']}: {error['error']}")
    asked = len(letters.read_text().split()) if letters.exists() else 0
    print(f"\nletters asked for: {asked}; made exactly once: {'yes' if not problems else 'NO'}")
    for problem in problems:
        print("  " + problem)
    pages = result["rows"]["all pages"]
    failures = result["rows"]["everything"]["failures"]
    ok = pages["p95"] <= aim_ms and failures == 0 and not problems and asked > 0
    print(f"aim (pages p95 <= {aim_ms:.0f} ms, no failures, every letter made once): {'met' if ok else 'NOT met'}"
          f" (pages p95 {pages['p95']:.0f} ms, {failures} failures); logs in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
