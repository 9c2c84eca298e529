"""The daily compliance sweep (tasks, idempotence, the s.127 warning, `oocr sweep`, RQ's cron) and the
evidence bundle: assembly, verification that refuses a leak saying what, in which document and where
(for the reviewer only), the jobs inline and under a real RQ worker."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from faker import Faker
from sqlalchemy import select

from compliance_testing import (
    DEFENDANT, OFFENCE, case_with_conditions, condition_ids, fake_person, norm, package_text, statement,
)
from documents.bundle import Cover, Evidence, Finding, Problem, Redactions, build_docx, make_bundle, redact_evidence, source_of
from documents.convert import pdf_available, to_pdf
from documents.redaction import propose
from factories import gen_user, login
from jobs.tasks.sweep import run_sweep, scheduled_sweep
from oocr_testing import IN_CI
from webapp.domain.deadlines import add_calendar_months
from webapp.domain.formatting import long_date
from webapp.extensions import db
from webapp.models import (BackgroundJob, Breach, Case, ComplianceTask, Condition, EvidenceBundle,
                           EvidenceFile, User)

TODAY = date.today()
MARKING = "OFFICIAL-SENSITIVE"
needs_pdf = pytest.mark.skipif(not pdf_available() and not IN_CI,
                               reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")


def tasks(case_id: int | None = None) -> list[ComplianceTask]:
    stmt = select(ComplianceTask).order_by(ComplianceTask.id)
    if case_id is not None:
        stmt = stmt.where(ComplianceTask.case_id == case_id)
    return list(db.session.scalars(stmt))


# ----- the sweep -------------------------------------------------------------------------------------

def test_sweep_reminds_reviews_and_closes_once(ctx):
    case = case_with_conditions(conditions=[
        {"kind": "rehabilitative", "type": "course", "description": "Drug awareness course", "due_date": TODAY + timedelta(days=5)},
        {"kind": "reparative", "type": "apology", "description": "Letter of apology", "due_date": TODAY - timedelta(days=2)},
        {"kind": "reparative", "type": "unpaid_work", "description": "Unpaid work", "hours": Decimal("4"),
         "due_date": TODAY - timedelta(days=9), "status": "completed"},
        {"kind": "reparative", "type": "compensation", "description": "Compensation", "amount": Decimal("10"),
         "due_date": TODAY + timedelta(days=30)},
    ])
    case_id = case.id
    course_id, apology_id = condition_ids(case_id)[:2]
    report = run_sweep(TODAY)
    assert report.overdue == 1
    assert report.created == {"reminder": 1, "review": 1, "time_limit": 0}
    made = {t.kind: t for t in tasks(case_id)}
    assert made["reminder"].condition_id == course_id and made["reminder"].due_date == TODAY - timedelta(days=2)
    assert "Remind Darren Whitlock" in made["reminder"].title
    assert made["review"].condition_id == apology_id and "Possible breach" in made["review"].title
    assert any(e.summary.startswith("Possible breach flagged") for e in db.session.get(Case, case_id).events)

    again = run_sweep(TODAY)
    assert again.created == {"reminder": 0, "review": 0, "time_limit": 0} and len(tasks(case_id)) == 2

    db.session.get(Condition, apology_id).status = "completed"
    db.session.commit()
    closed = run_sweep(TODAY)
    assert closed.closed == 1
    assert db.session.get(ComplianceTask, made["review"].id).done


def test_more_time_then_another_miss_gets_a_new_review(ctx):
    case = case_with_conditions(due=TODAY - timedelta(days=3))
    condition_id = condition_ids(case.id)[0]
    assert run_sweep(TODAY).created["review"] == 1
    # Given more time (a "continue" breach decision): the review is done and the date moves on.
    condition = db.session.get(Condition, condition_id)
    condition.due_date = TODAY + timedelta(days=20)
    for task in tasks(case.id):
        task.done = True
    db.session.commit()
    assert run_sweep(TODAY).created["review"] == 0
    assert run_sweep(TODAY + timedelta(days=21)).created["review"] == 1
    keys = sorted(t.key for t in tasks(case.id) if t.kind == "review")
    assert keys == [f"review:{condition_id}:due:{(TODAY - timedelta(days=3)).isoformat()}",
                    f"review:{condition_id}:due:{(TODAY + timedelta(days=20)).isoformat()}"]


def test_sweep_leaves_cases_without_active_conditions_alone(ctx):
    case_with_conditions(status="decided", due=TODAY - timedelta(days=3))
    case_with_conditions(status="completed", due=TODAY - timedelta(days=3))
    report = run_sweep(TODAY)
    assert report.overdue == 0 and tasks() == []


def test_a_recorded_breach_needs_no_review_task(ctx):
    case = case_with_conditions(due=TODAY - timedelta(days=3))
    condition_id = condition_ids(case.id)[0]
    db.session.add(Breach(case_id=case.id, condition_id=condition_id, what_happened="Missed", proposed_outcome="prosecute"))
    db.session.commit()
    assert run_sweep(TODAY).created["review"] == 0


def test_time_limit_warning_for_summary_only_offences(ctx):
    near_offence = add_calendar_months(TODAY, -6) + timedelta(days=20)  # limit in 20 days; buffer 28
    warned = case_with_conditions(mode_of_trial="summary", offence_date=near_offence, due=TODAY + timedelta(days=60))
    case_with_conditions(mode_of_trial="either_way", offence_date=near_offence, due=TODAY + timedelta(days=60))
    case_with_conditions("community_caution", mode_of_trial="summary", offence_date=near_offence,
                         due=TODAY + timedelta(days=60))
    report = run_sweep(TODAY)
    assert report.created["time_limit"] == 1
    task = tasks(warned.id)[-1]
    days_left = (add_calendar_months(near_offence, 6) - TODAY).days
    assert days_left <= 28
    assert task.kind == "time_limit" and "s.127" in task.title and f"{days_left} days away" in task.title
    assert task.due_date == TODAY
    assert report.warnings == [task.title]
    assert run_sweep(TODAY).created["time_limit"] == 0


def test_oocr_sweep_command(app):
    with app.app_context():
        case_with_conditions(due=date(2026, 1, 10))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sweep", "--date", "2026-01-20"])
    assert result.exit_code == 0, result.output
    assert ("Sweep for 20 January 2026: 1 condition overdue; new tasks: 1 review of a possible breach; "
            "no tasks closed") in result.output
    again = runner.invoke(args=["sweep", "--date", "2026-01-20"])
    assert "1 review" not in again.output and "no new tasks" in again.output
    bad = runner.invoke(args=["sweep", "--date", "20/01/2026"])
    assert bad.exit_code != 0 and "must be a date like" in bad.output


def test_sweep_is_registered_with_rq_cron_daily(app):
    registered = [item for item in app.extensions["rq"]._cron_job_data if item["func"] is scheduled_sweep]
    assert len(registered) == 1
    assert registered[0]["cron"] == "0 6 * * *" and registered[0]["queue_name"] == "default"
    with app.app_context():
        assert scheduled_sweep().startswith(f"Sweep for {long_date(TODAY)}")


# ----- the bundle, without the web app ---------------------------------------------------------------

@pytest.fixture
def people():
    fake = Faker("en_GB")
    Faker.seed(99)
    return [fake_person(fake, i) for i in (1, 2)]


def _redactions(victim, witness, **kw) -> Redactions:
    return Redactions(names=[victim.full_name, witness.full_name], keep=[" ".join(DEFENDANT), "PC Test 1234"],
                      known=[(victim.phone, "victim's telephone number"), (victim.email, "victim's email address")],
                      name_label={victim.full_name: "victim's name", witness.full_name: "witness's name"}, **kw)


def _cover() -> Cover:
    return Cover("Evidence bundle: breach of conditional caution, OC26-000001",
                 [("Defendant", " ".join(DEFENDANT)), ("Offence", OFFENCE), ("What happened", "Missed the course")], TODAY)


def test_bundle_is_one_marked_indexed_document_without_the_log(people):
    victim, witness = people
    red = _redactions(victim, witness)
    items = []
    for number, (author, others) in enumerate(((victim, [witness]), (witness, [victim])), start=1):
        source = statement(author, others, number)
        items.append(Evidence(f"Statement {number}", "docx", source, propose(source, red.names, red.keep)))
    items.append(Evidence("Officer's note", "txt", f"Spoke to {victim.full_name} on {victim.phone}.",
                          propose(f"Spoke to {victim.full_name} on {victim.phone}.", red.names, red.keep)))
    result = make_bundle(_cover(), items, red, marking=MARKING)
    assert result.verified and result.problems == []
    whole = package_text(result.docx)
    for person in people:
        for value in person.details():
            assert norm(value) not in whole
    assert norm(" ".join(DEFENDANT)) in whole and norm(OFFENCE) in whole
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        names = archive.namelist()
        body = archive.read("word/document.xml").decode()
        headers = [archive.read(n).decode() for n in names if n.startswith("word/header")]
        footers = [archive.read(n).decode() for n in names if n.startswith("word/footer")]
        core = archive.read("docProps/core.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert any(MARKING in h for h in headers)
    assert any(MARKING in f and 'w:instr="PAGE"' in f and 'w:instr="NUMPAGES"' in f for f in footers)
    assert body.count("PAGEREF doc_") == 3 and body.count('w:pageBreakBefore') >= 3
    assert "Index of documents" in body and "Document 3: Officer" in body
    assert "python-docx" not in core and "updateFields" in settings
    assert "[REDACTED: phone]" in body


def test_a_kept_victim_name_refuses_release_saying_the_name_the_document_and_where(people):
    """The older refusal ("a victim's name is still readable") made the clerk guess: it now names the
    value, the document, the paragraph and, with a PDF, the page."""
    victim, witness = people
    red = _redactions(victim, witness)
    source = statement(victim, [], 1)
    proposals = propose(source, red.names, red.keep)
    kept = [p for p in proposals if p.text == victim.full_name]
    assert kept
    item = Evidence("Statement of the victim", "docx", source, [p for p in proposals if p not in kept], kept)
    result = make_bundle(_cover(), [item], red, marking=MARKING, to_pdf=to_pdf if pdf_available() else None)
    assert not result.verified and result.docx is None and result.pdf is None
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert isinstance(problem, Finding) and problem.value == victim.full_name and problem.document == 1
    assert problem.what == "victim's name" and problem.title == "Document 1: Statement of the victim"
    said = str(problem)
    assert said.startswith("Document 1: Statement of the victim, paragraph 2") and f"\u201c{victim.full_name}\u201d" in said
    if pdf_available():
        assert re.search(r"paragraph 2, page [2-9] of the PDF", problem.where), problem.where


def test_a_person_nobody_decided_on_is_named_with_its_paragraph(people):
    """Screening the finished file: a neighbour nobody decided on refuses release, naming them and where."""
    victim, witness = people
    red = _redactions(victim, witness)
    source = statement(victim, [], 1, extra="My neighbour, Mr Haddad, saw it too.")
    proposals = [p for p in propose(source, red.names, red.keep) if "Haddad" not in p.text]
    result = make_bundle(_cover(), [Evidence("Statement", "docx", source, proposals)], red, marking=MARKING)
    found = {f.value: f for f in result.problems}
    assert not result.verified and any("Haddad" in value for value in found), found
    finding = next(f for value, f in found.items() if "Haddad" in value)
    assert finding.document == 1 and re.fullmatch(r"paragraph \d+", finding.where)
    assert str(finding).startswith(f"Document 1: Statement, {finding.where}: ")


def test_a_value_that_survives_outside_the_text_is_still_named(people):
    """The whole-bundle check reads every part: a value not in any paragraph is named with where it is not."""
    from documents.bundle import _Places
    victim, witness = people
    red = _redactions(victim, witness)
    source = statement(victim, [], 1)
    proposals = propose(source, red.names, red.keep)
    result = make_bundle(_cover(), [Evidence("Statement", "docx", source, proposals)], red, marking=MARKING)
    assert result.verified
    places = _Places(result.docx, None)
    found = places.locate(Problem("The bundle (cover, index or a document)", "victim's name", "Zebedee Quux", 0))
    assert found.value == "Zebedee Quux" and "outside the text" in found.where
    found = places.locate(Problem("Statement", "offence", "take goods from the shop", 1))
    assert found.document == 1 and found.title == "Document 1: Statement" and found.where.startswith("paragraph ")


def test_known_details_go_even_when_no_detector_finds_them(people):
    victim, witness = people
    red = _redactions(victim, witness, added=["Sparkle"])
    red.known.append(("The Old Forge", "victim's address"))
    text = "She lives at The Old Forge and is known as Sparkle."
    done = redact_evidence(Evidence("Note", "txt", text, propose(text, red.names, red.keep)), red)
    assert done.problems == []
    assert "Old Forge" not in done.output and "Sparkle" not in done.output


def test_the_cover_and_titles_are_redacted_too(people):
    victim, witness = people
    red = _redactions(victim, witness)
    cover = Cover("Evidence bundle", [("What happened", f"{victim.full_name} saw it; call {victim.phone}")], TODAY)
    text = "Nothing personal here."
    result = make_bundle(cover, [Evidence(f"Statement of {witness.full_name}", "txt", text, [])], red, marking=MARKING)
    assert result.verified
    whole = package_text(result.docx)
    assert norm(victim.full_name) not in whole and norm(victim.phone) not in whole
    assert norm(witness.full_name) not in whole


@needs_pdf
def test_pdf_evidence_and_pdf_bundle_with_page_numbers(people):
    victim, witness = people
    red = _redactions(victim, witness)
    pdf_evidence = to_pdf(statement(witness, [victim], 1))
    source = source_of("pdf", pdf_evidence)
    assert witness.full_name in source
    result = make_bundle(_cover(), [Evidence("Scanned statement", "pdf", source, propose(source, red.names, red.keep))],
                         red, marking=MARKING, to_pdf=to_pdf)
    assert result.verified and result.pages >= 2
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(result.pdf))
    first = reader.pages[0].extract_text()
    assert MARKING in first and f"Page 1 of {result.pages}" in first
    assert re.search(r"Scanned\s+statement\s+PDF\s+2", first)  # the index's page reference, filled in
    everything = norm("".join(page.extract_text() for page in reader.pages))
    for value in witness.details() + victim.details():
        assert norm(value) not in everything


def test_build_docx_copes_with_control_characters():
    from documents.bundle import RedactedDocument
    data = build_docx(_cover(), [RedactedDocument("Scan", "PDF", ["bad\x0bchar\x01s"], "", [])], MARKING)
    assert "badchars" in package_text(data)


# ----- the jobs --------------------------------------------------------------------------------------

def _approved_breach_with_evidence(people, documents=2) -> tuple[int, int, int]:
    """(case id, breach id, supervisor id) with an approved prosecution and statements uploaded."""
    from webapp.services import evidence as service
    victim, witness = people
    case = case_with_conditions(victims=[victim])
    supervisor = gen_user("supervisor", username=f"sup-{case.id}")
    clerk = db.session.get(User, gen_user("clerk", username=f"clerk-{case.id}").id)
    condition_id = condition_ids(case.id)[0]
    breach = Breach(case_id=case.id, condition_id=condition_id, what_happened="Did not attend",
                    proposed_outcome="prosecute", status="approved", approved_by_id=supervisor.id,
                    approved_at=datetime(2026, 11, 2, 9, 30))
    db.session.add(breach)
    db.session.commit()
    from webapp.models import Witness
    db.session.add(Witness(breach_id=breach.id, full_name=witness.full_name, phone=witness.phone))
    db.session.commit()
    case = db.session.get(Case, case.id)
    for number in range(1, documents + 1):
        service.add_evidence(case, breach, filename=f"s{number}.docx", title=f"Statement {number}",
                             data=statement(victim if number % 2 else witness, [witness if number % 2 else victim], number),
                             user=clerk)
    db.session.commit()
    return case.id, breach.id, clerk.id


def _accept_everything(case_id: int, breach_id: int, user_id: int) -> None:
    from webapp.services import evidence as service
    db.session.expire_all()  # an inline job committed through its own session
    case, breach, user = db.session.get(Case, case_id), db.session.get(Breach, breach_id), db.session.get(User, user_id)
    for evidence in breach.evidence:
        service.accept_remaining(case, evidence, user)
    db.session.commit()


def test_jobs_inline_propose_then_build_and_rebuild_is_a_no_op(ctx, people):
    from jobs.tasks import bundles
    from webapp.services import evidence as service
    case_id, breach_id, clerk_id = _approved_breach_with_evidence(people)
    case, breach, clerk = db.session.get(Case, case_id), db.session.get(Breach, breach_id), db.session.get(User, clerk_id)
    job = service.start_proposals(case, breach, clerk)
    db.session.expire_all()
    assert db.session.get(BackgroundJob, job.id).status == "done"
    assert all(e.proposal_status == "proposed" and e.proposals_count > 0
               for e in db.session.scalars(select(EvidenceFile)))
    _accept_everything(case_id, breach_id, clerk_id)
    bundle = service.start_bundle(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                                  db.session.get(User, clerk_id))
    db.session.expire_all()
    bundle = db.session.get(EvidenceBundle, bundle.id)
    assert bundle.status == "verified" and bundle.verified, bundle.problems
    job = db.session.get(BackgroundJob, bundle.job_id)
    assert job.status == "done" and job.progress == job.total and job.message == "Built and verified"
    digest = bundle.docx_sha256
    bundles.build_bundle(job_id=job.id, bundle_id=bundle.id)
    db.session.expire_all()
    assert db.session.get(EvidenceBundle, bundle.id).docx_sha256 == digest
    assert db.session.get(BackgroundJob, job.id).message == "Already built"
    kinds = [e.kind for e in db.session.get(Case, case_id).events]
    assert "bundle_built" in kinds
    cover = dict(bundles._cover(db.session.get(Case, case_id), db.session.get(Breach, breach_id)).rows)
    assert cover["Approved"].endswith(", 2 November 2026")  # GOV.UK dates, not "02 November 2026"


def test_a_witness_added_later_makes_proposals_stale(ctx, people):
    from webapp.services import evidence as service
    from webapp.models import Witness
    case_id, breach_id, clerk_id = _approved_breach_with_evidence(people, documents=1)
    case, breach, clerk = db.session.get(Case, case_id), db.session.get(Breach, breach_id), db.session.get(User, clerk_id)
    service.start_proposals(case, breach, clerk)
    _accept_everything(case_id, breach_id, clerk_id)
    db.session.add(Witness(breach_id=breach_id, full_name="Another Person"))
    db.session.commit()
    case, breach = db.session.get(Case, case_id), db.session.get(Breach, breach_id)
    reviews = service.review(case, breach)
    assert reviews[0].stale
    assert any("a witness was added" in str(b) for b in service.not_ready(case, breach, reviews))


def test_progress_fragment_polls_until_done(app, client):
    with app.app_context():
        case = case_with_conditions()
        clerk = gen_user("clerk", username="progress-clerk")
        job = BackgroundJob(kind="evidence_bundle", title="Evidence bundle", case_id=case.id, status="running",
                            progress=1, total=4)
        db.session.add(job)
        db.session.commit()
        reference, job_id = case.reference, job.id
    login(client, clerk)
    url = f"/cases/{reference}/compliance/progress?job={job_id}"
    fragment = client.get(url, headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 1s"' in fragment and "25%" in fragment
    with app.app_context():
        db.session.get(BackgroundJob, job_id).status = "done"
        db.session.commit()
    fragment = client.get(url, headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in fragment and "Done" in fragment
    assert client.get(url, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    assert "<html" in client.get(url).text


def test_a_real_worker_proposes_and_builds(worker_app, workers, people):
    from webapp.services import evidence as service
    with worker_app.app_context():
        case_id, breach_id, clerk_id = _approved_breach_with_evidence(people)
        job = service.start_proposals(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                                      db.session.get(User, clerk_id))
        assert db.session.get(BackgroundJob, job.id).status == "queued"
        job_id = job.id
    workers.run_burst()
    with worker_app.app_context():
        assert db.session.get(BackgroundJob, job_id).status == "done"
        _accept_everything(case_id, breach_id, clerk_id)
        bundle = service.start_bundle(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                                      db.session.get(User, clerk_id))
        bundle_id = bundle.id
    workers.run_burst()
    with worker_app.app_context():
        bundle = db.session.get(EvidenceBundle, bundle_id)
        assert bundle.status == "verified", (bundle.problems, bundle.job.error)
        assert bundle.job.attempts == 1


def test_a_scanned_signed_caution_goes_in_as_a_note_and_its_absence_blocks_the_bundle(ctx, people):
    """The signed caution form as a JPEG scan: its text cannot be read, so it cannot be checked, so the
    bundle says it exists and who holds it rather than reproducing it. Until it is in the evidence
    (evidence uploaded before the delivery was recorded), the bundle waits."""
    from webapp.services import evidence as service
    from webapp.models.decision import CautionDelivery
    from webapp.services import storage as store
    case_id, breach_id, clerk_id = _approved_breach_with_evidence(people, documents=1)
    case = db.session.get(Case, case_id)
    scan = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    key = f"signed/{store.safe_name(case.reference)}/scan.jpg"
    store.write(key, scan)
    db.session.add(CautionDelivery(
        decision_id=case.decisions[-1].id, case_id=case.id, given_by_name="Jane Hale", given_by_rank="PC",
        given_by_authority="constable", admission_to_giver=True, admission_words="Yes", effect_explained=True,
        breach_warning_given=True, given_at=datetime(2026, 10, 12, 10), place="Francischester police station",
        signed_file_name="scan.jpg", signed_path=key, signed_sha256=store.sha256(scan), signed_content_type="image/jpeg"))
    db.session.commit()
    case, breach = db.session.get(Case, case_id), db.session.get(Breach, breach_id)
    assert any("signed caution document is not in the evidence yet" in str(b)
               for b in service.not_ready(case, breach, service.review(case, breach)))
    assert "PC Jane Hale" in service.redactions_for(case, breach).keep  # the officer who gave it stays

    service.start_proposals(case, breach, db.session.get(User, clerk_id))
    service.start_proposals(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                            db.session.get(User, clerk_id))  # again: still one copy
    db.session.expire_all()
    breach = db.session.get(Breach, breach_id)
    signed = [e for e in breach.evidence if e.stored_path == key]
    assert len(signed) == 1 and breach.evidence[0] is signed[0] and signed[0].kind == "image"
    assert signed[0].kind_label == "Scanned image" and signed[0].proposal_status == "proposed"
    _accept_everything(case_id, breach_id, clerk_id)
    bundle = service.start_bundle(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                                  db.session.get(User, clerk_id))
    db.session.expire_all()
    bundle = db.session.get(EvidenceBundle, bundle.id)
    assert bundle.status == "verified", bundle.problems
    whole = package_text(store.read(bundle.docx_path))
    assert norm("Document 1: The offender's signed caution document") in whole
    assert norm("This document is a scanned image. It is not reproduced in this bundle") in whole


def test_a_bundle_job_that_finds_undecided_values_keeps_each_with_its_place_and_step(ctx, people):
    """The job checks again before building: what it refuses is stored with the value, the document, the
    place and what one step removes it, so the breach page can offer the button."""
    from webapp.services import evidence as service
    victim, witness = people
    case_id, breach_id, clerk_id = _approved_breach_with_evidence(people, documents=1)
    case, breach, clerk = db.session.get(Case, case_id), db.session.get(Breach, breach_id), db.session.get(User, clerk_id)
    service.start_proposals(case, breach, clerk)
    db.session.expire_all()
    bundle = service.start_bundle(db.session.get(Case, case_id), db.session.get(Breach, breach_id),
                                  db.session.get(User, clerk_id))
    db.session.expire_all()
    bundle = db.session.get(EvidenceBundle, bundle.id)
    assert bundle.status == "failed" and not bundle.docx_path
    people_left = [p for p in bundle.problems if p.get("person")]
    values_left = [p for p in bundle.problems if p.get("proposal")]
    assert people_left and values_left
    assert any(victim.last_name in p["value"] and "named in Statement 1 (" in p["text"] for p in people_left)
    assert all(p["evidence"] and p["value"] in p["text"] and "(paragraph " in p["text"] for p in values_left)
    assert victim.full_name not in " ".join(e.summary + e.detail for e in db.session.get(Case, case_id).events)
