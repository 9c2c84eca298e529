"""Locust users doing a caseworker's daily mix, for tests/bench/check_deployment.py (which sets the
environment below and reads the summary this file writes). Not a pytest test.

Each user signs in as its own account, then over and over: searches the case list, opens one of
its own cases (its caseload, from OOCR_CASELOADS: cases with a decision to write about), adds a note to
its timeline, and one time in two asks for a letter, waits for it to be made and downloads it. Requests go to the web processes named in OOCR_HOSTS at random, as a
load balancer would, so a session started on one is used on the other.

Between one step and the next a user reads for OOCR_THINK seconds ("2-6" by default: picked at random
in that range; a caseworker reading a case takes far longer, so this is a busy team). "0" sends each
step straight after the last, as fast as the user's answers come back: a saturation test rather than
a team.

Environment: OOCR_CASELOADS (a file of "username reference" lines), OOCR_HOSTS (space-separated base URLs), OOCR_USER_PREFIX and OOCR_PASSWORD (accounts
<prefix>01, <prefix>02, ...), OOCR_LETTERS (a file each requested letter's document id is appended
to), OOCR_SUMMARY (where the JSON summary goes when the run ends).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry

HOSTS = os.environ.get("OOCR_HOSTS", "http://127.0.0.1:5000").split()
PREFIX = os.environ.get("OOCR_USER_PREFIX", "load")
PASSWORD = os.environ.get("OOCR_PASSWORD", "")
LETTERS = os.environ.get("OOCR_LETTERS", "letters.txt")
SUMMARY = os.environ.get("OOCR_SUMMARY", "summary.json")
SEARCHES = ["smi", "theft", "tay", "jon", "assault", "wil", "damage", "bro", "shop", "har"]
HX = {"HX-Request": "true", "HX-Target": "case-results"}
TOKEN = re.compile(r'X-CSRFToken(?:"|&#34;|&quot;):\s*(?:"|&#34;|&quot;)([^"&]+)')
CASE_LINK = re.compile(r'href="/cases/([A-Z0-9-]+)"')
OPTION = re.compile(r'<input[^>]*name="option"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="option"')
POLLS = "letter ready? (poll)"
# Not in the pages figure: the polls are not pages anyone looks at, and signing in (once a day) is slow
# on purpose (argon2 password hashing); both are reported on their own rows.
NOT_PAGES = {POLLS, "sign in", "sign in (form)", "letter made (asked to ready)"}
LETTER_WAIT = int(os.environ.get("OOCR_LETTER_WAIT", "120"))  # seconds a user waits for a letter
THINK = [float(n) for n in os.environ.get("OOCR_THINK", "2-6").split("-")]
CASELOADS: dict[str, list[str]] = {}
for _line in (open(os.environ["OOCR_CASELOADS"]).read().splitlines() if os.environ.get("OOCR_CASELOADS") else []):
    _user, _reference = _line.split()
    CASELOADS.setdefault(_user, []).append(_reference)
_numbers = itertools.count(1)


class Caseworker(HttpUser):
    wait_time = between(THINK[0], THINK[-1])
    host = HOSTS[0]

    def read(self) -> None:
        """The pause between one step and the next (the same as between one round and the next)."""
        time.sleep(self.wait_time())

    def url(self, path: str) -> str:
        return random.choice(HOSTS) + path

    def token(self, html: str) -> str:
        found = TOKEN.search(html)
        if not found:
            raise RuntimeError("no CSRF token on the page")
        return found.group(1)

    def on_start(self):
        self.username = f"{PREFIX}{next(_numbers):02d}"
        page = self.client.get(self.url("/login"), name="sign in (form)")
        response = self.client.post(self.url("/login"), name="sign in",
                                    data={"username": self.username, "password": PASSWORD},
                                    headers={"X-CSRFToken": self.token(page.text)}, allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in: {response.status_code}")

    @task
    def daily_mix(self):
        results = self.client.get(self.url("/cases?q=" + random.choice(SEARCHES)), headers=HX, name="search")
        references = CASELOADS.get(self.username) or CASE_LINK.findall(results.text)
        if not references:
            return
        reference = random.choice(references)
        self.read()
        page = self.client.get(self.url(f"/cases/{reference}"), name="open a case")
        if page.status_code != 200:
            return
        csrf = {"X-CSRFToken": self.token(page.text)}
        self.read()
        self.client.post(self.url(f"/cases/{reference}/notes"), name="add a note", headers={**csrf, "HX-Request": "true"},
                         data={"note": f"Load test note by {self.username} at {time.time():.3f}"})
        if random.random() < 0.5:
            self.read()
            self.letter(reference, csrf)

    def letter(self, reference: str, csrf: dict) -> None:
        documents = self.client.get(self.url(f"/cases/{reference}/documents"), name="documents page")
        options = [a or b for a, b in OPTION.findall(documents.text)]
        letters = [o for o in options if o.startswith("victim_views_letter|")] or options
        if not letters:
            if os.environ.get("OOCR_DEBUG_DIR"):
                with open(os.path.join(os.environ["OOCR_DEBUG_DIR"], f"no-letter-{reference}.html"), "w") as fh:
                    fh.write(documents.text)
            return
        self.read()
        with self.client.post(self.url(f"/cases/{reference}/documents"), name="ask for a letter", headers=csrf,
                              data={"option": random.choice(letters)}, allow_redirects=False,
                              catch_response=True) as asked:
            found = re.search(r"#document-(\d+)$", asked.headers.get("Location", ""))
            if asked.status_code != 302 or not found:
                asked.failure(f"letter not accepted: {asked.status_code}")
                return
        document_id = found.group(1)
        with open(LETTERS, "a") as fh:
            fh.write(f"{document_id}\n")
        download = f"/cases/{reference}/documents/download?document={document_id}&format=docx"
        asked_at = time.monotonic()
        while time.monotonic() < asked_at + LETTER_WAIT:
            with self.client.get(self.url(download), name=POLLS, catch_response=True) as ready:
                if ready.status_code == 200:
                    break
                if ready.status_code == 404:  # not made yet: not a failure
                    ready.success()
            time.sleep(1)
        else:
            self.environment.events.request.fire(
                request_type="GET", name=f"letter made within {LETTER_WAIT} s", response_time=LETTER_WAIT * 1000,
                response_length=0, exception=RuntimeError(f"not made in {LETTER_WAIT} s"), context={})
            return
        # how long the letter took, from asking to ready to download (a queue wait, not a page)
        self.environment.events.request.fire(request_type="JOB", name="letter made (asked to ready)", response_length=0,
                                             response_time=(time.monotonic() - asked_at) * 1000, exception=None,
                                             context={})
        with self.client.post(self.url(download), name="download the letter", headers=csrf,
                              data={"use": "internal"}, catch_response=True) as got:
            if got.status_code != 200 or got.content[:2] != b"PK":
                got.failure(f"download refused or not a Word file: {got.status_code}")


@events.quitting.add_listener
def write_summary(environment, **_kw):
    """Per request name and for all pages together: count, failures, p50/p95/p99 (ms)."""
    stats = environment.stats
    pages = StatsEntry(stats, "all pages", "")
    rows = {}
    for (name, method), entry in sorted(stats.entries.items()):
        rows[f"{method} {name}"] = _figures(entry)
        if name not in NOT_PAGES and not name.startswith("letter made"):
            pages.extend(entry)
    rows["all pages"] = _figures(pages)
    rows["everything"] = _figures(stats.total)
    errors = [{"name": e.name, "method": e.method, "error": str(e.error), "count": e.occurrences}
              for e in stats.errors.values()]
    with open(SUMMARY, "w") as fh:
        json.dump({"rows": rows, "errors": errors}, fh, indent=1)


def _figures(entry) -> dict:
    return {"requests": entry.num_requests, "failures": entry.num_failures, "per_second": entry.total_rps,
            "p50": entry.get_response_time_percentile(0.50), "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99)}
