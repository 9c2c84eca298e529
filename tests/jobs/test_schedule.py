"""The daily sweep schedules itself: one run a day however many processes try, the embedded thread,
RQ cron registered without a blueprint, a supervisor's "run now" with progress, and the review task
a sweep makes closing when the breach it asked about is recorded."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

from sqlalchemy import select

from compliance_testing import case_with_conditions, condition_ids
from factories import gen_user, login
from jobs import schedule
from jobs.tasks.sweep import run_sweep, scheduled_sweep
from oocr_testing import ROOT
from webapp.services import breaches
from webapp.domain.formatting import long_date
from webapp.extensions import db
from webapp.models import BackgroundJob, ComplianceTask, SweepRun
from webapp.models._types import utcnow
from webapp.services import sweeps

TODAY = date.today()


def runs() -> list[SweepRun]:
    db.session.expire_all()
    return list(db.session.scalars(select(SweepRun).order_by(SweepRun.id)))


def test_the_scheduled_sweep_runs_once_a_day(ctx):
    case_with_conditions(due=TODAY - timedelta(days=3))
    first = scheduled_sweep(TODAY)
    assert first.startswith(f"Sweep for {long_date(TODAY)}") and "1 review" in first
    assert "already run" in scheduled_sweep(TODAY)
    [run] = runs()
    assert (run.trigger, run.status, run.scheduled_day) == ("schedule", "done", TODAY) and "1 review" in run.summary
    assert scheduled_sweep(TODAY + timedelta(days=1)).startswith(f"Sweep for {long_date(TODAY + timedelta(days=1))}")
    assert len(runs()) == 2


def race(app, run, processes: int = 4) -> list:
    """What `run` answered in each of `processes` threads started together, each with its own session,
    as that many web processes would."""
    barrier, outcomes = threading.Barrier(processes), []

    def one():
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(run())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one) for _ in range(processes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_processes_racing_for_the_day_sweep_once(app):
    with app.app_context():
        case_with_conditions(due=TODAY - timedelta(days=3))
    outcomes = race(app, lambda: scheduled_sweep(TODAY))
    assert len(outcomes) == 4
    assert sum(o.startswith("Sweep for") for o in outcomes) == 1, outcomes
    with app.app_context():
        assert len(runs()) == 1
        assert len(db.session.scalars(select(ComplianceTask).where(ComplianceTask.kind == "review")).all()) == 1


def test_a_claim_left_by_a_dead_process_is_taken_over(ctx):
    db.session.add(SweepRun(day=TODAY, scheduled_day=TODAY, trigger="schedule", status="running",
                            started_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    assert scheduled_sweep(TODAY).startswith("Sweep for")
    [run] = runs()
    assert run.status == "done"
    # a claim still fresh is left to its owner
    db.session.add(SweepRun(day=TODAY + timedelta(days=1), scheduled_day=TODAY + timedelta(days=1),
                            trigger="schedule", status="running"))
    db.session.commit()
    assert sweeps.claim_scheduled(TODAY + timedelta(days=1)) is None


def test_the_thread_waits_for_six_and_sweeps_without_setup(app, monkeypatch):
    assert not schedule.uses_thread(app)  # tests (and Redis deployments) do not get the thread by default
    early = datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=2, minutes=59)
    assert schedule.check_once(app, early) is None
    at_five = schedule.check_once(app, early + timedelta(hours=2))  # people matching and statistics, not the sweep
    assert "People matching" in at_five and "Statistics for" in at_five and "Sweep" not in at_five
    with app.app_context():
        assert runs() == []
    monkeypatch.setitem(app.config, "SWEEP_SCHEDULER", True)
    monkeypatch.setitem(app.config, "SWEEP_HOUR", 0)
    monkeypatch.setitem(app.config, "SWEEP_CHECK_EVERY", 0.2)
    assert schedule.uses_thread(app)
    stop = schedule.start(app)
    try:
        assert stop is not None and schedule.start(app) is None  # one thread per app
        deadline = time.monotonic() + 20
        with app.app_context():
            while time.monotonic() < deadline and not [r for r in runs() if r.status == "done"]:
                time.sleep(0.2)
            done = runs()
        assert [(r.trigger, r.scheduled_day, r.status) for r in done] == [("schedule", TODAY, "done")]
    finally:
        stop.set()
        schedule._started.discard(id(app))


def test_rq_cron_is_registered_without_importing_a_blueprint():
    code = ("import sys, jobs.schedule\nfrom webapp.extensions import rq\n"
            "names = [d['func'].__name__ for d in rq._cron_job_data]\n"
            "assert names == ['scheduled_sweep', 'scheduled_people_match', 'scheduled_statistics_refresh'], names\n"
            "assert not [m for m in sys.modules if m.endswith('.routes')], 'a blueprint was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_server_starts_the_thread_but_a_flask_command_loading_wsgi_does_not(tmp_path):
    """`FLASK_APP=wsgi flask seed-demo` once started it: its first check swept the half-made demo and
    claimed the day, so the day's real sweep flagged nothing."""
    code = "import wsgi; from jobs import schedule; print(len(schedule._started))"
    env_base = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.sqlite3'}",
                "SECRET_KEY": "x", "SWEEP_CHECK_EVERY": "3600"}
    started = {}
    for label, extra in (("server", {}), ("command", {"FLASK_RUN_FROM_CLI": "true"})):
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env={**env_base, **extra})
        assert result.returncode == 0, result.stderr[-2000:]
        started[label] = result.stdout.strip().splitlines()[-1]
    assert started == {"server": "1", "command": "0"}


def test_a_supervisor_runs_the_sweep_now_and_everyone_sees_when_it_ran(app, client):
    with app.app_context():
        case_with_conditions(due=TODAY - timedelta(days=3))
        supervisor, clerk = gen_user("supervisor"), gen_user("clerk")
    login(client, clerk)
    page = client.get("/compliance").text
    assert "It has not run yet" in page and "Run the sweep now" not in page
    assert client.post("/compliance/sweep/run").status_code == 403
    client = app.test_client()
    login(client, supervisor)
    assert "Run the sweep now" in client.get("/compliance").text
    response = client.post("/compliance/sweep/run")
    assert response.status_code == 302 and "/compliance/sweep?job=" in response.headers["Location"]
    job_id = response.headers["Location"].split("job=")[1]
    with app.app_context():
        job = db.session.get(BackgroundJob, job_id)
        assert (job.kind, job.status, job.progress, job.total) == ("compliance_sweep", "done", 4, 4)
        [run] = runs()
        assert (run.trigger, run.job_id, run.started_by_id, run.scheduled_day) == ("supervisor", job_id, supervisor.id, None)
    fragment = client.get(f"/compliance/sweep?job={job_id}", headers={"HX-Request": "true"}).text
    assert "<h1" not in fragment and "Done" in fragment and "1 review" in fragment and "hx-trigger" not in fragment
    assert "(started by a supervisor: Test Supervisor)" in client.get("/compliance").text
    # a hand run does not use up the day's scheduled sweep
    with app.app_context():
        assert scheduled_sweep(TODAY).startswith("Sweep for")


def test_a_running_sweep_is_polled_not_started_twice(app, client):
    with app.app_context():
        supervisor = gen_user("supervisor")
        job = BackgroundJob(kind="compliance_sweep", title="Compliance sweep", status="running", progress=1, total=4,
                            message="Checking six-month time limits")
        db.session.add(job)
        db.session.flush()
        db.session.add(SweepRun(day=TODAY, trigger="supervisor", status="running", job_id=job.id))
        db.session.commit()
        job_id = job.id
    login(client, supervisor)
    page = client.get("/compliance").text
    assert f'hx-get="/compliance/sweep?job={job_id}"' in page and "25%" in page and "Run the sweep now" not in page
    response = client.post("/compliance/sweep/run")
    assert response.headers["Location"].endswith(f"job={job_id}")
    assert client.get("/compliance/sweep?job=nonsense").status_code == 200  # an unknown job shows the section
    with app.app_context():
        other = BackgroundJob(kind="evidence_bundle", title="Bundle")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    assert client.get(f"/compliance/sweep?job={other_id}").status_code == 404


def test_recording_the_breach_closes_the_review_the_sweep_asked_for(ctx):
    case = case_with_conditions(due=TODAY - timedelta(days=3))
    condition_id = condition_ids(case.id)[0]
    caseworker = gen_user("caseworker")
    assert run_sweep(TODAY).created["review"] == 1
    review = db.session.scalar(select(ComplianceTask).where(ComplianceTask.kind == "review"))
    assert not review.done
    condition = db.session.get(type(review.condition), condition_id)
    breaches.record_breach(review.case, condition, what_happened="Did not attend the course", reasonable_excuse="",
                           offender_account="", outcome="prosecute", notes="", user=caseworker, today=TODAY)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ComplianceTask, review.id).done
    assert run_sweep(TODAY).created["review"] == 0  # and the sweep does not ask again while the breach is decided


def test_people_matching_and_statistics_run_once_a_day_and_cover_the_days_since(ctx):
    from factories import gen_case, gen_delivered, gen_suspect_case
    from jobs.tasks.daily import scheduled_people_match, scheduled_statistics_refresh
    from webapp.models import Case, SiteMarker, StatisticsRefresh
    from webapp.models.person_link import PersonMatch
    from webapp.services import daily

    dob = date(1990, 2, 2)
    gen_suspect_case("Jon", "Smyth", dob, postcode="NG5 2PQ")
    later = gen_suspect_case("John", "Smith", dob, postcode="NG5 2PQ")
    db.session.execute(Case.__table__.update().where(Case.id == later.id).values(
        created_at=datetime.combine(TODAY - timedelta(days=3), datetime.min.time()) + timedelta(hours=20)))
    db.session.commit()
    gen_delivered(gen_case(), "community_resolution", delivered_on=TODAY - timedelta(days=2))
    db.session.add(SiteMarker(key="daily:people_match", value=(TODAY - timedelta(days=3)).isoformat()))
    db.session.commit()
    # the last run was three days ago, so the referral made that evening is checked now
    assert scheduled_people_match(TODAY) == f"People matching for {long_date(TODAY)}: 1 possible duplicate(s) to review"
    assert "already run" in scheduled_people_match(TODAY)
    assert len(db.session.scalars(select(PersonMatch)).all()) == 1
    assert scheduled_statistics_refresh(TODAY).startswith(f"Statistics for {long_date(TODAY)}")
    assert "already been worked out" in scheduled_statistics_refresh(TODAY)
    assert len(db.session.scalars(select(StatisticsRefresh)).all()) == 1
    assert daily.last_day("statistics_refresh") == TODAY and daily.last_day("people_match") == TODAY
    assert scheduled_statistics_refresh(TODAY + timedelta(days=1)).startswith("Statistics for")  # the next night
    assert daily.claim_day("statistics_refresh", TODAY) is None  # never back in time


def test_processes_racing_for_the_statistics_refresh_run_it_once(app):
    from jobs.tasks.daily import scheduled_statistics_refresh
    from webapp.models import StatisticsRefresh

    outcomes = race(app, lambda: scheduled_statistics_refresh(TODAY))
    assert len(outcomes) == 4 and sum(o.startswith("Statistics for") for o in outcomes) == 1, outcomes
    with app.app_context():
        assert len(db.session.scalars(select(StatisticsRefresh)).all()) == 1
