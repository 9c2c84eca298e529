"""The redaction pipeline a reviewer signs off: propose, apply, verify.

Automatic detection is never the last word on disclosure. :func:`propose` lists what it would
remove, with enough context for a person to judge; the reviewer rejects false positives and adds
anything missed; :func:`apply` removes exactly that; :func:`verify` reads the output back the
way the prosecution-bundle check does and reports any redacted value that survived anywhere.
:func:`redact_docx` is the unattended path (every proposal accepted) and refuses to release a
document that fails verification.

Original values live only in memory (``Proposal.text`` and ``Proposal.context``) for the reviewer's
screen. The log that leaves this module says what kind of thing was removed and where, never what.
"""
from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from .detectors import NAME, REVIEWER, Detector, Span, marker, merge
from .docx import FlatPart, UnreadableDocument, Package, flatten, is_custom_xml_item, is_xml_part
from .names import PersonName
from .values import NormalisedText, is_wordlike, normalise

TEXT_PART = "text"
_CONTEXT_CHARS = 40
_MIN_VERIFIABLE = 5


class RedactionLeak(Exception):
    """Verification found redacted values still readable in the output: do not release it.

    The message names only the parts, so it is safe to print or log; ``findings`` (masked
    values with their parts) are for the reviewer's screen.
    """

    def __init__(self, survivors: list[tuple[str, list[str]]]):
        self.findings = [f"{_mask(value)} survives in {', '.join(places)}" for value, places in survivors]
        places = sorted({place for _, where in survivors for place in where})
        super().__init__(
            f"refusing to release: {len(survivors)} redacted value(s) still readable in {', '.join(places)}"
        )


class ProposalMismatch(ValueError):
    """A proposal does not fit the document it is applied to (a different or edited file)."""


@dataclass(frozen=True)
class Proposal:
    """One suggested redaction.

    ``id`` is stable for the same document and settings, so a reviewer's decisions can be stored
    against it. ``part`` is the package part ("word/header1.xml"), ``location`` where a person finds
    it ("comment 2, paragraph 1", "core properties: title"). ``start``/``end`` are offsets in the
    part's flattened text, or in an attribute's text when ``anchor`` names an attribute. ``text``
    and ``context`` hold the original value and its surroundings for the reviewer only: they are
    left out of ``repr`` and never logged.
    """

    id: str
    category: str
    part: str
    location: str
    start: int
    end: int
    anchor: str = "text"
    text: str = field(default="", repr=False, compare=False)
    context: str = field(default="", repr=False, compare=False)


_SENTENCE_END = re.compile(r"[.!?\u2029\n](?=\s|$)|[\u2029\n]")
_SENTENCE_CHARS = 200


def _sentence_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a name (at most a few hundred characters), so a reviewer sees who it is."""
    low = max(0, start - _SENTENCE_CHARS)
    stops = [m.end() for m in _SENTENCE_END.finditer(source, low, start)]
    first = stops[-1] if stops else low
    after = _SENTENCE_END.search(source, end, end + _SENTENCE_CHARS)
    return first, after.end() if after else min(len(source), end + _SENTENCE_CHARS)


def _proposal(category, part, location, start, end, anchor, text, source) -> Proposal:
    key = f"{part}|{anchor}|{start}|{end}|{category}".encode()
    if category == NAME:
        low, high = _sentence_bounds(source, start, end)
        before, after = source[low:start], source[end:high]
    else:
        before = source[max(0, start - _CONTEXT_CHARS):start]
        after = source[end:end + _CONTEXT_CHARS]
    context = re.sub(r"[\u2029\n\t]+", " ¶ ", f"{before}[[{text}]]{after}").strip(" ¶")
    return Proposal(hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12], category, part, location, start, end, anchor,
                    text, context)


# ---------------------------------------------------------------- propose


# More proposals than this in one document is not something a person can review (a 43 KB file of
# 40,000 paragraphs once gave 80,002 and a 113 MB page): the document is refused with a message.
MAX_PROPOSALS = 10_000


class TooMuchToReview(UnreadableDocument):
    """A document with more proposed redactions than a reviewer can work through."""


def propose(source: bytes | str, names=(), keep=(), *, limit: int = MAX_PROPOSALS, own_details=()) -> list[Proposal]:
    """Everything the detectors would redact. ``source`` is .docx bytes or plain text. Refuses
    (:class:`TooMuchToReview`) a document with more than ``limit`` proposals. ``own_details`` are
    the defendant's date of birth and address, which stay (see :class:`Detector`)."""
    detector = Detector(names, keep, own_details=own_details)
    if isinstance(source, str):
        proposals = _propose_text(source, detector)
    else:
        proposals = _propose_docx(_open(source), detector)[0]
    if len(proposals) > limit:
        raise TooMuchToReview(f"more than {limit:,} things to redact in one document ({len(proposals):,}): "
                              "split it into smaller documents")
    return proposals


def _propose_docx(package: Package, detector: Detector) -> tuple[list[Proposal], dict[str, FlatPart]]:
    """Proposals for every XML part, and the flattened parts so the unattended path can apply
    to them without parsing the package twice."""
    proposals, flat = [], {}
    for name in package.xml_parts():
        flat[name] = flatten(name, package.parts[name])
        proposals += _propose_part(flat[name], detector)
    return proposals, flat


def _propose_text(text: str, detector: Detector) -> list[Proposal]:
    """Proposals in plain text, placed by line; a PDF's text (pages separated by form feeds) by page
    and line within the page. Lines are counted as the spans go, once over the text."""
    proposals = []
    paged = "\f" in text
    position, page, line = 0, 1, 1
    for span in sorted(detector.find(text), key=lambda s: s.start):
        if span.start > position:
            if paged:
                for chunk_page, chunk in enumerate(text[position:span.start].split("\f")):
                    if chunk_page:
                        page, line = page + 1, 1
                    line += chunk.count("\n")
            else:
                line += text.count("\n", position, span.start)
            position = span.start
        where = f"page {page}, line {line}" if paged else f"line {line}"
        proposals.append(_proposal(span.category, TEXT_PART, where, span.start, span.end, "text",
                                   text[span.start:span.end], text))
    return proposals


def _propose_part(part: FlatPart, detector: Detector) -> list[Proposal]:
    proposals = []
    if part.segments:
        for span in detector.find(part.text, metadata=not part.story):
            if not part.segments_in(span.start, span.end):
                continue
            proposals.append(_proposal(span.category, part.name, part.locate(span.start, span.end),
                                       span.start, span.end, "text", part.text[span.start:span.end], part.text))
    for attribute in part.attributes:
        text = attribute.text
        for span in detector.find(text):
            if span.end <= attribute.offset:
                continue
            start = max(span.start, attribute.offset)
            proposals.append(_proposal(span.category, part.name, _attribute_location(attribute),
                                       start, span.end, attribute.anchor, text[start:span.end], text))
    return proposals


def _attribute_location(attribute) -> str:
    return "hyperlink target" if attribute.is_url else f"{attribute.label.lower()} attribute"


def _open(source: bytes) -> Package:
    package = Package(source)
    if not package.is_word_document():
        raise UnreadableDocument("not a .docx file (no word/document.xml)")
    return package


# ---------------------------------------------------------------- apply


def apply(source: bytes | str, accepted, extra_values=()) -> bytes | str:
    """Redact the accepted proposals and every occurrence of each extra value.

    Extra values are what the reviewer saw the detectors miss; they are matched the way the
    bundle check compares (ignoring case, spacing, hyphens, brackets and '+'), whole words only
    when the value is a word.
    """
    extras = [(value, REVIEWER) for value in extra_values]
    if isinstance(source, str):
        return _apply_text(source, accepted, extras)[0]
    return _apply_docx(_open(source), accepted, extras)[0]


def _extra_spans(text: str, extras: list[tuple[str, str]]) -> list[Span]:
    """Every occurrence in ``text`` of each (normalised value, category)."""
    if not extras:
        return []
    finder = NormalisedText(text)
    spans = []
    for normalised_value, category in extras:
        spans += [Span(s, e, category) for s, e in finder.find(normalised_value)]
    return spans


def _prepared(extra_values) -> list[tuple[str, str]]:
    """(value, category) pairs normalised and de-duplicated; a single character is not a value."""
    seen, prepared = set(), []
    for value, category in extra_values:
        key = normalise(value)
        if len(key) >= 2 and key not in seen:
            seen.add(key)
            prepared.append((key, category))
    return prepared


def _checked(proposal: Proposal, source: str) -> Span:
    """The proposal as a span, refusing one whose offsets no longer hold its text."""
    if source[proposal.start:proposal.end] != proposal.text:
        raise ProposalMismatch(f"proposal {proposal.id} does not match {proposal.part}")
    return Span(proposal.start, proposal.end, proposal.category)


def _apply_text(text: str, accepted, extra_values) -> tuple[str, list[dict]]:
    """``extra_values`` are (value, category) pairs, as for :func:`_apply_docx`."""
    extras = _prepared(extra_values)
    spans = [_checked(p, text) for p in accepted if p.part == TEXT_PART]
    spans = merge(spans + _extra_spans(text, extras))
    out = text
    for span in reversed(spans):
        out = out[:span.start] + marker(span.category) + out[span.end:]
    return out, _log([(s.category, TEXT_PART, "text") for s in spans])


def _apply_docx(package: Package, accepted, extra_values, flat=None) -> tuple[bytes, list[dict]]:
    """Redact a package: the accepted proposals, every occurrence of each (value, category) in
    ``extra_values``, the first-page thumbnail and any custom XML item that held a value.
    ``flat`` may hold parts already flattened from these same bytes."""
    flat = flat or {}
    extras = _prepared(extra_values)
    by_part: dict[str, list[Proposal]] = {}
    for proposal in accepted:
        by_part.setdefault(proposal.part, []).append(proposal)
    unknown = set(by_part) - set(package.parts)
    if unknown:
        raise ProposalMismatch(f"proposals refer to parts not in this document: {sorted(unknown)}")

    events: list[tuple[str, str, str]] = []
    doomed: set[str] = set()
    for name in package.xml_parts():
        proposals = by_part.get(name, [])
        if not proposals and not extras:
            continue
        part = flat.get(name) or flatten(name, package.parts[name])
        changed = _redact_text_nodes(part, proposals, extras, events)
        changed |= _redact_attributes(part, proposals, extras, events)
        if changed and is_custom_xml_item(name):
            doomed |= {name} | package.related_parts(name)
            events.append(("custom_xml", name, "custom XML item removed"))
        elif changed:
            package.parts[name] = part.to_bytes()
    for thumbnail in sorted(package.thumbnails() & set(package.parts)):
        doomed.add(thumbnail)
        events.append(("thumbnail", thumbnail, "first-page preview image removed"))
    package.remove(doomed)
    for name in package.names:
        if name.startswith("word/embeddings/"):
            events.append(("notice", name, "embedded object not scanned: check it by hand"))
    return package.to_bytes(), _log(events)


def _redact_text_nodes(part: FlatPart, proposals, extras, events) -> bool:
    spans = [_checked(p, part.text) for p in proposals if p.anchor == "text"]
    if extras and part.segments:
        spans += _extra_spans(part.text, extras)
    spans = [s for s in merge(spans) if part.segments_in(s.start, s.end)]
    if not spans:
        return False
    part.rewrite(spans)
    events += [(s.category, part.name, part.locate(s.start, s.end)) for s in spans]
    return True


def _redact_attributes(part: FlatPart, proposals, extras, events) -> bool:
    wanted: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.anchor != "text":
            wanted.setdefault(proposal.anchor, []).append(proposal)
    changed = False
    for attribute in part.attributes:
        text = attribute.text
        spans = [_checked(p, text) for p in wanted.pop(attribute.anchor, [])]
        spans += [s for s in _extra_spans(text, extras) if s.start >= attribute.offset]
        if not spans:
            continue
        spans = merge(spans)
        part.rewrite_attribute(attribute, spans)
        events += [(s.category, part.name, _attribute_location(attribute)) for s in spans]
        changed = True
    if wanted:
        raise ProposalMismatch(f"proposals refer to attributes not in {part.name}")
    return changed


def redaction_log(proposals) -> list[dict]:
    """The audit log for a set of proposals (what the reviewer accepted): kinds and places, no values."""
    return _log([(p.category, p.part, p.location) for p in proposals])


def _log(events) -> list[dict]:
    """Counted (category, part, location) rows in the order first met: no values."""
    counts = Counter(events)
    return [{"category": c, "part": p, "location": loc, "count": n} for (c, p, loc), n in counts.items()]


# ---------------------------------------------------------------- verify

_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTE_TEXT = re.compile(
    r"""\s(?:[\w.\-]+:)?(?:descr|title|alt|author|initials|tooltip|userId|providerId|string|instr|caption|Target)="([^"]*)\""""
)
_VALUE_ATTRIBUTE = re.compile(
    r"""<(?:[\w.\-]+:)?(?:docVar|default|listEntry|alias|tag|statusText|helpText)\b[^>]*?\s(?:[\w.\-]+:)?val="([^"]*)\""""
)


def verify(output: bytes | str, values) -> list[str]:
    """Where any of ``values`` can still be read in the output, compared the way the bundle check
    compares: every XML part's text with the tags dropped (and the parts run together), plus
    attributes that hold free text. Messages name the part and mask the value."""
    return [f"{_mask(value)} survives in {', '.join(places)}" for value, places in _survivors(output, values)]


def _survivors(output: bytes | str, values) -> list[tuple[str, list[str]]]:
    wanted, seen = [], set()
    for value in values:
        key = normalise(value)
        if len(key) >= _MIN_VERIFIABLE and key not in seen:
            seen.add(key)
            wanted.append((value, key))
    if isinstance(output, str):
        whole = NormalisedText(output)
        readable = {TEXT_PART: output}
    else:
        with zipfile.ZipFile(io.BytesIO(output)) as archive:
            xml = [(n, archive.read(n).decode("utf8", "replace")) for n in archive.namelist() if is_xml_part(n)]
        whole = NormalisedText("".join(_TAG.sub("", x) for _, x in xml))
        readable = {n: _readable(x) for n, x in xml}
    everything = whole.normalised + "\0" + "\0".join(normalise(t) for t in readable.values())
    # Most values are gone: a set of every five-character window answers "could it be here?"
    # far faster than searching the whole package once per value.
    windows = {everything[i:i + _MIN_VERIFIABLE] for i in range(len(everything) - _MIN_VERIFIABLE + 1)}
    spaced: dict[str, NormalisedText] = {}
    survivors = []
    for value, key in wanted:
        if key[:_MIN_VERIFIABLE] not in windows or key not in everything:
            continue
        if not spaced:
            spaced = {n: NormalisedText(t) for n, t in readable.items()}
        places = [n for n, s in spaced.items() if s.find(key)]
        if not places and (not is_wordlike(key) or whole.find(key)):
            places = ["text running across parts"]
        if places:
            survivors.append((value, places))
    return survivors


def _readable(xml: str) -> str:
    """A part as a reader would search it: text with tags replaced by spaces, plus free-text
    attributes, entities decoded."""
    attributes = [unquote(html.unescape(v)) for v in _ATTRIBUTE_TEXT.findall(xml)]
    attributes += [html.unescape(v) for v in _VALUE_ATTRIBUTE.findall(xml)]
    return html.unescape(_TAG.sub(" ", xml)) + " " + " ".join(attributes)


def _mask(value: str) -> str:
    """Enough of a value for the reviewer who supplied it to recognise, too little to disclose."""
    compact = " ".join(value.split())
    if len(compact) <= 6:
        return "'" + "•" * len(compact) + "'"
    return f"'{compact[:2]}{'•' * (len(compact) - 4)}{compact[-2:]}'"


# ---------------------------------------------------------------- unattended redaction


def redact_docx(source: bytes, names=(), keep=()) -> tuple[bytes, list[dict]]:
    """Propose, accept everything, apply, verify. Raises :class:`RedactionLeak` rather than
    return a document in which a redacted value can still be read.

    Distinctive values (numbers, e-mail addresses, postcodes) found once, and the supplied names,
    are also removed wherever else they occur, however they are spaced or split, because a
    detector that reads "07700 900246" in the body may not recognise it split across two
    paragraphs of a comment.
    """
    package = _open(source)
    proposals, flat = _propose_docx(package, Detector(names, keep))
    vanish = must_vanish(proposals, names, keep)
    output, log = _apply_docx(package, proposals, vanish, flat)
    survivors = _survivors(output, [value for value, _ in vanish])
    if survivors:
        raise RedactionLeak(survivors)
    return output, log


def redact_text(text: str, names=(), keep=()) -> tuple[str, list[dict]]:
    """Plain text (an e-mail, notes pasted from another system) through the same workflow."""
    proposals = propose(text, names, keep)
    vanish = must_vanish(proposals, names, keep)
    output, log = _apply_text(text, proposals, vanish)
    survivors = _survivors(output, [value for value, _ in vanish])
    if survivors:
        raise RedactionLeak(survivors)
    return output, log


def redact_pdf(source: bytes, names=(), keep=()) -> tuple[str, list[dict]]:
    """A PDF's text, redacted, for the bundle. A PDF cannot be safely rewritten in place (its text
    may sit in the drawing instructions and in hidden layers), so the redacted text is returned and
    the log says so."""
    # Imported here: only PDF evidence needs it, and the command line should start quickly.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(source))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise UnreadableDocument(f"not a readable PDF: {exc}") from None
    text = "\n\f".join(pages)
    output, log = redact_text(text, names, keep)
    log.append({"category": "notice", "part": "pdf", "count": len(pages),
                "location": "PDF not rewritten in place: redacted text returned for the bundle"})
    return output, log


def must_vanish(proposals, names, keep) -> list[tuple[str, str]]:
    """Values the unattended path removes everywhere and then verifies are gone.

    Distinctive found values (with a digit or an '@', long enough that no ordinary word contains
    them) and each supplied name in full. Not lone name tokens or free-form address text: a kept
    person or organisation may share those, so they can legitimately remain.
    """
    kept = [normalise(k) for k in keep if k]
    values = []
    for proposal in proposals:
        key = normalise(proposal.text)
        if proposal.category != NAME and len(key) >= _MIN_VERIFIABLE and any(c.isdigit() or c == "@" for c in key):
            values.append((proposal.text, proposal.category))
    for name in names:
        person = PersonName.parse(name)
        if len(person.tokens) >= 2:
            full = " ".join(person.tokens)
            if not any(normalise(full) in k for k in kept):
                values.append((full, NAME))
    return values
