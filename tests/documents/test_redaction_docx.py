"""Whole .docx packages: a value hidden anywhere a reader or checker could find it must go."""
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from documents.redaction import UnreadableDocument, redact_docx
from documents.redaction.docx import Package, flatten

from redaction_samples import (
    KEEP_NAMES, MUST_KEEP, NSDECL, REDACT_NAMES, VICTIM, norm, package_text, package_xml, split_runs,
)


@pytest.fixture(scope="module")
def redacted(awkward_docx):
    output, log = redact_docx(awkward_docx, names=REDACT_NAMES, keep=KEEP_NAMES)
    return output, log


def test_the_awkward_document_really_hides_each_value(awkward_docx):
    xml = package_xml(awkward_docx)
    text = package_text(awkward_docx)
    for value in VICTIM.values():
        assert norm(value) in text or value in xml


@pytest.mark.parametrize("place", sorted(VICTIM))
def test_nothing_leaks_from_any_place(redacted, place):
    output, _ = redacted
    value = VICTIM[place]
    assert norm(value) not in package_text(output), place
    assert value not in package_xml(output), place
    assert norm(value) not in norm(package_xml(output)), place


@pytest.mark.parametrize("kept", MUST_KEEP)
def test_kept_names_and_offence_wording_remain(redacted, kept):
    output, _ = redacted
    assert norm(kept) in package_text(output)


def test_output_is_still_a_word_document_with_visible_markers(redacted):
    output, _ = redacted
    document = docx.Document(io.BytesIO(output))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Telephone: [REDACTED: phone]" in body
    assert document.sections[0].footer.paragraphs[0].text == "NI number [REDACTED: NI number]"
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


def test_formatting_of_untouched_runs_survives(redacted):
    output, _ = redacted
    document = docx.Document(io.BytesIO(output))
    runs = document.paragraphs[1].runs
    assert [r.text for r in runs][:2] == ["Telephone: ", "[REDACTED: phone]"]
    assert all(r.text == "" for r in runs[2:])


def test_thumbnail_and_matching_custom_xml_item_are_removed_with_their_references(redacted, awkward_docx):
    output, log = redacted
    names = zipfile.ZipFile(io.BytesIO(output)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert not any(n.endswith(("item9.xml", "itemProps9.xml", "item9.xml.rels")) for n in names)
    xml = package_xml(output)
    assert "item9.xml" not in xml and "itemProps9" not in xml and "thumbnail" not in xml
    assert "customXml/item1.xml" in names  # an item without personal data stays
    assert {"thumbnail", "custom_xml"} <= {row["category"] for row in log}


def test_typed_custom_property_stays_valid_when_redacted(redacted):
    output, _ = redacted
    custom = zipfile.ZipFile(io.BytesIO(output)).read("docProps/custom.xml").decode()
    assert "<vt:i4>" not in custom and "[REDACTED: account number]" in custom


def test_mailto_target_and_author_attributes(redacted):
    output, _ = redacted
    xml = package_xml(output)
    assert 'Target="mailto:REDACTED"' in xml
    assert 'w:author="[REDACTED: name]"' in xml


def test_log_names_kinds_and_places_but_no_values(redacted):
    _, log = redacted
    assert all(set(row) == {"category", "part", "location", "count"} for row in log)
    places = {(row["part"], row["location"]) for row in log}
    assert ("word/header1.xml", "paragraph 1") in places
    assert ("word/comments.xml", "comment 1, paragraph 1") in places
    assert ("docProps/core.xml", "core properties: creator") in places
    assert ("word/_rels/document.xml.rels", "hyperlink target") in places
    assert any("tracked deletion" in loc for _, loc in places)
    assert any("text box" in loc for _, loc in places)
    text = norm(str(log))
    for value in VICTIM.values():
        assert norm(value) not in text


def test_value_split_over_three_differently_formatted_runs():
    document = docx.Document()
    split_runs(document.add_paragraph(), ["Call 0770", "0 900", "246 now"])
    out = io.BytesIO()
    document.save(out)
    output, _ = redact_docx(out.getvalue())
    assert norm("07700 900246") not in package_text(output)
    assert "Call [REDACTED: phone] now" in docx.Document(io.BytesIO(output)).paragraphs[0].text


def test_flattened_part_uses_paragraph_and_line_break_markers():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Studio 21").add_break()
    paragraph.add_run("Christine Court")
    document.add_paragraph("next")
    out = io.BytesIO()
    document.save(out)
    package = Package(out.getvalue())
    text = flatten("word/document.xml", package.parts["word/document.xml"]).text
    assert "\u2029Studio 21\nChristine Court\u2029next" in text


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_not_a_docx(data):
    with pytest.raises(UnreadableDocument):
        redact_docx(data)


def test_a_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableDocument):
        redact_docx(out.getvalue())


def test_layout_numbers_in_drawings_are_not_mistaken_for_account_numbers():
    document = docx.Document()
    paragraph = document.add_paragraph("Account 19375836.")
    paragraph._p.append(parse_xml(
        f'<w:r {NSDECL}><w:drawing><wp:anchor><wp:positionH relativeFrom="page"><wp:posOffset>12700000</wp:posOffset>'
        '</wp:positionH><wp:extent cx="1" cy="1"/><wp:docPr id="9" name="Shape 9"/></wp:anchor></w:drawing></w:r>'
    ))
    out = io.BytesIO()
    document.save(out)
    output, _ = redact_docx(out.getvalue())
    xml = zipfile.ZipFile(io.BytesIO(output)).read("word/document.xml").decode()
    assert "<wp:posOffset>12700000</wp:posOffset>" in xml
    assert "Account [REDACTED: account number]." in xml


def test_strict_open_xml_documents_are_read_the_same_way():
    document = docx.Document()
    split_runs(document.add_paragraph(), ["Tel 07700", " 900", "246"])
    out = io.BytesIO()
    document.save(out)
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, zipfile.ZipFile(strict, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            target.writestr(name, data)
    output, log = redact_docx(strict.getvalue())
    assert norm("07700 900246") not in package_text(output)
    assert ("word/document.xml", "paragraph 1") in {(row["part"], row["location"]) for row in log}


def test_a_bare_past_date_in_document_properties_goes_but_body_dates_stay():
    document = docx.Document()
    document.add_paragraph("Seen on 14/02/2019 and again on 17 October 2026.")
    document.core_properties.subject = "14/02/1999"
    document.core_properties.keywords = "review by 17 October 2026"
    out = io.BytesIO()
    document.save(out)
    output, _ = redact_docx(out.getvalue())
    core = zipfile.ZipFile(io.BytesIO(output)).read("docProps/core.xml").decode()
    assert "14/02/1999" not in core and "17 October 2026" in core
    assert "Seen on 14/02/2019" in docx.Document(io.BytesIO(output)).paragraphs[0].text
