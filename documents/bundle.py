"""The redacted evidence bundle for a breach prosecution: one Word document (and its PDF) with a
cover giving the case and breach summary, an index of the documents with the page each starts on,
page numbers and the protective marking in every header and footer, then each redacted document's
text in order.

No Flask here: the background job loads the case and the reviewer's decisions and calls
:func:`make_bundle`; the benchmark calls it directly.

Nothing is released unless it passes verification. Each document is checked after redaction (so a
problem names the document), then the whole bundle is checked again as one package, exactly as the
prosecution-bundle check reads it (every XML part, tags dropped, ignoring case, spacing, hyphens and
brackets), and the detectors run again over the finished Word file and its PDF. A refusal says what
was found (the value, for the reviewer only: it is never logged and never goes in a bundle), in which
document, and where (paragraph, and page of the PDF when there is one), so the page can offer to add
it to the redactions in one step. The redaction log (what kind of thing went, where, decided by
whom) stays with the case and is never put in the bundle.
"""
from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from webapp.domain.formatting import long_date
from documents.redaction import Proposal, apply, propose, verify
from documents.redaction.detectors import ADDRESS, NAME
from documents.redaction.values import normalise

CATEGORY_LABELS = {
    "uk_phone": "telephone number",
    "email": "email address",
    "postcode": "postcode",
    "postal_address": "postal address",
    "date_of_birth": "date of birth",
    "ni_number": "National Insurance number",
    "vehicle_registration": "vehicle registration",
    "sort_code": "bank sort code",
    "bank_account": "bank account number",
    "card_number": "card number",
    "pnc_id": "PNC ID",
    "person_name": "name",
    "reviewer_value": "value added by the reviewer",
}

_MIN_VERIFIABLE = 5  # the redactor verifies values of at least this many characters (compared form)


class BundleError(Exception):
    """The bundle cannot be built from what was given (e.g. an unreadable document)."""


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


@dataclass(frozen=True)
class Problem:
    """A value that must go (a victim's or witness's detail, or one a reviewer removed) still readable
    after one document was redacted: which document, what kind of value, and the value itself.

    The build turns each into a located :class:`Finding` (paragraph and page) before it reaches the
    reviewer; the value is for their screen only and is never logged.
    """

    document: str
    what: str
    value: str = field(default="", compare=False)
    number: int = field(default=0, compare=False)  # the document's number in the bundle; 0 for the whole

    def __str__(self) -> str:
        if self.value:
            return f"{self.document}: the {self.what} \u201c{self.value}\u201d is still readable"
        return f"{self.document}: a {self.what} is still readable"


@dataclass
class Redactions:
    """What must go from every document of one bundle.

    ``names`` are the victims' and witnesses' names (the detectors find their variants); ``keep``
    the defendant and officers; ``known`` every other detail the case record holds on them, with a
    label ("victim's telephone number"); ``added`` the values reviewers saw the detectors miss.
    """

    names: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    known: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    name_label: dict[str, str] = field(default_factory=dict)
    # Staff named on the cover (the approving supervisor): not third parties, so they stay there.
    staff: list[str] = field(default_factory=list)
    # The defendant's own date of birth and address: the subject of the prosecution, so they stay.
    own: list = field(default_factory=list)

    def extra_values(self) -> list[str]:
        return [v for v in self.added if v.strip()] + [v for v, _ in self.known if v.strip()]

    def always(self) -> list[tuple[str, str]]:
        """(value, label) that must never survive in any document, whatever a reviewer decided."""
        values = [(v, "value added by the reviewer") for v in self.added]
        values += list(self.known)
        values += [(n, self.name_label.get(n, "victim or witness name")) for n in self.names if len(n.split()) >= 2]
        return values


@dataclass
class Evidence:
    """One uploaded document with the reviewer's decisions on its proposals."""

    title: str
    kind: str                      # docx, pdf or txt
    source: bytes | str            # .docx bytes, or the text of a PDF or text file
    accepted: list[Proposal] = field(default_factory=list)
    rejected: list[Proposal] = field(default_factory=list)


@dataclass
class RedactedDocument:
    title: str
    kind_label: str
    paragraphs: list[str]
    output: bytes | str
    problems: list[Problem]


@dataclass
class Cover:
    """The bundle's first page. Free text in it (what happened, the offender's account) is redacted too."""

    title: str
    rows: list[tuple[str, str]]
    prepared_on: date


@dataclass
class BundleResult:
    docx: bytes | None
    pdf: bytes | None
    pages: int | None
    problems: list  # Finding: a value still readable, the document and where (paragraph, page of the PDF)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return self.docx is not None and not self.problems


KIND_LABELS = {"docx": "Word document", "pdf": "PDF", "txt": "Plain text", "image": "Scanned image"}


# --------------------------------------------------------------------------- reading sources


def source_of(kind: str, data: bytes) -> bytes | str:
    """What the redactor works on: .docx bytes as they are, a PDF's text, a text file decoded.

    A PDF cannot be safely rewritten in place (its text may sit in drawing instructions and hidden
    layers), so its extracted text goes into the bundle, as :func:`documents.redaction.redact_pdf` does.
    """
    if kind == "docx":
        return data
    if kind == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
        try:
            reader = PdfReader(io.BytesIO(data))
            # Pages are separated by form feeds, and the text ends with one, so that even a one-page
            # PDF's proposals are placed by page and line ("page 1, line 3").
            return "\n\f".join(page.extract_text() or "" for page in reader.pages) + "\f"
        except (PdfReadError, ValueError, OSError) as exc:
            raise BundleError(f"not a readable PDF: {exc}") from None
    if kind == "image":
        return scanned_image_note(data)
    if kind == "txt":
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding).replace("\r\n", "\n")
            except UnicodeDecodeError:
                continue
        raise BundleError("not readable as text")
    raise BundleError(f"unknown kind of evidence {kind!r}")


def scanned_image_note(data: bytes) -> str:
    """What the bundle says for a scanned image (the offender's signed caution document photographed or
    scanned as a JPEG or PNG): its text cannot be read, so it cannot be checked for other people's
    details, and nothing goes in a bundle unchecked. The bundle says the signed document exists and
    who holds it (the case record keeps its SHA-256)."""
    return ("This document is a scanned image. It is not reproduced in this bundle: its text cannot be read, "
            "so it cannot be checked for the details of anyone other than the defendant. The case team holds "
            "the original and will provide it on request.")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(paragraph) -> str:
    """A paragraph's text as a reader sees it: runs, tracked insertions, fields' results and text boxes;
    not deleted text, and a text box's legacy copy (mc:Fallback) only once."""
    out = []
    for node in paragraph.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr"):
        local = node.tag[len(_W) + 2:]
        if local != "t" and node.getparent().tag != f"{{{_W}}}r":  # tab stops in paragraph properties
            continue
        if any(a.tag == _MC_FALLBACK for a in node.iterancestors()):
            continue
        out.append((node.text or "") if local == "t" else "\t" if local == "tab" else "\n")
    return "".join(out)


def docx_paragraphs(data: bytes) -> list[str]:
    """The body text of a .docx in reading order: paragraphs, and table rows as cells joined by " | "."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise BundleError(f"not a readable Word document: {exc}") from None
    body = root.find(f"{{{_W}}}body")
    out: list[str] = []
    for child in body if body is not None else ():
        if child.tag == f"{{{_W}}}p":
            out.append(_paragraph_text(child))
        elif child.tag == f"{{{_W}}}tbl":
            for row in child.iter(f"{{{_W}}}tr"):
                cells = [" ".join(_paragraph_text(p) for p in cell.iter(f"{{{_W}}}p")).strip()
                         for cell in row.iterchildren(f"{{{_W}}}tc")]
                out.append(" | ".join(cells))
    return out


def text_paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\f", "").split("\n")]


# --------------------------------------------------------------------------- redaction


def _distinctive(proposal: Proposal) -> bool:
    """A value worth removing wherever else it occurs ("07700 900246" may also be "07700-900-246"
    in a comment): not a name or free-form address, long enough, with a digit or '@'."""
    if proposal.category in (NAME, ADDRESS):
        return False
    key = normalise(proposal.text)
    return len(key) >= _MIN_VERIFIABLE and any(c.isdigit() or c == "@" for c in key)


def _values_to_check(accepted: list[Proposal], rejected: list[Proposal], red: Redactions) -> list[tuple[str, str]]:
    """(value, label) that must not survive.

    Every accepted value (a lone first name or surname is left out: a kept person may share it)
    unless a reviewer kept the same value somewhere (a rejected proposal), plus everything that must
    always go whatever was decided. Anything a kept name contains is left out.
    """
    kept_texts = {normalise(p.text) for p in rejected}
    values = []
    for proposal in accepted:
        if proposal.category == NAME and len(proposal.text.split()) < 2:
            continue
        if normalise(proposal.text) in kept_texts:
            continue
        values.append((proposal.text, category_label(proposal.category)))
    values += red.always()
    kept = [normalise(k) for k in red.keep if k]
    unique = {}
    for value, label in values:
        key = normalise(value)
        if len(key) >= _MIN_VERIFIABLE and not any(key in k for k in kept):
            unique.setdefault(key, (value, label))
    return list(unique.values())


def _problems(output: bytes | str, values: list[tuple[str, str]], document: str, number: int = 0) -> list[Problem]:
    """Verification: which values survive (checked all at once, named one by one only on failure)."""
    if not values or not verify(output, [v for v, _ in values]):
        return []
    found = [Problem(document, label, value, number) for value, label in values if verify(output, [value])]
    return found or [Problem(document, "redacted value", "", number)]


def redact_evidence(evidence: Evidence, red: Redactions, number: int = 0) -> RedactedDocument:
    """Apply the reviewer's decisions and check what will go into the bundle from this document: its
    text, as a reader sees it. (The bundle as a whole, every XML part, is checked again after assembly.)"""
    spread = [p.text for p in evidence.accepted if _distinctive(p)]
    output = apply(evidence.source, evidence.accepted, red.extra_values() + spread)
    paragraphs = docx_paragraphs(output) if isinstance(output, bytes) else text_paragraphs(output)
    problems = _problems("\n".join(paragraphs), _values_to_check(evidence.accepted, evidence.rejected, red),
                         evidence.title, number)
    return RedactedDocument(evidence.title, KIND_LABELS.get(evidence.kind, evidence.kind), paragraphs, output, problems)


def redact_line(text: str, red: Redactions) -> str:
    """Free text written by staff (the breach summary, a document's title) as it may go in the bundle:
    everything the detectors find is removed, with the case's known values."""
    if not text:
        return text
    proposals = propose(text, red.names, red.keep + red.staff, own_details=red.own)
    return apply(text, proposals, red.extra_values())


# --------------------------------------------------------------------------- the Word document


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, PAGEREF) with a cached result, recomputed on layout."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _marking(container, marking: str, with_pages: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = container.paragraphs[0] if container.paragraphs else container.add_paragraph()
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run(marking)
    run.bold = True
    if with_pages:
        pages = container.add_paragraph()
        pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pages.add_run("Page ")
        _field(pages, "PAGE")
        pages.add_run(" of ")
        _field(pages, "NUMPAGES")


def _update_fields_on_open(document) -> None:
    """Ask Word to refresh the index's page references when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters (PDF text sometimes has them)."""
    return _CONTROL.sub("", text)


def _run_xml(text: str) -> str:
    """One paragraph's text as runs: tabs and line breaks become Word's own elements."""
    from xml.sax.saxutils import escape  # nosec B406 (accepted: escapes text we write; parses nothing)

    parts = []
    for i, line in enumerate(_clean(text).split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>" if parts else ""


def _document_xml(number: int, item: RedactedDocument, heading_style: str) -> str:
    """A document's heading (on a new page, bookmarked for the index) and its paragraphs, as WordprocessingML.
    Written as text and parsed once: a 200-page bundle is tens of thousands of paragraphs."""
    from xml.sax.saxutils import quoteattr  # nosec B406 (accepted: quotes text we write; parses nothing)

    heading = (f"<w:p><w:pPr><w:pStyle w:val={quoteattr(heading_style)}/><w:pageBreakBefore/></w:pPr>"
               f'<w:bookmarkStart w:id="{number}" w:name="doc_{number}"/>'
               f"{_run_xml(f'Document {number}: {item.title}')}"
               f'<w:bookmarkEnd w:id="{number}"/></w:p>')
    return heading + "".join(f"<w:p>{_run_xml(text)}</w:p>" for text in item.paragraphs)


def _append_body(document, xml: str) -> None:
    from lxml import etree

    body = document.element.body
    section = body.find(f"{{{_W}}}sectPr")
    fragment = etree.fromstring(f'<w:body xmlns:w="{_W}">{xml}</w:body>')
    for child in list(fragment):
        if section is not None:
            section.addprevious(child)
        else:
            body.append(child)


def build_docx(cover: Cover, documents: list[RedactedDocument], marking: str) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = document.sections[0]
    _marking(section.header, marking, with_pages=False)
    _marking(section.footer, marking, with_pages=True)
    properties = document.core_properties
    properties.title = cover.title
    properties.author = "OOCR Casework"
    properties.last_modified_by = "OOCR Casework"
    properties.comments = ""
    properties.subject = marking
    properties.keywords = ""

    document.add_heading(cover.title, level=0)
    document.add_paragraph(f"Prepared on {long_date(cover.prepared_on)}. {marking}.")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in cover.rows:
        cells = table.add_row().cells
        cells[0].text = _clean(key)
        cells[1].text = _clean(value or "Not recorded")

    document.add_heading("Index of documents", level=1)
    index = document.add_table(rows=1, cols=4)
    index.style = "Table Grid"
    for cell, text in zip(index.rows[0].cells, ("No.", "Document", "Type", "Page")):
        cell.text = text
    for number, item in enumerate(documents, start=1):
        cells = index.add_row().cells
        cells[0].text = str(number)
        cells[1].text = _clean(item.title)
        cells[2].text = item.kind_label
        _field(cells[3].paragraphs[0], f"PAGEREF doc_{number} \\h", "?")

    heading_style = document.styles["Heading 1"].style_id
    _append_body(document, "".join(_document_xml(number, item, heading_style)
                                   for number, item in enumerate(documents, start=1)))
    _update_fields_on_open(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_page_texts(pdf: bytes) -> list[str]:
    """Each page's text, read with PDFium (a 200-page bundle in about a second; pypdf takes tens)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            out.append(text_page.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            text_page.close()
            page.close()
        return out
    finally:
        document.close()


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(pdf)).pages)


# --------------------------------------------------------------------------- screening the finished files


@dataclass(frozen=True)
class Finding:
    """Something person-like or a contact detail that nobody decided may stay, read in a finished file.

    Unlike :class:`Problem` it holds the value: the reviewer must see what was found, and where, to
    add it to the redactions in one step. It is shown to the reviewer and never goes in the bundle.
    """

    document: int          # 0 for the cover and index, else the document's number in the bundle
    title: str
    where: str             # "paragraph 4", "page 3 of the PDF"
    what: str
    value: str

    def __str__(self) -> str:
        return f"{self.title}, {self.where}: {self.what} \u201c{self.value}\u201d is still readable"


_DOCUMENT_HEADING = re.compile(r"^Document (\d+): ")


def _located(text_parts: list[str], detector, kept: set[str]) -> list[tuple[int, int, str, str]]:
    """(part index, paragraph-in-part, category, value) for every undecided value, one pass over all parts."""
    from bisect import bisect_right

    from documents.redaction.people import person_key

    joined = "\u2029".join(text_parts)
    starts, offset = [], 0
    for part in text_parts:
        starts.append(offset)
        offset += len(part) + 1
    found = []
    for span in detector.find(joined):
        value = joined[span.start:span.end].strip()
        if not value or value.startswith("[") or normalise(value) in kept or person_key(value) in kept:
            continue
        found.append((bisect_right(starts, span.start) - 1, span.category, value))
    return found


class _Places:
    """Where things are in a finished bundle: each Word paragraph's document and number within it,
    and (when there is a PDF) the page a value is on."""

    def __init__(self, docx_data: bytes, pdf_data: bytes | None):
        self.paragraphs = docx_paragraphs(docx_data)
        self.at: list[tuple[int, str, int]] = []  # (document, title, paragraph number) per paragraph
        document, title, number = 0, "The cover and index", 0
        for text in self.paragraphs:
            heading = _DOCUMENT_HEADING.match(text)
            if heading:
                document, title, number = int(heading.group(1)), text, 0
            else:
                number += 1
            self.at.append((document, title, number))
        self.pages = pdf_page_texts(pdf_data) if pdf_data else []
        self._normal_pages: list[str] | None = None
        self._normal_paragraphs: list[str] | None = None

    def page(self, value: str, document: int) -> int | None:
        """The first page of the PDF, from the start of ``document``, that holds ``value``."""
        if not self.pages:
            return None
        if self._normal_pages is None:
            self._normal_pages = [normalise(text) for text in self.pages]
        key = normalise(value)
        heading = normalise(f"Document {document}:") if document else ""
        first = next((i for i, text in enumerate(self._normal_pages) if heading and heading in text), 0)
        for index in list(range(first, len(self._normal_pages))) + list(range(0, first)):
            if key and key in self._normal_pages[index]:
                return index + 1
        return None

    def where(self, index: int, value: str) -> str:
        document, _, number = self.at[index]
        page = self.page(value, document)
        return f"paragraph {number}" + (f", page {page} of the PDF" if page else "")

    def locate(self, problem: Problem) -> Finding:
        """A surviving value, placed: in its own document first, else wherever it can be read."""
        if self._normal_paragraphs is None:
            self._normal_paragraphs = [normalise(text) for text in self.paragraphs]
        key = normalise(problem.value)
        hits = [i for i, text in enumerate(self._normal_paragraphs) if key and key in text]
        index = next((i for i in hits if self.at[i][0] == problem.number), hits[0] if hits else None)
        if index is None:
            page = self.page(problem.value, problem.number)
            where = (f"page {page} of the PDF" if page
                     else "outside the text (a header, a footer or the file's properties)")
            title = f"Document {problem.number}: {problem.document}" if problem.number else problem.document
            return Finding(problem.number, title, where, problem.what, problem.value)
        document, title, _ = self.at[index]
        return Finding(document, title, self.where(index, problem.value), problem.what, problem.value)


def screen(docx_data: bytes, pdf_data: bytes | None, red: Redactions, kept_values,
           places: _Places | None = None) -> list[Finding]:
    """Run the detectors again over the finished Word file and its PDF: any person or contact detail
    that is not on the keep list and that no reviewer kept refuses release, with where it is.

    ``kept_values`` are what reviewers decided may stay (the text of proposals they kept)."""
    from documents.redaction import Detector
    from documents.redaction.people import person_key

    kept = {normalise(v) for v in kept_values} | {person_key(v) for v in kept_values}
    detector = Detector(red.names, red.keep + red.staff + list(kept_values), own_details=red.own)
    places = places or _Places(docx_data, pdf_data)
    findings: dict[tuple[int, str], Finding] = {}
    for index, category, value in _located(places.paragraphs, detector, kept):
        document, title, _ = places.at[index]
        findings.setdefault((document, normalise(value)),
                            Finding(document, title, places.where(index, value), category_label(category), value))
    if places.pages:
        # A PDF's lines run table cells together ("What happened Missed the course"): only what
        # marks itself as a person counts there; the Word file's paragraphs were read with care above.
        careful = Detector(red.names, red.keep + red.staff + list(kept_values), guess_people=False,
                           own_details=red.own)
        for index, category, value in _located(places.pages, careful, kept):
            if not any(k[1] == normalise(value) for k in findings):
                findings[(-1, normalise(value))] = Finding(0, "The PDF", f"page {index + 1}",
                                                           category_label(category), value)
    return list(findings.values())


# --------------------------------------------------------------------------- the whole build


def make_bundle(cover: Cover, evidence: list[Evidence], red: Redactions, *, marking: str,
                to_pdf: Callable[[bytes], bytes] | None = None,
                progress: Callable[[int, str], None] | None = None) -> BundleResult:
    """Redact every document, verify each, assemble, verify the whole, convert to PDF and screen both.

    Returns the files only when every check passes; otherwise ``problems`` are findings (:class:`Finding`):
    the value, the document and where it is (paragraph, and page of the PDF), and no file is returned.
    The bundle is still assembled (and converted) on a refusal, in memory only, to say where.
    ``progress(step, message)`` counts one step per document plus assembly and conversion.
    """
    timings: dict[str, float] = {}
    step = progress or (lambda done, message: None)
    started = time.perf_counter()
    redacted: list[RedactedDocument] = []
    problems: list[Problem] = []
    for number, item in enumerate(evidence, start=1):
        step(number - 1, f"Redacting document {number} of {len(evidence)}")
        done = redact_evidence(item, red, number)
        problems += done.problems
        done.title = redact_line(item.title, red)
        redacted.append(done)
    timings["redact"] = time.perf_counter() - started

    step(len(evidence), "Assembling the bundle")
    clean_cover = Cover(redact_line(cover.title, red),
                        [(key, redact_line(value or "", red)) for key, value in cover.rows], cover.prepared_on)
    started = time.perf_counter()
    data = build_docx(clean_cover, redacted, marking)
    timings["assemble"] = time.perf_counter() - started

    started = time.perf_counter()
    everything = _values_to_check([p for item in evidence for p in item.accepted],
                                  [p for item in evidence for p in item.rejected], red)
    seen = {normalise(p.value) for p in problems}
    problems += [p for p in _problems(data, everything, "The bundle (cover, index or a document)")
                 if normalise(p.value) not in seen]
    timings["verify"] = time.perf_counter() - started

    pdf = pages = None
    if to_pdf is not None:
        step(len(evidence) + 1, "Making the PDF")
        started = time.perf_counter()
        pdf = to_pdf(data)
        pages = pdf_pages(pdf) if pdf else None
        timings["pdf"] = time.perf_counter() - started

    started = time.perf_counter()
    places = _Places(data, pdf)
    findings = [places.locate(p) for p in problems]
    seen = {normalise(f.value) for f in findings}
    findings += [f for f in screen(data, pdf, red, [p.text for item in evidence for p in item.rejected], places)
                 if normalise(f.value) not in seen]
    timings["screen"] = time.perf_counter() - started
    if findings:
        return BundleResult(None, None, None, findings, timings)
    return BundleResult(data, pdf, pages, [], timings)
