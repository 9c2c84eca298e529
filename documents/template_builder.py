"""Generates the Word templates in ``documents/templates/``.

The templates are built in code rather than edited by hand in Word so that
their wording and layout are reviewable in a diff, and so that every template
gets the same protective marking, footer and accessible structure (real
heading styles, table header rows that repeat on each page, document language
set to British English, captions on tables). The generated .docx files are
committed as well: they are the shipped "version 1" of each kind, and an
administrator may later upload a revised version (checked by
:func:`documents.render.lint_template`).

Run ``python -m documents.template_builder`` from the repository root after
changing anything here. Output is reproducible (fixed timestamps, fixed part
order), so an unchanged template shows no diff, and a test fails if the
committed files are stale.

Placeholders use docxtpl's Jinja dialect: ``{{ value }}``, ``{%p ... %}`` for a
tag that replaces its whole paragraph and ``{%tr ... %}`` for a whole table
row. Every name used must be declared for the kind in
:mod:`documents.catalogue`.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from documents.catalogue import KINDS, TEMPLATES_DIR

MARKING = "{{ marking|default('OFFICIAL-SENSITIVE', true) }}"
FONT = "Arial"
# Fixed so that rebuilding an unchanged template gives identical bytes.
BUILD_TIMESTAMP = datetime(2026, 1, 1)
ZIP_TIMESTAMP = (2026, 1, 1, 0, 0, 0)

Run = str | tuple[str, bool]  # plain text, or (text, bold)


class TemplateBuilder:
    """A python-docx document with helpers for the layout every template shares."""

    def __init__(self, kind: str) -> None:
        self.kind = KINDS[kind]
        self.doc = Document()
        self._styles()
        self._page()
        self._properties()

    # ------------------------------------------------------------------ set-up

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(12)
        _set_font(normal.element, FONT)
        _set_language(normal.element, "en-GB")
        normal.paragraph_format.space_after = Pt(6)
        for level, size in ((1, 18), (2, 14)):
            style = styles[f"Heading {level}"]
            _set_font(style.element, FONT)
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            # Black rather than the default blue: these are printed and photocopied.
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(6)
        for name in ("List Bullet", "Table Grid"):
            _set_font(styles[name].element, FONT)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin = section.bottom_margin = Cm(2.0)

        header = section.header.paragraphs[0]
        self._marking(header)

        reference = "Reference" if self.kind.audience == "internal" else "Case reference"
        footer = section.footer
        first = footer.paragraphs[0]
        _small(
            first,
            f"{reference}: {{{{ doc.case_reference }}}} | "
            "Version {{ doc.template_version }} | Page ",
        )
        _field(first, "PAGE")
        _small(first, " of ")
        _field(first, "NUMPAGES")
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        generated = footer.add_paragraph()
        _small(generated, "Generated on {{ doc.generated_on }} by {{ doc.generated_by }}")
        generated.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._marking(footer.add_paragraph())

    @staticmethod
    def _marking(paragraph: Paragraph) -> None:
        run = _run(paragraph, MARKING)
        run.bold = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title = self.kind.title
        props.subject = "Out of court resolution"
        props.author = "OOCR Casework"
        props.last_modified_by = "OOCR Casework"
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.language = "en-GB"
        props.revision = 1
        props.created = props.modified = BUILD_TIMESTAMP
        # python-docx's stock package carries a thumbnail of an unrelated sample page,
        # which file browsers would show as the preview of every generated letter.
        package = self.doc.part.package
        for r_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[r_id]

    # ------------------------------------------------------------------ content

    def title(self, text: str) -> None:
        self.doc.add_heading(text, level=1)

    def heading(self, text: str, level: int = 2) -> None:
        self.doc.add_heading(text, level=level)

    def para(
        self, *runs: Run, style: str | None = None, space_after: float | None = None
    ) -> Paragraph:
        """A paragraph of runs; ``space_after`` (points) separates blocks without
        the empty paragraphs that screen readers announce as "blank"."""
        paragraph = self.doc.add_paragraph(style=style)
        for item in runs:
            text, bold = (item, False) if isinstance(item, str) else item
            _run(paragraph, text).bold = bold or None
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        return paragraph

    def bullet(self, *runs: Run) -> Paragraph:
        return self.para(*runs, style="List Bullet")

    def field(self, label: str, value: str, test: str | None = None) -> None:
        """'Label: value' with a bold label; hidden entirely when ``test`` is false."""
        if test:
            self.tag(f"{{%p if {test} %}}")
        self.para((f"{label}: ", True), value)
        if test:
            self.tag("{%p endif %}")

    def tag(self, tag: str) -> None:
        """A paragraph holding only a ``{%p ... %}`` tag, which docxtpl removes."""
        self.para(tag)

    def table(
        self,
        caption: str,
        headers: list[str],
        cells: list[list[str]],
        loop: str,
        widths: list[float],
    ) -> Table:
        """A bordered table whose single body row repeats for each item of ``loop``.

        ``cells`` holds the paragraphs of each cell; a paragraph may be a
        ``{%p ... %}`` tag. The header row is marked to repeat on every page
        and the caption is stored as the table's alternative text.
        """
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        tbl_pr = table._tbl.tblPr
        for tag_name, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
            element = OxmlElement(tag_name)
            element.set(qn("w:val"), value)
            tbl_pr.append(element)

        header_row, start_row, body_row, end_row = table.rows
        _mark_header(header_row)
        for cell, text in zip(header_row.cells, headers):
            _run(cell.paragraphs[0], text).bold = True
        _run(start_row.cells[0].paragraphs[0], f"{{%tr for {loop} %}}")
        _run(end_row.cells[0].paragraphs[0], "{%tr endfor %}")
        for cell, paragraphs in zip(body_row.cells, cells):
            _run(cell.paragraphs[0], paragraphs[0])
            for text in paragraphs[1:]:
                _run(cell.add_paragraph(), text)
        _set_widths(table, widths)
        _keep_rows_whole(table)
        return table

    def signatures(self, caption: str, signatories: list[str]) -> None:
        """Blank boxes for signatures; tall rows leave room to sign by hand."""
        table = self.doc.add_table(rows=1 + len(signatories), cols=4)
        table.style = self.doc.styles["Table Grid"]
        tbl_pr = table._tbl.tblPr
        for tag_name in ("w:tblCaption", "w:tblDescription"):
            element = OxmlElement(tag_name)
            element.set(qn("w:val"), caption)
            tbl_pr.append(element)
        _mark_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, ("Who", "Name", "Signature", "Date")):
            _run(cell.paragraphs[0], text).bold = True
        for row, who in zip(table.rows[1:], signatories):
            row.height = Cm(1.6)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            _run(row.cells[0].paragraphs[0], who)
        _set_widths(table, [4.5, 4.5, 5.0, 3.0])
        _keep_rows_whole(table)

    # ------------------------------------------------------------------ letters

    def letterhead(self, recipient: str) -> None:
        """Sender block, recipient address, date and reference, in that order."""
        self.para(("{{ sender.organisation }}", True), space_after=0)
        self.para("{{ sender.team }}", space_after=0)
        self.para('{{ sender.address_lines|join("\\n") }}')
        self.field("Telephone", "{{ sender.phone }}", test="sender.phone")
        self.field("Email", "{{ sender.email }}", test="sender.email")
        self.para(recipient, space_after=18).paragraph_format.space_before = Pt(18)
        self.para("{{ doc.date }}")
        self.field("Our reference", "{{ doc.case_reference }}")

    def sign_off(self) -> None:
        self.para("Yours sincerely,", space_after=30)
        self.para(("{{ sender.name }}", True), space_after=0)
        self.para("{{ sender.role }}", space_after=0)
        self.para("{{ sender.team }}, {{ sender.organisation }}")

    def contact_us(self, intro: str) -> None:
        self.para(intro + " Please quote reference {{ doc.case_reference }}.")
        self.field("Telephone", "{{ sender.phone }}", test="sender.phone")
        self.field("Email", "{{ sender.email }}", test="sender.email")
        self.field("Post", '{{ sender.address_lines|join(", ") }}', test="sender.address_lines")

    def to_bytes(self) -> bytes:
        _trim_package(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _normalise_zip(buffer.getvalue())


# ---------------------------------------------------------------------- low-level helpers


def _run(paragraph: Paragraph, text: str):
    run = paragraph.add_run(text)
    # Keep user-supplied leading/trailing spaces once the placeholder is filled.
    for t in run._r.findall(qn("w:t")):
        t.set(qn("xml:space"), "preserve")
    return run


def _small(paragraph: Paragraph, text: str) -> None:
    _run(paragraph, text).font.size = Pt(9)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs."""

    def fld_run(child: OxmlElement) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(9)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    fld_run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    fld_run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    fld_run(separate)
    _small(paragraph, "1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    fld_run(end)


def _mark_header(row) -> None:
    """Flag a table row as a header row, read as such by screen readers and
    repeated at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _set_widths(table: Table, widths: list[float]) -> None:
    """Column widths in cm, set on the grid (read by LibreOffice) and on each cell (Word)."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _keep_rows_whole(table: Table) -> None:
    """Stop a row splitting across pages, which would separate a signature from its label."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _set_font(style_element, name: str) -> None:
    """Use ``name`` for every script, dropping theme fonts that would override it."""
    r_pr = style_element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def _set_language(style_element, tag: str) -> None:
    r_pr = style_element.get_or_add_rPr()
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), tag)


def _trim_package(doc) -> None:
    """Drop the styles the document never uses, and the Word 2010 duplicate of them.

    python-docx's stock package carries about 800 kB of style definitions
    (mostly table styles). Every render parses and re-saves them, and every
    generated letter is stored, so trimming them makes rendering faster and
    stored documents about a third of the size. Styles reachable from a used
    one (through basedOn, link or next) and default styles are kept.
    """
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[r_id]

    def style_refs(element) -> set[str]:
        return {
            node.get(qn("w:val"))
            for tag in ("w:pStyle", "w:rStyle", "w:tblStyle", "w:basedOn", "w:link", "w:next")
            for node in element.iter(qn(tag))
        }

    styles_root = doc.styles.element
    used: set[str] = set()
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None and element is not styles_root:
            used |= style_refs(element)
    by_id = {style.get(qn("w:styleId")): style for style in styles_root.findall(qn("w:style"))}
    used |= {sid for sid, style in by_id.items() if style.get(qn("w:default")) in ("1", "true")}
    pending = list(used)
    while pending:
        style = by_id.get(pending.pop())
        if style is not None:
            for ref in style_refs(style) - used:
                used.add(ref)
                pending.append(ref)
    for sid, style in by_id.items():
        if sid not in used:
            styles_root.remove(style)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so identical content gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------- shared sections

CONDITION_CELLS = [
    ["{{ loop.index }}"],
    ["{{ c.type_label }}", "({{ c.kind_label }})"],
    [
        "{{ c.description }}",
        "{%p if c.provider %}",
        "Provider: {{ c.provider }}",
        "{%p endif %}",
    ],
    ['{{ [c.hours, c.amount]|select|join(", ") }}'],
    ["{{ c.due_date }}"],
]
CONDITION_HEADERS = ["No.", "Condition", "What you must do", "Hours or amount", "Complete by"]
CONDITION_WIDTHS = [1.2, 3.8, 6.5, 2.5, 3.0]


def _person_details(b: TemplateBuilder, *, caution: bool) -> None:
    b.field("Name", "{{ offender.full_name }}")
    b.field("Date of birth", "{{ offender.date_of_birth }}", test="offender.date_of_birth")
    b.field("Address", '{{ offender.address_lines|join(", ") }}', test="offender.address_lines")
    if caution:
        b.field("PNC ID", "{{ offender.pnc_id }}", test="offender.pnc_id")


def _offence_details(b: TemplateBuilder, *, caution: bool) -> None:
    b.field("Offence", "{{ offence.wording }}")
    b.field("Law", "{{ offence.legislation }}", test="offence.legislation")
    b.field("Date of offence", "{{ offence.offence_date }}", test="offence.offence_date")
    if caution:
        b.field(
            "Type of offence",
            "{{ offence.mode_of_trial_label }}",
            test="offence.mode_of_trial_label",
        )


def _decision(b: TemplateBuilder) -> None:
    b.field("Decision made on", "{{ disposal.decision_date }}", test="disposal.decision_date")
    b.field("Authorised by", "{{ disposal.authorised_by }}", test="disposal.authorised_by")


def _notice_questions(b: TemplateBuilder) -> None:
    b.heading("Questions")
    b.contact_us("If you have any questions about this document, please contact us.")


def _restorative_justice(b: TemplateBuilder) -> None:
    b.heading("Restorative justice")
    b.para(
        "Restorative justice gives you the chance to tell the person responsible how the "
        "offence affected you and to ask them questions, safely and with the help of a "
        "trained facilitator. It can be a meeting or an exchange of letters. Taking part is "
        "your choice, and you can change your mind at any time. If you would like to know "
        "more, please contact us."
    )


def _victim_recipient() -> str:
    return '{{ victim.full_name }}\n{{ victim.address_lines|join("\\n") }}'


def _victim_complaints(b: TemplateBuilder) -> None:
    b.heading("If you are unhappy with our service")
    b.para(
        "The Code of Practice for Victims of Crime (the Victims' Code) sets out the service "
        "you are entitled to. If you feel you have not received it, you have the right to "
        "complain. Please contact us first and we will try to put things right. If you are "
        "not satisfied with our reply, we will tell you how to take your complaint further."
    )


def _victim_support(b: TemplateBuilder) -> None:
    b.heading("Support")
    b.para(
        "If you would like help to cope with and recover from the offence, we can refer you "
        "to a local victim support service. If you need this letter in another format or "
        "language, please let us know."
    )


# ---------------------------------------------------------------------- the kinds


def community_resolution_record(b: TemplateBuilder) -> None:
    b.title("Community resolution: record and agreement")
    b.field("Case reference", "{{ doc.case_reference }}")
    b.para(
        "This record sets out what you have agreed to do to put right the harm caused by the "
        "incident described below. Please read it carefully and keep it safe."
    )
    b.heading("Your details")
    _person_details(b, caution=False)
    b.heading("The incident")
    _offence_details(b, caution=False)
    b.heading("The decision")
    b.para(
        "You have accepted responsibility for the incident, and it has been decided to deal "
        "with it by a community resolution instead of a caution or prosecution."
    )
    _decision(b)
    b.heading("What you have agreed to do")
    b.tag("{%p if conditions %}")
    b.table(
        "Actions agreed as part of the community resolution",
        ["No.", "Action", "What you will do", "Hours or amount", "Complete by"],
        CONDITION_CELLS[:1]
        + [["{{ c.type_label }}"]]
        + CONDITION_CELLS[2:],
        "c in conditions",
        CONDITION_WIDTHS,
    )
    b.tag("{%p else %}")
    b.para("No further action was agreed.")
    b.tag("{%p endif %}")
    b.heading("What a community resolution means")
    b.bullet(
        "A community resolution is voluntary. You have agreed to it, and to the actions above."
    )
    b.bullet("It is not a criminal conviction and it is not a caution.")
    b.bullet(
        "The police keep a record of it. It may be taken into account if you come to the "
        "attention of the police again, and it may be disclosed on an enhanced Disclosure and "
        "Barring Service (DBS) check."
    )
    b.bullet(
        "The police will not normally take further action if you do not complete the actions, "
        "but this will be recorded and may affect how any future incident is dealt with."
    )
    b.heading("Your agreement")
    b.para(
        "I accept responsibility for the incident described above. I understand what a "
        "community resolution means and I agree to complete the actions listed."
    )
    b.signatures(
        "Signatures",
        ["Person agreeing to the community resolution", "Officer or staff member"],
    )
    _notice_questions(b)


def _caution_notice(
    b: TemplateBuilder,
    *,
    name: str,
    legal_basis: str,
    warning: list[str],
    signed_document_evidence: bool,
    spent: str,
) -> None:
    """The shared structure of the three statutory caution notices.

    Each notice must record the offence, the admission, the consent and every
    condition, and must carry the warning about non-compliance before the
    offender signs it (CJA 2003 s.23; PCSC 2022 s.99(2)).
    """
    lower = name.lower()
    b.title(name)
    b.para(legal_basis)
    b.field("Case reference", "{{ doc.case_reference }}")
    b.para(
        f"This document records the {lower} offered to you. Please read it carefully. You "
        "will be asked to sign it to show that you admit the offence and agree to the "
        "conditions. You will be given a copy to keep."
    )
    b.heading("1. Your details")
    _person_details(b, caution=True)
    b.heading("2. The offence")
    _offence_details(b, caution=True)
    b.heading("3. The decision")
    b.para(
        "An authorised person has decided that there is enough evidence to charge you with "
        f"this offence, and that a {lower} should be given instead."
    )
    _decision(b)
    b.heading("4. Your conditions")
    b.para(
        "You must comply with every condition below, by the date shown. If you think you "
        "may not be able to, contact us before that date."
    )
    b.table(
        f"Conditions of the {lower}",
        CONDITION_HEADERS,
        CONDITION_CELLS,
        "c in conditions",
        CONDITION_WIDTHS,
    )
    b.heading("5. If you do not comply")
    for text in warning:
        b.para((text, True))
    b.heading("6. Your record")
    b.para(
        f"A {lower} is not a criminal conviction, but it forms part of your criminal record. "
        "It may be taken into account if you offend again, and it may be disclosed on some "
        "criminal record checks."
    )
    b.para(spent)
    b.heading("7. Your admission and agreement")
    b.para("By signing below, I confirm that:")
    b.bullet("I admit that I committed the offence described in section 2.")
    b.bullet(f"I consent to being given a {lower} with the conditions in section 4.")
    b.bullet(
        f"The meaning of the {lower}, and what may happen if I do not comply with the "
        "conditions, have been explained to me."
    )
    if signed_document_evidence:
        b.bullet(
            "I understand that if I am prosecuted for the offence, this signed document may be "
            "used as evidence."
        )
    b.signatures(
        "Signatures",
        [
            "Person receiving the caution",
            "Authorised person (name, rank or role, number)",
            "Interpreter or appropriate adult, if present",
        ],
    )
    _notice_questions(b)


def conditional_caution_notice(b: TemplateBuilder) -> None:
    _caution_notice(
        b,
        name="Conditional caution",
        legal_basis=(
            "Given under Part 3 of the Criminal Justice Act 2003 (sections 22 to 24), as part "
            "of the two-tier framework for adult out-of-court resolutions."
        ),
        warning=[
            "If you fail, without a reasonable excuse, to comply with any of these conditions, "
            "you may be prosecuted for the original offence (section 24 of the Criminal "
            "Justice Act 2003).",
            "This signed document may be used as evidence in those proceedings, and the "
            "caution will stop having effect once proceedings begin.",
        ],
        signed_document_evidence=True,
        spent="The caution becomes spent three months after the day it is given, or earlier if it "
              "stops having effect (Rehabilitation of Offenders Act 1974, Schedule 2, paragraph 1).",
    )


def simple_caution_notice(b: TemplateBuilder) -> None:
    """A simple caution, where the force's policy permits one: non-statutory, no conditions, but the person
    admits the offence, is told what the caution means and signs (MoJ Simple Cautions for Adult Offenders,
    2015, section 3). It is spent the moment it is given (Rehabilitation of Offenders Act 1974, Schedule 2,
    paragraph 1(1)(b))."""
    b.title("Simple caution")
    b.para(
        "Given to an adult who admits the offence, under the Ministry of Justice guidance Simple "
        "Cautions for Adult Offenders (2015)."
    )
    b.field("Case reference", "{{ doc.case_reference }}")
    b.para(
        "This document records the simple caution offered to you. Please read it carefully. You "
        "will be asked to sign it to show that you admit the offence and accept the caution. You "
        "will be given a copy to keep."
    )
    b.heading("1. Your details")
    _person_details(b, caution=True)
    b.heading("2. The offence")
    _offence_details(b, caution=True)
    b.heading("3. The decision")
    b.para(
        "An authorised person has decided that there is enough evidence to charge you with this "
        "offence, and that a simple caution should be given instead. A simple caution has no "
        "conditions."
    )
    _decision(b)
    b.heading("4. Your record")
    b.para(
        "A simple caution is not a criminal conviction, but it forms part of your criminal "
        "record. The police keep a record of it. It may be referred to in court if you offend "
        "again, and it may be disclosed on standard and enhanced criminal record checks, for "
        "example for work with children or vulnerable adults."
    )
    b.para(
        "The caution is spent as soon as it is given (Rehabilitation of Offenders Act 1974, "
        "Schedule 2, paragraph 1). Once it is spent, you do not normally have to tell an "
        "employer or anyone else about it, except where a standard or enhanced check applies."
    )
    b.heading("5. Your admission and agreement")
    b.para("By signing below, I confirm that:")
    b.bullet("I admit that I committed the offence described in section 2.")
    b.bullet("I consent to being given a simple caution.")
    b.bullet(
        "The meaning of the simple caution, including what appears on my record, has been "
        "explained to me."
    )
    b.signatures(
        "Signatures",
        [
            "Person receiving the caution",
            "Authorised person (name, rank or role, number)",
            "Interpreter or appropriate adult, if present",
        ],
    )
    _notice_questions(b)


def diversionary_caution_notice(b: TemplateBuilder) -> None:
    _caution_notice(
        b,
        name="Diversionary caution",
        legal_basis=(
            "Given under section 99 of the Police, Crime, Sentencing and Courts Act 2022 "
            "(Part 6)."
        ),
        warning=[
            "If you do not comply with any of these conditions, you may be arrested and "
            "prosecuted for the original offence.",
        ],
        signed_document_evidence=False,
        spent="When the caution becomes spent is set by the Rehabilitation of Offenders Act 1974 "
              "(Schedule 2), as amended for these cautions by the Police, Crime, Sentencing and Courts "
              "Act 2022: ask us if you need the date.",
    )


def community_caution_notice(b: TemplateBuilder) -> None:
    _caution_notice(
        b,
        name="Community caution",
        legal_basis="Given under Part 6 of the Police, Crime, Sentencing and Courts Act 2022.",
        warning=[
            "If you do not comply with any of these conditions, you may be given a financial "
            "penalty.",
            "If you do not pay that penalty, it can be registered as a fine in the magistrates' "
            "court and enforced in the same way as a fine imposed by the court (section 112 of "
            "the Act).",
            "You will not be prosecuted for the original offence because you did not comply.",
        ],
        signed_document_evidence=False,
        spent="When the caution becomes spent is set by the Rehabilitation of Offenders Act 1974 "
              "(Schedule 2), as amended for these cautions by the Police, Crime, Sentencing and Courts "
              "Act 2022: ask us if you need the date.",
    )


def victim_views_letter(b: TemplateBuilder) -> None:
    b.letterhead(_victim_recipient())
    b.para("Dear {{ victim.salutation }},")
    b.title("Your views on how we deal with the offence")
    b.para("We are writing about the offence reported to us: {{ offence.wording }}")
    b.field("Date of the offence", "{{ offence.offence_date }}", test="offence.offence_date")
    b.para(
        "We are considering dealing with {{ offender.full_name }} for this offence without "
        "going to court. The outcome we are considering is: {{ disposal.label }}."
    )
    b.para("{{ disposal.summary }}")
    b.tag("{%p if conditions %}")
    b.para("As part of this, the person could be asked to:")
    b.tag("{%p for c in conditions %}")
    b.bullet(("{{ c.type_label }}: ", True), "{{ c.description }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading("What we would like to know")
    b.bullet("how the offence has affected you")
    b.bullet("whether you agree with dealing with it in this way")
    b.bullet(
        "whether there is anything you would like the person to do, for example apologise, "
        "repair the damage or pay for it"
    )
    b.bullet("whether you would like to find out more about restorative justice")
    b.para(
        "We will take your views into account before a decision is made. The decision is made "
        "by the police or, for some offences, by a prosecutor from the Crown Prosecution "
        "Service, and we will tell you the outcome."
    )
    _restorative_justice(b)
    b.heading("How to reply")
    b.para(("Please reply by {{ reply_by }}.", True))
    b.contact_us("You can contact us in any of these ways.")
    b.para(
        "If we do not hear from you by then, we will make the decision without your views, and "
        "we will write to tell you the outcome."
    )
    _victim_support(b)
    b.sign_off()


def victim_outcome_letter(b: TemplateBuilder) -> None:
    b.letterhead(_victim_recipient())
    b.para("Dear {{ victim.salutation }},")
    b.title("The outcome of your case")
    b.para(
        "We are writing to tell you the outcome of the case about the offence reported to us: "
        "{{ offence.wording }}"
    )
    b.field("Date of the offence", "{{ offence.offence_date }}", test="offence.offence_date")
    b.para(
        "{{ offender.full_name }} has been dealt with out of court. The outcome is: "
        "{{ disposal.label }}."
    )
    b.field("Date of the decision", "{{ disposal.decision_date }}", test="disposal.decision_date")
    b.para("{{ disposal.summary }}")
    b.tag("{%p if conditions %}")
    b.heading("What the person has agreed to do")
    b.para("These are the conditions that concern you:")
    b.table(
        "Conditions that concern you",
        ["What", "Details", "Amount", "By"],
        [
            ["{{ c.type_label }}"],
            ["{{ c.description }}"],
            ["{{ c.amount }}"],
            ["{{ c.due_date }}"],
        ],
        "c in conditions",
        [3.5, 8.0, 2.5, 3.0],
    )
    b.para("We will let you know if these conditions are not completed.")
    b.tag("{%p endif %}")
    _restorative_justice(b)
    _victim_support(b)
    _victim_complaints(b)
    b.heading("Contact us")
    b.contact_us("If you have any questions, please contact us.")
    b.sign_off()


def victim_breach_letter(b: TemplateBuilder) -> None:
    b.letterhead(_victim_recipient())
    b.para("Dear {{ victim.salutation }},")
    b.title("An update on your case")
    b.para(
        "We are writing with an update about the offence reported to us: {{ offence.wording }}"
    )
    b.para(
        "{{ offender.full_name }} was dealt with out of court. The outcome was: "
        "{{ disposal.label }}."
    )
    b.tag("{%p if breach.condition %}")
    b.para(
        "We have found that they did not complete this condition by the date it was due "
        "({{ breach.condition.due_date }}):"
    )
    b.bullet(("{{ breach.condition.type_label }}: ", True), "{{ breach.condition.description }}")
    b.tag("{%p else %}")
    b.para(
        "We have found that they did not complete one of their conditions by the date it was due."
    )
    b.tag("{%p endif %}")
    b.field("We found this on", "{{ breach.identified_on }}")
    b.heading("What happens next")
    b.para("{{ breach.next_steps }}")
    b.para("We will write to you again when a decision has been made.")
    _victim_support(b)
    _victim_complaints(b)
    b.heading("Contact us")
    b.contact_us("If you have any questions, please contact us.")
    b.sign_off()


def provider_referral_letter(b: TemplateBuilder) -> None:
    b.letterhead('{{ provider.name }}\n{{ provider.address_lines|join("\\n") }}')
    b.field("Referral contact", "{{ provider.contact }}", test="provider.contact")
    b.para("Dear colleague,")
    b.title("Referral: {{ condition.type_label }}")
    b.para(
        "We are referring the person named below to you as part of an out-of-court "
        "resolution. They have agreed to complete the following with your service."
    )
    b.heading("The person")
    b.field("Name", "{{ offender.full_name }}")
    b.field(
        "How to contact them",
        '{{ offender.contact_lines|join("\\n") }}',
        test="offender.contact_lines",
    )
    b.heading("What they must complete")
    b.field("Course or service", "{{ condition.type_label }}")
    b.field("Details", "{{ condition.description }}")
    b.field("Hours", "{{ condition.hours }}", test="condition.hours")
    b.field("Must be completed by", "{{ condition.due_date }}", test="condition.due_date")
    b.tag("{%p if needs %}")
    b.heading("Needs relevant to this referral")
    b.tag("{%p for need in needs %}")
    b.bullet("{{ need }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading("What we need from you")
    b.bullet("Please contact the person to arrange their first appointment.")
    b.bullet("Tell us promptly if they do not attend or stop engaging.")
    b.bullet("Tell us as soon as they have completed the course or service.")
    b.heading("Handling this information")
    b.para(
        "This referral is marked {{ marking|default('OFFICIAL-SENSITIVE', true) }}. It "
        "contains only the information you need to provide this service. Please store it "
        "securely, do not share it further, and delete it when it is no longer needed, in line "
        "with your information-sharing agreement with us."
    )
    b.contact_us("If you have any questions about this referral, please contact us.")
    b.sign_off()


def _condition_details(b: TemplateBuilder, prefix: str) -> None:
    b.field("Condition", f"{{{{ {prefix}.type_label }}}}")
    b.field("What you must do", f"{{{{ {prefix}.description }}}}")
    b.field("Provider", f"{{{{ {prefix}.provider }}}}", test=f"{prefix}.provider")
    b.field("Hours", f"{{{{ {prefix}.hours }}}}", test=f"{prefix}.hours")
    b.field("Amount", f"{{{{ {prefix}.amount }}}}", test=f"{prefix}.amount")


def offender_reminder_letter(b: TemplateBuilder) -> None:
    b.letterhead('{{ offender.full_name }}\n{{ offender.address_lines|join("\\n") }}')
    b.para("Dear {{ offender.full_name }},")
    b.title("Reminder: a condition is due")
    b.para(
        "This is a reminder about a condition you agreed to as part of your out-of-court "
        "resolution ({{ disposal.label }})."
    )
    _condition_details(b, "condition")
    b.para(("You must complete it by {{ condition.due_date }}.", True))
    b.heading("If you cannot complete it on time")
    b.para(
        "Contact us as soon as possible, and before {{ condition.due_date }}. Tell us why, so "
        "that we can consider what to do."
    )
    b.contact_us("You can contact us in any of these ways.")
    b.heading("If you do not complete it")
    b.para("{{ disposal.breach_warning }}")
    b.sign_off()


def offender_breach_warning_letter(b: TemplateBuilder) -> None:
    b.letterhead('{{ offender.full_name }}\n{{ offender.address_lines|join("\\n") }}')
    b.para("Dear {{ offender.full_name }},")
    b.title("You have not completed a condition")
    b.para(
        "Our records show that you have not completed the following condition of your "
        "out-of-court resolution ({{ disposal.label }}), which was due by "
        "{{ breach.condition.due_date }}."
    )
    _condition_details(b, "breach.condition")
    b.heading("What you need to do")
    b.tag("{%p if breach.respond_by %}")
    b.para(
        (
            "If you had a reasonable excuse for not completing this condition, you must "
            "contact us by {{ breach.respond_by }} and explain why.",
            True,
        )
    )
    b.tag("{%p else %}")
    b.para(
        (
            "If you had a reasonable excuse for not completing this condition, contact us "
            "as soon as possible and explain why.",
            True,
        )
    )
    b.tag("{%p endif %}")
    b.contact_us("You can contact us in any of these ways.")
    b.heading("What happens next")
    b.para("{{ breach.next_steps }}")
    b.para("{{ disposal.breach_warning }}")
    b.sign_off()


def clinic_appointment_letter(b: TemplateBuilder) -> None:
    b.letterhead('{{ offender.full_name }}\n{{ offender.address_lines|join("\\n") }}')
    b.para("Dear {{ offender.full_name }},")
    b.title("Your Caution Clinic appointment")
    b.para(
        "You have been referred to our Out of Court Resolutions team. Please come to a Caution "
        "Clinic appointment so that we can talk with you about how the matter may be dealt with "
        "without going to court."
    )
    b.tag("{%p for a in clinic.appointments %}")
    b.field("Date", "{{ clinic.date }}")
    b.field("Time", "{{ a.time }}")
    b.field("Place", "{{ clinic.location }}")
    b.field("You will see", "{{ clinic.caseworker_name }}")
    b.field("What it is for", "{{ a.purpose }}")
    b.tag("{%p endfor %}")
    b.heading("What to bring")
    b.bullet("This letter.")
    b.bullet("Something that shows who you are, such as a passport, driving licence or bank card.")
    b.bullet("Details of any support you already get, for example from a doctor or a support worker.")
    b.heading("If you cannot come")
    b.para(
        "Contact us as soon as possible, before the appointment, so that we can arrange another "
        "time. If you do not come and do not contact us, the matter may not be dealt with out of "
        "court."
    )
    b.heading("If you need help")
    b.para(
        "Tell us before the appointment if you need an interpreter, help reading this letter, or "
        "any adjustment because of a disability. You may bring someone to support you."
    )
    b.contact_us("You can contact us in any of these ways.")
    b.sign_off()


def clinic_day_list(b: TemplateBuilder) -> None:
    b.title("Caution Clinic day list")
    b.field("Date", "{{ clinic.date }}")
    b.field("Location", "{{ clinic.location }}")
    b.field("Caseworker", "{{ clinic.caseworker_name }}")
    b.field("Reference", "{{ doc.case_reference }}")
    b.heading("Appointments")
    b.tag("{%p if clinic.appointments %}")
    b.table(
        "Appointments for the clinic",
        ["Time", "Case reference", "Person", "Purpose"],
        [
            ["{{ a.time }}"],
            ["{{ a.case_reference }}"],
            ["{{ a.person_name }}"],
            ["{{ a.purpose }}"],
        ],
        "a in clinic.appointments",
        [2.0, 4.5, 5.0, 5.5],
    )
    b.tag("{%p else %}")
    b.para("No appointments are booked for this day.")
    b.tag("{%p endif %}")
    b.para(
        "This list contains personal data. Keep it secure and destroy it securely when the "
        "clinic has finished."
    )


BUILDERS: dict[str, Callable[[TemplateBuilder], None]] = {
    "community_resolution_record": community_resolution_record,
    "conditional_caution_notice": conditional_caution_notice,
    "simple_caution_notice": simple_caution_notice,
    "diversionary_caution_notice": diversionary_caution_notice,
    "community_caution_notice": community_caution_notice,
    "victim_views_letter": victim_views_letter,
    "victim_outcome_letter": victim_outcome_letter,
    "victim_breach_letter": victim_breach_letter,
    "provider_referral_letter": provider_referral_letter,
    "offender_reminder_letter": offender_reminder_letter,
    "offender_breach_warning_letter": offender_breach_warning_letter,
    "clinic_appointment_letter": clinic_appointment_letter,
    "clinic_day_list": clinic_day_list,
}


def build_template(kind: str) -> bytes:
    """The .docx bytes of the shipped template for ``kind``."""
    builder = TemplateBuilder(kind)
    BUILDERS[kind](builder)
    return builder.to_bytes()


def main(out_dir: Path = TEMPLATES_DIR) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, kind in KINDS.items():
        path = out_dir / kind.template
        path.write_bytes(build_template(name))
        print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR)
