"""Does the time a failed sign-in takes tell an attacker whether the username exists? Prints figures; not a test.

Signs in through the real log-in page of an app on a temporary SQLite database, with the production
argon2 settings, ROUNDS times each for: a known username with a wrong password, and an unknown
username. The two medians should be within a few per cent of each other (before the fix: ~590 ms
against ~5 ms). The throttle is raised for the run so it measures the hashing, not the refusals.

    .venv/bin/python tests/bench/bench_sign_in.py [ROUNDS]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from oocr_testing import make_app  # noqa: E402


def main(rounds: int) -> None:
    from webapp.extensions import db
    from webapp.models import User

    tmp = Path(tempfile.mkdtemp())
    app = make_app(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, SIGN_IN_LIMIT_ACCOUNT="10000 per minute",
                   SIGN_IN_LIMIT_ADDRESS="10000 per minute", SIGN_IN_LOCKOUT_AFTER=10 ** 6)
    with app.app_context():
        db.create_all()
        user = User(username="known.user", full_name="Known User", role="clerk")
        user.set_password("violet-tractor-harbour")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    timings: dict[str, list[float]] = {"known username, wrong password": [], "unknown username": []}
    for _ in range(rounds):
        for label, username in (("known username, wrong password", "known.user"), ("unknown username", "no.such.user")):
            start = time.perf_counter()
            response = client.post("/login", data={"username": username, "password": "not-the-password"})
            timings[label].append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    for label, values in timings.items():
        print(f"{label:32} median {statistics.median(values) * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
              f"max {max(values) * 1000:.1f}, n={len(values)})")
    known, unknown = (statistics.median(v) for v in timings.values())
    print(f"difference of medians: {abs(known - unknown) * 1000:.1f} ms ({abs(known - unknown) / known * 100:.1f} %)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
