"""From case records to the document layer's inputs: which documents a case can have, and the parts
each one is built from.

`documents.context.build_context` decides what each audience may see; this module decides what is
TRUE of the case (who the victim is, which conditions are live, what the decision was) and says
why a document cannot be made yet. It reads ORM rows and app config only (never the request), so
the web request, the background job and the command line all use it alike.

A document's *subject* says which victim, condition or clinic day it is about, as a short string
kept in GeneratedDocument.recipient: "victim:3", "condition:7", "victim:3,condition:7",
"clinic:12:2026-10-20" (caseworker id and date), or "" for the case's offender.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from documents.catalogue import DISPOSALS, KINDS, STATUTORY_CAUTIONS, get_kind
from documents.context import (
    UK_TIME,
    Appointment,
    Breach,
    Clinic,
    Condition,
    Disposal,
    DocumentMeta,
    Offence,
    Person,
    Provider,
    Sender,
    VictimRecipient,
)
from webapp.extensions import db
from webapp.services import clinics, partners
from webapp.models import (
    Case,
    ClinicAppointment,
    DocumentTemplate,
    GeneratedDocument,
    OffenceType,
    PartnerReferral,
    User,
    Victim,
)
from webapp.models import Breach as BreachRow
from webapp.models import Condition as ConditionRow
from webapp.models import Decision as DecisionRow

# A decision is final (so notices and outcome letters may go out) once it is authorised.
DECIDED = ("authorised", "delivered")
LIVE_CONDITION = ("pending", "completed", "breached", "varied")
REPLY_WITHIN_DAYS = 14     # victim views letter: reply by
RESPOND_WITHIN_DAYS = 14   # breach warning: give a reasonable excuse by

CONDITION_KIND_LABELS = {
    "rehabilitative": "Rehabilitative",
    "reparative": "Reparative",
    "punitive": "Punitive",
    "restrictive": "Restrictive",
}
CONDITION_TYPE_LABELS = {
    "attendance": "Attendance",
    "course": "Course",
    "unpaid_work": "Unpaid work",
    "financial_penalty": "Financial penalty",
    "compensation": "Compensation",
    "apology": "Apology",
    "restriction": "Restriction",
}
# Conditions a victim is told about (Victims' Code: what the offender must do for them).
VICTIM_TYPES = ("compensation", "apology")

NEXT_STEPS = {
    "conditional_caution": "A supervisor will review the case and decide whether to prosecute for the "
                           "original offence.",
    "diversionary_caution": "A supervisor will review the case and decide whether to prosecute for the "
                            "original offence.",
    "community_caution": "A supervisor will review the case and decide whether to give a financial penalty.",
    "community_resolution": "The officer dealing with the case will review what happened and record it.",
}
OTHER_DISPOSAL_LABELS = {"simple_caution": "Simple caution"}

DEFAULT_SENDER = {
    "organisation": "Police",
    "team": "Out of Court Resolutions Team",
    "address_lines": [],
    "phone": "",
    "email": "",
}


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


@dataclass
class Sources:
    """The parts for build_context and a record of exactly which rows (and versions) they came from."""

    parts: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)


def document_title(kind: str) -> str:
    """What staff call a kind: the catalogue title, with "notice" for the caution notices."""
    title = get_kind(kind).title
    return f"{title} notice" if kind.endswith("_notice") else title


# --------------------------------------------------------------------------- subjects


def parse_subject(subject: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for token in filter(None, (subject or "").split(",")):
        name, _, value = token.partition(":")
        out[name.strip()] = value.strip()
    return out


def clinic_subject(caseworker_id: int, day: date) -> str:
    return f"clinic:{caseworker_id}:{day.isoformat()}"


def _clinic_key(value: str) -> tuple[int, date]:
    worker, _, day = value.partition(":")
    return int(worker), date.fromisoformat(day)


def describe_subject(subject: str) -> str:
    """A short label for who or what a document is about, for lists and audit lines."""
    keys = parse_subject(subject)
    bits = []
    if "victim" in keys:
        victim = db.session.get(Victim, int(keys["victim"]))
        bits.append(f"to {victim.full_name}" if victim else "to a victim no longer on the case")
    if "condition" in keys:
        row = db.session.get(ConditionRow, int(keys["condition"]))
        if row is None:
            bits.append("about a condition no longer on the case")
        elif row.provider and "victim" not in keys:
            bits.append(f"{row.provider}: {type_label(row)}")
        else:
            bits.append(f"{type_label(row)} due {_day(row.due_date)}" if row.due_date else type_label(row))
    if "referral" in keys:
        referral = db.session.get(PartnerReferral, int(keys["referral"]))
        bits.append(f"to {referral.agency}: {referral.service_label}" if referral else "about a referral no longer on the case")
    if "appointment" in keys:
        slot = db.session.get(ClinicAppointment, int(keys["appointment"]))
        bits.append(f"appointment on {_day(slot.starts_at.date())} at {slot.starts_at:%H:%M}" if slot
                    else "about an appointment no longer on the case")
    if "clinic" in keys:
        worker_id, day = _clinic_key(keys["clinic"])
        worker = db.session.get(User, worker_id)
        bits.append(f"{worker.full_name if worker else 'caseworker'}, {_day(day)}")
    return "; ".join(bits)


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


# --------------------------------------------------------------------------- labels and rows


def type_label(row: ConditionRow) -> str:
    return CONDITION_TYPE_LABELS.get(row.type, row.type.replace("_", " ").capitalize())


def live_conditions(decision: DecisionRow | None) -> list[ConditionRow]:
    if decision is None:
        return []
    return [c for c in decision.conditions if c.status in LIVE_CONDITION]


def concerns_victim(row: ConditionRow, victims: list[Victim]) -> bool:
    """Whether a victim letter may mention this condition.

    Compensation and apologies are for the victim; other reparative conditions and restrictions
    concern them only when they name the victim (e.g. "no contact with Ms Smith"). Rehabilitative
    conditions reveal the offender's needs and are left out.
    """
    if row.type in VICTIM_TYPES:
        return True
    if row.kind == "reparative" or row.type == "restriction":
        text = (row.description or "").lower()
        names = {n.lower() for v in victims for n in (v.first_name, v.last_name, v.full_name) if n and len(n) > 1}
        return "victim" in text or any(name in text for name in names)
    return False


def condition_part(row: ConditionRow, victims: list[Victim]) -> Condition:
    return Condition(
        kind_label=CONDITION_KIND_LABELS.get(row.kind, row.kind.capitalize()),
        type_label=type_label(row),
        description=row.description or type_label(row),
        provider=row.provider or None,
        hours=row.hours,
        amount=row.amount,
        due_date=row.due_date,
        concerns_victim=concerns_victim(row, victims),
    )


def disposal_part(decision: DecisionRow) -> Disposal:
    decided = decision.authorised_at or decision.decided_at
    who = decision.authorised_by or decision.decided_by
    label = ""
    warning = None
    if decision.disposal not in DISPOSALS:
        # No reviewed wording (a simple caution has no conditions to break): victim letters use only the label.
        label = OTHER_DISPOSAL_LABELS.get(decision.disposal, decision.disposal.replace("_", " ").capitalize())
        warning = "There are no conditions to comply with."
    return Disposal(code=decision.disposal, label=label, breach_warning=warning,
                    decision_date=decided.date() if decided else None,
                    authorised_by=who.full_name if who else "")


def person_part(case: Case) -> Person:
    p = case.suspect
    return Person(full_name=p.full_name, date_of_birth=p.date_of_birth, address_lines=tuple(p.address_lines),
                  pnc_id=p.pnc_id, phone=p.phone or None, email=p.email or None)


def offence_part(case: Case) -> Offence:
    off = case.offence
    legislation = off.legislation
    if not legislation and off.offence_key:
        catalogue = db.session.get(OffenceType, off.offence_key)
        legislation = catalogue.legislation if catalogue else ""
    return Offence(wording=off.wording, legislation=legislation, mode_of_trial_label=off.mode_of_trial_label,
                   offence_date=off.offence_date)


def victim_part(victim: Victim) -> VictimRecipient:
    lines = tuple(x for x in (victim.address_line1, victim.town, victim.postcode) if x)
    salutation = "Sir or Madam" if victim.is_organisation else victim.full_name
    return VictimRecipient(full_name=victim.full_name, address_lines=lines, salutation=salutation)


def sender_part(area, user: User | None) -> Sender:
    """The team a letter comes from: app.config DOCUMENT_SENDER, with per-area overrides under "areas".

    For example {"organisation": "Northshire Police", "areas": {"N": {"address_lines": [...],
    "phone": "...", "email": "..."}}}.
    """
    config = dict(DEFAULT_SENDER)
    configured = current_app.config.get("DOCUMENT_SENDER") or {}
    config.update({k: v for k, v in configured.items() if k != "areas"})
    if area is not None:
        config["team"] = f"{config['team']}, {area.name}" if "team" not in configured else config["team"]
        config.update((configured.get("areas") or {}).get(area.code, {}))
    return Sender(organisation=config["organisation"], team=config["team"],
                  address_lines=tuple(config.get("address_lines") or ()), phone=config.get("phone") or None,
                  email=config.get("email") or None, name=user.full_name if user else "",
                  role=user.role_label if user else "")


def provider_part(row: ConditionRow) -> Provider:
    """The partner agency named on the condition, with its address and referral route from the
    provider directory that admins keep (webapp.services.partners)."""
    return partners.letter_provider(row.provider)


def _provider_needs(case: Case, provider: str) -> list[str]:
    """Only what this provider needs: the reasons recorded on referrals to this agency."""
    rows = db.session.scalars(select(PartnerReferral).where(PartnerReferral.case_id == case.id)).all()
    return [r.reason for r in rows if r.agency.strip().lower() == provider.strip().lower() and r.reason.strip()]


# --------------------------------------------------------------------------- what a case can have


def load_case(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == reference).options(
        joinedload(Case.suspect), joinedload(Case.area)))


def document_options(case: Case) -> list[Option]:
    """Every document the case could have: available ones with their subject, and one line per
    kind that is not available, saying why."""
    decision = case.current_decision
    conditions = live_conditions(decision)
    victims = list(case.victims)
    decided = decision is not None and decision.status in DECIDED
    options: list[Option] = []

    def unavailable(kind: str, reason: str) -> None:
        options.append(Option(kind, reason=reason))

    why_undecided = ("There is no decision on this case yet." if decision is None else
                     f"The decision is {decision.status_label.lower()}: it must be authorised first.")

    for kind, spec in KINDS.items():
        if spec.disposal_codes and spec.audience == "offender" and kind not in (
                "offender_reminder_letter", "offender_breach_warning_letter"):
            # Notices and the community resolution record: tied to one disposal.
            code = next(iter(spec.disposal_codes))
            if decision is None or not decided:
                unavailable(kind, why_undecided)
            elif decision.disposal != code:
                unavailable(kind, f"The decision is a {_disposal_label(decision.disposal).lower()}, "
                                  f"not a {_disposal_label(code).lower()}.")
            elif code in STATUTORY_CAUTIONS and not conditions:
                unavailable(kind, "The caution has no conditions yet: a notice must list at least one.")
            elif code in STATUTORY_CAUTIONS and any(c.due_date is None for c in conditions):
                unavailable(kind, "Every condition needs a date to be completed by before the notice is made.")
            else:
                options.append(Option(kind, "", document_title(kind)))
        elif kind in ("victim_views_letter", "victim_outcome_letter", "victim_breach_letter"):
            options.extend(_victim_options(kind, case, decision, conditions, victims, decided, why_undecided))
        elif kind == "provider_referral_letter":
            referrals = partners.letter_referrals(case)
            options.extend(Option(kind, f"referral:{r.id}", f"{spec.title} to {r.agency}", hint=r.service_label)
                           for r in referrals)
            with_provider = [c for c in conditions if c.provider and c.status != "completed"]
            if not decided and not referrals:
                unavailable(kind, why_undecided)
            elif decided and not with_provider and not referrals:
                unavailable(kind, "No open condition names a provider.")
            for c in with_provider if decided else ():
                options.append(Option(kind, f"condition:{c.id}", f"{spec.title} to {c.provider}",
                                      hint=f"{type_label(c)}: {c.description}"))
        elif kind == "offender_reminder_letter":
            pending = [c for c in conditions if c.status == "pending" and c.due_date]
            if not decided:
                unavailable(kind, why_undecided)
            elif not pending:
                unavailable(kind, "No condition is waiting to be completed.")
            for c in pending if decided else ():
                options.append(Option(kind, f"condition:{c.id}", f"Reminder: {type_label(c).lower()} due "
                                      f"{_day(c.due_date)}", hint=c.description))
        elif kind == "offender_breach_warning_letter":
            breached = [c for c in conditions if c.status == "breached"]
            if not decided:
                unavailable(kind, why_undecided)
            elif not breached:
                unavailable(kind, "No condition has been recorded as breached.")
            for c in breached if decided else ():
                options.append(Option(kind, f"condition:{c.id}", f"Breach warning: {type_label(c).lower()}",
                                      hint=c.description))
        elif kind == "clinic_appointment_letter":
            booked = clinics.bookable_letters(case)
            options.extend(Option(kind, f"appointment:{a.id}", f"{spec.title}: {_day(a.starts_at.date())} at "
                                  f"{a.starts_at:%H:%M}", hint=a.location) for a in booked)
            if not booked:
                unavailable(kind, "The case has no booked Caution Clinic appointment.")
        elif kind == "clinic_day_list":
            appointments = db.session.scalars(
                select(ClinicAppointment).where(ClinicAppointment.case_id == case.id,
                                                ClinicAppointment.status != "cancelled",
                                                ClinicAppointment.caseworker_id.is_not(None))
                .order_by(ClinicAppointment.starts_at)).all()
            seen = set()
            for a in appointments:
                key = clinic_subject(a.caseworker_id, a.starts_at.date())
                if key in seen:
                    continue
                seen.add(key)
                options.append(Option(kind, key, f"Clinic day list for {a.caseworker.full_name}, "
                                      f"{_day(a.starts_at.date())}", hint=a.location))
            if not seen:
                unavailable(kind, "The case has no Caution Clinic appointment with a caseworker.")
    return options


def _disposal_label(code: str) -> str:
    if code in DISPOSALS:
        return DISPOSALS[code].label
    return OTHER_DISPOSAL_LABELS.get(code, code.replace("_", " ").capitalize())


def _victim_options(kind, case, decision, conditions, victims, decided, why_undecided) -> list[Option]:
    spec = get_kind(kind)
    if not victims:
        return [Option(kind, reason="No victim is recorded on the case.")]
    if kind == "victim_views_letter" and decision is None:
        return [Option(kind, reason="Record the proposed outcome first (a draft decision is enough): "
                                    "the letter asks the victim's views on it.")]
    if kind == "victim_outcome_letter" and not decided:
        return [Option(kind, reason=why_undecided)]
    if kind == "victim_breach_letter":
        if not decided:
            return [Option(kind, reason=why_undecided)]
        breached = [c for c in conditions if c.status == "breached"]
        if not breached:
            return [Option(kind, reason="No condition has been recorded as breached.")]
        return [Option(kind, f"victim:{v.id},condition:{c.id}", f"{spec.title}: to {v.full_name}",
                       hint=f"About the {type_label(c).lower()} due {_day(c.due_date)}")
                for v in victims for c in breached]
    return [Option(kind, f"victim:{v.id}", f"{spec.title}: to {v.full_name}") for v in victims]


def find_option(case: Case, kind: str, subject: str) -> Option:
    for option in document_options(case):
        if option.kind == kind and option.subject == subject and option.available:
            return option
    reasons = [o.reason for o in document_options(case) if o.kind == kind and o.reason]
    raise NotAvailable(reasons[0] if reasons else f"{get_kind(kind).title} is not available for this case.")


@lru_cache(maxsize=1)
def _load_document_statement():
    # Built once: SQLAlchemy works out a statement's cache key on every execution unless the same
    # statement object is reused, and with these loader options that costs more than the query.
    return select(GeneratedDocument).where(GeneratedDocument.id == bindparam("document_id")).options(
        joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.template),
        joinedload(GeneratedDocument.case).options(
            joinedload(Case.suspect), joinedload(Case.area), selectinload(Case.offences),
            selectinload(Case.victims),
            selectinload(Case.decisions).options(
                selectinload(DecisionRow.conditions), joinedload(DecisionRow.decided_by),
                joinedload(DecisionRow.authorised_by))))


def load_document(document_id: int) -> GeneratedDocument | None:
    """A document row with everything `gather` reads, in a few queries rather than one per relation."""
    return db.session.scalar(_load_document_statement(), {"document_id": document_id})


# --------------------------------------------------------------------------- new rows


def next_version(case_id: int | None, kind: str) -> int:
    condition = (GeneratedDocument.case_id == case_id) if case_id is not None else GeneratedDocument.case_id.is_(None)
    return (db.session.scalar(select(func.max(GeneratedDocument.version))
                              .where(condition, GeneratedDocument.kind == kind)) or 0) + 1


def new_document(*, case: Case | None, kind: str, subject: str, template: DocumentTemplate,
                 user: User | None, want_pdf: bool, job_id: str | None) -> GeneratedDocument:
    """Add (not commit) the row a job will fill in. Its version is the next for this case and kind."""
    doc = GeneratedDocument(case_id=case.id if case else None, kind=kind,
                            version=next_version(case.id if case else None, kind), recipient=subject,
                            template_id=template.id, job_id=job_id, status="queued", want_pdf=want_pdf,
                            created_by_id=user.id if user else None)
    db.session.add(doc)
    db.session.flush()
    return doc


# --------------------------------------------------------------------------- parts for one document


def gather(doc: GeneratedDocument, template: DocumentTemplate, *, generated_by: str,
           now: datetime | None = None) -> Sources:
    """The build_context parts for `doc`, from the records as they are now, and where they came from.

    Raises NotAvailable when the records no longer allow this document (for example the decision
    was withdrawn after the document was asked for).
    """
    now = now or datetime.now(UK_TIME).replace(microsecond=0)
    keys = parse_subject(doc.recipient)
    summary: dict[str, Any] = {
        "kind": doc.kind,
        "template": {"id": template.id, "version": template.version, "sha256": template.sha256},
        "generated_at": now.isoformat(),
    }
    if doc.kind == "clinic_day_list":
        if "clinic" not in keys:
            raise NotAvailable("A clinic day list needs a caseworker and a date.")
        worker_id, day = _clinic_key(keys["clinic"])
        sources = clinic_sources(worker_id, day)
        meta_reference = sources.summary.pop("reference")
        sources.parts["meta"] = DocumentMeta.for_kind(doc.kind, template_version=template.version,
                                                      generated_by=generated_by, case_reference=meta_reference,
                                                      generated_on=now)
        sources.summary = {**summary, **sources.summary}
        return sources

    case = doc.case
    if case is None:
        raise NotAvailable("The case this document was for no longer exists.")
    if case.offence is None:
        raise NotAvailable("The case has no offence recorded.")
    decision = case.current_decision
    victims = list(case.victims)
    conditions = live_conditions(decision)
    summary["case"] = {"id": case.id, "reference": case.reference, "version": case.version}
    summary["suspect"] = {"id": case.suspect_id}
    summary["offence"] = {"id": case.offence.id}
    parts: dict[str, Any] = {
        "meta": DocumentMeta.for_kind(doc.kind, template_version=template.version, generated_by=generated_by,
                                      case_reference=case.reference, generated_on=now),
        "offender": person_part(case),
        "offence": offence_part(case),
        "sender": sender_part(case.area, doc.created_by),
    }
    if decision is not None:
        summary["decision"] = {"id": decision.id, "version": decision.version, "status": decision.status,
                               "disposal": decision.disposal}
        parts["disposal"] = disposal_part(decision)
        parts["conditions"] = [condition_part(c, victims) for c in conditions]
        summary["conditions"] = [{"id": c.id, "status": c.status} for c in conditions]
    spec = get_kind(doc.kind)
    if spec.audience != "internal" and "disposal" in spec.required and decision is None:
        raise NotAvailable("There is no decision on this case.")
    if "victim" in spec.parts:
        if "victim" not in keys:
            raise NotAvailable("Choose which victim the letter is for.")
        victim = db.session.get(Victim, int(keys["victim"]))
        if victim is None or victim.case_id != case.id:
            raise NotAvailable("That victim is not on this case.")
        parts["victim"] = victim_part(victim)
        summary["victim"] = {"id": victim.id}
    if spec.audience == "victim":
        # Belt and braces: the context builder drops these too, but a victim letter is never given them.
        parts["offender"] = Person(full_name=case.suspect.full_name)
    if doc.kind == "victim_views_letter":
        parts["reply_by"] = (doc.created_at or now).date() + timedelta(days=REPLY_WITHIN_DAYS)
    chosen = None
    if "condition" in keys:
        chosen = db.session.get(ConditionRow, int(keys["condition"]))
        if chosen is None or chosen.case_id != case.id or (decision and chosen.decision_id != decision.id):
            raise NotAvailable("That condition is not part of the case's current decision.")
        summary["condition"] = {"id": chosen.id, "status": chosen.status}
    if doc.kind == "clinic_appointment_letter":
        try:
            parts["clinic"] = clinics.appointment_letter_clinic(case, keys.get("appointment", ""))
        except clinics.NoAppointment as problem:
            raise NotAvailable(str(problem)) from None
        summary["appointment"] = {"id": int(keys["appointment"])}
        return Sources(parts=parts, summary=summary)
    if doc.kind == "provider_referral_letter" and "referral" in keys:
        try:
            parts.update(partners.referral_letter_parts(case, keys["referral"]))
        except partners.ReferralError as problem:
            raise NotAvailable(str(problem)) from None
        summary["referral"] = {"id": int(keys["referral"])}
        return Sources(parts=parts, summary=summary)
    if doc.kind in ("provider_referral_letter", "offender_reminder_letter"):
        if chosen is None:
            raise NotAvailable("Choose the condition the letter is about.")
        parts["condition"] = condition_part(chosen, victims)
    if doc.kind == "provider_referral_letter":
        if not chosen.provider:
            raise NotAvailable("The condition does not name a provider.")
        parts["provider"] = provider_part(chosen)
        parts["offender"] = Person(full_name=case.suspect.full_name, phone=case.suspect.phone or None,
                                   email=case.suspect.email or None,
                                   address_lines=tuple(case.suspect.address_lines))
        parts["needs"] = _provider_needs(case, chosen.provider)
    if doc.kind in ("offender_breach_warning_letter", "victim_breach_letter"):
        if chosen is None or chosen.status != "breached":
            raise NotAvailable("The condition is not recorded as breached.")
        recorded = db.session.scalar(select(BreachRow).where(BreachRow.condition_id == chosen.id)
                                     .order_by(BreachRow.recorded_at.desc()).limit(1))
        identified = recorded.recorded_at.date() if recorded else (doc.created_at or now).date()
        if recorded:
            summary["breach"] = {"id": recorded.id, "status": recorded.status}
        parts["breach"] = Breach(condition=condition_part(chosen, victims), identified_on=identified,
                                 next_steps=NEXT_STEPS.get(decision.disposal, NEXT_STEPS["community_resolution"]),
                                 respond_by=identified + timedelta(days=RESPOND_WITHIN_DAYS))
    return Sources(parts=parts, summary=summary)


def clinic_sources(caseworker_id: int, day: date) -> Sources:
    """The day list for one caseworker's Caution Clinic: every appointment that day not cancelled."""
    worker = db.session.get(User, caseworker_id)
    if worker is None:
        raise NotAvailable("That caseworker no longer exists.")
    start = datetime.combine(day, time.min)
    rows = db.session.scalars(
        select(ClinicAppointment).where(ClinicAppointment.caseworker_id == caseworker_id,
                                        ClinicAppointment.starts_at >= start,
                                        ClinicAppointment.starts_at < start + timedelta(days=1),
                                        ClinicAppointment.status != "cancelled")
        .options(joinedload(ClinicAppointment.case).joinedload(Case.suspect))
        .order_by(ClinicAppointment.starts_at)).all()
    locations = list(dict.fromkeys(r.location for r in rows if r.location))
    clinic = Clinic(date=day, location="; ".join(locations) or "Not recorded", caseworker_name=worker.full_name,
                    appointments=tuple(Appointment(time=r.starts_at.time(), case_reference=r.case.reference,
                                                   person_name=r.case.suspect.full_name,
                                                   purpose=getattr(r, "purpose_label", "") or appointment_purpose(r.case))
                                       for r in rows))
    return Sources(parts={"clinic": clinic},
                   summary={"reference": f"CLINIC/{day.isoformat()}/{worker.username.upper()}",
                            "clinic": {"caseworker_id": worker.id, "date": day.isoformat(),
                                       "appointments": [r.id for r in rows]}})


def appointment_purpose(case: Case) -> str:
    decision = case.current_decision
    if decision is None:
        return "Assessment"
    if decision.status == "authorised":
        return f"Deliver the {_disposal_label(decision.disposal).lower()}"
    if decision.status == "delivered":
        return "Review of conditions"
    return "Assessment"


def summary_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, default=str)
