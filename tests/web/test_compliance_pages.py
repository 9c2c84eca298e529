"""The Compliance section, attendance uploads, breaches by disposal, and the redacted evidence bundle,
through the web app with jobs run inline. The first test is the issue's "done means" journey."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from faker import Faker
from sqlalchemy import func, select

from compliance_testing import (
    COURSE, DEFENDANT, OFFENCE, PROVIDER_PHONE, approved_prosecution, case_with_conditions, condition_ids,
    fake_person, norm, package_text, statement, upload_evidence,
)
from documents.convert import pdf_available
from factories import login
from form_testing import dmy, errors
from jobs.tasks.sweep import run_sweep
from oocr_testing import IN_CI, make_csrf_app
from webapp.domain.working_days import add_working_days
from webapp.extensions import db
from webapp.models import (AttendanceMismatch, AttendanceRecord, AttendanceUpload, AuditRecord, Breach, Case,
                           CaseEvent, ComplianceTask, Condition, EvidenceBundle, RedactionDecision, VictimContact)

TODAY = date.today()
needs_pdf = pytest.mark.skipif(not pdf_available() and not IN_CI,
                               reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")


def text(response) -> str:
    return unescape(response.get_data(as_text=True))



def attendance_csv(rows: list[list[str]], headers=("Case Ref", "Client name", "Course", "Session date", "Attended?")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def upload_attendance(client, data: bytes, name: str = "provider.csv"):
    return client.post("/compliance/attendance", data={"provider": "Northgate Awareness Service",
                                                        "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")





# ----- the journey -----------------------------------------------------------------------------------

def test_done_means_journey(app, client, staff):
    """A clerk uploads a provider's file showing a missed victim awareness course; the sweep flags it;
    a caseworker records the breach and a supervisor approves prosecution; the clerk uploads three
    statements, reviews the redactions and downloads a bundle in which no victim or witness detail
    survives; the case shows the victim's update task, due in working days."""
    fake = Faker("en_GB")
    Faker.seed(2026)
    victim, witness_1, witness_2 = (fake_person(fake, i) for i in (1, 2, 3))
    with app.app_context():
        case = case_with_conditions(victims=[victim], due=TODAY + timedelta(days=10))
        reference, case_id = case.reference, case.id
        condition_id = condition_ids(case_id)[0]
    defendant = " ".join(DEFENDANT)

    # 1. The clerk uploads the provider's attendance file: one missed session.
    login(client, staff["clerk"])
    missed_on = TODAY - timedelta(days=2)
    data = attendance_csv([[reference, defendant, "Victim Awareness", missed_on.strftime("%d/%m/%Y"), "Did not attend"]])
    response = upload_attendance(client, data)
    assert response.status_code == 302
    summary = client.get(response.headers["Location"])
    assert "1 attendance record added, 0 already recorded, 0 rows to check" in text(summary)
    again = upload_attendance(client, data, "provider-copy.csv")
    assert "already uploaded" in text(client.get(again.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(AttendanceRecord.id))) == 1
        assert db.session.scalar(select(func.count(AttendanceUpload.id))) == 1
        assert db.session.get(Condition, condition_id).status == "pending"

    # 2. The daily sweep flags the possible breach, once however often it runs.
    with app.app_context():
        report = run_sweep(TODAY)
        assert report.created["review"] == 1
        assert run_sweep(TODAY).created == {"reminder": 0, "review": 0, "time_limit": 0}
        task = db.session.scalar(select(ComplianceTask).where(ComplianceTask.case_id == case_id))
        assert task.kind == "review" and "did not attend" in task.title.lower()
    page = text(client.get(f"/cases/{reference}/compliance"))
    assert "Possible breach: did not attend" in page and "Did not attend" in page
    assert "Record a breach" not in page  # clerks do not record breaches

    # 3. The caseworker records the breach; the choices follow the Conditional Caution's law.
    login(client, staff["caseworker"])
    form = text(client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}"))
    assert "Prosecute for the original offence" in form and "s.24" in form
    assert "Impose a financial penalty" not in form
    response = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}", data={
        "what_happened": f"Did not attend the course on {missed_on:%d %B %Y}; two reminders ignored.",
        "reasonable_excuse": "", "offender_account": "Said he forgot.", "outcome": "prosecute"})
    assert response.status_code == 302, errors(response)
    breach_url = response.headers["Location"]
    breach_id = int(re.search(r"breach=(\d+)", breach_url).group(1))
    assert "Waiting for a supervisor" in text(client.get(breach_url))
    assert client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}",
                       data={"decision": "approve"}).status_code == 403

    # 4. The supervisor approves prosecution: breached, then prosecuted; the victim gets an update task.
    login(client, staff["supervisor"])
    response = client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}",
                           data={"decision": "approve", "comments": "Two reminders ignored: prosecute."})
    assert response.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.status == "prosecuted"
        assert db.session.get(Condition, condition_id).status == "breached"
        summaries = [e.summary for e in case.events]
        assert "Status changed from Conditions active to Breached" in summaries
        assert "Status changed from Breached to Prosecuted" in summaries
        contact = db.session.scalar(select(VictimContact).where(VictimContact.case_id == case_id))
        assert contact.purpose == "breach"
        assert contact.due_date == add_working_days(TODAY, 5)
        assert db.session.get(ComplianceTask, task.id).done

    # 5. The clerk adds the witnesses and uploads three statements.
    login(client, staff["clerk"])
    for person in (witness_1, witness_2):
        client.post(f"/cases/{reference}/compliance/breach/witness?breach={breach_id}", data={
            "full_name": person.full_name, "phone": person.phone, "email": person.email,
            "address": f"{person.street}, {person.postcode}"})
    missed_value = "sparkle"  # lower case: a nickname no detector can tell from a word
    statements = [
        ("Statement of the victim", statement(victim, [witness_1], 1)),
        ("Statement of witness 1", statement(witness_1, [victim, witness_2], 2,
                                             extra=f"Everyone calls her {missed_value} at the pub.")),
        ("Statement of witness 2", statement(witness_2, [witness_1], 3)),
    ]
    for title, data in statements:
        response = upload_evidence(client, reference, breach_id, title, data, f"{title}.docx")
        assert response.status_code == 302, errors(response)

    # 6. The clerk reviews: one harmless proposal kept (the provider's office number), the rest removed,
    #    and one missed value added.
    review = text(client.get(f"/cases/{reference}/compliance/redactions?breach={breach_id}"))
    assert victim.phone in review  # the reviewer sees what would go
    with app.app_context():
        from webapp.services.evidence import load_proposals
        from webapp.models import EvidenceFile
        files = db.session.scalars(select(EvidenceFile).order_by(EvidenceFile.position)).all()
        assert [f.proposal_status for f in files] == ["proposed"] * 3
        proposals = {f.id: load_proposals(f) for f in files}
        harmless = next(p for p in proposals[files[0].id] if p.text == PROVIDER_PHONE)
        assert not any(missed_value in p.text for ps in proposals.values() for p in ps)
        first_id = files[0].id
        evidence_ids = [f.id for f in files]
    kept = client.post(f"/cases/{reference}/compliance/redactions/decide?evidence={first_id}&proposal={harmless.id}",
                       data={"decision": "keep"}, headers={"HX-Request": "true"})
    assert kept.status_code == 200 and kept.text.lstrip().startswith("<tr") and "Kept" in kept.text
    assert 'id="review-summary" aria-live="polite" hx-swap-oob="true"' in kept.text  # the counts follow the row
    for evidence_id in evidence_ids:
        client.post(f"/cases/{reference}/compliance/redactions/accept-all?evidence={evidence_id}")
    response = client.post(f"/cases/{reference}/compliance/redactions/add?evidence={evidence_ids[1]}",
                           data={"value": missed_value})
    assert response.status_code == 302, errors(response)
    with app.app_context():
        log = db.session.scalars(select(RedactionDecision)).all()
        assert {d.decision for d in log} == {"accepted", "rejected", "added"}
        assert sum(d.decision == "rejected" for d in log) == 1
        values = [v for p in (victim, witness_1, witness_2) for v in p.details()] + [missed_value]
        for decision in log:  # the log never holds a value
            for value in values:
                assert norm(value) not in norm(f"{decision.location} {decision.category} {decision.proposal_id}")

    log_page = text(client.get(breach_url))
    assert "Redaction log (" in log_page and "Added by reviewer" in log_page and "Kept" in log_page
    assert re.search(r"Reviewed</strong> \d+ proposals", log_page) and "proposal(s)" not in log_page
    assert missed_value not in log_page and victim.phone not in log_page

    # 7. Build: applied, verified, one Word bundle and its PDF.
    response = client.post(f"/cases/{reference}/compliance/bundle?breach={breach_id}")
    assert response.status_code == 302
    page = text(client.get(breach_url))
    assert "Ready to release" in page, page[page.find("Evidence bundle"):][:2000]
    with app.app_context():
        bundle = db.session.scalar(select(EvidenceBundle))
        assert bundle.verified and bundle.status == "verified"
        bundle_id, has_pdf = bundle.id, bool(bundle.pdf_path)

    # 8. Download: a disclosure with its recipient; nothing about the victim or witnesses survives.
    url = f"/cases/{reference}/compliance/bundle/download?bundle={bundle_id}&format=docx"
    refused = client.post(url, data={"recipient": "", "purpose": "Prosecution"})
    assert refused.status_code == 422 and "Enter who will receive the bundle" in errors(refused)
    response = client.post(url, data={"recipient": "Jo Smith, CPS Direct", "purpose": "Prosecution after breach"})
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    bundle_text = package_text(response.data)
    for person in (victim, witness_1, witness_2):
        for value in person.details():
            assert norm(value) not in bundle_text, f"{value!r} survives in the bundle"
    assert norm(missed_value) not in bundle_text
    assert norm(defendant) in bundle_text and norm(OFFENCE) in bundle_text
    assert norm(PROVIDER_PHONE) in bundle_text  # the reviewer kept it
    assert norm("OFFICIAL-SENSITIVE") in bundle_text and norm("Index of documents") in bundle_text
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        footer = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
        assert "PAGE" in footer and "OFFICIAL-SENSITIVE" in footer
    assert norm("Added by reviewer") not in bundle_text and norm("Clerk User") not in bundle_text  # no redaction log
    with app.app_context():
        disclosure = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                                 AuditRecord.record_type == "evidence_bundle"))
        assert disclosure.recipient == "Jo Smith, CPS Direct" and disclosure.justification == "Prosecution after breach"
    if has_pdf:
        pdf = client.post(url.replace("format=docx", "format=pdf"),
                          data={"recipient": "Jo Smith, CPS Direct", "purpose": "Prosecution after breach"})
        from pypdf import PdfReader
        pdf_text = norm("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages))
        for value in victim.details() + witness_1.details() + witness_2.details():
            assert norm(value) not in pdf_text
        assert norm(defendant) in pdf_text

    # 9. The case shows the victim update task the breach created, due in working days.
    page = text(client.get(f"/cases/{reference}/compliance"))
    due = add_working_days(TODAY, 5)
    assert f"due {due.day} {due:%B %Y} (5 working days)" in page


# ----- attendance files ------------------------------------------------------------------------------

def test_bad_file_names_the_row_and_column_and_records_nothing(app, client, staff):
    with app.app_context():
        reference = case_with_conditions().reference
    login(client, staff["clerk"])
    data = attendance_csv([[reference, "Darren Whitlock", "Victim awareness", "01/11/2026", "Attended"],
                           [reference, "Darren Whitlock", "Victim awareness", "31/02/2026", "Attended"]])
    response = upload_attendance(client, data)
    assert response.status_code == 422
    page = text(response)
    assert "Row 3, column “Session date”: “31/02/2026” is not a date" in page
    assert "nothing was recorded" in page.lower()
    missing = upload_attendance(client, attendance_csv([["x", "1/1/2026"]], headers=("Course", "Date")))
    assert "no column says who attended" in text(missing)
    assert "“attended”" in text(missing)
    wrong = upload_attendance(client, b"%PDF-1.4", "attendance.pdf")
    assert "must be a CSV (.csv) or Excel (.xlsx)" in text(wrong)
    with app.app_context():
        assert db.session.scalar(select(func.count(AttendanceRecord.id))) == 0
        assert db.session.scalar(select(func.count(AttendanceUpload.id))) == 0


def test_spreadsheet_attendance_completes_the_course_and_mismatches_wait_for_a_person(app, client, staff):
    from openpyxl import Workbook
    with app.app_context():
        case = case_with_conditions(due=TODAY + timedelta(days=5))
        reference, condition_id = case.reference, condition_ids(case.id)[0]
        born = case.suspect.date_of_birth
    book = Workbook()
    sheet = book.active
    sheet.append(["Surname", "Forename", "D.O.B.", "Programme", "Date", "Outcome"])
    sheet.append(["Whitlock", "Darren", born, "Victim awareness", TODAY - timedelta(days=1), "Attended"])
    sheet.append(["Nobody", "Known", date(1980, 1, 1), "Victim awareness", TODAY - timedelta(days=3), "DNA"])
    out = io.BytesIO()
    book.save(out)
    login(client, staff["clerk"])
    response = upload_attendance(client, out.getvalue(), "attendance.xlsx")
    assert response.status_code == 302
    summary = text(client.get(response.headers["Location"]))
    assert "Row 3" in summary and "No one with this name and date of birth" in summary
    with app.app_context():
        condition = db.session.get(Condition, condition_id)
        assert condition.status == "completed" and condition.completed_at == TODAY - timedelta(days=1)
        assert "attendance.xlsx, row 2" in condition.evidence
        mismatch = db.session.scalar(select(AttendanceMismatch))
        upload_id = mismatch.upload_id
    # A person matches the unknown row by entering the case reference, then choosing the condition.
    first = client.post(f"/compliance/attendance/resolve?mismatch={mismatch.id}", data={"reference": reference, "apply": "y"})
    assert first.status_code == 422 and "Select the condition on that case" in errors(first)
    done = client.post(f"/compliance/attendance/resolve?mismatch={mismatch.id}",
                       data={"reference": reference, "condition": str(condition_id), "apply": "y", "note": "Alias"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(AttendanceMismatch, mismatch.id).status == "applied"
        assert db.session.scalar(select(func.count(AttendanceRecord.id))) == 2
    assert "Recorded" in text(client.get(f"/compliance/attendance/upload?upload={upload_id}"))


def test_the_same_row_in_another_file_is_not_applied_twice(app, client, staff):
    with app.app_context():
        reference = case_with_conditions().reference
    login(client, staff["clerk"])
    row = [reference, "Darren Whitlock", "Victim awareness", "01/11/2026", "Did not attend"]
    upload_attendance(client, attendance_csv([row]))
    response = upload_attendance(client, attendance_csv([row, row], headers=("Reference", "Name", "Course", "Date", "Attendance")))
    assert "0 attendance records added, 2 already recorded" in text(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(AttendanceRecord.id))) == 1


# ----- breaches by disposal --------------------------------------------------------------------------

def test_community_resolution_never_offers_breach_proceedings(app, client, staff):
    with app.app_context():
        case = case_with_conditions("community_resolution", conditions=[
            {"kind": "reparative", "type": "apology", "description": "Write a letter of apology",
             "due_date": TODAY - timedelta(days=2)}])
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    login(client, staff["caseworker"])
    page = text(client.get(f"/cases/{reference}/compliance"))
    assert "Community Resolutions are voluntary" in page and "never leads to breach proceedings" in page
    assert "Record a breach" not in page
    response = client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}")
    assert response.status_code == 302
    assert client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}",
                       data={"what_happened": "x", "outcome": "prosecute"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Breach.id))) == 0
        run_sweep(TODAY)
        task = db.session.scalar(select(ComplianceTask))
        assert "Community Resolution action not done" in task.title and "no breach proceedings" in task.title


def test_community_caution_breach_offers_a_financial_penalty_not_prosecution(app, client, staff):
    with app.app_context():
        case = case_with_conditions("community_caution", mode_of_trial="summary", conditions=[
            {"kind": "reparative", "type": "unpaid_work", "description": "Five hours' unpaid work", "hours": Decimal("5"),
             "due_date": TODAY - timedelta(days=4)}])
        reference, case_id, condition_id = case.reference, case.id, condition_ids(case.id)[0]
    login(client, staff["caseworker"])
    form = text(client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}"))
    assert "Impose a financial penalty" in form and "registration certificate" in form
    assert "Prosecute for the original offence" not in form
    bad = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}",
                      data={"what_happened": "Did not turn up", "outcome": "prosecute"})
    assert bad.status_code == 422 and "Not a valid choice." in errors(bad)
    missing = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}",
                          data={"what_happened": "Did not turn up", "outcome": "financial_penalty"})
    assert {"Enter the financial penalty", "Enter the date the penalty must be paid by"} <= set(errors(missing))
    due = TODAY + timedelta(days=14)
    response = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}", data={
        "what_happened": "Did not turn up", "outcome": "financial_penalty", "penalty_amount": "50",
        "penalty_due_date": dmy(due)})
    assert response.status_code == 302, errors(response)
    breach_id = int(re.search(r"breach=(\d+)", response.headers["Location"]).group(1))
    login(client, staff["supervisor"])
    client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}", data={"decision": "approve"})
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        assert breach.status == "approved" and breach.registration_status == "awaiting_payment"
        assert db.session.get(Case, case_id).status == "breached"  # never prosecuted
        # Unpaid after the date: the sweep asks for the registration certificate.
        run_sweep(due + timedelta(days=1))
        task = db.session.scalar(select(ComplianceTask).where(ComplianceTask.key == f"penalty:{breach_id}"))
        assert "registered and enforced as a fine" in task.title
    # A part payment, then (once past the date) registration as a fine.
    response = client.post(f"/cases/{reference}/compliance/payment?breach={breach_id}", data={
        "amount": "20.00", "paid_on": dmy(TODAY),
        "reported_by": "Central Finance Unit"})
    assert response.status_code == 302
    too_early = client.post(f"/cases/{reference}/compliance/breach/register?breach={breach_id}")
    assert too_early.status_code == 302
    with app.app_context():
        assert db.session.get(Breach, breach_id).registration_status == "awaiting_payment"
        breach = db.session.get(Breach, breach_id)
        breach.penalty_due_date = TODAY - timedelta(days=1)
        db.session.commit()
    client.post(f"/cases/{reference}/compliance/breach/register?breach={breach_id}")
    with app.app_context():
        breach = db.session.get(Breach, breach_id)
        assert breach.registration_status == "registered" and breach.registered_on == TODAY
        record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                             AuditRecord.record_type == "breach"))
        assert "£30.00 unpaid" in record.description and "magistrates" in record.recipient
    assert "Registered as a fine" in text(client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}"))


def test_summary_offence_past_its_limit_cannot_be_prosecuted(app, client, staff):
    with app.app_context():
        case = case_with_conditions(mode_of_trial="summary", offence_date=TODAY - timedelta(days=200))
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    login(client, staff["caseworker"])
    page = text(client.get(f"/cases/{reference}/compliance"))
    assert "six-month limit for prosecuting this summary-only offence passed" in page
    form = text(client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}"))
    assert "Prosecute for the original offence" not in form and "Continue" in form


def test_continue_gives_more_time_and_returns_the_case_to_active(app, client, staff):
    with app.app_context():
        case = case_with_conditions()
        reference, case_id, condition_id = case.reference, case.id, condition_ids(case.id)[0]
    login(client, staff["supervisor"])
    later = TODAY + timedelta(days=21)
    response = client.post(f"/cases/{reference}/compliance/breach/new?condition={condition_id}", data={
        "what_happened": "Missed the course: was in hospital", "reasonable_excuse": "Hospital letter seen",
        "outcome": "continue", "new_due_date": dmy(later)})
    breach_id = int(re.search(r"breach=(\d+)", response.headers["Location"]).group(1))
    reject = client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}", data={"decision": "reject"})
    assert "Enter why you are rejecting it" in errors(reject)
    client.post(f"/cases/{reference}/compliance/breach/decision?breach={breach_id}", data={"decision": "approve"})
    with app.app_context():
        assert db.session.get(Case, case_id).status == "conditions_active"
        condition = db.session.get(Condition, condition_id)
        assert condition.status == "pending" and condition.due_date == later


# ----- completion and payments -----------------------------------------------------------------------

def test_mark_completed_with_evidence_and_payment_in_full_completes(app, client, staff):
    with app.app_context():
        case = case_with_conditions(conditions=[
            {"kind": "rehabilitative", "type": "course", "description": COURSE, "due_date": TODAY + timedelta(days=9)},
            {"kind": "reparative", "type": "compensation", "description": "Pay compensation", "amount": Decimal("120.00"),
             "due_date": TODAY + timedelta(days=9)}])
        reference, case_id = case.reference, case.id
        course_id, compensation_id = condition_ids(case_id)
    login(client, staff["clerk"])
    empty = client.post(f"/cases/{reference}/compliance/complete?condition={course_id}", data={})
    assert "Enter the evidence that the condition was completed" in errors(empty)
    client.post(f"/cases/{reference}/compliance/complete?condition={course_id}", data={
        "completed_on": dmy(TODAY),
        "evidence": "Certificate of attendance from the provider"})
    paid = {"paid_on": dmy(TODAY),
            "reported_by": "Central Finance Unit"}
    bad = client.post(f"/cases/{reference}/compliance/payment?condition={compensation_id}", data={**paid, "amount": "ten"})
    assert "The amount paid must be an amount of money, like 45.50" in errors(bad)
    client.post(f"/cases/{reference}/compliance/payment?condition={compensation_id}", data={**paid, "amount": "100"})
    with app.app_context():
        assert db.session.get(Condition, compensation_id).status == "pending"
    client.post(f"/cases/{reference}/compliance/payment?condition={compensation_id}",
                data={**paid, "amount": "20.00", "reference": "RCPT-2"})
    with app.app_context():
        course, compensation = db.session.get(Condition, course_id), db.session.get(Condition, compensation_id)
        assert course.status == "completed" and "Certificate of attendance" in course.evidence
        assert compensation.status == "completed" and "Paid in full (£120.00)" in compensation.evidence
        kinds = [e.kind for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id))]
        assert kinds.count("payment") == 2 and "condition_completed" in kinds
    page = text(client.get(f"/cases/{reference}/compliance"))
    assert "£120.00 paid of £120.00" in page and "RCPT-2" in page


# ----- redaction review and release -------------------------------------------------------------------

def _approved_breach(app, client, staff, victims):
    with app.app_context():
        case = case_with_conditions(victims=victims)
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    login(client, staff["supervisor"])
    breach_id = approved_prosecution(client, reference, condition_id)
    return reference, breach_id


def _victims_statement_on_a_breach(app, client, staff, seed: int, title: str):
    """A breach approved for prosecution whose evidence is the victim's statement: (reference, breach id, victim)."""
    fake = Faker("en_GB")
    Faker.seed(seed)
    victim = fake_person(fake, 1)
    reference, breach_id = _approved_breach(app, client, staff, [victim])
    upload_evidence(client, reference, breach_id, title, statement(victim, [], 1), "s.docx")
    return reference, breach_id, victim


def test_keeping_a_victims_name_is_refused_at_release_naming_it_and_where_with_one_step_to_remove(app, client, staff):
    reference, breach_id, victim = _victims_statement_on_a_breach(app, client, staff, 7, "Statement of the victim")
    with app.app_context():
        from webapp.services.evidence import load_proposals
        from webapp.models import EvidenceFile
        evidence = db.session.scalar(select(EvidenceFile))
        proposals = load_proposals(evidence)
    for proposal in proposals:
        decision = "keep" if proposal.text == victim.full_name else "remove"
        client.post(f"/cases/{reference}/compliance/redactions/decide?evidence={evidence.id}&proposal={proposal.id}",
                    data={"decision": decision})
    client.post(f"/cases/{reference}/compliance/bundle?breach={breach_id}")
    page = text(client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}"))
    assert "Refused: something would leak" in page
    problems_section = page[page.find('id="bundle"'):]
    # The value, the document and where: no more guessing which name.
    assert re.search(rf"Document 1: Statement of the victim, paragraph \d+(, page \d+ of the PDF)?: "
                     rf"victim's name “{victim.full_name}” is still readable", problems_section), problems_section[:2000]
    assert "Download the Word bundle" not in problems_section
    with app.app_context():
        bundle = db.session.scalar(select(EvidenceBundle))
        assert bundle.status == "refused" and not bundle.verified and not bundle.docx_path
        assert victim.full_name not in " ".join(e.summary + e.detail for e in db.session.get(Case, bundle.case_id).events)
    assert client.get(f"/cases/{reference}/compliance/bundle/download?bundle={bundle.id}").status_code == 404

    # One step: the button beside the refusal adds it to the redactions; the next build is released.
    form = re.search(r'<form method="post" action="([^"]*compliance/redactions/add[^"]*)"[^>]*>(.*?)</form>',
                     problems_section, re.S)
    assert form and f'name="value" value="{victim.full_name}"' in form.group(2)
    response = client.post(form.group(1).replace("&amp;", "&"), data={"value": victim.full_name, "back": "bundle"})
    assert response.status_code == 302 and "/compliance/breach?" in response.headers["Location"]
    client.post(f"/cases/{reference}/compliance/bundle?breach={breach_id}")
    with app.app_context():
        assert db.session.scalars(select(EvidenceBundle).order_by(EvidenceBundle.id)).all()[-1].status == "verified"


def test_bundle_waits_for_every_proposal_to_be_reviewed(app, client, staff):
    reference, breach_id, _ = _victims_statement_on_a_breach(app, client, staff, 8, "Statement")
    page = text(client.get(f"/cases/{reference}/compliance/breach?breach={breach_id}"))
    assert "1 more proposed redaction not yet reviewed" in page and "Build the bundle" not in page
    client.post(f"/cases/{reference}/compliance/bundle?breach={breach_id}")
    with app.app_context():
        assert db.session.scalar(select(func.count(EvidenceBundle.id))) == 0


def test_evidence_upload_checks_the_file(app, client, staff):
    reference, breach_id = _approved_breach(app, client, staff, [])
    bad = upload_evidence(client, reference, breach_id, "Photo", b"\x89PNG", "photo.png")
    assert bad.status_code == 422
    assert "The evidence must be a Word document (.docx), a PDF (.pdf) or plain text (.txt)" in errors(bad)
    fake_docx = upload_evidence(client, reference, breach_id, "Statement", b"not a zip", "s.docx")
    assert "The file is not a Word document: save it as .docx" in errors(fake_docx)
    note = upload_evidence(client, reference, breach_id, "Officer's note", b"Call 07700 900123 about it.", "n.txt")
    assert note.status_code == 302
    review = text(client.get(f"/cases/{reference}/compliance/redactions?breach={breach_id}"))
    assert "Telephone number" in review and "<mark" in client.get(
        f"/cases/{reference}/compliance/redactions?breach={breach_id}").text


# ----- roles, CSRF, audit ----------------------------------------------------------------------------

def test_roles(app, client, staff):
    with app.app_context():
        case = case_with_conditions()
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    login(client, staff["victim_liaison"])
    assert client.get(f"/cases/{reference}/compliance").status_code == 403
    assert client.get("/compliance").status_code == 403
    assert client.get("/compliance/attendance").status_code == 403
    login(client, staff["clerk"])
    assert client.get(f"/cases/{reference}/compliance").status_code == 200
    assert client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}").status_code == 403
    assert client.post(f"/cases/{reference}/compliance/breach/decision?breach=1").status_code == 403
    assert client.post(f"/cases/{reference}/compliance/breach/register?breach=1").status_code == 403
    login(client, staff["caseworker"])
    assert client.post(f"/cases/{reference}/compliance/breach/decision?breach=1").status_code == 403
    assert client.get(f"/cases/{reference}/compliance/breach/new?condition={condition_id}").status_code == 200
    nav = text(client.get("/compliance"))
    assert 'href="/compliance"' in nav and "Upload a provider's attendance file" in nav


def test_case_tab_and_reads_are_audited(app, client, staff):
    with app.app_context():
        reference = case_with_conditions().reference
    login(client, staff["clerk"])
    page = text(client.get(f"/cases/{reference}"))
    assert f'href="/cases/{reference}/compliance"' in page
    client.get(f"/cases/{reference}/compliance")
    with app.app_context():
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.description == "Viewed the compliance section",
                                                           AuditRecord.record_id == reference)) is not None


def test_forms_carry_csrf_tokens(app, staff, tmp_path):
    with app.app_context():
        case = case_with_conditions()
        reference, condition_id = case.reference, condition_ids(case.id)[0]
    csrf_app = make_csrf_app(app, tmp_path)
    client = csrf_app.test_client()
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": staff["clerk"].username, "password": "correct-horse-battery",
                                "csrf_token": token})
    upload = client.get("/compliance/attendance").text
    assert 'enctype="multipart/form-data"' in upload and 'name="csrf_token"' in upload
    assert client.post("/compliance/attendance", data={}).status_code == 400
    complete = client.get(f"/cases/{reference}/compliance/complete?condition={condition_id}").text
    assert 'name="csrf_token"' in complete
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()
