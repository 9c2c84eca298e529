"""The shipped Word templates: present, current, accessible, marked, and lint-clean;
and the linter an administrator's uploaded template is checked with."""

from __future__ import annotations

import io
import pkgutil
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from documents.catalogue import KINDS, DocumentKind
from documents.render import lint_kind, lint_template
from documents import letters
from documents.letters import build_template, template_text
from documents.letters.layout import TemplateBuilder

ALL_KINDS = sorted(KINDS)
VICTIM_KINDS = sorted(name for name, kind in KINDS.items() if kind.audience == "victim")


def _open(kind: str):
    return Document(str(KINDS[kind].template_path))


def _parts(data: bytes) -> dict[str, bytes]:
    """Package contents by part name; compared instead of the zip bytes, which depend
    on the zlib build."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_a_committed_template_matching_the_generator(kind):
    path = KINDS[kind].template_path
    assert path.is_file(), f"run `python -m documents.letters` to create {path.name}"
    assert _parts(path.read_bytes()) == _parts(build_template(kind)), (
        f"{path.name} is out of date: run `python -m documents.letters`"
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_its_words_committed_beside_the_template(kind):
    """The .txt beside each template is what a reviewer reads in a diff, so it must match."""
    path = KINDS[kind].template_path.with_suffix(".txt")
    assert path.is_file(), f"run `python -m documents.letters` to create {path.name}"
    assert path.read_text(encoding="utf-8") == template_text(build_template(kind)), (
        f"{path.name} is out of date: run `python -m documents.letters`"
    )


def test_every_letter_module_writes_a_kind_in_the_catalogue():
    """A module the catalogue does not list would never be built or shipped."""
    modules = {module.name for module in pkgutil.iter_modules(letters.__path__)}
    assert sorted(modules - {"layout", "sections", "__main__"}) == ALL_KINDS


def test_the_words_list_headings_bullets_and_table_rows_in_reading_order():
    text = template_text(build_template("clinic_day_list")).splitlines()
    assert text[0] == "[header] {{ marking|default('OFFICIAL-SENSITIVE', true) }}"
    assert text.index("# Caution Clinic day list") < text.index("## Appointments")
    assert "| Time | Case reference | Person | Purpose |" in text
    assert text.index("## Appointments") < text.index("| {{ a.time }} | {{ a.case_reference }} | {{ a.person_name }} | {{ a.purpose }} |")
    assert "- Something that shows who you are, such as a passport, driving licence or bank card." in (
        template_text(build_template("clinic_appointment_letter")).splitlines()
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_shipped_template_passes_lint(kind):
    assert lint_kind(kind) == []


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_marking_is_bold_and_centred_in_header_and_footer(kind):
    section = _open(kind).sections[0]
    for where, part in (("header", section.header), ("footer", section.footer)):
        paragraphs = part.paragraphs
        marked = [p for p in paragraphs if "marking" in p.text and "OFFICIAL-SENSITIVE" in p.text]
        assert marked, f"no marking in the {where}"
        for paragraph in marked:
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert all(run.bold for run in paragraph.runs if run.text.strip())


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_footer_has_reference_version_generated_line_and_page_numbers(kind):
    footer = _open(kind).sections[0].footer
    text = "\n".join(p.text for p in footer.paragraphs)
    assert "{{ doc.case_reference }}" in text
    assert "Version {{ doc.template_version }}" in text
    assert "Generated on {{ doc.generated_on }} by {{ doc.generated_by }}" in text
    instructions = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
    assert "PAGE" in instructions and "NUMPAGES" in instructions


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_layout_is_accessible(kind):
    document = _open(kind)
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 1, "exactly one top-level heading, the document title"
    assert "Heading 2" in styles, "sections use real heading styles"
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert document.core_properties.title == KINDS[kind].title
    assert document.core_properties.language == "en-GB"


def test_heading_hierarchy_has_section_headings_in_long_documents():
    for kind in ("conditional_caution_notice", "victim_outcome_letter", "provider_referral_letter"):
        styles = [p.style.name for p in _open(kind).paragraphs]
        assert styles.count("Heading 2") >= 3, kind


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_case_reference_appears_in_body(kind):
    body = "\n".join(p.text for p in _open(kind).paragraphs)
    assert "{{ doc.case_reference }}" in body


# ------------------------------------------------------------------ catalogue


def test_victim_kinds_cannot_declare_offender_address_or_date_of_birth():
    for name in VICTIM_KINDS:
        declared = KINDS[name].variables
        assert not declared & {
            "offender.address_lines", "offender.date_of_birth", "offender.pnc_id"
        }
    with pytest.raises(ValueError, match="must not declare"):
        DocumentKind(
            name="bad",
            title="Bad",
            audience="victim",
            variables=frozenset({"offender.date_of_birth"}),
        )


def test_provider_kind_gets_no_offence_or_victim_details():
    declared = KINDS["provider_referral_letter"].variables
    assert not any(path.startswith(("offence.", "victim.")) for path in declared)
    assert not {"offender.address_lines", "offender.date_of_birth"} & declared


def test_catalogue_is_complete_and_consistent():
    assert len({kind.template for kind in KINDS.values()}) == len(KINDS)
    for kind in KINDS.values():
        assert kind.template == f"{kind.name}.docx"
        assert kind.audience in {"offender", "victim", "provider", "internal"}
        assert {"marking", "doc.case_reference", "doc.template_version"} <= kind.variables
        assert "meta" in kind.required


# ------------------------------------------------------------------ lint rejects bad uploads


def _template_with(kind: str, *paragraphs: str) -> bytes:
    """The standard layout for ``kind`` with extra body paragraphs, as an admin might upload."""
    builder = TemplateBuilder(kind)
    for text in paragraphs:
        builder.para(text)
    return builder.to_bytes()


def test_lint_reports_unknown_top_level_variable():
    data = _template_with("victim_outcome_letter", "{{ secret_notes }}")
    problems = lint_kind("victim_outcome_letter", data)
    assert problems == ["Unknown variable 'secret_notes': this document kind does not provide it."]


@pytest.mark.parametrize(
    "path", ["offender.date_of_birth", "offender.address_lines", "offender.pnc_id"]
)
def test_lint_rejects_victim_letter_asking_for_offender_details(path):
    data = _template_with("victim_outcome_letter", f"Born: {{{{ {path} }}}}")
    problems = lint_kind("victim_outcome_letter", data)
    assert any(f"'{path}'" in problem for problem in problems), problems


def test_lint_follows_loop_aliases():
    data = _template_with(
        "victim_outcome_letter",
        "{%p for c in conditions %}",
        "{{ c.description }} at {{ c.provider }}",
        "{%p endfor %}",
    )
    assert lint_kind("victim_outcome_letter", data) == [
        "Unknown variable 'conditions[].provider': this document kind does not provide it."
    ]


def test_lint_catches_subscript_access():
    data = _template_with("victim_breach_letter", "{{ offender['date_of_birth'] }}")
    assert "offender.date_of_birth" in " ".join(lint_kind("victim_breach_letter", data))


@pytest.mark.parametrize(
    "broken",
    ["{{ offender.full_name ", "{% if offender.full_name %}no end", "{{ offender.full_name | }}"],
)
def test_lint_rejects_broken_jinja_with_a_clear_message(broken):
    data = _template_with("offender_reminder_letter", broken)
    problems = lint_kind("offender_reminder_letter", data)
    assert len(problems) == 1
    assert problems[0].startswith("Template syntax error")


def test_syntax_error_message_quotes_the_text_near_it():
    data = _template_with("offender_reminder_letter", "Hello {{ offender.full_name ")
    (problem,) = lint_kind("offender_reminder_letter", data)
    assert "Hello" in problem


def test_lint_rejects_unknown_filter():
    data = _template_with("offender_reminder_letter", "{{ offender.full_name|shout }}")
    (problem,) = lint_kind("offender_reminder_letter", data)
    assert "shout" in problem


def test_lint_rejects_a_file_that_is_not_a_docx():
    assert lint_template(b"not a word document", KINDS["clinic_day_list"].variables) == [
        "The file is not a valid Word (.docx) document."
    ]


def test_lint_requires_marking_in_header_and_footer():
    document = Document()
    document.add_paragraph("{{ doc.case_reference }}")
    buffer = io.BytesIO()
    document.save(buffer)
    problems = lint_template(buffer.getvalue(), KINDS["clinic_day_list"].variables)
    assert any("header" in p and "marking" in p for p in problems)
    assert any("footer" in p and "marking" in p for p in problems)


def test_lint_checks_document_properties():
    builder = TemplateBuilder("victim_outcome_letter")
    builder.doc.core_properties.subject = "{{ offender.date_of_birth }}"
    problems = lint_kind("victim_outcome_letter", builder.to_bytes())
    assert problems == [
        "Unknown variable 'offender.date_of_birth' in the document subject property."
    ]


def test_lint_accepts_path_to_a_file(tmp_path):
    path = tmp_path / "upload.docx"
    path.write_bytes(build_template("clinic_day_list"))
    assert lint_template(path, KINDS["clinic_day_list"].variables) == []
    assert lint_template(str(path), KINDS["clinic_day_list"].variables) == []


def test_templates_are_reproducible_zip_packages():
    data = build_template("clinic_day_list")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert _parts(build_template("clinic_day_list")) == _parts(data)
