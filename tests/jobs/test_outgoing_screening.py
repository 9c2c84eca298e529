"""A victim's name typed into a condition stops the offender's notice, with a message saying where
(issue 8); once the text is changed the same request makes the document."""
from __future__ import annotations

from sqlalchemy import select

from factories import gen_case, gen_decision, gen_user
from jobs.tasks import documents as tasks
from webapp.extensions import db
from webapp.models import Case, Condition, GeneratedDocument, User


def test_a_condition_naming_the_victim_stops_the_offenders_notice_until_it_is_changed(ctx):
    user = gen_user("caseworker", username="screen-maker", full_name="Maker Person")
    case = gen_case()
    gen_decision(case)
    case = db.session.get(Case, case.id)
    victim = case.victims[0]
    victim.first_name, victim.last_name = "Anna", "Kowalczyk"
    condition = db.session.scalars(select(Condition).where(Condition.case_id == case.id).order_by(Condition.id)).all()[-1]
    condition.description = f"Write a letter of apology to {victim.first_name} within 14 days"
    db.session.commit()
    job, doc = tasks.request_document(case=case, kind="conditional_caution_notice", subject="",
                                      user=db.session.get(User, user.id), want_pdf=False, start=False)
    job_id, doc_id = job.id, doc.id
    try:
        tasks.generate_document(job_id=job_id, document_id=doc_id)
    except ValueError:
        pass
    db.session.expire_all()
    doc = db.session.get(GeneratedDocument, doc_id)
    assert doc.status == "failed" and not doc.docx_path
    assert "condition 2 description gives the victim’s name" in doc.error and victim.first_name in doc.error

    db.session.get(Condition, condition.id).description = "Write a letter of apology within 14 days"
    db.session.commit()
    tasks.generate_document(job_id=job_id, document_id=doc_id)
    db.session.expire_all()
    assert db.session.get(GeneratedDocument, doc_id).status == "done"
