"""The document and batch jobs: idempotent, failures recorded and retried, files written atomically,
and the same code run by a real RQ worker against real Redis."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factories import gen_case, gen_decision, gen_user, gen_victim_contact, login
from documents import render as render_module
from jobs.tasks import batches, documents as tasks
from webapp.extensions import db
from webapp.models import AuditRecord, BackgroundJob, Case, GeneratedDocument, User, Victim
from webapp.services import generated_documents
from webapp.services import storage as store
from webapp.services import template_versions as versions


def valid_docx(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.testzip() is None and "word/document.xml" in archive.namelist()


@pytest.fixture
def decided(ctx):
    user = gen_user("caseworker", username="maker", full_name="Maker Person")
    case = gen_case()
    gen_decision(case)
    return {"user": db.session.get(User, user.id), "case": db.session.get(Case, case.id)}


def _ask(decided, kind="conditional_caution_notice", subject="", want_pdf=False):
    return tasks.request_document(case=decided["case"], kind=kind, subject=subject, user=decided["user"],
                                  want_pdf=want_pdf, start=False)


def _path(ctx, relative: str) -> Path:
    return Path(ctx.config["DOCUMENT_STORE"]) / relative


def _files_of(stem: Path) -> list[str]:
    """Every file (finished or temporary) of the document whose files start with `stem`."""
    return sorted(p.name for p in stem.parent.iterdir() if p.name.lstrip(".").startswith(stem.name + "-"))


def test_running_the_job_twice_makes_one_document_and_leaves_it_alone(ctx, decided):
    job, doc = _ask(decided)
    job_id, doc_id = job.id, doc.id
    tasks.generate_document(job_id=job_id, document_id=doc_id)
    doc = db.session.get(GeneratedDocument, doc_id)
    path = _path(ctx, doc.docx_path)
    first = (path.read_bytes(), path.stat().st_mtime_ns, doc.docx_sha256, doc.finished_at)
    assert doc.status == "done" and valid_docx(first[0]) and store.sha256(first[0]) == first[2]

    tasks.generate_document(job_id=job_id, document_id=doc_id)  # as RQ would after a retry
    db.session.expire_all()
    doc = db.session.get(GeneratedDocument, doc_id)
    assert (path.read_bytes(), path.stat().st_mtime_ns, doc.docx_sha256, doc.finished_at) == first
    assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 1
    job = db.session.get(BackgroundJob, job_id)
    assert job.status == "done" and job.attempts == 2 and job.percent == 100
    assert db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.record_type == "document")) == 1


def test_versions_count_up_per_case_and_kind(ctx, decided):
    numbers = [_ask(decided)[1].version for _ in range(3)]
    other = _ask(decided, "victim_outcome_letter", f"victim:{decided['case'].victims[0].id}")[1]
    assert numbers == [1, 2, 3] and other.version == 1


def test_a_failure_is_recorded_reraised_for_rq_and_a_retry_finishes(ctx, decided, monkeypatch):
    job, doc = _ask(decided)
    job_id, doc_id = job.id, doc.id
    real = tasks.render
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "render", flaky)
    with pytest.raises(OSError, match="disk hiccup"):
        tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
    assert doc.status == job.status == "failed" and "disk hiccup" in doc.error and "disk hiccup" in job.error
    assert not doc.docx_path

    tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
    assert doc.status == job.status == "done" and doc.error == job.error == "" and job.attempts == 2
    assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 1


def test_an_attempt_rq_will_retry_waits_queued_and_the_last_one_fails(ctx, decided, monkeypatch):
    import jobs.queue
    job, doc = _ask(decided)
    job_id, doc_id = job.id, doc.id
    monkeypatch.setattr(tasks, "render", lambda *a, **k: (_ for _ in ()).throw(TimeoutError("store timed out")))
    monkeypatch.setattr(jobs.queue, "retry_after", lambda: 60)
    with pytest.raises(TimeoutError):
        tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
    assert doc.status == job.status == "queued" and doc.finished_at is None and job.finished_at is None
    assert "store timed out" in doc.error and "trying again in 60 seconds" in job.message

    monkeypatch.setattr(jobs.queue, "retry_after", lambda: None)  # the last attempt
    with pytest.raises(TimeoutError):
        tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
    assert doc.status == job.status == "failed" and "store timed out" in job.error and job.attempts == 2
    assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 1


def test_leftovers_of_killed_runs_are_removed_and_never_used(ctx, decided):
    job, doc = _ask(decided)
    stem = store.resolve(tasks.document_stem(doc))
    stem.parent.mkdir(parents=True, exist_ok=True)
    # Killed mid-write (a temporary file), and killed after the rename but before the commit (a whole
    # file the row never pointed to).
    half = store.temp_name(stem.with_name(stem.name + "-0123456789ab.docx"))
    half.write_bytes(b"PK\x03\x04 half a document")
    orphan = stem.with_name(stem.name + "-ba9876543210.docx")
    orphan.write_bytes(b"a document nobody recorded")
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    doc = db.session.get(GeneratedDocument, doc.id)
    assert not half.exists() and not orphan.exists()
    assert _files_of(stem) == [Path(doc.docx_path).name]
    assert valid_docx(_path(ctx, doc.docx_path).read_bytes())


def test_two_runs_of_the_same_job_at_once_leave_one_consistent_document(ctx, decided, monkeypatch):
    """RQ can start a job again while the first run is still going (a worker that lost touch with
    Redis): whichever finishes second must neither overwrite the first's file nor its row."""
    job, doc = _ask(decided)
    job_id, doc_id = job.id, doc.id
    real = tasks.render
    second_run = []

    def render_then_let_another_run_finish_first(*args, **kwargs):
        data = real(*args, **kwargs)
        if not second_run:
            second_run.append(1)
            from flask import current_app
            from jobs.queue import run_in_app
            run_in_app(current_app._get_current_object(), tasks.TASK, job_id, {"document_id": doc_id})
        return data

    monkeypatch.setattr(tasks, "render", render_then_let_another_run_finish_first)
    tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    doc = db.session.get(GeneratedDocument, doc_id)
    assert doc.status == "done" and db.session.scalar(select(func.count(GeneratedDocument.id))) == 1
    assert store.sha256(_path(ctx, doc.docx_path).read_bytes()) == doc.docx_sha256
    assert _files_of(store.resolve(tasks.document_stem(doc))) == [Path(doc.docx_path).name]
    assert db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.record_type == "document")) == 1


def test_atomic_write_leaves_the_old_file_when_interrupted(ctx, tmp_path):
    target = tmp_path / "file.docx"
    target.write_bytes(b"old")

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.atomic_write(target, b"new content", midway=interrupted)
    assert target.read_bytes() == b"old" and not store.stale_temps(target)


def test_a_done_document_whose_file_changed_is_not_silently_remade(ctx, decided):
    job, doc = _ask(decided)
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    doc = db.session.get(GeneratedDocument, doc.id)
    path = _path(ctx, doc.docx_path)
    path.write_bytes(path.read_bytes() + b"edited")
    with pytest.raises(store.StoredFileProblem, match="no longer matches its checksum"):
        tasks.generate_document(job_id=job.id, document_id=doc.id)
    assert path.read_bytes().endswith(b"edited")  # kept as it is, for whoever investigates


def test_a_changed_template_file_fails_the_job(ctx, decided):
    template = versions.active_template("conditional_caution_notice")
    _path(ctx, template.path).write_bytes(b"not the template")
    try:
        job, doc = _ask(decided)
        with pytest.raises(store.StoredFileProblem, match="has changed since it was made"):
            tasks.generate_document(job_id=job.id, document_id=doc.id)
        assert db.session.get(GeneratedDocument, doc.id).status == "failed"
    finally:
        versions.ensure_shipped("conditional_caution_notice")
        _path(ctx, template.path).write_bytes((Path(__file__).parents[2] / "documents" / "templates" /
                                               "conditional_caution_notice.docx").read_bytes())


def test_the_document_records_what_it_was_made_from(ctx, decided):
    job, doc = _ask(decided)
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    summary = json.loads(db.session.get(GeneratedDocument, doc.id).source_summary)
    case = decided["case"]
    assert summary["case"] == {"id": case.id, "reference": case.reference, "version": case.version}
    assert summary["decision"]["status"] == "authorised" and len(summary["conditions"]) == 2
    template = versions.active_template("conditional_caution_notice")
    assert summary["template"] == {"id": template.id, "version": 1, "sha256": template.sha256}


def test_the_batch_job_is_idempotent_and_goes_on_past_a_document_it_cannot_make(ctx, decided):
    second = gen_case(first_name="Second")
    gen_decision(second)
    gone = gen_case(first_name="Gone")
    gen_decision(gone)
    for case in (decided["case"], second, gone):
        gen_victim_contact(case, "outcome", date.today())
    plan = batches.plan_victim_updates(date.today())
    assert len(plan.items) == 3 and not plan.skipped
    job = batches.start_batch(plan, user=decided["user"], want_pdf=False, start=False)
    job_id = job.id
    # The victim leaves the case after the batch was asked for: that letter cannot be made.
    db.session.delete(db.session.scalar(select(Victim).where(Victim.case_id == gone.id)))
    db.session.commit()

    batches.generate_batch(job_id)
    db.session.expire_all()
    job = db.session.get(BackgroundJob, job_id)
    assert job.status == "done" and job.message == "2 of 3 documents ready; 1 could not be made"
    docs = generated_documents.documents_for_job(job_id)
    assert [d.status for d in docs] == ["done", "done", "failed"]
    assert "victim is not on this case" in docs[2].error
    archive = _path(ctx, job.result_path)
    first_zip = archive.read_bytes()
    finished = [d.finished_at for d in docs]

    batches.generate_batch(job_id)  # a retry: nothing is made twice, the zip is rebuilt whole
    db.session.expire_all()
    docs = generated_documents.documents_for_job(job_id)
    assert [d.finished_at for d in docs[:2]] == finished[:2]
    assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 3
    with zipfile.ZipFile(archive) as rebuilt, zipfile.ZipFile(io.BytesIO(first_zip)) as original:
        assert sorted(rebuilt.namelist()) == sorted(original.namelist())
        assert len([n for n in rebuilt.namelist() if n.endswith(".docx")]) == 2
        manifest = rebuilt.read("manifest.csv").decode("utf-8-sig")
        assert "failed" in manifest and "victim is not on this case" in manifest
    assert batches.verify_zip(db.session.get(BackgroundJob, job_id))
    assert not list(Path(ctx.config["DOCUMENT_STORE"]).rglob("*.tmp"))


# --------------------------------------------------------------------------- a real RQ worker


def test_a_real_worker_makes_the_document_asked_for_on_the_page(app, worker_app, workers):
    with app.app_context():
        clerk = gen_user("clerk", username="rq-clerk")
        case = gen_case()
        gen_decision(case)
    client = worker_app.test_client()
    login(client, clerk)
    response = client.post(f"/cases/{case.reference}/documents", data={"option": "conditional_caution_notice|"})
    assert response.status_code == 302
    with worker_app.app_context():
        doc = db.session.scalar(select(GeneratedDocument))
        assert doc.status == "queued" and doc.job.status == "queued"
        doc_id, job_id = doc.id, doc.job_id
    fragment = client.get(f"/documents/progress?job={job_id}", headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 1s"' in fragment and "Queued" in fragment

    workers.run_burst()

    with worker_app.app_context():
        doc = db.session.get(GeneratedDocument, doc_id)
        job = db.session.get(BackgroundJob, job_id)
        assert doc.status == "done" and job.status == "done" and job.attempts == 1, (doc.error, job.error)
        data = (Path(worker_app.config["DOCUMENT_STORE"]) / doc.docx_path).read_bytes()
        assert valid_docx(data) and store.sha256(data) == doc.docx_sha256
    fragment = client.get(f"/documents/progress?job={job_id}", headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in fragment and "Ready" in fragment
    download = client.post(f"/cases/{case.reference}/documents/download?document={doc_id}", data={"use": "internal"})
    assert download.status_code == 200 and download.data == data


def test_a_real_worker_records_a_failure_for_rq_to_retry(worker_app, workers, redis_url):
    with worker_app.app_context():
        clerk = gen_user("clerk", username="rq-clerk2")
        case = gen_case()
        gen_decision(case)
        template = versions.active_template("conditional_caution_notice")
        template_path = Path(worker_app.config["DOCUMENT_STORE"]) / template.path
        job, doc = tasks.request_document(case=db.session.get(Case, case.id), kind="conditional_caution_notice",
                                          subject="", user=db.session.get(User, clerk.id), want_pdf=False)
        job_id, doc_id = job.id, doc.id
    # The template version's file is damaged: the attempt fails, and RQ keeps the job for a retry.
    original = template_path.read_bytes()
    template_path.write_bytes(b"damaged")
    try:
        workers.run_burst()
    finally:
        template_path.write_bytes(original)
    with worker_app.app_context():
        doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
        # Not "failed" while RQ is to try again: waiting, with the error and when.
        assert doc.status == job.status == "queued" and "has changed since it was made" in job.error
        assert "has changed since it was made" in doc.error and "trying again in 10 seconds" in job.message
        from redis import Redis
        from rq.job import Job
        rq_job = Job.fetch(job_id, connection=Redis.from_url(redis_url))
        assert rq_job.get_status() == "scheduled" and rq_job.retries_left == 2  # back-off before the next try


def test_breach_letters_date_the_breach_from_its_record(ctx, decided):
    from datetime import datetime

    from webapp.models import Breach, Condition
    course = db.session.scalar(select(Condition).where(Condition.type == "course"))
    course.status = "breached"
    db.session.add(Breach(case_id=decided["case"].id, condition_id=course.id, what_happened="Did not attend",
                          proposed_outcome="prosecute", recorded_at=datetime(2026, 12, 5, 9, 0)))
    db.session.commit()
    job, doc = _ask(decided, "offender_breach_warning_letter", f"condition:{course.id}")
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    doc = db.session.get(GeneratedDocument, doc.id)
    with zipfile.ZipFile(_path(ctx, doc.docx_path)) as archive:
        text = archive.read("word/document.xml").decode()
    assert "19 December 2026" in text  # a reasonable excuse is due 14 days after the breach was recorded
    assert json.loads(doc.source_summary)["breach"]["status"] == "proposed"


def test_a_rehearsal_makes_documents_in_memory_and_leaves_no_trace(ctx, decided):
    """What a worker does before its first fork: every document the case could have, nothing kept."""
    render_module._ENVIRONMENT._compiled.cache_clear()
    audit_lines = db.session.scalar(select(func.count(AuditRecord.id)))
    store_root = Path(ctx.config["DOCUMENT_STORE"])
    stored = set(store_root.rglob("*.docx")) - set((store_root / "templates").rglob("*"))

    made = tasks.rehearse()

    assert made == sum(o.available for o in generated_documents.document_options(decided["case"])) > 0
    assert render_module._ENVIRONMENT._compiled.cache_info().currsize > 0
    assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 0
    assert db.session.scalar(select(func.count(AuditRecord.id))) == audit_lines
    assert set(store_root.rglob("*.docx")) - set((store_root / "templates").rglob("*")) == stored
    job, doc = _ask(decided)  # the real thing still works afterwards
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    assert db.session.get(GeneratedDocument, doc.id).status == "done"
