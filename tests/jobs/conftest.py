"""Real RQ workers for the job tests.

A worker is started exactly as in production: `oocr rq worker` in a subprocess with FLASK_APP=wsgi
and the same DATABASE_URL, REDIS_URL and DOCUMENT_STORE as the app under test; the worker runs each
job in a forked work-horse of its own (jobs/worker.py).

Each test claims a Redis database of its own on TEST_REDIS_URL's server (see _claim_database), so
no other test run's worker can take its jobs, and it deletes only the keys of the jobs it made.
With CI=true a missing or unreachable Redis fails the tests; locally without TEST_REDIS_URL they skip.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from oocr_testing import IN_CI, ROOT, TEST_REDIS_URL, make_app

WORKER_TIMEOUT = 120


def isolated_redis_url(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


CLAIM_KEY = "oocr:test-claim"


def _claim_database(base_url: str):
    """A Redis database no other test run is using: each run claims one (1-15; 0 is left alone) with
    a key that expires, so concurrent runs (two people, or two suites) never share a queue."""
    from redis import Redis
    token = f"{os.getpid()}-{time.time_ns()}"
    for number in range(15, 0, -1):
        url = isolated_redis_url(base_url, number)
        connection = Redis.from_url(url, socket_connect_timeout=3)
        if connection.set(CLAIM_KEY, token, nx=True, ex=900):
            return url, connection, token
        connection.close()
    pytest.fail("every Redis database 1-15 is claimed by another test run")


@pytest.fixture
def redis_url():
    """A Redis database of this test's own on TEST_REDIS_URL's server; the keys of jobs made here are
    removed after."""
    if not TEST_REDIS_URL:
        if IN_CI:
            pytest.fail("CI=true but TEST_REDIS_URL is not set: the real-worker tests are required in CI")
        pytest.skip("TEST_REDIS_URL not set (CI always sets it)")
    from redis import Redis
    from rq import Queue
    try:
        Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # an unreachable service must fail loudly, never skip
        pytest.fail(f"Redis at {TEST_REDIS_URL} is not usable: {exc}")
    url, connection, token = _claim_database(TEST_REDIS_URL)
    Queue("default", connection=connection).empty()  # jobs a killed earlier run left in this database
    before = set(connection.keys("rq:job:*"))
    yield url
    made = {key.decode().removeprefix("rq:job:") for key in set(connection.keys("rq:job:*")) - before}
    for job_id in made:
        for key in connection.scan_iter(f"rq:*{job_id}*"):
            connection.delete(key)
        for key in connection.scan_iter("rq:*"):
            kind = connection.type(key)
            if kind == b"zset":
                for member in connection.zrange(key, 0, -1):
                    if job_id in member.decode():
                        connection.zrem(key, member)
            elif kind == b"list":
                connection.lrem(key, 0, job_id)
    if not connection.llen("rq:queue:default"):
        connection.srem("rq:queues", "rq:queue:default")
    if connection.get(CLAIM_KEY) == token.encode():
        connection.delete(CLAIM_KEY)
    connection.close()


@pytest.fixture
def worker_app(app, redis_url, tmp_path):
    """An app on the test database, with a document store of its own, that sends jobs to RQ."""
    application = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL=redis_url, JOBS_INLINE=False)
    yield application
    from webapp.extensions import db
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


class Workers:
    """Starts `oocr rq worker` subprocesses and makes sure none outlives the test."""

    def __init__(self, app, redis_url: str, log_dir: Path):
        self.app = app
        self.redis_url = redis_url
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []
        self.names: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("OOCR_TEST_")}
        env.update(FLASK_APP="wsgi", DATABASE_URL=self.app.config["SQLALCHEMY_DATABASE_URI"],
                   REDIS_URL=self.redis_url, DOCUMENT_STORE=self.app.config["DOCUMENT_STORE"],
                   SECRET_KEY="test-secret-key", PYTHONUNBUFFERED="1")
        env.update(extra)
        return env

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        oocr = Path(sys.executable).parent / "oocr"
        log = open(self.log_dir / f"worker-{len(self.started)}.log", "wb")
        name = f"oocr-test-{os.getpid()}-{len(self.started)}-{time.time_ns()}"
        process = subprocess.Popen([str(oocr), "rq", "worker", "--name", name, *args],
                                   cwd=ROOT, env=self.env(**env), stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        self.names.append(name)
        return process

    def run_burst(self, timeout: float = WORKER_TIMEOUT, **env: str) -> None:
        """Run a worker until the queue is empty, and fail with its log if it does not finish."""
        process = self.start("--burst", **env)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the RQ worker did not finish within {timeout} s:\n{self.log(process)}")
        assert process.returncode == 0, self.log(process)

    @staticmethod
    def horses(process: subprocess.Popen) -> list[int]:
        """The work-horse processes a running worker has started for its current job."""
        return children(process.pid)

    def log(self, process: subprocess.Popen) -> str:
        index = self.started.index(process)
        return (self.log_dir / f"worker-{index}.log").read_text(errors="replace")[-5000:]

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is not None:  # finished: its pid may belong to someone else by now
                continue
            for pid in [*children(process.pid), process.pid]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.forget_workers()

    def forget_workers(self) -> None:
        """Remove the registrations of our workers (a killed worker cannot remove its own)."""
        from redis import Redis
        connection = Redis.from_url(self.redis_url)
        for name in self.names:
            for registry in ("rq:workers", "rq:workers:default"):
                connection.srem(registry, f"rq:worker:{name}")
            connection.delete(f"rq:worker:{name}", f"rq:worker:{name}:executions")
        connection.close()


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (the work-horse of a worker), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'.
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.fixture
def workers(worker_app, redis_url, tmp_path):
    started = Workers(worker_app, redis_url, tmp_path)
    yield started
    started.stop_all()
