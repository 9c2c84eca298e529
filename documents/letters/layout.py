"""The layout every shipped Word template shares: the kit the letters are written with.

A4 pages in Arial with real heading styles, the protective marking bold and centred in the header
and footer, a footer with the reference, template version and page numbers, tables whose header
row repeats on each page and carries a caption, and the document language set to British English.
Output is reproducible (fixed timestamps, fixed part order, unused styles dropped), so an unchanged
template rebuilds to the same bytes.

Placeholders use docxtpl's Jinja dialect: ``{{ value }}``, ``{%p ... %}`` for a tag that replaces
its whole paragraph and ``{%tr ... %}`` for a whole table row. Every name used must be declared
for the kind in :mod:`documents.catalogue`.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from documents.catalogue import KINDS

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
