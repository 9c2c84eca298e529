"""Every part of a .docx package, flattened into text the detectors can read and rewritten in place.

Word scatters what a reader sees as one phrase across many XML elements: formatting runs, line
breaks, tracked insertions and deletions, field codes, hyperlinks, text boxes, comments, headers,
footnotes, document properties, custom XML, and attributes such as image descriptions, comment
authors and hyperlink targets. A checker (and a determined reader) sees all of it, so redaction
has to as well.

Each XML part becomes one :class:`FlatPart`: a single string in which paragraph boundaries are
U+2029 and line breaks "\\n", plus a map from string offsets back to the text nodes that hold
them. A value found in that string is then removed from whichever nodes it spans: the first node
gets the visible marker and the rest lose their share. Text that is only there to help detection
(paragraph breaks, labels made from element names) is *virtual*: it is in the string but belongs
to no node, so it can never be edited.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from lxml import etree

from .detectors import PARAGRAPH, Span, UnreadableDocument, marker

# Transitional and Strict Office Open XML name the same elements in different namespaces.
W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")
A = ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main")
M = ("http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math")
VT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
)
DIAGRAM = ("http://schemas.openxmlformats.org/drawingml/2006/diagram", "http://purl.oclc.org/ooxml/drawingml/diagram")


def _qualified(namespaces, *names) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{name}" for ns in namespaces for name in names)


TEXT_TAGS = _qualified(W, "t", "delText", "instrText", "delInstrText") | _qualified(A + M, "t")
FIELD_CODE_TAGS = _qualified(W, "instrText", "delInstrText")
PRESERVED_SPACE_TAGS = _qualified(W, "t", "delText")
PARAGRAPH_TAGS = _qualified(W + A, "p") | _qualified(M, "oMathPara")
VIRTUAL_TEXT = {
    **dict.fromkeys(_qualified(W, "br", "cr") | _qualified(A, "br"), "\n"),
    **dict.fromkeys(_qualified(W, "tab", "ptab"), "\t"),
    **dict.fromkeys(_qualified(W, "noBreakHyphen"), "-"),
}
RUN_TAGS = _qualified(W + A + M, "r")
# Namespaces whose elements are layout, not content: only TEXT_TAGS inside them hold text.
MARKUP_NAMESPACES = frozenset(W + A + M)
# Parts rooted in these namespaces are Word or DrawingML stories (body, headers, notes, comments,
# settings, SmartArt): everything a reader sees is in TEXT_TAGS, and any other element text is
# layout (a drawing's position offset) that must not be touched. Other parts (properties, custom
# XML, charts) are data: every element's text is content.
STORY_NAMESPACES = MARKUP_NAMESPACES | frozenset(DIAGRAM)
# Document statistics, timestamps and chart number caches: numbers, never personal data, and
# a part stops being valid if they are replaced by words.
NOT_CONTENT = frozenset({
    "TotalTime", "Pages", "Words", "Characters", "Lines", "Paragraphs", "CharactersWithSpaces",
    "DocSecurity", "AppVersion", "ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged",
    "revision", "created", "modified", "lastPrinted", "numCache", "numLit", "formatCode",
})
# Attributes that hold words a person typed: alt text, authors, tooltips, field instructions.
TEXT_ATTRIBUTES = {
    "descr": "Description", "title": "Title", "alt": "Description", "author": "Author",
    "initials": "Initials", "tooltip": "Tooltip", "userId": "User", "providerId": "User",
    "string": "Text", "instr": "Field", "caption": "Caption",
}
# Elements whose w:val is free text (document variables, form field defaults and help,
# content control titles).
VALUE_ELEMENTS = frozenset({"docVar", "default", "listEntry", "alias", "tag", "statusText", "helpText"})
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
URL_MARKER = "REDACTED"

_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


@dataclass
class Segment:
    """A stretch of the flat text that lives in one node's .text (or .tail)."""

    element: etree._Element
    is_tail: bool
    start: int
    end: int


@dataclass
class AttributeText:
    """An attribute that holds free text; ``label`` gives detectors the context a reader has."""

    path: str
    element: etree._Element
    key: str
    label: str
    value: str
    is_url: bool

    @property
    def anchor(self) -> str:
        return f"attr:{self.path}@{self.key}"

    @property
    def text(self) -> str:
        """What detectors read: the label, then the value (URL-decoded for a link target)."""
        return f"{self.label}: {unquote(self.value) if self.is_url else self.value}"

    @property
    def offset(self) -> int:
        return len(self.label) + 2


@dataclass
class FlatPart:
    """One parsed XML part: its flat text, the segments mapping that text back to nodes, and its
    free-text attributes. Rewriting edits the parsed tree; :meth:`to_bytes` serialises it."""

    name: str
    root: etree._Element
    story: bool
    text: str
    segments: list[Segment]
    attributes: list[AttributeText]
    paragraph_numbers: dict = field(repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self._starts = [s.start for s in self.segments]

    def segments_in(self, start: int, end: int) -> list[int]:
        """Indexes of segments overlapping [start, end)."""
        i = max(0, bisect_right(self._starts, start) - 1)
        found = []
        while i < len(self.segments) and self.segments[i].start < end:
            if self.segments[i].end > start:
                found.append(i)
            i += 1
        return found

    def locate(self, start: int, end: int) -> str:
        """Where a reviewer finds the span: "paragraph 4 (table, tracked deletion)", "comment 2"."""
        touched = self.segments_in(start, end)
        if not touched:
            return "document structure"
        return _describe(self, self.segments[touched[0]])

    def rewrite(self, spans: list[Span]) -> None:
        """Replace each span's text by its marker in the first node it touches and remove it from
        the others. Spans must not overlap; working from the last backwards keeps the offsets of
        earlier spans valid inside a node that several spans touch."""
        current: dict[int, str] = {}
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            touched = self.segments_in(span.start, span.end)
            for k in touched:
                seg = self.segments[k]
                old = current.get(k, _segment_text(seg))
                a = max(span.start, seg.start) - seg.start
                b = min(span.end, seg.end) - seg.start
                current[k] = old[:a] + (marker(span.category) if k == touched[0] else "") + old[b:]
        for k, new in current.items():
            _set_segment_text(self.segments[k], new)

    def rewrite_attribute(self, attribute: AttributeText, spans: list[Span]) -> None:
        """Redact inside one attribute value; ``spans`` are offsets in ``attribute.text``."""
        value = attribute.text[attribute.offset:]
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            a, b = max(0, span.start - attribute.offset), max(0, span.end - attribute.offset)
            value = value[:a] + (URL_MARKER if attribute.is_url else marker(span.category)) + value[b:]
        attribute.element.set(attribute.key, value)

    def to_bytes(self) -> bytes:
        return _serialise(self.root)


def _serialise(root) -> bytes:
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)


def _segment_text(seg: Segment) -> str:
    return (seg.element.tail if seg.is_tail else seg.element.text) or ""


def _set_segment_text(seg: Segment, value: str) -> None:
    if seg.is_tail:
        seg.element.tail = value
        return
    seg.element.text = value
    if seg.element.tag in PRESERVED_SPACE_TAGS:
        seg.element.set(XML_SPACE, "preserve")
    elif _namespace(seg.element.tag) in VT:
        # A redacted number or date is no longer a number or date: keep the property valid.
        seg.element.tag = f"{{{_namespace(seg.element.tag)}}}lpwstr"


def _paragraph_of(element) -> etree._Element | None:
    node = element.getparent()
    while node is not None and node.tag not in PARAGRAPH_TAGS:
        node = node.getparent()
    return node


def _is_content(element) -> bool:
    """Text in a data part that a person wrote, rather than layout or statistics."""
    if element is None or _namespace(element.tag) in MARKUP_NAMESPACES:
        return False
    node = element
    while node is not None:
        if _local(node.tag) in NOT_CONTENT:
            return False
        node = node.getparent()
    return True


def _data_label(element) -> str:
    """A label for text outside the Word markup, made from what a reader of the XML would see:
    a custom property's name ("VictimDOB"), else the element's name ("dateOfBirth")."""
    parent = element.getparent()
    name = parent.get("name") if parent is not None else None
    if name:
        return _CAMEL.sub(" ", name).replace("_", " ")
    return _CAMEL.sub(" ", _local(element.tag)).replace("_", " ").lower()


_WORD_TAGS = tuple(TEXT_TAGS | PARAGRAPH_TAGS | set(VIRTUAL_TEXT))
# A quick look at the raw bytes says which attribute searches a part needs: running them all on
# a large styles part costs more than the rest of the redaction.
_ATTRIBUTE_PROBES = {name: f"{name}=".encode() for name in TEXT_ATTRIBUTES}
# Form field defaults and help sit in w:ffData, content control titles in w:sdtPr.
_VALUE_ELEMENT_PROBES = (b"docVar", b"ffData", b"sdtPr")
_VALUE_ATTRIBUTE_XPATH = etree.XPath(
    "//*[" + " or ".join(f"local-name()='{e}'" for e in sorted(VALUE_ELEMENTS)) + "]/@*[local-name()='val']"
)
_EXTERNAL_TARGET_XPATH = etree.XPath("//*[local-name()='Relationship'][@TargetMode='External']/@Target")


@lru_cache(maxsize=64)
def _attribute_xpath(names: frozenset[str]) -> etree.XPath:
    return etree.XPath("//@*[" + " or ".join(f"local-name()='{a}'" for a in sorted(names)) + "]")


def flatten(name: str, data: bytes) -> FlatPart:
    """One XML part as text plus the map back to its nodes. Deterministic: propose() and apply()
    flatten the same bytes to the same offsets."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(f"{name} is not well-formed XML: {exc}") from None
    pieces: list[str] = []
    segments: list[Segment] = []
    paragraph_numbers: dict = {}
    position = 0
    current_paragraph = None

    def emit(text: str, element=None, is_tail=False):
        nonlocal position
        if element is not None:
            segments.append(Segment(element, is_tail, position, position + len(text)))
        pieces.append(text)
        position += len(text)

    def enter(paragraph):
        nonlocal current_paragraph
        if paragraph is not current_paragraph or paragraph is None:
            emit(PARAGRAPH)
            current_paragraph = paragraph

    story = _namespace(root.tag) in STORY_NAMESPACES
    for element in root.iter(*_WORD_TAGS) if story else root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in PARAGRAPH_TAGS:
            paragraph_numbers[element] = len(paragraph_numbers) + 1
        elif tag in TEXT_TAGS:
            if element.text:
                enter(_paragraph_of(element))
                emit(element.text, element)
        elif tag in VIRTUAL_TEXT:
            parent = element.getparent()
            if parent is not None and parent.tag in RUN_TAGS:
                enter(_paragraph_of(element))
                emit(VIRTUAL_TEXT[tag])
        elif not story and element.text and element.text.strip() and _is_content(element):
            enter(None)
            emit(f"{_data_label(element)}: ")
            emit(element.text, element)
        if not story and element.tail and element.tail.strip() and _is_content(element.getparent()):
            enter(None)
            emit(f"{_data_label(element)}: ")
            emit(element.tail, element, is_tail=True)
    return FlatPart(name, root, story, "".join(pieces), segments, _text_attributes(root, data), paragraph_numbers)


def _text_attributes(root, data: bytes) -> list[AttributeText]:
    tree = root.getroottree()
    found = []
    if b"External" in data:
        for value in _EXTERNAL_TARGET_XPATH(root):
            element = value.getparent()
            found.append(AttributeText(tree.getpath(element), element, value.attrname, "Hyperlink", str(value), True))
    present = frozenset(name for name, probe in _ATTRIBUTE_PROBES.items() if probe in data)
    for value in _attribute_xpath(present)(root) if present else ():
        if value.strip():
            element = value.getparent()
            label = TEXT_ATTRIBUTES[_local(value.attrname)]
            found.append(AttributeText(tree.getpath(element), element, value.attrname, label, str(value), False))
    for value in _VALUE_ATTRIBUTE_XPATH(root) if any(p in data for p in _VALUE_ELEMENT_PROBES) else ():
        if value.strip():
            element = value.getparent()
            label = next((element.get(f"{{{ns}}}name") for ns in W if element.get(f"{{{ns}}}name")), _local(element.tag))
            found.append(AttributeText(tree.getpath(element), element, value.attrname, _CAMEL.sub(" ", label),
                                       str(value), False))
    return found


_CONTAINERS = {
    tag: label
    for local, label in (
        ("tbl", "table"), ("txbxContent", "text box"), ("ins", "tracked insertion"), ("del", "tracked deletion"),
        ("moveFrom", "tracked move"), ("moveTo", "tracked move"), ("hyperlink", "hyperlink"),
        ("sdt", "content control"), ("fldSimple", "field"),
    )
    for tag in _qualified(W, local)
}
_NOTES = {tag: local for local in ("comment", "footnote", "endnote") for tag in _qualified(W, local)}


def _describe(part: FlatPart, seg: Segment) -> str:
    element = seg.element
    if _namespace(element.tag) not in MARKUP_NAMESPACES:
        label = _data_label(element)
        if part.name == "docProps/core.xml":
            return f"core properties: {label}"
        if part.name == "docProps/app.xml":
            return f"app properties: {label}"
        if part.name == "docProps/custom.xml":
            return f"custom property '{label}'"
        if part.name.startswith("customXml/"):
            return f"custom XML item: {label}"
        return label
    qualifiers = []
    if element.tag in FIELD_CODE_TAGS:
        qualifiers.append("field code")
    where = ""
    paragraph = None
    node = element.getparent()
    while node is not None:
        if node.tag in PARAGRAPH_TAGS and paragraph is None:
            paragraph = node
        elif node.tag in _CONTAINERS and _CONTAINERS[node.tag] not in qualifiers:
            qualifiers.append(_CONTAINERS[node.tag])
        elif node.tag in _NOTES and not where:
            where = f"{_NOTES[node.tag]} {_note_number(node)}, "
        node = node.getparent()
    number = part.paragraph_numbers.get(paragraph)
    text = f"{where}paragraph {number}" if number else where.rstrip(", ") or "text"
    return f"{text} ({', '.join(qualifiers)})" if qualifiers else text


def _note_number(node) -> str:
    """Footnotes and endnotes by the id Word numbers them with; comments by their order."""
    if _local(node.tag) == "comment":
        return str(1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True)))
    return node.get(f"{{{_namespace(node.tag)}}}id", "?")


# ---------------------------------------------------------------- the package


# A zip states how large each part will be once unpacked. Real Word documents stay far inside these;
# a "zip bomb" (a few kilobytes that unpack to gigabytes, or tens of thousands of paragraphs of
# nothing) does not, and is refused before anything is unpacked.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100
_RATIO_APPLIES_FROM = 1024 * 1024


def check_package(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose parts would unpack too large or too much larger than they are packed."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise UnreadableDocument(
                f"one part of the file ({info.filename}) unpacks to {info.file_size // (1024 * 1024)} MB; "
                f"the limit is {MAX_PART_BYTES // (1024 * 1024)} MB: split the document or send it as a PDF")
        if info.file_size > _RATIO_APPLIES_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise UnreadableDocument(
                f"one part of the file ({info.filename}) unpacks to more than {MAX_RATIO} times its packed size, "
                "which Word documents do not do: save it again from Word or send it as a PDF")
    if total > MAX_PACKAGE_BYTES:
        raise UnreadableDocument(f"the file unpacks to more than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB: "
                                 "split the document or send it as a PDF")


class Package:
    """A .docx zip as named parts, with removal that keeps relationships and content types valid."""

    def __init__(self, data: bytes):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError):
            raise UnreadableDocument("not a .docx file (not a zip package)") from None
        with archive:
            self.names = archive.namelist()
            if "[Content_Types].xml" not in self.names:
                raise UnreadableDocument("not a .docx file (no [Content_Types].xml)")
            check_package(archive)
            try:
                self.parts = {n: archive.read(n) for n in self.names}
            except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as exc:
                raise UnreadableDocument(f"not a readable .docx file ({exc})") from None

    def is_word_document(self) -> bool:
        """A Word main document is present (a spreadsheet or slide deck is not evidence we can redact)."""
        return any(n.startswith("word/") and n.endswith("document.xml") for n in self.names)

    def xml_parts(self) -> list[str]:
        return [n for n in self.names if is_xml_part(n)]

    def remove(self, doomed: set[str]) -> None:
        """Delete parts, the relationships that point at them and their content-type overrides."""
        doomed = {n for n in doomed if n in self.parts}
        if not doomed:
            return
        for name in doomed:
            del self.parts[name]
        self.names = [n for n in self.names if n not in doomed]
        for name in self.names:
            if name.endswith(".rels"):
                self._drop_relationships(name, doomed)
        self._drop_content_types(doomed)

    def _drop_relationships(self, rels_name: str, doomed: set[str]) -> None:
        root = etree.fromstring(self.parts[rels_name], _PARSER)
        source_dir = posixpath.dirname(posixpath.dirname(rels_name))
        changed = False
        for rel in list(root):
            if rel.get("TargetMode") == "External":
                continue
            if resolve_target(source_dir, rel.get("Target", "")) in doomed:
                root.remove(rel)
                changed = True
        if changed:
            self.parts[rels_name] = _serialise(root)

    def _drop_content_types(self, doomed: set[str]) -> None:
        root = etree.fromstring(self.parts["[Content_Types].xml"], _PARSER)
        for override in list(root):
            if _local(override.tag) == "Override" and override.get("PartName", "").lstrip("/") in doomed:
                root.remove(override)
        self.parts["[Content_Types].xml"] = _serialise(root)

    def related_parts(self, name: str) -> set[str]:
        """A part's own .rels file and the parts it points to (a custom XML item's properties)."""
        rels_name = posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")
        if rels_name not in self.parts:
            return set()
        root = etree.fromstring(self.parts[rels_name], _PARSER)
        targets = {
            resolve_target(posixpath.dirname(name), rel.get("Target", ""))
            for rel in root if rel.get("TargetMode") != "External"
        }
        return {rels_name} | targets

    def thumbnails(self) -> set[str]:
        """The first-page preview image: it would show the text we are removing."""
        found = {n for n in self.names if n.startswith("docProps/thumbnail")}
        if "_rels/.rels" in self.parts:
            root = etree.fromstring(self.parts["_rels/.rels"], _PARSER)
            found |= {
                resolve_target("", rel.get("Target", ""))
                for rel in root if rel.get("Type", "").endswith("/metadata/thumbnail")
            }
        return found

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in self.names:
                archive.writestr(name, self.parts[name])
        return out.getvalue()


def resolve_target(source_dir: str, target: str) -> str:
    """A relationship target as a part name."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(source_dir, target))


def is_custom_xml_item(name: str) -> bool:
    return bool(re.fullmatch(r"customXml/item\d+\.xml", name))
