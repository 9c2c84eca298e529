"""Idle time-out: a page that refreshes part of itself in the background (job progress) does not keep
its session alive; a person using the system does."""
from __future__ import annotations

import pytest

from factories import gen_decided_case, login
from jobs.tasks import documents as tasks
from webapp.extensions import db

TIMEOUT_MINUTES = 30
POLL = {"HX-Request": "true", "X-Background-Poll": "1"}


class _Clock:
    def __init__(self, start: float):
        self.now = start

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(app, monkeypatch):
    import time

    fake = _Clock(time.time())
    monkeypatch.setattr("webapp.security.time", fake)
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT_MINUTES", TIMEOUT_MINUTES)
    return fake


@pytest.fixture
def queued_job(app, client):
    """A clerk signed in, looking at a letter's progress while the job waits in the queue."""
    with app.app_context():
        from webapp.models import Case, User
        case, clerk, _ = gen_decided_case()
        job, _ = tasks.request_document(case=db.session.get(Case, case.id), kind="conditional_caution_notice",
                                        subject="", user=db.session.get(User, clerk.id), want_pdf=False, start=False)
        job_id = job.id
    return {"clerk": clerk, "url": f"/documents/progress?job={job_id}"}


def test_the_progress_fragment_marks_its_polls_as_background(app, client, queued_job):
    login(client, queued_job["clerk"])
    fragment = client.get(queued_job["url"], headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 1s"' in fragment
    assert """hx-headers='{"X-Background-Poll": "1"}'""" in fragment


def test_a_page_left_polling_is_signed_out_after_the_idle_time(app, client, clock, queued_job):
    login(client, queued_job["clerk"])
    for _ in range(TIMEOUT_MINUTES):  # a poll every minute for the whole time-out: all answered...
        clock.now += 60
        response = client.get(queued_job["url"], headers=POLL)
        assert response.status_code == 200 and "HX-Refresh" not in response.headers
    clock.now += 61  # ...but none of them counted as use
    response = client.get(queued_job["url"], headers=POLL)
    # The whole page reloads (and so goes to sign-in) rather than the sign-in page landing in the fragment.
    assert response.headers.get("HX-Refresh") == "true" and "Queued" not in response.text
    after = client.get("/cases")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    with app.app_context():
        from sqlalchemy import select

        from webapp.models import AuditRecord
        line = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "sign_out")).one()
        assert line.username == queued_job["clerk"].username and "without activity" in line.description


def test_a_person_using_the_system_stays_signed_in(app, client, clock, queued_job):
    login(client, queued_job["clerk"])
    for _ in range(TIMEOUT_MINUTES + 5):  # the same requests, made by the person (no background header)
        clock.now += 60
        response = client.get(queued_job["url"], headers={"HX-Request": "true"})
        assert response.status_code == 200 and "HX-Refresh" not in response.headers
    assert client.get("/cases").status_code == 200


def test_polls_do_not_hide_real_use_in_between(app, client, clock, queued_job):
    login(client, queued_job["clerk"])
    clock.now += 20 * 60
    assert client.get("/cases").status_code == 200  # the person does something after 20 minutes
    for _ in range(25):  # then leaves the page polling for 25 minutes: 25 since use, under the limit
        clock.now += 60
        assert client.get(queued_job["url"], headers=POLL).status_code == 200
    assert client.get("/cases").status_code == 200
