"""The reviewer's workflow: propose, reject or add, apply, verify; and the unattended path."""
import io
import zipfile

import docx
import pytest

from documents.redaction import (
    ProposalMismatch, RedactionLeak, apply, must_vanish, propose, redact_docx, redact_pdf, redact_text, redaction_log,
    pipeline, verify,
)
from documents.redaction.detectors import ACCOUNT, DATE_OF_BIRTH, NAME, PHONE

from redaction_samples import KEEP_NAMES, REDACT_NAMES, VICTIM, norm, package_text


def statement(*paragraphs, comment=None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if comment:
        document.add_comment(document.paragraphs[0].runs, text=comment, author="Reviewer")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SOURCE = statement(
    "Statement of: Anthony Owen   Date of birth: 31/03/1994",
    "Telephone: 07700 900246. Account 19375836.",
    "I saw Ms Andrea Horton on 17 October 2026. Notes taken by PC Ford 6305.",
)


def test_proposals_say_what_where_and_why_but_keep_the_value_out_of_repr():
    proposals = propose(SOURCE, names=["Anthony Owen"], keep=KEEP_NAMES)
    assert {(p.category, p.location) for p in proposals} >= {
        (NAME, "paragraph 1"), (DATE_OF_BIRTH, "paragraph 1"), (PHONE, "paragraph 2"), (ACCOUNT, "paragraph 2"),
    }
    phone = next(p for p in proposals if p.category == PHONE)
    assert phone.text == "07700 900246"
    assert "[[07700 900246]]" in phone.context
    assert "07700" not in repr(phone)


def test_proposal_ids_are_stable():
    first = [p.id for p in propose(SOURCE, names=["Anthony Owen"])]
    again = [p.id for p in propose(SOURCE, names=["Anthony Owen"])]
    assert first == again and len(set(first)) == len(first)


def test_rejecting_a_proposal_leaves_that_value():
    proposals = propose(SOURCE, names=["Anthony Owen"], keep=KEEP_NAMES)
    accepted = [p for p in proposals if p.category != ACCOUNT]
    text = package_text(apply(SOURCE, accepted))
    assert norm("19375836") in text
    assert norm("07700 900246") not in text and norm("Anthony Owen") not in text


def test_an_added_value_is_removed_everywhere_however_it_is_written():
    source = statement("Her nickname is Bunny.", "BUNNY was there.", comment="Ask B-unny about it")
    output = apply(source, [], extra_values=["Bunny"])
    assert "bunny" not in package_text(output)
    assert "[REDACTED]" in docx.Document(io.BytesIO(output)).paragraphs[0].text


def test_an_added_word_does_not_cut_into_longer_words():
    output = apply(statement("Lees left the employees' room."), [], extra_values=["Lees"])
    assert docx.Document(io.BytesIO(output)).paragraphs[0].text == "[REDACTED] left the employees' room."


def test_verify_catches_a_value_left_in_a_comment():
    source = statement("Telephone: 07700 900246", comment="Her number is 07700 900246")
    body_only = [p for p in propose(source) if p.part == "word/document.xml"]
    output = apply(source, body_only)
    findings = verify(output, [p.text for p in body_only])
    assert len(findings) == 1 and "word/comments.xml" in findings[0]
    assert "900246" not in findings[0]


def test_verify_reads_across_parts_the_way_the_checker_does():
    output = statement("Studio 21", "Christine Court")
    assert verify(output, ["Studio 21\nChristine Court"])
    assert verify(output, ["Anthony Owen"]) == []


def test_verify_ignores_a_name_inside_a_longer_word():
    assert verify(statement("Joanna Hortonson was there"), ["Anna Horton"]) == []


def test_proposals_for_a_different_document_are_refused():
    proposals = propose(SOURCE, names=["Anthony Owen"])
    with pytest.raises(ProposalMismatch):
        apply(statement("Something else entirely, much longer than before."), proposals)


def test_redact_docx_refuses_to_release_a_leaking_document(monkeypatch):
    monkeypatch.setattr(pipeline, "_apply_docx", lambda package, *args, **kwargs: (package.to_bytes(), []))
    with pytest.raises(RedactionLeak) as raised:
        redact_docx(SOURCE, names=["Anthony Owen"])
    assert "refusing to release" in str(raised.value)
    assert "900246" not in str(raised.value)


def test_unattended_redaction_spreads_a_found_value_to_forms_the_detectors_miss():
    source = statement("Telephone: 07700 900246", "Or ring 07700", "900246 after six")
    assert [p.text for p in propose(source)] == ["07700 900246"]
    output, _ = redact_docx(source)
    assert norm("07700 900246") not in package_text(output)


def test_unattended_redaction_of_the_awkward_document_verifies(awkward_docx):
    output, log = redact_docx(awkward_docx, names=REDACT_NAMES, keep=KEEP_NAMES)
    assert verify(output, list(VICTIM.values())) == []
    assert log


def test_plain_text():
    text = "Witness: Anthony Owen\nTel 07700 900246\nSeen by PC Ford 6305 on 17 October 2026."
    output, log = redact_text(text, names=["Anthony Owen"], keep=KEEP_NAMES)
    assert output == "Witness: [REDACTED: name]\nTel [REDACTED: phone]\nSeen by PC Ford 6305 on 17 October 2026."
    assert {row["category"] for row in log} == {NAME, PHONE}
    proposals = propose(text, names=["Anthony Owen"])
    assert {p.location for p in proposals} == {"line 1", "line 2"}
    assert apply(text, [p for p in proposals if p.category == PHONE]) == text.replace("07700 900246", "[REDACTED: phone]")


def _pdf(lines) -> bytes:
    """A one-page PDF with real text objects, enough for pypdf to extract."""
    content = "BT /F1 11 Tf 50 750 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.writelines(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_text_is_redacted_and_the_log_says_the_pdf_was_not_rewritten():
    source = _pdf(["Statement of: Anthony Owen", "Telephone: 07700 900246", "Officer: PC Ford 6305"])
    text, log = redact_pdf(source, names=["Anthony Owen"], keep=KEEP_NAMES)
    assert "07700 900246" not in text and "Anthony Owen" not in text and "PC Ford 6305" in text
    assert any(row["category"] == "notice" and "not rewritten" in row["location"] for row in log)


def test_unreadable_pdf_is_bad_input():
    with pytest.raises(ValueError):
        redact_pdf(b"%PDF-1.4 nonsense")


def test_output_keeps_every_untouched_part_byte_for_byte():
    output, _ = redact_docx(SOURCE, names=["Anthony Owen"])
    before = zipfile.ZipFile(io.BytesIO(SOURCE))
    after = zipfile.ZipFile(io.BytesIO(output))
    for name in ("word/styles.xml", "word/theme/theme1.xml"):
        assert before.read(name) == after.read(name)


def test_unattended_redaction_removes_a_supplied_name_however_it_is_broken():
    document = docx.Document()
    paragraph = document.add_paragraph("Signed: Anna Connor-")
    paragraph.add_run().add_break()
    paragraph.add_run("Hardy")
    out = io.BytesIO()
    document.save(out)
    output, _ = redact_docx(out.getvalue(), names=["Anna Connor-Hardy"])
    assert norm("Anna Connor-Hardy") not in package_text(output)


def test_redaction_log_for_accepted_proposals_has_places_but_no_values():
    proposals = propose(SOURCE, names=["Anthony Owen"], keep=KEEP_NAMES)
    log = redaction_log(proposals)
    assert {"category": PHONE, "part": "word/document.xml", "location": "paragraph 2", "count": 1} in log
    assert "900246" not in str(log) and "Owen" not in str(log)


def test_must_vanish_lists_distinctive_values_and_full_supplied_names_only():
    proposals = propose(SOURCE, names=["Anthony Owen"], keep=KEEP_NAMES)
    values = dict(must_vanish(proposals, ["Mr Anthony Owen", "Owen"], KEEP_NAMES))
    assert values == {"31/03/1994": DATE_OF_BIRTH, "07700 900246": PHONE, "19375836": ACCOUNT,
                      "Anthony Owen": NAME}
