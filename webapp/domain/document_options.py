"""Which documents a case may have now, and for each one it may not, why not.

The rule reads the case's facts as they are (the current decision, its live conditions, the
victims, the partner referrals and Caution Clinic appointments), so the documents page, the batch
planner and `oocr documents render` offer exactly the same documents. The facts are gathered from
the database by `webapp.services.generated_documents.document_options`.

A document's *subject* says which victim, condition or clinic day it is about, as a short string
kept in GeneratedDocument.recipient: "victim:3", "condition:7", "victim:3,condition:7",
"clinic:12:2026-10-20" (caseworker id and date), or "" for the case's offender.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from documents.catalogue import KINDS, get_kind
from webapp.domain.conditions import condition_type_name
from webapp.domain.disposals import STATUTORY_CAUTIONS, disposal_label
from webapp.domain.formatting import clock_time, long_date

# A decision is final (so notices and outcome letters may go out) once it is authorised.
DECIDED = ("authorised", "delivered")
LIVE_CONDITION = ("pending", "completed", "breached", "varied")


class NotAvailable(ValueError):
    """This document cannot be made for this case (yet); the message says why."""


@dataclass(frozen=True)
class Option:
    """One document a user may ask for on a case, or one they cannot have and why."""

    kind: str
    subject: str = ""
    label: str = ""
    hint: str = ""
    reason: str = ""

    @property
    def available(self) -> bool:
        return not self.reason

    @property
    def value(self) -> str:
        return f"{self.kind}|{self.subject}"

    @property
    def title(self) -> str:
        return document_title(self.kind)


@dataclass(frozen=True)
class ClinicDay:
    """One caseworker's Caution Clinic on one day that the case has an appointment in."""

    caseworker_id: int
    caseworker_name: str
    day: date
    location: str = ""

    @property
    def subject(self) -> str:
        return clinic_subject(self.caseworker_id, self.day)


@dataclass
class CaseFacts:
    """What the rule reads about a case. Rows are read by attribute only (decision: status,
    status_label, disposal; condition: id, type, status, due_date, provider, description; victim:
    id, full_name; referral: id, agency, service_label; appointment: id, starts_at, location)."""

    decision: Any = None
    victims: Sequence[Any] = ()
    referrals: Sequence[Any] = ()          # referrals a provider's letter can go with
    booked: Sequence[Any] = ()             # clinic appointments still to be written to the suspect about
    clinic_days: Sequence[ClinicDay] = ()  # clinic days with a caseworker, in time order
    conditions: list[Any] = field(init=False)

    def __post_init__(self) -> None:
        self.conditions = live_conditions(self.decision)


def document_title(kind: str) -> str:
    """What staff call a kind: the catalogue title, with "notice" for the caution notices."""
    title = get_kind(kind).title
    return f"{title} notice" if kind.endswith("_notice") else title


def live_conditions(decision) -> list:
    if decision is None:
        return []
    return [c for c in decision.conditions if c.status in LIVE_CONDITION]


def appointment_purpose(decision) -> str:
    """What a clinic appointment is for, from where the case's decision has reached."""
    if decision is not None and decision.status == "authorised":
        return f"Deliver the {disposal_label(decision.disposal).lower()}"
    if decision is not None and decision.status == "delivered":
        return "Review of conditions"
    return "Assessment"


# --------------------------------------------------------------------------- subjects


def parse_subject(subject: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for token in filter(None, (subject or "").split(",")):
        name, _, value = token.partition(":")
        out[name.strip()] = value.strip()
    return out


def clinic_subject(caseworker_id: int, day: date) -> str:
    return f"clinic:{caseworker_id}:{day.isoformat()}"


def clinic_key(value: str) -> tuple[int, date]:
    """The caseworker id and the day of a subject's "clinic" value."""
    worker, _, day = value.partition(":")
    return int(worker), date.fromisoformat(day)


# --------------------------------------------------------------------------- the rule


def document_options(facts: CaseFacts) -> list[Option]:
    """Every document the case could have: available ones with their subject, and one line per
    kind that is not available, saying why."""
    decision, conditions = facts.decision, facts.conditions
    decided = decision is not None and decision.status in DECIDED
    why_undecided = ("There is no decision on this case yet." if decision is None else
                     f"The decision is {decision.status_label.lower()}: it must be authorised first.")
    options: list[Option] = []
    for kind, spec in KINDS.items():
        if spec.disposal_codes and spec.audience == "offender" and kind not in (
                "offender_reminder_letter", "offender_breach_warning_letter"):
            options.append(_notice_option(kind, next(iter(spec.disposal_codes)), decision, conditions,
                                          decided, why_undecided))
        elif kind in ("victim_views_letter", "victim_outcome_letter", "victim_breach_letter"):
            options.extend(_victim_options(kind, facts, decided, why_undecided))
        elif kind == "provider_referral_letter":
            options.extend(_provider_options(kind, facts, decided, why_undecided))
        elif kind in ("offender_reminder_letter", "offender_breach_warning_letter"):
            options.extend(_condition_letter_options(kind, conditions, decided, why_undecided))
        elif kind == "clinic_appointment_letter":
            options.extend(Option(kind, f"appointment:{a.id}", f"{spec.title}: {long_date(a.starts_at)} at "
                                  f"{clock_time(a.starts_at)}", hint=a.location) for a in facts.booked)
            if not facts.booked:
                options.append(Option(kind, reason="The case has no booked Caution Clinic appointment."))
        elif kind == "clinic_day_list":
            options.extend(Option(kind, d.subject, f"Clinic day list for {d.caseworker_name}, {long_date(d.day)}",
                                  hint=d.location) for d in facts.clinic_days)
            if not facts.clinic_days:
                options.append(Option(kind, reason="The case has no Caution Clinic appointment with a caseworker."))
    return options


def _notice_option(kind, code, decision, conditions, decided, why_undecided) -> Option:
    """Notices and the community resolution record: each is tied to one disposal."""
    if not decided:
        return Option(kind, reason=why_undecided)
    if decision.disposal != code:
        return Option(kind, reason=f"The decision is a {disposal_label(decision.disposal).lower()}, "
                                   f"not a {disposal_label(code).lower()}.")
    if code in STATUTORY_CAUTIONS and not conditions:
        return Option(kind, reason="The caution has no conditions yet: a notice must list at least one.")
    if code in STATUTORY_CAUTIONS and any(c.due_date is None for c in conditions):
        return Option(kind, reason="Every condition needs a date to be completed by before the notice is made.")
    return Option(kind, "", document_title(kind))


def _victim_options(kind, facts: CaseFacts, decided, why_undecided) -> list[Option]:
    title, victims = get_kind(kind).title, facts.victims
    if not victims:
        return [Option(kind, reason="No victim is recorded on the case.")]
    if kind == "victim_views_letter" and facts.decision is None:
        return [Option(kind, reason="Record the proposed outcome first (a draft decision is enough): "
                                    "the letter asks the victim's views on it.")]
    if kind == "victim_outcome_letter" and not decided:
        return [Option(kind, reason=why_undecided)]
    if kind == "victim_breach_letter":
        if not decided:
            return [Option(kind, reason=why_undecided)]
        breached = [c for c in facts.conditions if c.status == "breached"]
        if not breached:
            return [Option(kind, reason="No condition has been recorded as breached.")]
        return [Option(kind, f"victim:{v.id},condition:{c.id}", f"{title}: to {v.full_name}",
                       hint=f"About the {condition_type_name(c.type).lower()} due {long_date(c.due_date)}")
                for v in victims for c in breached]
    return [Option(kind, f"victim:{v.id}", f"{title}: to {v.full_name}") for v in victims]


def _provider_options(kind, facts: CaseFacts, decided, why_undecided) -> list[Option]:
    title = get_kind(kind).title
    options = [Option(kind, f"referral:{r.id}", f"{title} to {r.agency}", hint=r.service_label)
               for r in facts.referrals]
    with_provider = [c for c in facts.conditions if c.provider and c.status != "completed"]
    if not decided and not facts.referrals:
        options.append(Option(kind, reason=why_undecided))
    elif decided and not with_provider and not facts.referrals:
        options.append(Option(kind, reason="No open condition names a provider."))
    options.extend(Option(kind, f"condition:{c.id}", f"{title} to {c.provider}",
                          hint=f"{condition_type_name(c.type)}: {c.description}") for c in with_provider if decided)
    return options


def _condition_letter_options(kind, conditions, decided, why_undecided) -> list[Option]:
    """A reminder for each condition still to be done, a breach warning for each one breached."""
    if kind == "offender_reminder_letter":
        chosen = [c for c in conditions if c.status == "pending" and c.due_date]
        missing = "No condition is waiting to be completed."
    else:
        chosen = [c for c in conditions if c.status == "breached"]
        missing = "No condition has been recorded as breached."
    if not decided:
        return [Option(kind, reason=why_undecided)]
    if not chosen:
        return [Option(kind, reason=missing)]
    if kind == "offender_reminder_letter":
        return [Option(kind, f"condition:{c.id}", f"Reminder: {condition_type_name(c.type).lower()} due "
                       f"{long_date(c.due_date)}", hint=c.description) for c in chosen]
    return [Option(kind, f"condition:{c.id}", f"Breach warning: {condition_type_name(c.type).lower()}",
                   hint=c.description) for c in chosen]
