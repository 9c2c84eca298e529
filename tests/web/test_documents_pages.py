"""The case Documents section, downloads with the disclosure log, batches, template versions and the
`oocr documents` command, through the web app with jobs run inline."""
from __future__ import annotations

import csv
import io
from html import unescape
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from documents.catalogue import KINDS, TEMPLATES_DIR
from documents.convert import pdf_available
from factories import gen_appointment, gen_case, gen_decision, gen_user, gen_victim_contact, login
from form_testing import errors
from jobs.tasks import documents as tasks
from oocr_testing import IN_CI
from webapp.extensions import db
from webapp.models import AuditRecord, BackgroundJob, Condition, DocumentTemplate, GeneratedDocument, Person

MARKING = "OFFICIAL-SENSITIVE"
needs_pdf = pytest.mark.skipif(not pdf_available() and not IN_CI,
                               reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")


def xml_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a .docx, as text: body, headers, footers, properties, everything."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xml") or name.endswith(".rels")}


def plain(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)



def upload_template(client, data: bytes, file_name: str = "letter.docx", notes: str = ""):
    """Upload a new version of the victim outcome letter's template on the admin Templates page."""
    form = {"kind": "victim_outcome_letter", "file": (io.BytesIO(data), file_name)} | ({"notes": notes} if notes else {})
    return client.post("/admin/templates", data=form, content_type="multipart/form-data")

def stored(app, relative: str) -> Path:
    return Path(app.config["DOCUMENT_STORE"]) / relative


def ask(client, reference: str, option: str, pdf: bool = False):
    data = {"option": option}
    if pdf:
        data["pdf"] = "y"
    return client.post(f"/cases/{reference}/documents", data=data)


def latest(kind: str) -> GeneratedDocument:
    return db.session.scalar(select(GeneratedDocument).where(GeneratedDocument.kind == kind)
                             .order_by(GeneratedDocument.id.desc()))


def download(client, reference: str, doc_id: int, fmt: str = "docx", **form):
    data = {"use": "internal"} | form
    return client.post(f"/cases/{reference}/documents/download?document={doc_id}&format={fmt}", data=data)


@pytest.fixture
def decided(app):
    """A clerk, a caseworker, and a case with an authorised conditional caution and one victim."""
    with app.app_context():
        clerk = gen_user("clerk", username="clerk1", full_name="Casey Clerk")
        worker = gen_user("caseworker", username="worker1", full_name="Wendy Worker")
        supervisor = gen_user("supervisor", username="sup1", full_name="Sam Supervisor")
        case = gen_case(first_name="Andrea", last_name="O'Horton & <Sons>")
        person = db.session.get(Person, db.session.scalar(select(Person.id)))
        person.address_line1, person.postcode, person.pnc_id = "12 Mill Lane", "NG1 4AB", "19/1234567X"
        db.session.commit()
        gen_decision(case, authorised_by=supervisor)
    return {"clerk": clerk, "worker": worker, "supervisor": supervisor, "case": case}


# --------------------------------------------------------------------------- the case page


def test_case_without_decision_shows_what_is_available_and_why_not(app, client):
    with app.app_context():
        clerk = gen_user("clerk")
        case = gen_case()
    login(client, clerk)
    page = client.get(f"/cases/{case.reference}/documents")
    assert page.status_code == 200
    text = page.text
    assert MARKING in text and 'aria-current="page"' in text and ">Documents<" in text
    assert "There is no decision on this case yet." in text
    assert "Record the proposed outcome first" in text
    assert "The case has no Caution Clinic appointment" in text
    assert "No documents have been made for this case yet." in text
    with app.app_context():
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "consult",
                                                           AuditRecord.description.contains("documents")))


def test_the_case_tab_links_to_documents(app, client, decided):
    login(client, decided["clerk"])
    page = client.get(f"/cases/{decided['case'].reference}")
    assert f'href="/cases/{decided["case"].reference}/documents"' in page.text


def test_unavailable_option_is_refused(app, client, decided):
    login(client, decided["clerk"])
    response = ask(client, decided["case"].reference, "diversionary_caution_notice|")
    assert response.status_code == 422
    assert errors(response) == ["That document is not available for this case: choose one from the list"]
    with app.app_context():
        assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 0


@needs_pdf
def test_clerk_makes_the_notice_and_the_victim_letter_and_downloads_both_as_word_and_pdf(app, client, decided):
    """The issue's 'done means': decided case, caution notice and victim outcome letter, Word and PDF,
    no suspect address in the victim letter, and the downloads in the audit log."""
    ref = decided["case"].reference
    login(client, decided["clerk"])
    page = client.get(f"/cases/{ref}/documents").text
    assert 'value="conditional_caution_notice|"' in page
    victim_option = re.search(r'value="(victim_outcome_letter\|victim:\d+)"', page).group(1)

    response = ask(client, ref, "conditional_caution_notice|", pdf=True)
    assert response.status_code == 302 and "#document-" in response.headers["Location"]
    assert ask(client, ref, victim_option, pdf=True).status_code == 302

    page = client.get(f"/cases/{ref}/documents").text
    assert page.count(">Ready<") == 2 and "hx-trigger" not in page  # finished: nothing polls
    with app.app_context():
        notice, letter = latest("conditional_caution_notice"), latest("victim_outcome_letter")
        assert notice.status == letter.status == "done"
        assert notice.pdf_path and letter.pdf_path
        assert notice.template.version == 1 and '"decision"' in notice.source_summary
    assert notice.docx_sha256[:12] in page

    word = download(client, ref, letter.id)
    assert word.status_code == 200
    assert word.headers["Content-Disposition"].startswith("attachment")
    assert word.data[:2] == b"PK"
    parts = xml_parts(word.data)
    everything = "\n".join(plain(x) for x in parts.values())
    assert "Victim0 Person" in everything and "Pay compensation for the damage" in everything
    for secret in ("12 Mill Lane", "NG1 4AB", "1 April 1990", "01/04/1990", "1990-04-01", "19/1234567X",
                   "victim awareness", "Northgate Awareness Service"):
        assert secret.lower() not in everything.lower(), secret
    assert "O&amp;#39;Horton &amp;amp; &amp;lt;Sons&amp;gt;" not in "".join(parts.values())  # not double-escaped
    assert "O'Horton &amp; &lt;Sons&gt;" in parts["word/document.xml"] or \
        "O&#39;Horton &amp; &lt;Sons&gt;" in parts["word/document.xml"]

    pdf = download(client, ref, letter.id, "pdf", use="disclose", recipient="Victim0 Person (by post)",
                   purpose="Victims' Code: outcome of the case")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert MARKING in text and "12 Mill Lane" not in text

    notice_pdf = download(client, ref, notice.id, "pdf")
    assert notice_pdf.status_code == 200 and notice_pdf.data.startswith(b"%PDF")
    notice_word = download(client, ref, notice.id)
    assert "12 Mill Lane" in plain(xml_parts(notice_word.data)["word/document.xml"])

    with app.app_context():
        lines = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "disclose")
                                   .order_by(AuditRecord.id)).all()
        assert len(lines) == 4
        assert all(line.username == "clerk1" and line.record_id == ref for line in lines)
        assert lines[0].recipient == "Internal use: case file"
        assert lines[1].recipient == "Victim0 Person (by post)"
        assert lines[1].justification == "Victims' Code: outcome of the case"
        assert "pdf" in lines[1].description and letter.pdf_sha256 in lines[1].description
        made = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "collect",
                                                            AuditRecord.record_type == "document")).all()
        assert len(made) == 2 and {m.username for m in made} == {"clerk1"}
    supervisor = app.test_client()
    login(supervisor, decided["supervisor"])
    log = supervisor.get(f"/admin/audit?record_id={ref}&action=disclose").text
    assert "Victim0 Person (by post)" in log


def test_every_document_is_marked_in_header_and_footer_and_victim_letters_hide_the_suspect(app, client, decided):
    """Every kind the case can have, made through the pages: each .docx has the marking in a header
    part and a footer part, and no victim letter carries the suspect's address, date of birth or PNC ID."""
    ref = decided["case"].reference
    with app.app_context():
        course = db.session.scalar(select(Condition).where(Condition.type == "course"))
        course.status = "breached"
        db.session.commit()
        gen_appointment(decided["case"], decided["worker"])
    login(client, decided["clerk"])
    options = re.findall(r'name="option" type="radio" value="([^"]+)"', client.get(f"/cases/{ref}/documents").text)
    made_kinds = {o.partition("|")[0] for o in options}
    assert made_kinds == set(KINDS) - {"community_resolution_record", "diversionary_caution_notice",
                                       "community_caution_notice", "simple_caution_notice"}
    for option in options:
        assert ask(client, ref, option).status_code == 302, option
    with app.app_context():
        docs = db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)).all()
        assert len(docs) == len(options) and all(d.status == "done" for d in docs), [(d.kind, d.error) for d in docs]
        files = {(d.kind, d.id): stored(app, d.docx_path).read_bytes() for d in docs}
    for (kind, _), data in files.items():
        parts = xml_parts(data)
        headers = [plain(x) for n, x in parts.items() if re.fullmatch(r"word/header\d*\.xml", n)]
        footers = [plain(x) for n, x in parts.items() if re.fullmatch(r"word/footer\d*\.xml", n)]
        assert any(MARKING in h for h in headers), kind
        assert any(MARKING in f for f in footers), kind
        assert any(ref in f or "CLINIC/" in f for f in footers), kind
        if KINDS[kind].audience == "victim":
            text = "\n".join(parts.values())
            for secret in ("12 Mill Lane", "NG1 4AB", "1 April 1990", "19/1234567X", "Northgate Awareness"):
                assert secret not in text, (kind, secret)


def test_progress_fragment_polls_until_the_job_finishes_and_then_stops(app, client, decided):
    ref = decided["case"].reference
    login(client, decided["clerk"])
    with app.app_context():
        from webapp.models import Case, User
        case = db.session.get(Case, decided["case"].id)
        job, doc = tasks.request_document(case=case, kind="conditional_caution_notice", subject="",
                                          user=db.session.get(User, decided["clerk"].id), want_pdf=False,
                                          start=False)
        job_id, doc_id = job.id, doc.id
    fragment = client.get(f"/documents/progress?job={job_id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'hx-trigger="every 1s"' in fragment.text and f'hx-get="/documents/progress?job={job_id}"' in fragment.text
    assert "<progress" in fragment.text and "0%" in fragment.text and "Queued" in fragment.text
    full = client.get(f"/documents/progress?job={job_id}")
    assert "<html" in full.text and MARKING in full.text and ">Refresh</a>" in full.text
    case_page = client.get(f"/cases/{ref}/documents").text
    assert 'hx-trigger="every 1s"' in case_page and ">Refresh</a>" in case_page

    with app.app_context():
        tasks.generate_document(job_id=job_id, document_id=doc_id)
    fragment = client.get(f"/documents/progress?job={job_id}", headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in fragment and "Ready" in fragment and "Refresh" not in fragment
    assert f'id="doc-{doc_id}-files" hx-swap-oob="true"' in fragment  # the links arrive with the last poll
    assert f"/cases/{ref}/documents/download?document={doc_id}&amp;format=docx" in fragment


def test_failed_job_shows_the_error_and_can_be_retried(app, client, decided, monkeypatch):
    ref = decided["case"].reference
    login(client, decided["clerk"])
    from documents import render as render_module
    real = render_module.render

    def broken(*args, **kwargs):
        raise render_module.RenderError("the template server is on fire")
    monkeypatch.setattr(tasks, "render", broken)
    assert ask(client, ref, "conditional_caution_notice|").status_code == 302
    with app.app_context():
        doc = latest("conditional_caution_notice")
        job = db.session.get(BackgroundJob, doc.job_id)
        assert doc.status == job.status == "failed"
        assert "on fire" in doc.error and "on fire" in job.error
    page = client.get(f"/cases/{ref}/documents").text
    assert "the template server is on fire" in page and "Try again" in page and "hx-trigger" not in page
    fragment = client.get(f"/documents/progress?job={job.id}", headers={"HX-Request": "true"}).text
    assert "Failed" in fragment and "on fire" in fragment and 'action="/documents/retry"' in fragment

    monkeypatch.setattr(tasks, "render", real)
    response = client.post("/documents/retry", data={"job": job.id})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(GeneratedDocument.id))) == 1
        doc = latest("conditional_caution_notice")
        job = db.session.get(BackgroundJob, doc.job_id)
        assert doc.status == job.status == "done" and doc.error == "" and job.attempts == 2
        assert stored(app, doc.docx_path).is_file()


# --------------------------------------------------------------------------- downloads


def _clerks_notice(app, client, decided) -> tuple[str, GeneratedDocument]:
    """The decided case's reference and the caution notice its clerk (signed in) has just made."""
    login(client, decided["clerk"])
    ask(client, decided["case"].reference, "conditional_caution_notice|")
    with app.app_context():
        return decided["case"].reference, latest("conditional_caution_notice")

def test_disclosure_needs_a_recipient_and_a_purpose(app, client, decided):
    ref, doc = _clerks_notice(app, client, decided)
    form = client.get(f"/cases/{ref}/documents/download?document={doc.id}&format=docx")
    assert form.status_code == 200 and "Who will receive it" in form.text and MARKING in form.text
    response = download(client, ref, doc.id, use="disclose")
    assert response.status_code == 422
    assert errors(response) == ["Enter who will receive the document", "Enter why the document is being disclosed"]
    assert download(client, ref, doc.id, use="").status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditRecord)
                                 .where(AuditRecord.action == "disclose")) == 0
    assert client.get(f"/cases/{ref}/documents/download?document={doc.id}&format=pdf").status_code == 404
    assert client.get(f"/cases/{ref}/documents/download?document=999&format=docx").status_code == 404
    with app.app_context():
        other = gen_case(first_name="Other")
    assert client.get(f"/cases/{other.reference}/documents/download?document={doc.id}").status_code == 404


def test_a_changed_file_is_refused(app, client, decided):
    ref, doc = _clerks_notice(app, client, decided)
    path = stored(app, doc.docx_path)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Conditional", b"Unconditional", 1) + b"\0")
    response = download(client, ref, doc.id, use="disclose", recipient="Solicitor", purpose="Disclosure")
    assert response.status_code == 409
    assert "has changed since it was made" in response.text and "has not been sent" in response.text
    assert "The document was not sent" in response.text and "Back to the documents" in response.text
    assert response.mimetype == "text/html"
    path.unlink()
    missing = download(client, ref, doc.id)
    assert missing.status_code == 409 and "missing" in missing.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditRecord)
                                 .where(AuditRecord.action == "disclose")) == 0
    path.write_bytes(original)
    assert download(client, ref, doc.id).status_code == 200


# --------------------------------------------------------------------------- roles


def test_roles(app, client, decided):
    ref = decided["case"].reference
    with app.app_context():
        liaison = gen_user("victim_liaison", username="vlo")
        admin = gen_user("admin", username="admin1")
    login(client, decided["clerk"])
    ask(client, ref, "conditional_caution_notice|")
    with app.app_context():
        notice = latest("conditional_caution_notice")

    vlo = app.test_client()
    login(vlo, liaison)
    page = vlo.get(f"/cases/{ref}/documents").text
    assert "victim_outcome_letter|victim:" in page and "conditional_caution_notice|" not in page
    assert "Conditional caution" not in page  # not even listed: a victim liaison officer makes victims' letters
    assert ask(vlo, ref, "conditional_caution_notice|").status_code == 403
    assert vlo.get(f"/cases/{ref}/documents/download?document={notice.id}").status_code == 403
    assert download(vlo, ref, notice.id).status_code == 403
    assert vlo.get(f"/documents/progress?job={notice.job_id}").status_code == 403
    victim_option = re.search(r'value="(victim_outcome_letter\|victim:\d+)"', page).group(1)
    assert ask(vlo, ref, victim_option).status_code == 302

    admin_client = app.test_client()
    login(admin_client, admin)
    assert admin_client.get(f"/cases/{ref}/documents").status_code == 403
    assert download(admin_client, ref, notice.id).status_code == 403
    assert admin_client.get("/admin/templates").status_code == 200

    assert client.get("/admin/templates").status_code == 403
    assert client.post("/admin/templates", data={"kind": "victim_outcome_letter"}).status_code == 403
    anonymous = app.test_client()
    response = anonymous.get(f"/cases/{ref}/documents")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --------------------------------------------------------------------------- batches


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_batch_of_victim_updates_due_today_gives_one_zip(app, client, decided):
    with app.app_context():
        second = gen_case(first_name="Bo", last_name="Second")
        gen_decision(second, disposal="community_resolution", status="authorised", conditions=[])
        gen_victim_contact(decided["case"], "outcome", date.today())
        gen_victim_contact(second, "outcome", date.today() - timedelta(days=3))   # overdue
        gen_victim_contact(second, "views", date.today() + timedelta(days=5))      # not due yet
        gen_victim_contact(second, "restorative_justice", date.today())            # no letter for this
        third = gen_case(first_name="Cy", last_name="Third")
        gen_victim_contact(third, "outcome", date.today())                          # not decided yet
    login(client, decided["clerk"])
    page = client.get("/documents/batches")
    assert page.status_code == 200 and MARKING in page.text
    response = client.post("/documents/batches", data={"batch": "victim_updates"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "no letter for this contact" in page and "There is no decision on this case yet" in page
    with app.app_context():
        job = db.session.scalar(select(BackgroundJob).where(BackgroundJob.kind == "batch"))
        assert job.status == "done", job.error
        assert job.total == 3 and job.progress == 3 and job.percent == 100
        docs = db.session.scalars(select(GeneratedDocument).where(GeneratedDocument.job_id == job.id)).all()
        assert sorted(d.kind for d in docs) == ["victim_outcome_letter"] * 2
    assert "Download the zip" in page
    data = client.post(f"/documents/batches/download?job={job.id}", data={"use": "internal"})
    assert data.status_code == 200 and data.mimetype == "application/zip"
    members = _zip_members(data.data)
    letters = [n for n in members if n.endswith(".docx")]
    assert len(letters) == 2 and "manifest.csv" in members
    rows = list(csv.DictReader(io.StringIO(members["manifest.csv"].decode("utf-8-sig"))))
    assert {r["file"] for r in rows} == set(letters)
    for name in letters:
        assert MARKING in plain(xml_parts(members[name])["word/header1.xml"])
        assert "12 Mill Lane" not in "".join(xml_parts(members[name]).values())
    with app.app_context():
        lines = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "disclose")).all()
        assert len(lines) == 2 and all(line.recipient == "Internal use: case file" for line in lines)


def test_batch_for_todays_clinic(app, client, decided):
    worker = decided["worker"]
    with app.app_context():
        resolved = gen_case(first_name="Res", last_name="Olved")
        gen_decision(resolved, disposal="community_resolution", status="authorised",
                     conditions=[{"kind": "reparative", "type": "apology", "description": "Write a letter of apology",
                                  "due_date": date(2026, 12, 1)}])
        undecided = gen_case(first_name="Un", last_name="Decided")
        today = datetime.combine(date.today(), datetime.min.time())
        gen_appointment(decided["case"], worker, today.replace(hour=9, minute=30))
        gen_appointment(resolved, worker, today.replace(hour=11))
        gen_appointment(undecided, worker, today.replace(hour=14))
        gen_appointment(undecided, decided["supervisor"], today.replace(hour=15))  # someone else's clinic
    client_worker = app.test_client()
    login(client_worker, worker)
    response = client_worker.post("/documents/batches", data={"batch": "clinic", "caseworker_id": worker.id})
    assert response.status_code == 302
    page = client_worker.get(response.headers["Location"]).text
    assert "no notice, because there is no decision yet" in page
    with app.app_context():
        job = db.session.scalar(select(BackgroundJob).where(BackgroundJob.kind == "batch"))
        assert job.status == "done", job.error
        kinds = sorted(d.kind for d in db.session.scalars(
            select(GeneratedDocument).where(GeneratedDocument.job_id == job.id)))
    assert kinds == ["clinic_day_list", "community_resolution_record", "conditional_caution_notice"]
    members = _zip_members(client_worker.post(f"/documents/batches/download?job={job.id}",
                                              data={"use": "internal"}).data)
    day_list = next(v for k, v in members.items() if "clinic_day_list" in k)
    text = plain(xml_parts(day_list)["word/document.xml"])
    assert "09:30" in text and "14:00" in text and "15:00" not in text and "Un Decided" in text
    # A caseworker makes only their own clinic's batch; another caseworker cannot download it.
    with app.app_context():
        other = gen_user("caseworker", username="worker2")
    other_client = app.test_client()
    login(other_client, other)
    assert other_client.post("/documents/batches", data={"batch": "clinic", "caseworker_id": worker.id}).status_code == 422
    assert other_client.get(f"/documents/batches/download?job={job.id}").status_code == 403
    liaison_client = app.test_client()
    with app.app_context():
        liaison = gen_user("victim_liaison", username="vlo2")
    login(liaison_client, liaison)
    assert "Today&#39;s clinic" not in liaison_client.get("/documents/batches").text
    assert liaison_client.post("/documents/batches", data={"batch": "clinic"}).status_code == 422


def test_a_changed_document_in_a_batch_zip_is_refused(app, client, decided):
    with app.app_context():
        gen_victim_contact(decided["case"], "outcome", date.today())
    login(client, decided["clerk"])
    client.post("/documents/batches", data={"batch": "victim_updates"})
    with app.app_context():
        job = db.session.scalar(select(BackgroundJob).where(BackgroundJob.kind == "batch"))
    archive = stored(app, job.result_path)
    members = _zip_members(archive.read_bytes())
    with zipfile.ZipFile(archive, "w") as rewritten:
        for name, data in members.items():
            rewritten.writestr(name, data + (b"tampered" if name.endswith(".docx") else b""))
    response = client.post(f"/documents/batches/download?job={job.id}", data={"use": "internal"})
    assert response.status_code == 409 and "has changed since it was made" in response.text
    assert "The zip was not sent" in response.text and "Back to batches" in response.text


# --------------------------------------------------------------------------- template versions


def _with_text(kind: str, find: bytes, replace: bytes) -> bytes:
    source = (TEMPLATES_DIR / KINDS[kind].template).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                assert find in data
                data = data.replace(find, replace, 1)
            new.writestr(item, data)
    return out.getvalue()


def test_template_upload_is_checked_and_old_versions_stay(app, client, decided):
    ref = decided["case"].reference
    with app.app_context():
        admin = gen_user("admin", username="templates-admin")
    login(client, decided["clerk"])
    victim_option = re.search(r'value="(victim_outcome_letter\|victim:\d+)"',
                              client.get(f"/cases/{ref}/documents").text).group(1)
    ask(client, ref, victim_option)
    with app.app_context():
        first = latest("victim_outcome_letter")

    admin_client = app.test_client()
    login(admin_client, admin)
    page = admin_client.get("/admin/templates").text
    assert all(f'id="kind-{kind}"' in page for kind in KINDS) and "In use" in page

    leaky = _with_text("victim_outcome_letter", b"Dear {{ victim.salutation }}",
                       b"Dear {{ victim.salutation }} {{ offender.address_lines }} {{ suspect_secret }}")
    response = upload_template(admin_client, leaky, notes="leaky")
    assert response.status_code == 422
    listed = [unescape(e) for e in errors(response)]
    assert "Unknown variable 'offender.address_lines': this document kind does not provide it." in listed
    assert "Unknown variable 'suspect_secret': this document kind does not provide it." in listed
    assert "The template was not accepted" in response.text
    not_docx = upload_template(admin_client, b"hello")
    assert not_docx.status_code == 422 and "not a valid Word (.docx) document" in not_docx.text
    wrong_type = upload_template(admin_client, b"hello", "letter.txt")
    assert wrong_type.status_code == 422 and "must be a Word document (.docx)" in wrong_type.text
    with app.app_context():
        assert db.session.scalar(select(func.count(DocumentTemplate.id))
                                 .where(DocumentTemplate.kind == "victim_outcome_letter")) == 1

    good = _with_text("victim_outcome_letter", b"Dear {{ victim.salutation }}",
                      b"Dear {{ victim.salutation }} (new wording)")
    response = upload_template(admin_client, good, notes="New greeting")
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(DocumentTemplate).where(DocumentTemplate.kind == "victim_outcome_letter")
                                  .order_by(DocumentTemplate.version)).all()
        assert [(r.version, r.active) for r in rows] == [(1, False), (2, True)]
        assert rows[1].path == "templates/victim_outcome_letter/v2.docx"
        assert stored(app, rows[1].path).read_bytes() == good
        assert db.session.get(GeneratedDocument, first.id).template_id == rows[0].id
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.record_type == "document_template"))

    ask(client, ref, victim_option)
    with app.app_context():
        second = latest("victim_outcome_letter")
        assert second.version == 2 and second.template.version == 2
        made = stored(app, second.docx_path).read_bytes()
    assert "(new wording)" in plain(xml_parts(made)["word/document.xml"])
    assert "Version 2" in plain(xml_parts(made)["word/footer1.xml"])

    assert admin_client.get("/admin/templates/file?kind=victim_outcome_letter&version=2").data == good
    preview = admin_client.get("/admin/templates/preview?kind=victim_outcome_letter&version=2")
    assert preview.status_code == 200 and "Alex Victim" in plain(xml_parts(preview.data)["word/document.xml"])
    assert admin_client.post("/admin/templates/activate",
                             data={"kind": "victim_outcome_letter", "version": "1"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(DocumentTemplate.version).where(
            DocumentTemplate.kind == "victim_outcome_letter", DocumentTemplate.active.is_(True))) == 1
        lines = db.session.scalars(select(AuditRecord).where(AuditRecord.record_type == "document_template")
                                   .order_by(AuditRecord.id)).all()
        assert [(r.record_id, r.username) for r in lines] == [("victim_outcome_letter v2", "templates-admin"),
                                                              ("victim_outcome_letter v1", "templates-admin")]
        assert "SHA-256" in lines[0].description and lines[1].description == "Version 1 put back in use"


# --------------------------------------------------------------------------- command line


def test_documents_command_lists_kinds_and_renders_through_the_job_code(app, decided, tmp_path):
    from webapp.documents.commands import documents as group

    runner = app.test_cli_runner()
    listed = runner.invoke(group, ["kinds"])
    assert listed.exit_code == 0
    for name, spec in KINDS.items():
        assert re.search(rf"^{name}\s+{spec.audience}\s+{re.escape(spec.title)}$", listed.output, re.M)

    out = tmp_path / "notice.docx"
    result = runner.invoke(group, ["render", "conditional_caution_notice", decided["case"].reference, "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    with app.app_context():
        doc = latest("conditional_caution_notice")
        assert doc.status == "done" and doc.created_by_id is None and doc.docx_sha256 in result.output
        assert tasks.store.sha256(data) == doc.docx_sha256
        job = db.session.get(BackgroundJob, doc.job_id)
        assert job.status == "done"
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose",
                                                           AuditRecord.recipient.contains("notice.docx")))
    assert "OOCR Casework (command line)" in plain(xml_parts(data)["word/footer1.xml"])

    bad = runner.invoke(group, ["render", "no_such_kind", decided["case"].reference, "--out", str(out)])
    assert bad.exit_code != 0 and "unknown kind" in bad.output
    unavailable = runner.invoke(group, ["render", "community_caution_notice", decided["case"].reference,
                                        "--out", str(out)])
    assert unavailable.exit_code != 0 and "not a community caution" in unavailable.output
    missing = runner.invoke(group, ["render", "conditional_caution_notice", "NOPE", "--out", str(out)])
    assert missing.exit_code != 0 and "no case" in missing.output


def test_posts_need_the_csrf_token(app, decided, tmp_path):
    from oocr_testing import make_csrf_app

    protected = make_csrf_app(app, tmp_path)
    client = protected.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"username": "clerk1", "password": "correct-horse-battery",
                                       "csrf_token": token}).status_code == 302
    ref = decided["case"].reference
    page = client.get(f"/cases/{ref}/documents").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/cases/{ref}/documents", data={"option": "conditional_caution_notice|"}).status_code == 400
    assert client.post(f"/cases/{ref}/documents", data={"option": "conditional_caution_notice|",
                                                        "csrf_token": token}).status_code == 302
    with protected.app_context():
        doc = latest("conditional_caution_notice")
    url = f"/cases/{ref}/documents/download?document={doc.id}"
    assert client.post(url, data={"use": "internal"}).status_code == 400
    assert client.post(url, data={"use": "internal", "csrf_token": token}).status_code == 200
    with protected.app_context():
        db.engine.dispose()
