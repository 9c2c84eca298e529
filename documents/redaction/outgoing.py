"""Screen what goes to the offender or a provider for the victims' and witnesses' details.

A caseworker types conditions ("Write a letter of apology to Anna") and notes in free text, and
that text reaches the offender's notice and the provider's referral. A victim's or witness's name,
telephone number, e-mail or address there is a disclosure the victim never agreed to, so the
document is stopped with a message that says where, until someone changes the text.

Only people the record holds are looked for here, with the same name matching the redactor uses
("Anna", "Ms Smith", "SMITH, Anna"), and their details compared the way the bundle check compares
(ignoring spacing, hyphens, brackets and case). The offender's own name wins over a victim who shares
a surname with them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .names import NameMatcher, name_tokens
from .values import NormalisedText, normalise

# Who receives a document: only these audiences are screened (a victim's own letter names them).
SCREENED_AUDIENCES = frozenset({"offender", "provider"})
_MIN_DETAIL = 5


@dataclass(frozen=True)
class ThirdParty:
    """A victim or witness the record holds: their name and the contact details we have."""

    name: str
    role: str                      # "victim" or "witness"
    details: tuple[str, ...] = field(default=())


class OutgoingDisclosure(ValueError):
    """Free text in a document for the offender or a provider names a victim or witness."""


def screen_context(context: dict, people, *, keep=()) -> None:
    """Raise :class:`OutgoingDisclosure` if any text in ``context`` names one of ``people`` or holds
    one of their details; the message says which field and whose."""
    people = [p for p in people if p.name and p.name.strip()]
    if not people:
        return
    matchers = [(p, NameMatcher([p.name], ambiguous_tokens=name_tokens(keep))) for p in people]
    details = [(p, normalise(d)) for p in people for d in p.details if d and len(normalise(d)) >= _MIN_DETAIL]
    for where, text in _texts(context, ()):
        for person, matcher in matchers:
            spans = matcher.strong(text) or matcher.weak(text)
            if spans:
                start, end = spans[0]
                raise OutgoingDisclosure(_message(where, person, f"their name (\u201c{text[start:end]}\u201d)"))
        if details:
            searchable = NormalisedText(text)
            for person, value in details:
                if searchable.find(value):
                    raise OutgoingDisclosure(_message(where, person, "their contact details"))


def _message(where: tuple, person: ThirdParty, what: str) -> str:
    return (f"The {_place(where)} gives the {person.role}\u2019s {what.replace('their ', '')}. This document goes "
            f"to the offender or a provider: change the text so it does not identify the {person.role}, "
            "then make the document again.")


# What staff type in free text. Names elsewhere in a context (the offender, the officer who
# authorised the disposal, the provider) come from fields of their own and are meant to be there.
FREE_TEXT = frozenset({
    "description", "notes", "note", "what_happened", "reasonable_excuse", "offender_account", "needs",
    "outcome_notes", "comments", "details", "instructions", "summary", "reason", "requirements",
})


def _texts(value, where: tuple):
    """(path, text) for every free-text string in a nested context."""
    if isinstance(value, str):
        if any(isinstance(step, str) and step in FREE_TEXT for step in where):
            yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "marking":
                yield from _texts(item, where + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, where + (index,))


_FIELD_NAMES = {
    "description": "description", "notes": "notes", "what_happened": "account of what happened",
    "reasonable_excuse": "reasonable excuse", "offender_account": "offender's account", "needs": "needs",
}


def _place(where: tuple) -> str:
    """("conditions", 1, "description") -> "description of condition 2"."""
    words = []
    for step in where:
        if isinstance(step, int):
            words.append(str(step + 1))
        else:
            words.append(_FIELD_NAMES.get(step, step.replace("_", " ")).rstrip("s") if step == "conditions"
                         else _FIELD_NAMES.get(step, step.replace("_", " ")))
    return " ".join(words) if words else "text"
