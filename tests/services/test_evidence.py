"""webapp.services.evidence without a page: a witness added to a breach is redacted like a victim, and an
evidence bundle leaves the team only when verified, read back against its checksum, with the
disclosure logged with its recipient."""
from __future__ import annotations

import pytest
from compliance_testing import case_with_conditions, condition_ids
from factories import gen_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditRecord, Breach, EvidenceBundle
from webapp.services import evidence, storage
from webapp.services.storage import StoredFileProblem


def _breach(case, user) -> Breach:
    breach = Breach(case_id=case.id, condition_id=condition_ids(case.id)[0], what_happened="Did not attend",
                    proposed_outcome="prosecute", status="approved", recorded_by_id=user.id)
    db.session.add(breach)
    db.session.flush()
    return breach


def test_a_witness_is_added_with_tidy_details_and_is_redacted_from_the_bundle(ctx):
    case, clerk = case_with_conditions(), gen_user("clerk")
    breach = _breach(case, clerk)
    witness = evidence.add_witness(case, breach, full_name="  Amira   Khan ", address=" 4 Mill Lane ",
                                   phone="07700 900123 ", email="", user=clerk)
    db.session.commit()
    assert (witness.full_name, witness.address, witness.phone) == ("Amira Khan", "4 Mill Lane", "07700 900123")
    assert "Witness added to the breach evidence" in [e.summary for e in case.events]
    db.session.refresh(breach)
    redactions = evidence.redactions_for(case, breach)
    assert "Amira Khan" in redactions.names and ("4 Mill Lane", "witness's address") in redactions.known


def _bundle(case, breach, user, **values) -> EvidenceBundle:
    bundle = EvidenceBundle(breach_id=breach.id, case_id=case.id, created_by_id=user.id, **values)
    db.session.add(bundle)
    db.session.flush()
    return bundle


def test_only_a_verified_bundle_of_the_case_in_a_format_it_was_made_in_is_downloadable(ctx):
    case, other, clerk = case_with_conditions(), case_with_conditions(), gen_user("clerk")
    breach = _breach(case, clerk)
    made = _bundle(case, breach, clerk, status="verified", verified=True, docx_path="b.docx", docx_sha256="0" * 64)
    assert evidence.downloadable(made, case, "docx")
    assert not evidence.downloadable(made, case, "pdf")  # no PDF was made
    assert not evidence.downloadable(made, other, "docx")
    assert not evidence.downloadable(made, case, "zip")
    assert not evidence.downloadable(None, case, "docx")
    refused = _bundle(case, breach, clerk, status="refused", docx_path="r.docx", docx_sha256="0" * 64)
    assert not evidence.downloadable(refused, case, "docx")


def test_a_disclosed_bundle_is_checked_and_logged_with_its_recipient(ctx):
    case, clerk = case_with_conditions(), gen_user("clerk")
    breach = _breach(case, clerk)
    data = b"PK the bundle"
    storage.write("cases/test/bundle.docx", data)
    bundle = _bundle(case, breach, clerk, status="verified", verified=True, docx_path="cases/test/bundle.docx",
                     docx_sha256=storage.sha256(data))
    sent = evidence.disclose_bundle(case, bundle, "docx", recipient=" Jo Smith, CPS Direct ",
                                    purpose="Prosecution after a breach", user=clerk)
    db.session.commit()
    assert sent == data
    line = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "disclose"))
    assert line.recipient == "Jo Smith, CPS Direct" and line.justification == "Prosecution after a breach"
    assert "Evidence bundle disclosed to Jo Smith, CPS Direct" in [e.summary for e in case.events]

    storage.write("cases/test/bundle.docx", b"PK changed since")
    with pytest.raises(StoredFileProblem):
        evidence.disclose_bundle(case, bundle, "docx", recipient="Someone", purpose="Why", user=clerk)
