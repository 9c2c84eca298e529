"""Find every person a document names, whether or not the case record knows them.

Deny by default: a statement names neighbours, friends, children and second witnesses that no
case record holds, and each of them is a third party whose name must not reach the bundle unless
someone decided it may. So this finds *person-like* names, and the caller lets the keep list
(defendant, officers) and organisation, court and place names win.

Evidence that a run of capitalised words is a person, any one of which is enough:

* a title ("Mr Donnelly", "Dr Owen Campos"); a police rank instead marks an officer, who is left alone;
* a word from the first- or last-name lists of Faker, a pinned dependency already used for demo
  data, which carries names from some ninety locales (no download at run time); a name that is also
  an ordinary English word ("Will", "Green") does not count on its own;
* the words around it: "my neighbour, ...", "her son ...", "... (a friend of", "...'s car",
  "... said", a "Name:" or "Signed:" label or a table cell under one;
* two or more capitalised words in the middle of a sentence that are not an organisation or place.

Organisations, courts, stations, streets and towns are recognised by their last word ("Hampton
Trust", "Francischester Magistrates' Court") or a direction before them ("North Christine") and are
never people. Every pattern here starts only at the start of a word and reads a bounded number of
capped words, so the whole search is linear in the text.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from functools import cache

from .names import RANKS, TITLES

# Upper-case letters of the Latin scripts names are written in (accents included), as a class.
_UPPER = "".join(sorted({c for c in map(chr, [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x2000)])
                         if c.isupper()}))
# Scripts without capitals (Hebrew, Arabic, Indic, Thai, Georgian, Hangul, kana, CJK): in an English
# statement a run of them is a name or words a reader cannot check, so it is treated as a name.
_CASELESS = "\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CASELESS_RUN = re.compile(rf"[{_CASELESS}][{_CASELESS}\u0300-\u036f]{{0,40}}(?:[ \u00a0][{_CASELESS}][{_CASELESS}\u0300-\u036f]{{0,40}}){{0,4}}")
_CAP = "[" + re.escape(_UPPER) + "]"
_TOKEN = _CAP + r"[\w'’\-‐‑]{0,40}"
_PARTICLES = r"(?:van|von|de|der|den|da|di|del|della|du|le|la|bin|ibn|al|el|dos|das|ter|y)"
_CHUNK = re.compile(
    rf"(?<![\w'’\-‐‑]){_TOKEN}(?:[ \u00a0](?:{_PARTICLES}[ \u00a0]){{0,2}}{_TOKEN}){{0,5}}"
)
_POSSESSIVE = re.compile(r"(?:['’]s?)?$")

_TITLE_WORDS = frozenset(t.casefold() for t in TITLES)
_RANK_WORDS = frozenset(r.casefold() for r in RANKS) | frozenset(
    "pcso dc ds dcs dsupt acc dcc chief superintendent sergeant inspector constable detective officer".split())

# Capitalised words that start sentences or label things, never a person on their own.
_STOP = frozenset("""
a an the this that these those he she they it we i you his her their its our my your me him them us
on in at to for of from by with and or but so if as when then after before while during since until
also later there here what which who whom whose where why how all any some no not yes none each every
both either neither other another such same see above below further following continued next last
first second third one two three four five six seven eight nine ten once about around between against
into onto upon within without under over again only just very too however although because though
dear regards yours sincerely signed signature name full address telephone tel phone mobile email e
date time age occupation statement witness victim complainant suspect defendant offender accused
police officer constable court case caution conditional community resolution report notes note
record details contact declaration continuation page document exhibit reference ref mg mg11 ofc
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december today yesterday tomorrow morning afternoon evening night
north south east west northern southern eastern western central upper lower great little old new
english british welsh scottish irish polish romanian indian pakistani african asian european
christmas easter god mum dad mother father sister brother son daughter aunt uncle nan gran grandad
mrs mr ms miss dr sir madam yes no ok okay
word pdf plain text index type prepared evidence bundle breach summary cover
""".split())

# The last word of an organisation, court, building, street or area: such a run is not a person.
# Organisations and institutions: a run ending in one is never a person, whatever comes before.
_ORGANISATION_WORDS = frozenset("""
trust support programme program course workshop service services project scheme foundation charity
centre center partnership team group network society association council agency academy college
school clinic hospital university limited ltd plc llp cic act court courts magistrates magistrates'
station police constabulary prison probation surgery practice bank library hotel inn arms club
store stores shop market office department unit board commission authority advice aid church
chapel mosque temple synagogue cathedral
""".split())
_PLACE_OR_ORG = _ORGANISATION_WORDS | frozenset("""
ward park road street lane avenue drive close way crescent place
square gardens terrace hill view grove rise walk row mews parade green estate house lodge cottage
farm industrial retail mall airport harbour port bridge tower towers buildings works garage
borough county city town village district region ward area
""".split()) | frozenset(
    "alley branch brook burg bypass causeway circle common corner crossing dale divide estates extension "
    "falls ferry field fields flat flats ford forest fork fort freeway gateway glen harbor haven heights "
    "highway hollow island junction key knoll lake landing light loaf lock mill mills motorway mount "
    "mountain neck orchard oval pass passage path pike pine pines plain plains plaza point ports prairie "
    "ramp ranch rapids ridge river route shoal shore skyway spring springs spur stravenue stream summit "
    "throughway trace track trafficway trail tunnel turnpike underpass union valley viaduct villages ville "
    "vista wall well wells approach arcade boulevard broadway brow chase cross dene drove end esplanade "
    "fold gate garth grange hall heath hurst lea mansions mead moor precinct promenade quay side vale "
    "villas walkway wharf wood woods wynd yard".split())
_PLACE_PREFIX = frozenset("north south east west new upper lower great little old port lake saint st mount fort".split())
# Lower-case words after a name that make it a place: "Francischester police station".
_PLACE_AFTER = re.compile(
    r"[ \u00a0](?:police[ \u00a0]station|station|town[ \u00a0]centre|city[ \u00a0]centre|high[ \u00a0]street|"
    r"magistrates|crown[ \u00a0]court|county[ \u00a0]court|hospital|area|district|council|borough|"
    r"railway|bus[ \u00a0]station|shopping)\b",
    re.IGNORECASE,
)
# Ending of a town name ("Francischester", "Christianland", "South Maureenborough").
_PLACE_ENDING = re.compile(
    r"(?:chester|borough|brough|bury|burgh|ton|town|land|ville|port|mouth|shire|field|stead|wich|"
    r"thorpe|furt|stad|haven|side|view|fort|berg|ham|ford|by|pool|minster|caster|cester|worth)$",
    re.IGNORECASE,
)

# What comes just before a person: a relation or a label. Matched on the bounded text before a run.
_PERSON_BEFORE = re.compile(
    r"(?i:\b(?:neighbou?rs?|friends?|son|sons|daughters?|child|children|kids?|baby|brother|sister|wife|"
    r"husband|partner|ex-partner|ex|boyfriend|girlfriend|fianc[eé]e?|mother|father|mum|mom|dad|step-?son|"
    r"step-?daughter|nephew|niece|cousin|uncle|aunt|auntie|grandson|granddaughter|grandmother|"
    r"grandfather|nan|colleague|flatmate|housemate|landlord|landlady|tenant|lodger|carer|classmate|"
    r"manager|employer|witness|victim|complainant|called|named|known[ \u00a0]as|spoke[ \u00a0]to|"
    r"statement[ \u00a0]of|statement|name|signed(?:[ \u00a0]by)?|signature|next[ \u00a0]of[ \u00a0]kin|"
    r"parent|guardian|contact|author|child'?s?[ \u00a0]name)\b[,:;\-–]?[ \u00a0]*"
    r"(?:(?:my|his|her|their|our|the|a)[ \u00a0]+)?)"
)
# What comes just after a person.
_PERSON_AFTER = re.compile(
    r"(?:['’]s?[ \u00a0]+[a-z]"                                 # Giles's car
    r"|,?[ \u00a0]+aged[ \u00a0]+\d"                             # Gareth, aged 9
    r"|[ \u00a0]*\((?:a|an|the|aged?|born|d\.?o\.?b|dob|my|his|her|their)\b"  # Tripti O'Flaherty (a friend
    r"|[ \u00a0]+(?:said|says|told|tells|shouted|screamed|replied|asked|stated|explained|admitted|"
    r"confirmed|denied|lives|lived|who|saw|heard|gave|came|went|ran|called|phoned|rang|texted|"
    r"witnessed|is[ \u00a0]+my|was[ \u00a0]+my)\b)"
)
# A cell or line label above a value: "Name" in one table cell, the person in the next.
_LABEL_PARAGRAPH = re.compile(
    r"(?i:(?:full[ \u00a0])?name|name[ \u00a0]of[ \u00a0]\w+|witness|victim|complainant|signed|signature|"
    r"next[ \u00a0]of[ \u00a0]kin|contact|parent|guardian|child)[ \u00a0:]*$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\u2029\n\t|\"“‘(\[•*–-])[ \u00a0]*")
_BREAK = "\u2029\n\t"
_AT_A_PLACE = re.compile(r"(?i:\b(?:in|at|near|from)[ \u00a0]+)")
_ARTICLE = re.compile(r"(?i:\b(?:the|a|an)[ \u00a0]+)")
_PLACE_PREPOSITIONS = re.compile(r"(?i:\b(?:in|at|from|near|to|into|towards|outside|via|across|of)[ \u00a0]+)")


class _Before(dict):
    """Where each kind of lead-in ends in a text: every pattern runs once over the whole text, so
    asking "does a relation word come just before this name?" costs a set look-up, not a search."""

    def __init__(self, text: str):
        super().__init__((name, {m.end() for m in pattern.finditer(text)}) for name, pattern in (
            ("person", _PERSON_BEFORE), ("sentence", _SENTENCE_START), ("at", _AT_A_PLACE),
            ("article", _ARTICLE), ("preposition", _PLACE_PREPOSITIONS)))

    def has(self, kind: str, start: int) -> bool:
        return start in self[kind]


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, ordinary English words that are also names), casefolded, from
    Faker's person providers for every locale it ships, Latin script only."""
    import faker.providers.lorem.en_US as lorem
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        for attribute, value in vars(provider).items() if provider else ():
            target = first if attribute.startswith("first_names") else last if attribute.startswith("last_names") else None
            if target is None or isinstance(value, (str, property)) or not hasattr(value, "__iter__"):
                continue
            target.update(_folded(v) for v in value if isinstance(v, str) and _latin(v))
    ordinary = {w.casefold() for w in lorem.Provider.word_list} | _STOP | _PLACE_OR_ORG | _PLACE_PREFIX
    ordinary |= {"grace", "hope", "faith", "joy", "rose", "dawn", "ivy", "holly", "amber", "ruby", "sky",
                 "storm", "marsh", "king", "wood", "hall", "bishop", "date", "pat", "bill", "mark", "sue",
                 "rob", "jack", "penny", "summer", "winter", "autumn", "honey", "angel", "sunny", "victor",
                 "said", "made", "ran"}  # verbs first: "Said they forgot" is an account, not a person
    return frozenset(first), frozenset(last), frozenset(ordinary & (first | last))


def _latin(value: str) -> bool:
    return len(value) > 1 and all((c.isalpha() and (c < "\u0250" or "\u1e00" <= c < "\u1f00")) or c in "'’-"
                                  for c in value)


def _folded(word: str) -> str:
    """Casefolded without accents, so "Seán" and "Zoë" meet the lists' "Sean" and "Zoe"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _bare(token: str) -> str:
    return _folded(_POSSESSIVE.sub("", token))


def _listed(bares: list[str], names: frozenset[str], ordinary: frozenset[str]) -> bool:
    """Is any word, or any part of a hyphenated one ("O'Brien-Murphy"), a listed name?"""
    return any(part in names and part not in ordinary for b in bares for part in {b, *b.split("-")})


def find_people(text: str, *, guess: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every person-like name in ``text``, titles left outside the span. A table
    cell is a paragraph of its own (U+2029), so "Name" in one cell labels the next.

    Without ``guess``, a capitalised run in mid-sentence with nothing else marking it as a person is
    left alone: for text whose sentences are lost (a PDF's lines run table cells together)."""
    first, last, ordinary = name_lists()
    places = _place_words(text)
    before = _Before(text)
    found = []
    for chunk in _CHUNK.finditer(text):
        found += _people_in(text, chunk, first, last, ordinary, places, before, guess)
    found += [m.span() for m in _CASELESS_RUN.finditer(text)]
    return sorted(found)


def _place_words(text: str) -> set[str]:
    """Words seen in this text as part of a place or organisation ("Francischester" in
    "Francischester Magistrates' Court"): alone elsewhere they are that place, unless a name list
    or the words around them say otherwise."""
    words = set()
    for chunk in _CHUNK.finditer(text):
        tokens = chunk.group().split()
        if len(tokens) > 1 and (_bare(tokens[-1]) in _PLACE_OR_ORG or _bare(tokens[0]) in _PLACE_PREFIX):
            words.update(_bare(t) for t in tokens)
        elif _PLACE_AFTER.match(text, chunk.end()):
            words.update(_bare(t) for t in tokens)
    return words


def _people_in(text, chunk, first, last, ordinary, places, before, guess) -> list[tuple[int, int]]:
    tokens = [(m.start() + chunk.start(), m.end() + chunk.start(), m.group())
              for m in re.finditer(r"\S+", chunk.group())]
    # Split at words that cannot be part of a name ("On Tuesday Giles", "Giles and"); a rank marks
    # an officer and takes the words after it out of consideration.
    groups: list[list] = [[]]
    titled: list[bool] = [False]
    for start, end, word in tokens:
        bare = _bare(word)
        if bare in _RANK_WORDS and word[:1].isupper():
            groups.append(None)  # officer: skip what follows
            titled.append(False)
            continue
        if groups[-1] is None:
            continue
        if bare.rstrip(".") in _TITLE_WORDS:
            groups.append([])
            titled.append(True)
            continue
        if bare in _STOP and not (titled[-1] and groups[-1] == []):
            groups.append([])
            titled.append(False)
            continue
        groups[-1].append((start, end, word))
    spans = []
    for group, has_title in zip(groups, titled):
        if not group:
            continue
        span = _person(text, group, has_title, first, last, ordinary, places, before, guess)
        if span:
            spans.append(span)
    return spans


def _person(text, group, has_title, first, last, ordinary, places, before, guess):
    start, end = group[0][0], group[-1][1]
    word_end = end - len(_POSSESSIVE.search(group[-1][2]).group())
    bares = [_bare(w) for _, _, w in group]
    if any(any(c.isdigit() for c in w) for _, _, w in group):
        return None
    if bares[-1] in _ORGANISATION_WORDS:
        return None
    if has_title:
        return start, word_end
    if bares[0] in _PLACE_PREFIX or _PLACE_AFTER.match(text, word_end):
        return None
    after = text[word_end:word_end + 30]
    context = bool(before.has("person", start) or _PERSON_AFTER.match(after) or _labelled_cell(text, start))
    if bares[-1] in _PLACE_OR_ORG and not context and not _first_and_surname(bares, first, last, ordinary):
        return None  # "Owen Square", "Christine Court"; but "Wendy Mills", "her son Dale" are people
    all_caps = all(w.isupper() for _, _, w in group)
    listed_first = _listed(bares, first, ordinary)
    listed_last = _listed(bares, last, ordinary)
    if all_caps and len(group) == 1 and len(bares[0]) <= 3:
        return None  # an acronym
    if context:
        return start, word_end
    if not guess and len(group) == 1:
        return None  # one listed word in text whose sentences are lost is too little to go on
    if listed_first:
        return start, word_end
    if listed_last and (len(group) > 1 or (bares[0] not in places and not before.has("at", start))):
        return start, word_end
    sentence_start = before.has("sentence", start)
    if all_caps or sentence_start or not guess:
        return None
    # A capitalised run in mid-sentence that nothing marks as an organisation or a place.
    if all(b in places for b in bares) or before.has("preposition", start) or before.has("article", start):
        return None
    if len(group) == 1 and _PLACE_ENDING.search(bares[0]):
        return None
    return start, word_end


def _first_and_surname(bares, first, last, ordinary) -> bool:
    """A known first name then a known surname that is also a street or place word ("Mills", "Lane")."""
    return len(bares) == 2 and bares[0] in first and bares[0] not in ordinary and bares[1] in last


def _labelled_cell(text: str, start: int) -> bool:
    """Is this run the first thing in a paragraph whose previous paragraph is a name label?"""
    i = start
    while i > 0 and text[i - 1] in " \u00a0":
        i -= 1
    if i == 0 or text[i - 1] not in _BREAK:
        return False
    low = max(0, i - 41)  # a label is short: never search further back than one
    previous_start = max(text.rfind("\u2029", low, i - 1), text.rfind("\n", low, i - 1),
                         text.rfind("\t", low, i - 1), low - 1)
    return bool(_LABEL_PARAGRAPH.fullmatch(text[previous_start + 1:i - 1].strip()))


# ---------------------------------------------------------------- one person, many mentions

_LEADING_TITLE = re.compile(r"^(?:(?:" + "|".join(sorted(TITLES + RANKS, key=len, reverse=True)) + r")\.?\s+)+", re.IGNORECASE)


def person_key(mention: str) -> str:
    """How a mention is compared with others: no title, no possessive, one kind of hyphen and
    apostrophe, single spaces, case folded. "Mr GILES's" and "Giles" give the same key."""
    text = " ".join(mention.split())
    text = _LEADING_TITLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"[‐‑–]", "-", text).replace("’", "'")
    return text.casefold().strip(" ,.")


def group_people(keys) -> dict[str, str]:
    """Each key mapped to the person it belongs to: a lone first name or surname joins the one
    fuller name that contains it ("giles" joins "giles dhingra"); if two fuller names share it, it
    stays a person of its own, since a reviewer cannot tell which."""
    keys = set(keys)
    full = [k for k in keys if " " in k]
    by_token: dict[str, set[str]] = {}
    for name in full:
        for token in re.split(r"[ -]", name):
            by_token.setdefault(token, set()).add(name)
    out = {}
    for key in keys:
        owners = by_token.get(key, set()) if " " not in key else set()
        out[key] = next(iter(owners)) if len(owners) == 1 else key
    return out
