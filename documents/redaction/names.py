"""Find the people the case record names, in the forms statements actually use.

The caller knows who the victims and witnesses are (``--name``) and who must stay visible
(``--keep``: the defendant and the officers). A statement rarely repeats a full name: it says
"Miss Lees", "LEES, Jenna", "J. Lees", "Lees's car" or just "Jenna". So each supplied name is
expanded into the variants a person would recognise as the same individual.

Two strengths of match exist because they fail differently:

* *strong* matches use at least two parts of the name (or a title with the surname) and are
  matched regardless of case;
* *weak* matches are a single surname or first name. They are matched only in Title or UPPER case,
  never when a name to keep shares the token ("clearly the same person" cannot be shown), never for
  tokens that are also month or day names ("17 May 2026" must survive), and they give way to
  organisation and course names ("Hampton Trust", "Victim Awareness Course").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TITLES = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord",
    "Rev", "Revd", "Master",
)
# Police ranks: a name that starts with one belongs to an officer, and officers are kept.
RANKS = (
    "PC", "DC", "PS", "DS", "TDC", "SPC", "PCSO", "Sgt", "Sergeant", "Insp", "Inspector", "DI",
    "DCI", "CI", "Supt", "Superintendent", "Constable", "Detective", "Officer", "Ch",
)
POST_NOMINALS = ("MBE", "OBE", "CBE", "QPM", "KPM", "KC", "QC", "Jr", "Jnr", "Snr", "Sr", "PhD")

_CALENDAR_WORDS = frozenset(
    w.casefold()
    for w in (
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    ).split()
)

TITLE_PATTERN = r"(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?"
_BEFORE = r"(?<![\w'’\-])"
_AFTER = r"(?![\w\-])"
_GAP = r"[\s\u00a0]+"

_HYPHENS = "-‐‑–"
_APOSTROPHES = "'’"


def _token_pattern(token: str) -> str:
    """A name token as a pattern tolerant of how it is typed: "Connor-Hardy" also as
    "Connor Hardy" or with an en dash, "O'Brien" also with a curly apostrophe or none."""
    out = []
    for char in token:
        if char in _HYPHENS:
            out.append(r"(?:[\-‐‑–]|[\s\u00a0]+)")
        elif char in _APOSTROPHES:
            out.append(r"['’]?")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _case_forms(token: str) -> set[str]:
    """Title, UPPER and as-given forms: the only cases in which a lone name token is a name."""
    titled = "-".join(part[:1].upper() + part[1:].lower() for part in token.split("-"))
    return {token, token.upper(), titled}


def _cased(token: str) -> str:
    return "(?:" + "|".join(_token_pattern(f) for f in sorted(_case_forms(token))) + ")"


@dataclass(frozen=True)
class PersonName:
    """A supplied name split into what statements refer to separately."""

    raw: str
    title: str | None
    given: tuple[str, ...]
    surname: str | None

    @classmethod
    def parse(cls, raw: str) -> "PersonName":
        tokens = [t.strip(",.") for t in raw.split()]
        tokens = [t for t in tokens if t]
        titles = {t.casefold(): t for t in TITLES}
        prefixes = set(titles) | {r.casefold() for r in RANKS}
        title = None
        while tokens and tokens[0].casefold() in prefixes:
            title = title or titles.get(tokens[0].casefold())
            tokens.pop(0)
        tokens = [
            t for t in tokens
            if not any(c.isdigit() for c in t) and t not in POST_NOMINALS
        ]
        if not tokens:
            return cls(raw, title, (), None)
        return cls(raw, title, tuple(tokens[:-1]), tokens[-1])

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.given + ((self.surname,) if self.surname else ())

    def single_tokens(self) -> set[str]:
        """Every token that could stand alone for this person, hyphenated parts included."""
        found = set()
        for token in self.tokens:
            found.add(token)
            found.update(p for p in re.split(r"[\-‐‑–]", token) if p)
        return {t for t in found if len(t) > 1}

    def strong_patterns(self, shared_surname: bool = False) -> list[str]:
        """Variants using two or more parts of the name, or a title with the surname.

        With a ``shared_surname`` (a kept person has it too: a domestic case, say) "Mr Horton" is
        only this person if the title is theirs, so any other title is not matched.
        """
        if not self.surname:
            return []
        surname = _token_pattern(self.surname)
        title = rf"(?:{TITLE_PATTERN}{_GAP})?"
        patterns = []
        if not shared_surname:
            patterns.append(rf"{TITLE_PATTERN}{_GAP}{surname}")
        elif self.title:
            patterns.append(rf"{re.escape(self.title)}\.?{_GAP}{surname}")
        if self.given:
            first = _token_pattern(self.given[0])
            middles = "".join(rf"(?:{_GAP}{_token_pattern(m)})?" for m in self.given[1:])
            initials = "".join(rf"{re.escape(g[0].upper())}\.?[\s\u00a0]*" for g in self.given)
            patterns += [
                rf"{title}{first}{middles}{_GAP}{surname}",
                # Initials only in capitals with a capitalised surname: "a hall" is not "A. Hall".
                rf"(?-i:{initials}[\s\u00a0]{_cased(self.surname)})",
                rf"{surname}(?:,[\s\u00a0]*|{_GAP}){first}{middles}",
            ]
        return patterns

    def weak_tokens(self) -> set[str]:
        """Surname and first name on their own."""
        candidates = set()
        if self.surname:
            candidates.add(self.surname)
        if self.given:
            candidates.add(self.given[0])
        return {t for t in candidates if len(t) > 1 and t.casefold() not in _CALENDAR_WORDS}


class AnchoredPattern:
    """A name pattern searched only around its anchor words.

    Every variant of a name contains one of a few tokens (the surname, for a name to redact), and a
    plain alternation of those tokens is far quicker to scan for than the full pattern with its
    optional titles and look-behinds. On a 200-page bundle this is the difference between the
    name search dominating the run and not showing up.
    """

    _BEFORE_CHARS = 80
    _AFTER_CHARS = 60

    def __init__(self, pattern: re.Pattern, anchor_tokens):
        self.pattern = pattern
        anchors = sorted({_token_pattern(t) for t in anchor_tokens}, key=len, reverse=True)
        self.anchor = re.compile("(?i:" + "|".join(anchors) + ")")

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = set()
        for hit in self.anchor.finditer(text):
            low = max(0, hit.start() - self._BEFORE_CHARS)
            high = min(len(text), hit.end() + self._AFTER_CHARS)
            found.update(m.span() for m in self.pattern.finditer(text, low, high))
        return sorted(found)


class NameMatcher:
    """Compiled matcher for the names to redact; strong and weak matches are reported apart."""

    def __init__(self, names, *, ambiguous_tokens=frozenset()):
        """``ambiguous_tokens`` are casefolded tokens that must never match on their own because
        a name to keep shares them."""
        people = [PersonName.parse(n) for n in names if n and n.strip()]
        strong = sorted(
            {p for person in people for p in person.strong_patterns(_shares_surname(person, ambiguous_tokens))},
            key=len, reverse=True,
        )
        weak_forms = set()
        for person in people:
            for token in person.weak_tokens():
                if token.casefold() not in ambiguous_tokens:
                    weak_forms |= _case_forms(token)
        self._strong = AnchoredPattern(
            re.compile(rf"{_BEFORE}(?:{'|'.join(strong)}){_AFTER}", re.IGNORECASE),
            [p.surname for p in people if p.surname],
        ) if strong else None
        weak = sorted(weak_forms, key=len, reverse=True)
        self._weak = (
            re.compile(rf"{_BEFORE}(?:{'|'.join(_token_pattern(t) for t in weak)}){_AFTER}")
            if weak else None
        )

    def strong(self, text: str) -> list[tuple[int, int]]:
        return self._strong.spans(text) if self._strong else []

    def weak(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._weak.finditer(text)] if self._weak else []


def _shares_surname(person: PersonName, tokens: frozenset[str]) -> bool:
    return bool(person.surname) and person.surname.casefold() in tokens


def name_tokens(names) -> frozenset[str]:
    """Casefolded tokens (hyphenated parts too) of the given names."""
    return frozenset(
        t.casefold() for n in names if n and n.strip() for t in PersonName.parse(n).single_tokens()
    )


def keep_pattern(names, redacted_tokens=frozenset()) -> AnchoredPattern | None:
    """Everything that refers to a person to keep: the name exactly as supplied ("PC Ford 6305"),
    its strong variants, and each of its tokens alone. Over-matching here only protects text, but
    a title with a surname that a redacted person shares is only this person with their own title."""
    forms = []
    anchors = set()
    for raw in names:
        if not raw or not raw.strip():
            continue
        person = PersonName.parse(raw)
        forms.append("(?i:" + _GAP.join(_token_pattern(t) for t in raw.split()) + ")")
        forms += [f"(?i:{p})" for p in person.strong_patterns(_shares_surname(person, redacted_tokens))]
        for token in person.single_tokens():
            forms += [_token_pattern(f) for f in _case_forms(token)]
        anchors |= person.single_tokens() or {t for t in raw.split() if t.strip(",.")}
    if not forms:
        return None
    ordered = sorted(set(forms), key=len, reverse=True)
    return AnchoredPattern(re.compile(rf"{_BEFORE}(?:{'|'.join(ordered)}){_AFTER}"), anchors)
