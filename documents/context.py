"""Typed inputs and the builder that turns them into a template context.

Callers (the web app, background jobs, scripts) describe a case with the small
frozen dataclasses below, built from plain values rather than ORM objects so
that this layer can be used and tested without a database or Flask.

:func:`build_context` is the only supported way to make a context for
:func:`documents.render.render`. It

* formats values the way every letter must show them ("17 October 2026",
  "£50.00", "09:30"), so templates contain no formatting logic;
* cleans text so that nothing a user typed can break the Word XML;
* applies audience rules (a victim hears only about conditions that concern
  them) and then projects the result onto the kind's DECLARED variables from
  :mod:`documents.catalogue`, so data a recipient must not see is never in the
  context, whatever the caller passed;
* always sets ``marking``.

The returned context holds only strings, lists and dicts, so it can be queued
for a background job or stored alongside the document as a record of exactly
what was rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Iterable

from webapp.domain.disposals import STATUTORY_CAUTIONS
from webapp.domain.formatting import UK_TIME, clock_time, date_at_time, hours, long_date, money
from documents.redaction.outgoing import SCREENED_AUDIENCES, screen_context
from documents.catalogue import (
    DEFAULT_MARKING,
    DISPOSALS,
    KINDS,
    DocumentKind,
    get_kind,
)



# Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
# Word refuses to open a document containing them, so they are dropped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class DocumentMeta:
    """Facts about the document itself, printed in its header and footer."""

    kind: str
    title: str
    template_version: str | int
    generated_on: datetime | date
    generated_by: str
    case_reference: str

    @classmethod
    def for_kind(
        cls,
        kind: str,
        *,
        template_version: str | int,
        generated_by: str,
        case_reference: str,
        generated_on: datetime | None = None,
    ) -> DocumentMeta:
        """Meta with the catalogue title and the current UK time, the usual case.

        UK time, not the server's clock (often UTC), because the time is printed
        on the document for people in England and Wales to read.
        """
        return cls(
            kind=kind,
            title=get_kind(kind).title,
            template_version=template_version,
            generated_on=generated_on or datetime.now(UK_TIME).replace(microsecond=0),
            generated_by=generated_by,
            case_reference=case_reference,
        )


@dataclass(frozen=True)
class Person:
    """The suspect/offender. Which fields reach a document depends on its audience."""

    full_name: str
    date_of_birth: date | None = None
    address_lines: tuple[str, ...] = ()
    pnc_id: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Offence:
    wording: str
    legislation: str = ""
    mode_of_trial_label: str = ""
    offence_date: date | None = None


@dataclass(frozen=True)
class Condition:
    """A condition (or, for a community resolution, an agreed action).

    ``concerns_victim`` marks conditions the victim may be told about (an
    apology, compensation, staying away). Rehabilitative conditions such as a
    drug service referral reveal the offender's health and needs, so they are
    left out of victim letters unless flagged.
    """

    kind_label: str
    type_label: str
    description: str
    provider: str | None = None
    hours: Decimal | int | None = None
    amount: Decimal | int | str | None = None
    due_date: date | None = None
    concerns_victim: bool = False


@dataclass(frozen=True)
class Disposal:
    """The out-of-court resolution. ``code`` is a key of catalogue.DISPOSALS.

    ``label`` and ``breach_warning`` default to the reviewed catalogue wording
    for the code; pass them only when a force has approved different text.
    """

    code: str
    label: str = ""
    decision_date: date | None = None
    authorised_by: str = ""
    breach_warning: str | None = None


@dataclass(frozen=True)
class VictimRecipient:
    full_name: str
    address_lines: tuple[str, ...] = ()
    salutation: str | None = None


@dataclass(frozen=True)
class Provider:
    """A partner agency receiving a referral. ``contact`` is its referral route."""

    name: str
    address_lines: tuple[str, ...] = ()
    contact: str = ""


@dataclass(frozen=True)
class Sender:
    """The team a letter comes from and the person who signs it."""

    organisation: str
    team: str
    address_lines: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class Appointment:
    time: time
    case_reference: str
    person_name: str
    purpose: str


@dataclass(frozen=True)
class Clinic:
    """A caseworker's Caution Clinic day."""

    date: date
    location: str
    caseworker_name: str
    appointments: tuple[Appointment, ...] = ()


@dataclass(frozen=True)
class Breach:
    """A condition that was not met and what happens next.

    ``respond_by`` is the date by which the offender may give a reasonable
    excuse; ``next_steps`` is the decision or process, in plain words.
    """

    condition: Condition
    identified_on: date
    next_steps: str
    respond_by: date | None = None


_PART_TYPES: dict[str, type | tuple[type, ...]] = {
    "meta": DocumentMeta,
    "offender": Person,
    "offence": Offence,
    "disposal": Disposal,
    "conditions": (list, tuple),
    "condition": Condition,
    "victim": VictimRecipient,
    "provider": Provider,
    "sender": Sender,
    "clinic": Clinic,
    "breach": Breach,
    "reply_by": date,
    "needs": (list, tuple),
}


# --------------------------------------------------------------------------- formatting


def clean_text(value: object) -> str:
    """Text as it will appear in the document.

    Drops characters XML cannot carry, turns Windows/Mac line endings into
    ``\\n`` (which the renderer shows as a line break) and trims the ends, which
    are usually stray form input.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", text).strip()


def _lines(lines: Iterable[object]) -> list[str]:
    return [line for line in (clean_text(item) for item in lines) if line]


# --------------------------------------------------------------------------- parts to dicts


def _texts(part: object, *names: str) -> dict[str, str]:
    """The named text fields of ``part``, each as it will appear in the document."""
    return {name: clean_text(getattr(part, name)) for name in names}


def _meta(meta: DocumentMeta) -> dict[str, str]:
    return _texts(meta, "kind", "title", "template_version", "generated_by", "case_reference") | {
        "generated_on": date_at_time(meta.generated_on),
        "date": long_date(meta.generated_on),
    }


def _person(person: Person) -> dict[str, Any]:
    contact = []
    if clean_text(person.phone):
        contact.append(f"Telephone: {clean_text(person.phone)}")
    if clean_text(person.email):
        contact.append(f"Email: {clean_text(person.email)}")
    if not contact and _lines(person.address_lines):
        # A provider must be able to reach the person; post is the last resort.
        contact.append("Post: " + ", ".join(_lines(person.address_lines)))
    return _texts(person, "full_name", "pnc_id") | {
        "date_of_birth": long_date(person.date_of_birth),
        "address_lines": _lines(person.address_lines),
        "contact_lines": contact,
    }


def _offence(offence: Offence) -> dict[str, str]:
    return _texts(offence, "wording", "legislation", "mode_of_trial_label") | {
        "offence_date": long_date(offence.offence_date),
    }


def _condition(condition: Condition) -> dict[str, str]:
    return _texts(condition, "kind_label", "type_label", "description", "provider") | {
        "hours": hours(condition.hours),
        "amount": money(condition.amount),
        "due_date": long_date(condition.due_date),
    }


def _disposal(disposal: Disposal) -> dict[str, str]:
    known = DISPOSALS.get(disposal.code)
    if known is None and not (disposal.label and disposal.breach_warning):
        raise ValueError(
            f"Unknown disposal code {disposal.code!r}: give its label and breach_warning, "
            f"or use one of {', '.join(sorted(DISPOSALS))}"
        )
    return {
        "code": disposal.code,
        "label": clean_text(disposal.label or known.label),
        "summary": known.summary if known else "",
        "decision_date": long_date(disposal.decision_date),
        "authorised_by": clean_text(disposal.authorised_by),
        "breach_warning": clean_text(disposal.breach_warning or known.breach_consequence),
    }


def _victim(victim: VictimRecipient) -> dict[str, Any]:
    name = clean_text(victim.full_name)
    return {
        "full_name": name,
        "address_lines": _lines(victim.address_lines),
        "salutation": clean_text(victim.salutation) or name,
    }


def _provider(provider: Provider) -> dict[str, Any]:
    return _texts(provider, "name", "contact") | {"address_lines": _lines(provider.address_lines)}


def _sender(sender: Sender) -> dict[str, Any]:
    return _texts(sender, "organisation", "team", "phone", "email", "name", "role") | {
        "address_lines": _lines(sender.address_lines),
    }


def _clinic(clinic: Clinic) -> dict[str, Any]:
    appointments = sorted(clinic.appointments, key=lambda a: a.time)
    return _texts(clinic, "location", "caseworker_name") | {
        "date": long_date(clinic.date),
        "appointments": [
            _texts(a, "case_reference", "person_name", "purpose") | {"time": clock_time(a.time)}
            for a in appointments
        ],
    }


def _breach(breach: Breach, *, for_victim: bool) -> dict[str, Any]:
    shared = not for_victim or breach.condition.concerns_victim
    return {
        "condition": _condition(breach.condition) if shared else None,
        "identified_on": long_date(breach.identified_on),
        "respond_by": long_date(breach.respond_by),
        "next_steps": clean_text(breach.next_steps),
    }


# --------------------------------------------------------------------------- projection


def _declared_tree(paths: Iterable[str]) -> dict[str, Any]:
    """Turn {'a.b', 'c[].d'} into {'a': {'b': True}, 'c[]': {'d': True}}."""
    tree: dict[str, Any] = {}
    for path in sorted(paths):
        node = tree
        *parents, leaf = path.split(".")
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = True
    return tree


def _project(value: Any, spec: Any) -> Any:
    """Keep only the declared keys of ``value``; ``name[]`` keys project each list item."""
    if spec is True or value is None:
        return value
    projected: dict[str, Any] = {}
    for name, sub in spec.items():
        if name.endswith("[]"):
            key = name.removesuffix("[]")
            projected[key] = [_project(item, sub) for item in value.get(key) or ()]
        else:
            projected[name] = _project(value.get(name), sub)
    return projected


_TREES = {name: _declared_tree(kind.variables) for name, kind in KINDS.items()}


# --------------------------------------------------------------------------- builder


def build_context(kind: str, *, marking: str = DEFAULT_MARKING, third_parties: Iterable[Any] = (),
                  **parts: Any) -> dict[str, Any]:
    """Assemble the render context for one document of ``kind``.

    Parts are keyword arguments named as in the catalogue: ``meta``,
    ``offender``, ``offence``, ``disposal``, ``conditions``, ``condition``,
    ``victim``, ``provider``, ``sender``, ``clinic``, ``breach``, ``reply_by``
    and ``needs``. Parts this kind does not use are ignored, so a caller may
    pass everything it knows about a case; unknown part names and missing
    required parts raise ``TypeError`` because they are programming errors.
    """
    spec = get_kind(kind)
    unknown = set(parts) - set(_PART_TYPES)
    if unknown:
        raise TypeError(f"build_context() got unknown parts: {', '.join(sorted(unknown))}")
    given = {name: value for name, value in parts.items() if value is not None}
    missing = spec.required - set(given)
    if missing:
        raise TypeError(f"{kind} needs: {', '.join(sorted(missing))}")
    for name in spec.parts & set(given):
        if not isinstance(given[name], _PART_TYPES[name]):
            expected = _PART_TYPES[name]
            names = (
                " or ".join(t.__name__ for t in expected)
                if isinstance(expected, tuple)
                else expected.__name__
            )
            raise TypeError(f"{kind}: part {name!r} must be {names}")
    for name in {"conditions", "needs"} & spec.parts & set(given):
        item_type = Condition if name == "conditions" else str
        if not all(isinstance(item, item_type) for item in given[name]):
            raise TypeError(f"{kind}: every item of {name!r} must be {item_type.__name__}")

    full = _format_parts(spec, given)
    full["marking"] = clean_text(marking) or DEFAULT_MARKING
    context = _project(full, _TREES[kind])
    if spec.audience in SCREENED_AUDIENCES:
        # ``third_parties`` (victims, witnesses) must not be named in what the offender or a provider
        # receives: raises OutgoingDisclosure saying where.
        offender = given.get("offender")
        screen_context(context, third_parties, keep=[offender.full_name] if offender else [])
    return context


def _format_parts(spec: DocumentKind, given: dict[str, Any]) -> dict[str, Any]:
    """Format every part this kind uses and apply the audience's rules."""
    for_victim = spec.audience == "victim"
    meta: DocumentMeta = given["meta"]
    if meta.kind != spec.name:
        raise ValueError(f"meta is for {meta.kind!r} but the document is {spec.name!r}")
    full: dict[str, Any] = {"doc": _meta(meta)}
    if "disposal" in spec.parts and "disposal" in given:
        disposal: Disposal = given["disposal"]
        if spec.disposal_codes and disposal.code not in spec.disposal_codes:
            raise ValueError(f"{spec.name} cannot be issued for a {disposal.code!r} disposal")
        full["disposal"] = _disposal(disposal)
    conditions = list(given.get("conditions", ()))
    if for_victim:
        conditions = [c for c in conditions if c.concerns_victim]
    if spec.disposal_codes and spec.disposal_codes <= STATUTORY_CAUTIONS:
        _check_caution_conditions(spec.name, conditions)
    simple = {
        "offender": _person,
        "offence": _offence,
        "condition": _condition,
        "victim": _victim,
        "provider": _provider,
        "sender": _sender,
        "clinic": _clinic,
    }
    for name, formatter in simple.items():
        if name in spec.parts and name in given:
            full[name] = formatter(given[name])
    if "conditions" in spec.parts:
        full["conditions"] = [_condition(c) for c in conditions]
    if "breach" in spec.parts:
        full["breach"] = _breach(given["breach"], for_victim=for_victim)
    if "reply_by" in spec.parts:
        full["reply_by"] = long_date(given["reply_by"])
    if "needs" in spec.parts:
        full["needs"] = _lines(given.get("needs", ()))
    return full


def _check_caution_conditions(kind: str, conditions: list[Condition]) -> None:
    """A caution must carry at least one condition, each with a deadline.

    The signed notice is the statutory record of what was agreed (CJA 2003
    s.23; PCSC 2022 ss.98-99), so a notice without a condition or a date is not
    something the system should produce.
    """
    if not conditions:
        raise ValueError(f"{kind} needs at least one condition")
    undated = [c.type_label for c in conditions if c.due_date is None]
    if undated:
        raise ValueError(f"{kind}: every condition needs a due date (missing: {undated})")


def example_parts(kind: str) -> dict[str, Any]:
    """Fictional parts for ``kind``, for previewing a template before it is published.

    An administrator checking a new template version needs to see it filled in
    without using a real person's data; tests and the benchmark use the same
    data so that what is previewed is what is tested.
    """
    spec = get_kind(kind)
    disposal_code = min(spec.disposal_codes) if spec.disposal_codes else "conditional_caution"
    course = Condition(
        kind_label="Rehabilitative",
        type_label="Victim awareness course",
        description="Attend and complete a victim awareness course.",
        provider="Example Victim Awareness Service",
        hours=3,
        due_date=date(2026, 11, 20),
    )
    compensation = Condition(
        kind_label="Reparative",
        type_label="Compensation",
        description="Pay compensation to the victim for the damage to the fence.",
        amount=Decimal("120.00"),
        due_date=date(2026, 12, 4),
        concerns_victim=True,
    )
    parts: dict[str, Any] = {
        "meta": DocumentMeta.for_kind(
            kind,
            template_version=1,
            generated_by="A. Caseworker",
            case_reference=(
                "CLINIC/2026-10-20/ANYTOWN" if kind == "clinic_day_list" else "OOCR/2026/000123"
            ),
            generated_on=datetime(2026, 10, 17, 14, 5),
        ),
        "offender": Person(
            full_name="Sam Example",
            date_of_birth=date(1990, 3, 2),
            address_lines=("1 Example Street", "Anytown", "AB1 2CD"),
            pnc_id="90/123456A",
            phone="07700 900123",
        ),
        "offence": Offence(
            wording="Damaged a fence belonging to another, without lawful excuse.",
            legislation="Criminal Damage Act 1971, s.1(1)",
            mode_of_trial_label="Either way",
            offence_date=date(2026, 9, 1),
        ),
        "disposal": Disposal(
            code=disposal_code,
            decision_date=date(2026, 10, 10),
            authorised_by="Sergeant 1234 J. Example",
        ),
        "conditions": [course, compensation],
        "condition": course,
        "victim": VictimRecipient(
            full_name="Alex Victim",
            address_lines=("2 Sample Road", "Anytown", "AB1 3EF"),
            salutation="Mx Victim",
        ),
        "provider": Provider(
            name="Example Victim Awareness Service",
            address_lines=("3 Service Lane", "Anytown", "AB1 4GH"),
            contact="referrals@example.org",
        ),
        "sender": Sender(
            organisation="Example Constabulary",
            team="Out of Court Resolutions Team",
            address_lines=("Police Station", "High Street", "Anytown", "AB1 5JK"),
            phone="01234 567890",
            email="oocr@example.org",
            name="A. Caseworker",
            role="OOCR Caseworker",
        ),
        "clinic": Clinic(
            date=date(2026, 10, 20),
            location="Anytown Police Station, interview room 2",
            caseworker_name="A. Caseworker",
            appointments=(
                Appointment(time(10, 30), "OOCR/2026/000124", "Jo Example", "Needs assessment"),
                Appointment(time(9, 30), "OOCR/2026/000123", "Sam Example", "Caution delivery"),
            ),
        ),
        "breach": Breach(
            condition=compensation,
            identified_on=date(2026, 12, 5),
            next_steps="The case will be reviewed by a supervisor, who will decide what happens.",
            respond_by=date(2026, 12, 12),
        ),
        "reply_by": date(2026, 10, 31),
        "needs": ["Prefers appointments after 2pm because of work."],
    }
    return {name: value for name, value in parts.items() if name in spec.parts}
