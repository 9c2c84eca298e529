"""A real RQ worker killed with SIGKILL half-way through writing a document, against real Redis.

The first worker's job pauses half-way through writing the .docx (the OOCR_TEST_PAUSE_MIDWRITE
hook in jobs.tasks.documents), and the test kills the worker and its work-horse there. RQ then
does what it does for an abandoned job: its maintenance finds the dead execution, and, the job
having retries left, schedules it again after the back-off; a new worker runs it. Afterwards there
must be exactly one document row for the case, kind and version, its file a valid .docx whose
SHA-256 is the row's, and no temporary file left anywhere in the store.
"""
from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from pathlib import Path

import docx
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import func, select

from factories import gen_case, gen_decision, gen_user, login
from jobs.tasks.documents import PAUSE_ENV
from webapp.services import storage as store
from webapp.extensions import db
from webapp.models import BackgroundJob, GeneratedDocument


def wait_for(condition, timeout: float, what: str, log=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{log()}")


def run_rq_maintenance_after_the_back_off(redis_url: str) -> None:
    """What RQ does without us, compressed in time: once the dead worker's heartbeat has expired,
    maintenance moves the abandoned job on (a retry, as it has retries left), and when the back-off
    has passed the scheduler puts it back on the queue."""
    connection = Redis.from_url(redis_url)
    queue = Queue("default", connection=connection)
    far_future = time.time() + 3600
    StartedJobRegistry(queue=queue).cleanup(timestamp=far_future)
    scheduled = ScheduledJobRegistry(queue=queue)
    for job_id in scheduled.get_jobs_to_schedule(int(far_future)):
        queue.enqueue_job(Job.fetch(job_id, connection=connection))
        scheduled.remove(job_id)


def test_a_worker_killed_mid_write_never_leaves_a_duplicate_or_a_corrupt_file(app, worker_app, workers, redis_url):
    with app.app_context():
        clerk = gen_user("clerk", username="kill-clerk")
        case = gen_case()
        gen_decision(case)
    client = worker_app.test_client()
    login(client, clerk)
    assert client.post(f"/cases/{case.reference}/documents",
                       data={"option": "conditional_caution_notice|"}).status_code == 302
    with worker_app.app_context():
        doc = db.session.scalar(select(GeneratedDocument))
        doc_id, job_id, version = doc.id, doc.job_id, doc.version
    store_root = Path(worker_app.config["DOCUMENT_STORE"])

    # 1. A worker starts the job and is killed, with its work-horse, half-way through the write.
    worker = workers.start(**{PAUSE_ENV: "60"})
    temp = wait_for(lambda: list(store_root.rglob("*.tmp")), 90, "the half-written file",
                    lambda: workers.log(worker))
    horses = workers.horses(worker)
    assert horses, "the worker's work-horse should be running the job"
    for pid in [worker.pid, *horses]:
        os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=10)
    for pid in horses:
        wait_for(lambda: not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2][:3],
                 10, f"work-horse {pid} to die")

    with worker_app.app_context():
        doc = db.session.get(GeneratedDocument, doc_id)
        job = db.session.get(BackgroundJob, job_id)
        assert doc.status == "running" and job.status == "running" and job.attempts == 1
        assert not doc.docx_path
        folder = store_root / "cases" / store.safe_name(case.reference)
    assert [t.parent for t in temp] == [folder] and 0 < temp[0].stat().st_size
    assert not list(folder.glob("*.docx"))  # half a document, under a temporary name only

    # 2. RQ notices the abandoned job and retries it; a new worker runs it to the end.
    run_rq_maintenance_after_the_back_off(redis_url)
    workers.run_burst()

    with worker_app.app_context():
        rows = db.session.scalars(select(GeneratedDocument).where(
            GeneratedDocument.case_id == case.id, GeneratedDocument.kind == "conditional_caution_notice",
            GeneratedDocument.version == version)).all()
        assert len(rows) == 1
        assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 1
        doc = rows[0]
        job = db.session.get(BackgroundJob, job_id)
        assert doc.status == "done" and job.status == "done" and job.attempts == 2, (doc.error, job.error)
        data = (store_root / doc.docx_path).read_bytes()
    assert [p.name for p in folder.iterdir()] == [Path(doc.docx_path).name]
    assert store.sha256(data) == doc.docx_sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    assert "Conditional caution" in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert not list(store_root.rglob("*.tmp")), "a temporary file was left behind"
    assert Job.fetch(job_id, connection=Redis.from_url(redis_url)).get_status() == "finished"
