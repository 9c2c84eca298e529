"""A victim's name typed into a condition stops the offender's notice, with a message saying where
(issue 8); once the text is changed the same request makes the document. A stop is deliberate, not a
failure: the task returns normally, so RQ does not try the same text again and again."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import gen_case, gen_decision, gen_user, login
from jobs.tasks import documents as tasks
from webapp.extensions import db
from webapp.models import BackgroundJob, Case, Condition, GeneratedDocument, User


def _victim_in_a_condition(victim_detail: str = "name") -> tuple[Case, int, str]:
    case = gen_case()
    gen_decision(case)
    case = db.session.get(Case, case.id)
    victim = case.victims[0]
    victim.first_name, victim.last_name, victim.phone = "Anna", "Kowalczyk", "07700 900461"
    condition = db.session.scalars(select(Condition).where(Condition.case_id == case.id).order_by(Condition.id)).all()[-1]
    said = victim.first_name if victim_detail == "name" else "07700-900-461"
    condition.description = f"Write a letter of apology to {said} within 14 days"
    db.session.commit()
    return case, condition.id, said


def test_a_condition_naming_the_victim_stops_the_offenders_notice_until_it_is_changed(ctx):
    user = gen_user("caseworker", username="screen-maker", full_name="Maker Person")
    case, condition_id, said = _victim_in_a_condition()
    job, doc = tasks.request_document(case=case, kind="conditional_caution_notice", subject="",
                                      user=db.session.get(User, user.id), want_pdf=False, start=False)
    job_id, doc_id = job.id, doc.id
    assert tasks.generate_document(job_id=job_id, document_id=doc_id) is None  # returns: nothing for RQ to retry
    db.session.expire_all()
    doc = db.session.get(GeneratedDocument, doc_id)
    assert doc.status == "stopped" and not doc.docx_path
    assert "condition 2 description gives the victim’s name" in doc.error and said in doc.error
    job = db.session.get(BackgroundJob, job_id)
    assert job.finished and job.error == doc.error and job.message.startswith("Stopped")

    db.session.get(Condition, condition_id).description = "Write a letter of apology within 14 days"
    db.session.commit()
    tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    assert db.session.get(GeneratedDocument, doc_id).status == "done"


def test_a_victims_telephone_number_stops_it_too_and_other_failures_still_raise(ctx, monkeypatch):
    user = gen_user("caseworker", username="screen-maker2", full_name="Maker Person")
    case, _, _ = _victim_in_a_condition("phone")
    job, doc = tasks.request_document(case=case, kind="conditional_caution_notice", subject="",
                                      user=db.session.get(User, user.id), want_pdf=False, start=False)
    assert tasks.generate_document(job_id=job.id, document_id=doc.id) is None
    db.session.expire_all()
    stopped = db.session.get(GeneratedDocument, doc.id)
    assert stopped.status == "stopped" and "victim’s contact details" in stopped.error
    assert "description of condition" in stopped.error or "condition 2 description" in stopped.error

    # An ordinary failure is still a failure, re-raised for RQ's back-off.
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(tasks, "render", broken)
    job, doc = tasks.request_document(case=db.session.get(Case, case.id), kind="conditional_caution_notice",
                                      subject="", user=db.session.get(User, user.id), want_pdf=False, start=False)
    db.session.get(Condition, db.session.scalars(select(Condition.id).where(Condition.case_id == case.id)
                                                 .order_by(Condition.id)).all()[-1]).description = "Apologise"
    db.session.commit()
    with pytest.raises(RuntimeError):
        tasks.generate_document(job_id=job.id, document_id=doc.id)
    db.session.expire_all()
    assert db.session.get(GeneratedDocument, doc.id).status == "failed"


def test_the_documents_page_shows_the_stop_and_where(app, client):
    with app.app_context():
        user = gen_user("caseworker", username="screen-page", full_name="Page Person")
        case, _, said = _victim_in_a_condition()
        reference = case.reference
    login(client, user)
    client.post(f"/cases/{reference}/documents", data={"option": "conditional_caution_notice|"})
    with app.app_context():
        assert db.session.scalar(select(GeneratedDocument.status)) == "stopped"
    page = client.get(f"/cases/{reference}/documents").get_data(as_text=True)
    assert "condition 2 description gives the victim’s name" in page.replace("&#8217;", "’")


def test_a_real_worker_does_not_retry_a_stopped_document(worker_app, workers, redis_url):
    with worker_app.app_context():
        clerk = gen_user("clerk", username="rq-screen")
        case, _, _ = _victim_in_a_condition()
        job, doc = tasks.request_document(case=case, kind="conditional_caution_notice", subject="",
                                          user=db.session.get(User, clerk.id), want_pdf=False)
        job_id, doc_id = job.id, doc.id
    workers.run_burst()
    with worker_app.app_context():
        doc, job = db.session.get(GeneratedDocument, doc_id), db.session.get(BackgroundJob, job_id)
        assert doc.status == "stopped" and job.attempts == 1 and "gives the victim’s name" in job.error
        from redis import Redis
        from rq.job import Job
        rq_job = Job.fetch(job_id, connection=Redis.from_url(redis_url))
        assert rq_job.get_status() == "finished" and rq_job.retries_left == 3  # no retry scheduled
