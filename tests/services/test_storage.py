"""The storage contract (webapp/services/storage.py), run against both kinds of store: the local
directory and S3-compatible object storage (moto's standalone server, started here on a free
loopback port; it is a pinned dev dependency, so these tests always run, in CI too)."""
from __future__ import annotations

import uuid

import pytest

from s3_testing import ObjectStoreServer, set_credentials
from webapp.services import storage
from webapp.services.storage import StoredFileProblem


@pytest.fixture(scope="module")
def object_store():
    with ObjectStoreServer() as server:
        yield server


@pytest.fixture(params=["local", "s3"])
def store_app(request, app, monkeypatch, tmp_path):
    """The app with DOCUMENT_STORE set to a fresh directory or a fresh bucket."""
    if request.param == "local":
        monkeypatch.setitem(app.config, "DOCUMENT_STORE", str(tmp_path / "store"))
    else:
        server = request.getfixturevalue("object_store")
        set_credentials(monkeypatch.setenv)
        bucket = f"oocr-{uuid.uuid4().hex[:12]}"
        server.create_bucket(bucket)
        monkeypatch.setitem(app.config, "DOCUMENT_STORE", f"s3://{bucket}/documents")
        monkeypatch.setitem(app.config, "S3_ENDPOINT_URL", server.url)
    with app.app_context():
        yield request.param


@pytest.fixture
def backend():  # storage does not depend on the database: one run is enough
    return "sqlite"


def test_what_is_written_is_read_back_only_with_its_checksum(store_app):
    digest = storage.write("cases/OC26-000001/letter.docx", b"first version")
    assert digest == storage.sha256(b"first version")
    assert storage.read_verified("cases/OC26-000001/letter.docx", digest) == b"first version"
    assert storage.matches("cases/OC26-000001/letter.docx", digest)
    with pytest.raises(StoredFileProblem, match="has changed since it was made"):
        storage.read_verified("cases/OC26-000001/letter.docx", storage.sha256(b"something else"))
    with pytest.raises(StoredFileProblem, match="has changed since it was made"):
        storage.read_verified("cases/OC26-000001/letter.docx", "")  # no checksum recorded: never sent
    with pytest.raises(StoredFileProblem, match="The letter is missing from the document store"):
        storage.read_verified("cases/OC26-000001/other.docx", digest, what="The letter")
    assert not storage.matches("cases/OC26-000001/other.docx", digest)


def test_a_second_write_replaces_the_whole_file(store_app):
    storage.write("t/a.bin", b"x" * 100_000)
    digest = storage.write("t/a.bin", b"short")
    assert storage.read_verified("t/a.bin", digest) == b"short"


def test_a_write_stopped_half_way_leaves_the_old_file_and_nothing_else(store_app):
    old = storage.write("cases/X/doc.docx", b"old bytes")

    def killed():
        raise KeyboardInterrupt("worker killed")
    with pytest.raises(KeyboardInterrupt):
        storage.write("cases/X/doc.docx", b"new bytes that never finish", midway=killed)
    with pytest.raises(KeyboardInterrupt):
        storage.write("cases/X/never.docx", b"never finished", midway=killed)
    assert storage.read_verified("cases/X/doc.docx", old) == b"old bytes"
    assert storage.keys("cases/X/") == ["cases/X/doc.docx"]
    assert not storage.exists("cases/X/never.docx")
    assert storage.remove_unfinished("cases/X/") == 0  # the temporary file went when the write failed


def test_keys_list_a_folder_or_the_names_that_start_alike(store_app):
    for key in ("cases/A/7-letter-v1-aaa.docx", "cases/A/7-letter-v1-bbb.pdf", "cases/A/7-letter-v10-ccc.docx",
                "cases/A/8-letter-v1-ddd.docx", "cases/B/7-letter-v1-eee.docx"):
        storage.write(key, key.encode())
    assert storage.keys("cases/A/7-letter-v1-") == ["cases/A/7-letter-v1-aaa.docx", "cases/A/7-letter-v1-bbb.pdf"]
    assert len(storage.keys("cases/A/")) == 4 and storage.keys("cases/C/") == []
    storage.delete("cases/A/7-letter-v1-aaa.docx")
    storage.delete("cases/A/no-such-file")  # deleting what is not there is not an error
    assert not storage.exists("cases/A/7-letter-v1-aaa.docx") and storage.exists("cases/A/7-letter-v1-bbb.pdf")


@pytest.mark.parametrize("key", ["../outside.docx", "/etc/passwd", "cases/../../x", "cases\\x", "", "cases/./x"])
def test_keys_that_would_leave_the_store_are_refused(store_app, key):
    with pytest.raises(StoredFileProblem):
        storage.write(key, b"x")
    with pytest.raises(StoredFileProblem):
        storage.read_verified(key, storage.sha256(b"x"))


def test_the_cached_read_notices_a_changed_file(store_app):
    digest = storage.write("templates/letter/v1.docx", b"template one")
    assert storage.read_verified_cached("templates/letter/v1.docx", digest) == b"template one"
    assert storage.read_verified_cached("templates/letter/v1.docx", digest) == b"template one"
    storage.write("templates/letter/v1.docx", b"tampered with")  # changed behind the database's back
    with pytest.raises(StoredFileProblem, match="has changed"):
        storage.read_verified_cached("templates/letter/v1.docx", digest)
    storage.delete("templates/letter/v1.docx")
    with pytest.raises(StoredFileProblem, match="missing"):
        storage.read_verified_cached("templates/letter/v1.docx", digest)


def test_a_document_is_made_and_read_through_the_configured_store(store_app):
    """The real document job: the shipped template is put into an empty store, the letter written
    there, and read back checked (the same calls the download page makes)."""
    from factories import gen_case, gen_decision, gen_user
    from jobs.tasks import documents as tasks
    from webapp.extensions import db
    from webapp.models import Case, GeneratedDocument, User

    user = gen_user("caseworker", username="maker")
    case = gen_case()
    gen_decision(case)
    job, doc = tasks.request_document(case=db.session.get(Case, case.id), kind="conditional_caution_notice",
                                      subject="", user=db.session.get(User, user.id), want_pdf=False, start=False)
    tasks.generate_document(job_id=job.id, document_id=doc.id)
    doc = db.session.get(GeneratedDocument, doc.id)
    assert doc.status == "done", doc.error
    data = storage.read_verified(doc.docx_path, doc.docx_sha256)
    assert data[:2] == b"PK" and storage.keys(tasks.document_stem(doc) + "-") == [doc.docx_path]
    assert tasks.files_intact(doc)


def test_s3_store_settings_are_read_from_the_url():
    assert storage.parse_store("s3://casework-docs/oocr/prod") == ("casework-docs", "oocr/prod")
    assert storage.parse_store("s3://casework-docs") == ("casework-docs", "")
    assert storage.parse_store("/var/lib/oocr/documents") is None
    with pytest.raises(ValueError, match="names no bucket"):
        storage.parse_store("s3:///prefix-only")
