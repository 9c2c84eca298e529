"""Find third parties' personal data in plain text, without any language model.

The redactor has to work on a case worker's laptop, give the same answer every time and explain
itself to a reviewer, so every detector is a precompiled regular expression plus, where a pattern
on its own would also catch ordinary words or event dates, a look at the words around it.

Detectors work on any string. The .docx walker gives them a whole part at once, with paragraph
breaks as U+2029 and line breaks as "\\n", so a value split across formatting runs, a line break or
table cells is still one match. Everything returns :class:`Span` objects; :class:`Detector`
combines them, lets names to keep win over redaction and merges overlaps.
"""
from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from datetime import date
from typing import NamedTuple

from .people import find_people
from .names import NameMatcher, TITLE_PATTERN, RANKS, keep_pattern, name_tokens

PARAGRAPH = "\u2029"
# Seconds the detectors may spend on one part (a document body, a header); see DetectionTimeLimit.
TIME_LIMIT = 20.0

PHONE = "uk_phone"
EMAIL = "email"
POSTCODE = "postcode"
ADDRESS = "postal_address"
DATE_OF_BIRTH = "date_of_birth"
NI_NUMBER = "ni_number"
VEHICLE = "vehicle_registration"
SORT_CODE = "sort_code"
ACCOUNT = "bank_account"
CARD = "card_number"
PNC = "pnc_id"
NAME = "person_name"
REVIEWER = "reviewer_value"

CATEGORIES = (
    PHONE, EMAIL, POSTCODE, ADDRESS, DATE_OF_BIRTH, NI_NUMBER, VEHICLE, SORT_CODE, ACCOUNT,
    CARD, PNC, NAME, REVIEWER,
)

_MARKER_LABELS = {
    PHONE: "phone",
    EMAIL: "email",
    POSTCODE: "postcode",
    ADDRESS: "address",
    DATE_OF_BIRTH: "date of birth",
    NI_NUMBER: "NI number",
    VEHICLE: "vehicle registration",
    SORT_CODE: "sort code",
    ACCOUNT: "account number",
    CARD: "card number",
    PNC: "PNC ID",
    NAME: "name",
}


def marker(category: str) -> str:
    """The visible text that replaces a redaction, so a reader knows what kind of thing went."""
    label = _MARKER_LABELS.get(category)
    return f"[REDACTED: {label}]" if label else "[REDACTED]"


class Span(NamedTuple):
    """Characters [start, end) of a text hold a value of ``category``."""

    start: int
    end: int
    category: str


_NOT_WORD_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_WORD_AFTER = r"(?![A-Za-z0-9])"


def _near(label: re.Pattern, text: str, start: int, window: int) -> bool:
    """Is there a label in the ``window`` characters before ``start``?"""
    return label.search(text, max(0, start - window), start) is not None


# ---------------------------------------------------------------- telephone numbers

_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)[ \u00a0]?44[ \u00a0]?(?:\([ \u00a0]?0[ \u00a0]?\)[ \u00a0]?)?\(?|\(?0)"
    r"\d(?:[ \u00a0.\-]?\)?[ \u00a0.\-]?\d){7,12}"
)
_PHONE_INTERNATIONAL = re.compile(r"^(?:\+|00)[ \u00a0]?44")


def _is_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if _PHONE_INTERNATIONAL.match(candidate):
        digits = digits[4:] if digits.startswith("0044") else digits[2:]
        if not digits.startswith("0"):
            digits = "0" + digits
    return len(digits) in (10, 11) and digits[1] != "0"


def find_phones(text: str) -> list[Span]:
    """UK numbers in any of the ways people write them: "07700 900246", "(0113) 496 0123",
    "+44(0)20 7946 0123", "+447700900123". A candidate that ran on into the next number is cut
    back to the longest prefix ending between digit groups that is a valid length."""
    spans = []
    for m in _PHONE_CANDIDATE.finditer(text):
        start, end = m.span()
        while end > start:
            if (end == len(text) or not text[end].isdigit()) and _is_uk_phone(text[start:end]):
                spans.append(Span(start, end, PHONE))
                break
            end -= 1
            while end > start and not text[end - 1].isdigit():
                end -= 1
    return spans


# ---------------------------------------------------------------- e-mail

# Linear on any input: a match starts only where the local part starts (the look-behind covers
# every character the local part may hold) and each piece is capped at its RFC 5321 length.
_EMAIL = re.compile(
    r"(?<![\w.%+'’\-])[A-Za-z0-9][A-Za-z0-9._%+'\-]{0,63}"
    r"(?:@|[ \u00a0]?[\[(][ \u00a0]?at[ \u00a0]?[\])][ \u00a0]?)"
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:(?:\.|[ \u00a0]?[\[(][ \u00a0]?dot[ \u00a0]?[\])][ \u00a0]?)[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?){1,8}",
    re.IGNORECASE,
)


def find_emails(text: str) -> list[Span]:
    """Addresses, including the "name [at] domain [dot] com" form used to dodge filters."""
    return [Span(*m.span(), EMAIL) for m in _EMAIL.finditer(text)]


# ---------------------------------------------------------------- postcodes

_POSTCODE_CORE = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[ \u00a0]?[0-9][A-Z]{2}"
_POSTCODE = re.compile(_NOT_WORD_BEFORE + _POSTCODE_CORE + _NOT_WORD_AFTER)
_POSTCODE_LABELLED = re.compile(
    r"(?i:post[ \u00a0]?code)[ \u00a0:\-]*(" + _POSTCODE_CORE + ")" + _NOT_WORD_AFTER, re.IGNORECASE
)
_WORD = r"(?:(?:Mc|Mac|O['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|St\.?)"
_TOWN = rf"{_WORD}(?:[ \u00a0\-]{_WORD}){{0,3}}"
_TOWN_BEFORE_POSTCODE = re.compile(rf"{_TOWN},[ \u00a0]*$")


def find_postcodes(text: str) -> list[Span]:
    """UK postcodes in capitals ("E3S 9YR", "SL86 7YT", "G6 9YP"), any case after a "postcode"
    label, and a town written just before one ("New Darrenborough, SL86 7YT"), because a town
    next to a postcode narrows an address to a street."""
    spans = []
    for m in _POSTCODE.finditer(text):
        start = m.start()
        town = _TOWN_BEFORE_POSTCODE.search(text, max(0, start - 60), start)
        spans.append(Span(town.start() if town else start, m.end(), POSTCODE))
    spans += [Span(*m.span(1), POSTCODE) for m in _POSTCODE_LABELLED.finditer(text)]
    return spans


# ---------------------------------------------------------------- postal addresses

# Every street suffix Faker's en_GB/en providers use, plus common UK street and building words
# and their abbreviations.
STREET_TYPES = frozenset("""
Alley Avenue Branch Bridge Brook Brooks Burg Burgs Bypass Camp Canyon Cape Causeway Center Centers
Circle Circles Cliff Cliffs Club Common Corner Corners Course Court Courts Cove Coves Creek Crescent
Crest Crossing Crossroad Curve Dale Dam Divide Drive Drives Estate Estates Expressway Extension
Extensions Fall Falls Ferry Field Fields Flat Flats Ford Fords Forest Forge Forges Fork Forks Fort
Freeway Garden Gardens Gateway Glen Glens Green Greens Grove Groves Harbor Harbors Haven Heights
Highway Hill Hills Hollow Inlet Island Islands Isle Junction Junctions Key Keys Knoll Knolls Lake
Lakes Land Landing Lane Light Lights Loaf Lock Locks Lodge Loop Mall Manor Manors Meadow Meadows
Mews Mill Mills Mission Motorway Mount Mountain Mountains Neck Orchard Oval Overpass Park Parks
Parkway Parkways Pass Passage Path Pike Pine Pines Place Plain Plains Plaza Point Points Port Ports
Prairie Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River Road Roads Route Row Rue Run Shoal
Shoals Shore Shores Skyway Spring Springs Spur Spurs Square Squares Station Stravenue Stream Street
Streets Summit Terrace Throughway Trace Track Trafficway Trail Tunnel Turnpike Underpass Union
Unions Valley Valleys Via Viaduct View Views Village Villages Ville Vista Walk Walks Wall Way Ways
Well Wells
Approach Arcade Bank Boulevard Broadway Brow Buildings Chase Close Cottage Cottages Croft Cross
Dene Drove End Esplanade Fold Gate Gardens Garth Gate Grange Hall Heath House Hurst Lea Mansions
Market Mead Meadows Moor Parade Precinct Promenade Quay Quays Rise Side Tower Towers Vale Villas
Walkway Wharf Wood Woods Wynd Yard Yards
Rd Ave Av Dr Ln Cres Ct Pl Sq Gdns Gr Terr Tce Cl Pde Hts
""".split())

# Words that make "3 Victim Awareness Course" or "1 Crown Court" look like an address; a real
# street name practically never contains them.
_NOT_STREET_WORDS = frozenset("""
Awareness Education Management Programme Program Workshop Rehabilitation Treatment Diversion
Police Support Trust Service Services Scheme Session Sessions Victim Victims Offender Offenders
Magistrates Magistrates' Crown Youth County Family Coroners Coroners' Act Section Court's
""".split())

_STREET_TYPE = r"(?:" + "|".join(sorted(STREET_TYPES, key=len, reverse=True)) + r")(?![A-Za-z])"
# Up to three digits: "2026 Ronald Hill" after a date is a year and a person, not an address.
_HOUSE_NUMBER = r"\d{1,3}[A-Za-z]?(?:[\-–/]\d{1,3}[A-Za-z]?)?"
_SUBUNIT = r"(?:Flat|Studio|Apartment|Apt\.?|Unit|Suite|Room|Maisonette)[ \u00a0]+\d{1,4}[A-Za-z]?"
_STREET_ADDRESS = re.compile(
    rf"(?<![\w/.\-])(?:{_SUBUNIT}[,\s]+(?:{_HOUSE_NUMBER},?[ \u00a0\n]+)?|{_HOUSE_NUMBER},?[ \u00a0\n]+)"
    rf"(?P<street>(?:{_WORD}[ \u00a0]+){{1,3}}{_STREET_TYPE})"
)
_SUBUNIT_ALONE = re.compile(
    rf"(?<![\w/.\-])(?:Flat|Studio|Apartment|Apt\.?|Maisonette)[ \u00a0]+\d{{1,4}}[A-Za-z]?{_NOT_WORD_AFTER}"
)
_TAIL_TO_POSTCODE = re.compile(
    rf"(?:,?[ \u00a0]*\n?[ \u00a0]*{_TOWN}){{0,3}}?,?\s*{_POSTCODE_CORE}{_NOT_WORD_AFTER}"
)

_ADDRESS_LABEL = re.compile(
    r"(?<![\w\-])(?i:(?:(?:home|postal|residential|current|previous|last[ \u00a0]known|full|"
    r"correspondence|contact|victim'?s?|witness'?s?|his|her|their|my)[ \u00a0]+)?address(?:es)?)"
    r"(?:[ \u00a0]*(?:[:\-–]|\bis\b)|[ \u00a0]*(?=\u2029))[ \u00a0]*",
)
_ADDRESS_VERB = re.compile(
    r"(?i:\b(?:lives?|lived|living|resides?|resided|residing|staying|stays|stayed)[ \u00a0]+(?:at|in|on)[ \u00a0]+)"
    rf"(?P<value>(?:(?:{_HOUSE_NUMBER}|{_SUBUNIT}|{_WORD}|[A-Z]{{1,2}}[0-9][A-Z0-9]?[ \u00a0]?[0-9][A-Z]{{2}}),?(?:[ \u00a0]+|\n)?){{1,8}})"
)
# Where a labelled address stops: two spaces or a tab (the next field on the line), the next
# "Label:" or a sentence end. Line breaks do not stop it: "Studio 21<br/>Christine Court".
_ADDRESS_VALUE_END = re.compile(
    r"[ \u00a0]{2,}|\t|\u2029|(?<=\S)\.(?=\s|$)(?<!\bSt\.)(?<!\bRd\.)|\s(?=[A-Z][A-Za-z]+(?:[ \u00a0][A-Za-z]+){0,2}:)"
)
_LOOKS_LIKE_ADDRESS = re.compile(rf"\d|\b{_STREET_TYPE}")
_NOT_POSTAL_LABEL = re.compile(r"(?i:e-?mail|web|IP|internet|url|MAC)[ \u00a0]*$")
_CONTINUATION_TO_POSTCODE = re.compile(
    rf"(?:\u2029[ \t\u00a0]*{_TOWN},?){{0,3}}?[,\u2029 \t\u00a0]+{_POSTCODE_CORE}{_NOT_WORD_AFTER}"
)


def _street_is_plausible(street: str) -> bool:
    words = re.findall(r"[A-Za-z']+", street)
    return not any(w in _NOT_STREET_WORDS for w in words)


def find_addresses(text: str) -> list[Span]:
    """Street lines ("301 Fletcher Garden", "Flat 65b<br/>Evans Ridge", "Studio 21 Christine
    Court") carried on to a postcode on the same line with the towns in between; whatever follows an
    "Address:" label up to the end of its field, with town lines down to a postcode; and what
    follows "lives at"."""
    spans = []
    for m in _STREET_ADDRESS.finditer(text):
        if not _street_is_plausible(m.group("street")):
            continue
        end = m.end()
        tail = _TAIL_TO_POSTCODE.match(text, end)
        if tail and "\u2029" not in tail.group():
            end = tail.end()
        spans.append(Span(m.start(), end, ADDRESS))
    spans += [Span(*m.span(), ADDRESS) for m in _SUBUNIT_ALONE.finditer(text)]
    for m in _ADDRESS_LABEL.finditer(text):
        if _NOT_POSTAL_LABEL.search(text, max(0, m.start() - 12), m.start()):
            continue
        start = m.end()
        on_next_line = text.startswith(PARAGRAPH, start)
        if on_next_line:
            start += 1
        stop = _ADDRESS_VALUE_END.search(text, start)
        end = stop.start() if stop else len(text)
        value = text[start:end].strip()
        if not value or value.startswith("[REDACTED"):
            continue
        # A label alone in its paragraph or cell is followed by the value only in a form; in
        # prose the next paragraph is just the next paragraph.
        if on_next_line and (len(value) > 120 or not _LOOKS_LIKE_ADDRESS.search(value)):
            continue
        more = _CONTINUATION_TO_POSTCODE.match(text, end)
        if more:
            end = more.end()
        spans.append(Span(start, end, ADDRESS))
    for m in _ADDRESS_VERB.finditer(text):
        start, end = m.span("value")
        while end > start and text[end - 1] in " ,\n\u00a0":
            end -= 1
        if _LOOKS_LIKE_ADDRESS.search(text, start, end):
            spans.append(Span(start, end, ADDRESS))
    return spans


# ---------------------------------------------------------------- dates of birth

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
_DATE = re.compile(
    r"(?<![\d/.\-])(?:"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \u00a0](?:of[ \u00a0])?(?:{_MONTHS})\.?,?[ \u00a0](?P<y3>\d{{4}})"
    rf"|(?:{_MONTHS})\.?[ \u00a0]\d{{1,2}}(?:st|nd|rd|th)?,?[ \u00a0](?P<y4>\d{{4}})"
    r")(?![\d/])",
    re.IGNORECASE,
)
_DOB_LABEL = re.compile(
    r"(?<![A-Za-z])(?:date[ \u00a0]*of[ \u00a0]*birth|d\.?[ \u00a0]?o\.?[ \u00a0]?b\.?|birth[ \u00a0]*date|"
    r"birthday|born(?:[ \u00a0]+on)?)(?![A-Za-z])",
    re.IGNORECASE,
)
_BORN_IN_YEAR = re.compile(r"(?i:\bborn(?:[ \u00a0]+in)?)[ \u00a0]+((?:19|20)\d{2})\b")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_DOB_WINDOW = 60


def _in_the_past(date_match: re.Match, this_year: int) -> bool:
    """A two-digit year cannot be placed, so it counts as past."""
    year = next(y for y in date_match.group("y1", "y2", "y3", "y4") if y)
    return len(year) != 4 or int(year) < this_year


def find_dates_of_birth(text: str, today: date | None = None, *, metadata: bool = False) -> list[Span]:
    """The first date after a "date of birth"/"DOB"/"born" label, close enough and in the same
    sentence, whose year is already past. Dates elsewhere in a statement are events ("caution given
    on 31 July 2026") that the prosecutor needs, so they stay.

    In ``metadata`` (document properties, custom XML) a past date often stands alone, its label
    lost in a property name, and no reader of the bundle needs it: every past date goes.
    """
    this_year = (today or date.today()).year
    spans = []
    if metadata:
        return [Span(*m.span(), DATE_OF_BIRTH) for m in _DATE.finditer(text) if _in_the_past(m, this_year)]
    for label in _DOB_LABEL.finditer(text):
        found = _DATE.search(text, label.end(), label.end() + _DOB_WINDOW + 30)
        if not found or found.start() - label.end() > _DOB_WINDOW:
            continue
        if _SENTENCE_END.search(text, label.end(), found.start()):
            continue
        if _in_the_past(found, this_year):
            spans.append(Span(*found.span(), DATE_OF_BIRTH))
    spans += [Span(*m.span(1), DATE_OF_BIRTH) for m in _BORN_IN_YEAR.finditer(text)
              if int(m.group(1)) < this_year]
    return spans


# ---------------------------------------------------------------- identifiers

_NI_NUMBER = re.compile(
    _NOT_WORD_BEFORE + r"[A-Z]{2}(?:[ \u00a0\-]?\d){6}[ \u00a0\-]?[A-Z]" + _NOT_WORD_AFTER
)
_NI_LABELLED = re.compile(
    r"(?i:\b(?:national[ \u00a0]+insurance|NI|NINO)(?:[ \u00a0]+(?:number|no\.?))?)[ \u00a0:\-]*"
    r"([A-Za-z]{2}(?:[ \u00a0\-]?\d){6}(?:[ \u00a0\-]?[A-Za-z])?)" + _NOT_WORD_AFTER
)


def find_ni_numbers(text: str) -> list[Span]:
    """National Insurance numbers: "PZ 17 74 37 A", "PZ177437A", any grouping; lower case or
    without the final letter only straight after a label."""
    spans = [Span(*m.span(), NI_NUMBER) for m in _NI_NUMBER.finditer(text)]
    spans += [Span(*m.span(1), NI_NUMBER) for m in _NI_LABELLED.finditer(text)]
    return spans


# "MG18 TIC" is a case file form (offences taken into consideration), not a number plate; any
# other "MG16 VBX" may well be one.
_VEHICLE_CURRENT = re.compile(
    _NOT_WORD_BEFORE + r"(?!MG[0-9]{2}[ \u00a0]?(?:TIC|CPS|NFA|OIC|ROI)\b)[A-Z]{2}[0-9]{2}[ \u00a0]?[A-Z]{3}" + _NOT_WORD_AFTER
)
_VEHICLE_OLDER = re.compile(
    _NOT_WORD_BEFORE
    + r"(?:[A-Z][0-9]{1,3}[ \u00a0]?[A-Z]{3}|[A-Z]{3}[ \u00a0]?[0-9]{1,3}[A-Z])"
    + _NOT_WORD_AFTER
)
_VEHICLE_DATELESS_LABELLED = re.compile(
    r"(?i:\b(?:registration|reg|VRM|VRN|index)(?:[ \u00a0]+(?:number|no\.?|mark))?\.?)[ \u00a0]*[:\-]?[ \u00a0]*"
    r"([A-Z]{1,3}[ \u00a0]?[0-9]{1,4}|[0-9]{1,4}[ \u00a0]?[A-Z]{1,3})" + _NOT_WORD_AFTER
)
_VEHICLE_LABEL = re.compile(
    r"(?i:\b(?:registration|reg|VRM|VRN|index|number[ \u00a0]plate|plate|vehicle|car|van|motorcycle|"
    r"moped|lorry|taxi)\b)"
)


def find_vehicle_registrations(text: str) -> list[Span]:
    """Current-style marks ("CT64 BUD") anywhere; prefix ("A123 BCD") and suffix ("ABC 123D")
    marks near a vehicle word; dateless marks ("ABC 123") only straight after a registration
    label, because on their own they look like too many other things."""
    spans = [Span(*m.span(), VEHICLE) for m in _VEHICLE_CURRENT.finditer(text)]
    for m in _VEHICLE_OLDER.finditer(text):
        if _near(_VEHICLE_LABEL, text, m.start(), 30):
            spans.append(Span(*m.span(), VEHICLE))
    spans += [Span(*m.span(1), VEHICLE) for m in _VEHICLE_DATELESS_LABELLED.finditer(text)]
    return spans


_SORT_CODE_DASHED = re.compile(r"(?<![\d\-/.])\d{2}-\d{2}-\d{2}(?![\d\-/.])")
_SORT_CODE_PLAIN = re.compile(r"(?<![\d\-/.])\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}(?![\d\-/.])")
_SORT_CODE_LABEL = re.compile(r"(?i:sort[ \u00a0\-]*code|\bs/c\b|\bbank\b)")


def find_sort_codes(text: str) -> list[Span]:
    """"21-65-63" anywhere; "21 65 63" or "216563" only after a sort code label."""
    spans = [Span(*m.span(), SORT_CODE) for m in _SORT_CODE_DASHED.finditer(text)]
    for m in _SORT_CODE_PLAIN.finditer(text):
        if _near(_SORT_CODE_LABEL, text, m.start(), 30):
            spans.append(Span(*m.span(), SORT_CODE))
    return spans


_ACCOUNT_EIGHT = re.compile(r"(?<![\d\-/.])\d{8}(?![\d\-/.])")
_ACCOUNT_LABELLED = re.compile(
    r"(?i:\b(?:account|acct|acc|a/c)(?:[ \u00a0]+(?:number|no\.?|num))?\.?)[ \u00a0:\-#]*"
    r"((?:\d[ \u00a0]?){5,9}\d)(?!\d)"
)
_IBAN = re.compile(_NOT_WORD_BEFORE + r"[A-Z]{2}\d{2}[ \u00a0]?[A-Z]{4}(?:[ \u00a0]?\d){14}" + _NOT_WORD_AFTER)
_CARD = re.compile(r"(?<![\d\-])(?:\d{4}[ \u00a0\-]){3}\d{4}(?![\d\-])|(?<!\d)\d{16}(?!\d)")


def find_bank_details(text: str) -> list[Span]:
    """Eight-digit account numbers anywhere, 6-10 digits after an account label, IBANs and card
    numbers."""
    spans = [Span(*m.span(), ACCOUNT) for m in _ACCOUNT_EIGHT.finditer(text)]
    spans += [Span(*m.span(1), ACCOUNT) for m in _ACCOUNT_LABELLED.finditer(text)]
    spans += [Span(*m.span(), ACCOUNT) for m in _IBAN.finditer(text)]
    spans += [Span(*m.span(), CARD) for m in _CARD.finditer(text)]
    return spans


_PNC = re.compile(
    _NOT_WORD_BEFORE
    + r"(?:(?:19|20)?\d{2}/\d{1,7}[A-Z]"            # PNC ID: 12/345678A, 2012/0123456X
    + r"|\d{3,6}/\d{2}[A-Z]"                        # CRO number: 123456/12A
    + r"|\d{2}/?\d{2}[A-Z]{2}/?\d{2}/?\d{1,12}[A-Z])"  # Arrest/Summons number
    + _NOT_WORD_AFTER
)


def find_pnc_ids(text: str) -> list[Span]:
    """Police National Computer identifiers, CRO numbers and Arrest/Summons numbers."""
    return [Span(*m.span(), PNC) for m in _PNC.finditer(text)]


# ---------------------------------------------------------------- names nobody supplied

_NAME_WORD = r"(?:(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]\.?)(?![\w'’])"
_LABELLED_NAME = re.compile(
    r"(?<![A-Za-z])(?i:statement[ \u00a0]of|full[ \u00a0]name|name|signed(?:[ \u00a0]by)?|signature|"
    r"witness|victim|complainant|injured[ \u00a0]party|author|creator|last[ \u00a0]modified[ \u00a0]by|"
    r"manager|contact|next[ \u00a0]of[ \u00a0]kin|parent|guardian|user)[ \u00a0]*[:\-–][ \u00a0]*"
    rf"(?P<name>(?:{TITLE_PATTERN}[ \u00a0])?{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{0,3}})"
)
_SURNAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
_TITLED_NAME = re.compile(
    rf"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \u00a0]+{_SURNAME_WORD}(?:[ \u00a0]{_SURNAME_WORD}){{0,2}}(?![\w\-])"
)
# Capitalised words that follow a label but are not a name ("Victim: The shop", "Signed: Date").
_NOT_NAME_WORDS = frozenset("""
The A An This That These Those He She They It We I You His Her Their Its Our Not No None Unknown
Refused Declined Yes See Same As Above Below Witness Victim Police Officer Statement Date Time
Address Telephone Tel Phone Mobile Email E Signed Signature Name Age Occupation Of On In At To For
Dated Declaration Continuation Contact Details Record Report Notes Note Mother Father Parent
Guardian Manager Store Shop Company Ltd Limited Plc Catch
""".split())
_RANK_WORDS = frozenset(RANKS)
# "Course name:", "Provider contact:" label a thing, not a person.
_THING_BEFORE_LABEL = re.compile(
    r"(?i:\b(?:course|provider|programme|program|company|organisation|organization|business|shop|store|"
    r"street|road|file|document|product|scheme|brand|trading|team|school|college|station|account|bank|"
    r"vessel|vehicle|model|event|venue|premises|project|service|charity|agency|user|offence)[ \u00a0]*$)"
)


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing words that are not names; refuse officers and non-names entirely."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    if not words or words[0][2].rstrip(".") in _RANK_WORDS:
        return None
    while words and words[-1][2].rstrip(".") in _NOT_NAME_WORDS:
        words.pop()
    if not words or all(w[2].rstrip(".") in _NOT_NAME_WORDS for w in words):
        return None
    if words[0][2].rstrip(".") in _NOT_NAME_WORDS:
        return None
    return words[0][0], words[-1][1]


def find_unlisted_names(text: str) -> list[Span]:
    """Names the case record did not list but the document shows as a person: after a label
    ("Name:", "Signed:", "Statement of:", a document's author) or after a title ("Mr Patel").
    Officers are left alone; the caller's keep list protects the defendant, and organisation names
    win (see :class:`Detector`)."""
    spans = []
    for m in _LABELLED_NAME.finditer(text):
        if _THING_BEFORE_LABEL.search(text, max(0, m.start() - 20), m.start()):
            continue
        trimmed = _trim_name(text, *m.span("name"))
        if trimmed:
            spans.append(Span(*trimmed, NAME))
    for m in _TITLED_NAME.finditer(text):
        trimmed = _trim_name(text, *m.span())
        if trimmed:
            spans.append(Span(*trimmed, NAME))
    return spans


# ---------------------------------------------------------------- protected phrases

# Organisation, course and statute names stay even when a redacted person shares a word with them
# ("Hampton Trust", "Victim Awareness Course", "Criminal Damage Act 1971").
# Linear on any input: a match starts only at the start of a word and each word is capped, so a
# long run of letters is read once, not once per letter.
_ORGANISATION = re.compile(
    r"(?<![\w'’&\-])(?:[A-Z][\w'’&\-]{0,40}[ \u00a0]){1,5}(?:Trust|Support|Programme|Program|Course|Workshop|Service|"
    r"Services|Project|Scheme|Foundation|Charity|Centre|Center|Partnership|Team|Group|Network|"
    r"Society|Association|Council|Agency|Academy|College|School|Clinic|Hospital|University|"
    r"Limited|Ltd|Plc|LLP|CIC|Act(?:[ \u00a0]\d{4})?)(?![A-Za-z])"
)


# ---------------------------------------------------------------- combining

_VALUE_FINDERS = (
    find_phones, find_emails, find_postcodes, find_addresses, find_ni_numbers,
    find_vehicle_registrations, find_sort_codes, find_bank_details, find_pnc_ids,
)


def _subtract(span: Span, protected: list[tuple[int, int]], starts: list[int]) -> list[Span]:
    """Remove protected (sorted, non-overlapping) stretches from a span, unless the span wholly
    and strictly contains them (an address "1 Horton Road" wins over a kept surname "Horton")."""
    pieces = [span]
    i = max(0, bisect_left(starts, span.start) - 1)
    while i < len(protected) and protected[i][0] < span.end:
        p_start, p_end = protected[i]
        i += 1
        if p_end <= span.start:
            continue
        if span.start <= p_start and p_end <= span.end and (p_end - p_start) < (span.end - span.start):
            continue
        next_pieces = []
        for piece in pieces:
            if p_end <= piece.start or p_start >= piece.end:
                next_pieces.append(piece)
                continue
            if piece.start < p_start:
                next_pieces.append(Span(piece.start, p_start, piece.category))
            if p_end < piece.end:
                next_pieces.append(Span(p_end, piece.end, piece.category))
        pieces = next_pieces
    return [p for p in pieces if p.end - p.start > 0]


def merge(spans) -> list[Span]:
    """Sorted, non-overlapping spans; where two overlap the earlier, longer one names the category."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.category)
        else:
            merged.append(span)
    return merged


class Detector:
    """All detectors with the case's names, ready to run over many texts.

    ``names`` are the victims and witnesses to remove; ``keep`` the people who must stay visible
    (defendant, officers). Build one per document: compiling the name patterns is the only
    per-case cost.
    """

    def __init__(self, names=(), keep=(), *, today: date | None = None, time_limit: float = TIME_LIMIT,
                 guess_people: bool = True, own_details=()):
        """``own_details`` are the defendant's own date of birth (a ``date``) and address lines: the
        subject of the prosecution, not a third party, so they stay however they are written."""
        self.today = today
        self.time_limit = time_limit
        self.guess_people = guess_people
        self._own_dates = {d for d in own_details if isinstance(d, date)}
        self._own_text = [_compact(d) for d in own_details if isinstance(d, str) and len(_compact(d)) >= 4]
        keep = [k for k in keep if k and k.strip()]
        names = [n for n in names if n and n.strip()]
        self._names = NameMatcher(names, ambiguous_tokens=name_tokens(keep))
        self._keep = keep_pattern(keep, redacted_tokens=name_tokens(names))

    def find(self, text: str, *, metadata: bool = False) -> list[Span]:
        """Merged spans to redact in ``text``; ``metadata`` for document properties and custom XML
        (see :func:`find_dates_of_birth`).

        Names to keep beat everything except a longer span that wholly contains them (an address
        "1 Horton Road"). Organisation, course and statute names beat the weak name matches: lone
        tokens of supplied names and names nobody supplied.
        """
        deadline = time.monotonic() + self.time_limit
        found: list[Span] = []
        for finder in _VALUE_FINDERS:
            found += finder(text)
            _check_deadline(deadline, self.time_limit)
        found += find_dates_of_birth(text, self.today, metadata=metadata)
        found += [Span(s, e, NAME) for s, e in self._names.strong(text)]
        weak = [Span(s, e, NAME) for s, e in self._names.weak(text)] + find_unlisted_names(text)
        people = [Span(s, e, NAME) for s, e in find_people(text, guess=self.guess_people)]
        weak += people
        _check_deadline(deadline, self.time_limit)
        if weak:
            found += _outside(weak, [m.span() for m in _ORGANISATION.finditer(text)])
        if self._own_dates or self._own_text:
            found = [s for s in found if not self._is_own_detail(text[s.start:s.end], s.category)]
        if self._keep is not None:
            kept = _uncontested(text, self._keep.spans(text), people)
            full_names = [(a, b) for a, b in kept if any(c.isspace() for c in text[a:b])]
            found = [s for s in found if not (s.category == ADDRESS and _runs_into_a_name(s, full_names))]
            found = self._protect(found, kept)
        # A one-character piece left between kept words is nothing; a one-character name in a
        # script without capitals (a Chinese given name) is a name.
        return merge(s for s in found if s.end - s.start > 1 or (s.category == NAME and text[s.start].isalpha()))

    def _is_own_detail(self, value: str, category: str) -> bool:
        if category == DATE_OF_BIRTH:
            return _as_date(value) in self._own_dates
        if category in (ADDRESS, POSTCODE):
            # Wholly within the defendant's address: "12 Elm Road" or "LS1 4AB" alone, not a
            # neighbour's "14 Elm Road, LS1 4AB".
            compact = _compact(value)
            return any(compact in own for own in self._own_text)
        return False

    @staticmethod
    def _protect(spans: list[Span], protected: list[tuple[int, int]]) -> list[Span]:
        """Spans with kept names cut out of them (see :func:`_subtract`)."""
        if not protected:
            return spans
        joined = [(s.start, s.end) for s in merge(Span(a, b, NAME) for a, b in protected)]
        starts = [p[0] for p in joined]
        out = []
        for span in spans:
            out += _subtract(span, joined, starts)
        return out


def _compact(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


_MONTH_NUMBERS = {m.casefold(): i % 12 + 1 for i, m in enumerate(_MONTHS.split("|")[:12])} | {
    m.casefold(): n for m, n in (("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4), ("Jun", 6), ("Jul", 7),
                                 ("Aug", 8), ("Sep", 9), ("Sept", 9), ("Oct", 10), ("Nov", 11), ("Dec", 12))}


def _as_date(value: str) -> date | None:
    """A date written as the date detectors find them ("14/02/1999", "14th February 1999", "1999-02-14")."""
    numbers = re.findall(r"\d+", value)
    month_word = re.search(r"[A-Za-z]{3,}", re.sub(r"(?i)\b(?:st|nd|rd|th|of)\b", " ", value))
    try:
        if month_word:
            month = _MONTH_NUMBERS.get(month_word.group().casefold().rstrip("."))
            day, year = int(numbers[0]), int(numbers[-1])
            return date(year, month, day) if month else None
        if len(numbers) == 3:
            if len(numbers[0]) == 4:
                return date(int(numbers[0]), int(numbers[1]), int(numbers[2]))
            year = int(numbers[2]) + (1900 if len(numbers[2]) == 2 and int(numbers[2]) > 30 else 2000 if len(numbers[2]) == 2 else 0)
            return date(year, int(numbers[1]), int(numbers[0]))
    except (ValueError, IndexError):
        return None
    return None


class UnreadableDocument(ValueError):
    """The bytes are not a document this module can read (not a .docx package, not a PDF), or
    reading it would cost more than any real document does."""


class DetectionTimeLimit(UnreadableDocument):
    """Reading one part took longer than any real document needs: it is refused, not left to hold a
    worker. Every detector is linear, so this is a backstop, not the defence."""


def _check_deadline(deadline: float, limit: float) -> None:
    if time.monotonic() > deadline:
        raise DetectionTimeLimit(f"one part of the document took more than {limit:g} seconds to read: "
                                 "split it into smaller documents")


def _uncontested(text: str, kept: list[tuple[int, int]], people: list[Span]) -> list[tuple[int, int]]:
    """Kept stretches, less a lone word that another person in the text also has: with the defendant
    Paul Sinclair and a neighbour Paul Lebreton, "Paul's car" cannot be shown to be the defendant, so
    it is not protected (deny by default). Full forms of the kept name stay protected."""
    kept_set = set(kept)
    contested = set()
    for person in people:
        words = text[person.start:person.end].split()
        if len(words) > 1 and (person.start, person.end) not in kept_set:
            contested.update(w.casefold() for w in words)
    if not contested:
        return kept
    return [(a, b) for a, b in kept if " " in text[a:b] or text[a:b].casefold() not in contested]


def _runs_into_a_name(span: Span, names: list[tuple[int, int]]) -> bool:
    """"aged 35 Ronald Hill", "Room 9 Mr Dale Davies": a street line whose street words are the
    start of a kept person's full name is that person, not an address."""
    return any(span.start < start < span.end <= end for start, end in names)


def _outside(spans: list[Span], protected: list[tuple[int, int]]) -> list[Span]:
    """Spans not lying wholly inside one of the (non-overlapping, sorted) protected stretches."""
    starts = [p[0] for p in protected]
    kept = []
    for span in spans:
        i = bisect_right(starts, span.start) - 1
        if i < 0 or protected[i][1] < span.end:
            kept.append(span)
    return kept
