"""From case records to the document layer's inputs: the parts (`documents.context`) each document
is built from, and a record of exactly which rows, and which versions of them, they came from.

`documents.context.build_context` decides what each audience may see; this module decides what is
TRUE of the case (who the victim is, which conditions are live, what the decision was) and says why
a document cannot be made now. It reads ORM rows and app config only (never the request), so the web
request, the background job and the command line all use it alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from documents.catalogue import DISPOSALS, get_kind
from documents import context
from webapp.domain.document_options import (
    NotAvailable,
    appointment_purpose,
    clinic_key,
    disposal_label,
    live_conditions,
    parse_subject,
)
from webapp.domain.conditions import condition_type_name
from webapp.domain.formatting import clock_time, long_date
from webapp.extensions import db
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
from webapp.services import clinics, partners

REPLY_WITHIN_DAYS = 14     # victim views letter: reply by
RESPOND_WITHIN_DAYS = 14   # breach warning: give a reasonable excuse by

CONDITION_KIND_LABELS = {
    "rehabilitative": "Rehabilitative",
    "reparative": "Reparative",
    "punitive": "Punitive",
    "restrictive": "Restrictive",
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

DEFAULT_SENDER = {
    "organisation": "Police",
    "team": "Out of Court Resolutions Team",
    "address_lines": [],
    "phone": "",
    "email": "",
}


@dataclass
class Sources:
    """The parts for build_context and a record of exactly which rows (and versions) they came from."""

    parts: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)


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
            bits.append(f"{row.provider}: {condition_type_name(row.type)}")
        else:
            bits.append(f"{condition_type_name(row.type)} due {long_date(row.due_date)}" if row.due_date else condition_type_name(row.type))
    if "referral" in keys:
        referral = db.session.get(PartnerReferral, int(keys["referral"]))
        bits.append(f"to {referral.agency}: {referral.service_label}" if referral else "about a referral no longer on the case")
    if "appointment" in keys:
        slot = db.session.get(ClinicAppointment, int(keys["appointment"]))
        bits.append(f"appointment on {long_date(slot.starts_at)} at {clock_time(slot.starts_at)}" if slot
                    else "about an appointment no longer on the case")
    if "clinic" in keys:
        worker_id, day = clinic_key(keys["clinic"])
        worker = db.session.get(User, worker_id)
        bits.append(f"{worker.full_name if worker else 'caseworker'}, {long_date(day)}")
    return "; ".join(bits)



# --------------------------------------------------------------------------- parts from rows


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


def condition_part(row: ConditionRow, victims: list[Victim]) -> context.Condition:
    return context.Condition(
        kind_label=CONDITION_KIND_LABELS.get(row.kind, row.kind.capitalize()),
        type_label=condition_type_name(row.type),
        description=row.description or condition_type_name(row.type),
        provider=row.provider or None,
        hours=row.hours,
        amount=row.amount,
        due_date=row.due_date,
        concerns_victim=concerns_victim(row, victims),
    )


def disposal_part(decision: DecisionRow) -> context.Disposal:
    decided = decision.authorised_at or decision.decided_at
    who = decision.authorised_by or decision.decided_by
    label = ""
    warning = None
    if decision.disposal not in DISPOSALS:
        # No reviewed wording (a simple caution has no conditions to break): victim letters use only the label.
        label = disposal_label(decision.disposal)
        warning = "There are no conditions to comply with."
    return context.Disposal(code=decision.disposal, label=label, breach_warning=warning,
                            decision_date=decided.date() if decided else None,
                            authorised_by=who.full_name if who else "")


def person_part(case: Case) -> context.Person:
    p = case.suspect
    return context.Person(full_name=p.full_name, date_of_birth=p.date_of_birth, address_lines=tuple(p.address_lines),
                          pnc_id=p.pnc_id, phone=p.phone or None, email=p.email or None)


def offence_part(case: Case) -> context.Offence:
    off = case.offence
    legislation = off.legislation
    if not legislation and off.offence_key:
        catalogue = db.session.get(OffenceType, off.offence_key)
        legislation = catalogue.legislation if catalogue else ""
    return context.Offence(wording=off.wording, legislation=legislation, mode_of_trial_label=off.mode_of_trial_label,
                           offence_date=off.offence_date)


def victim_part(victim: Victim) -> context.VictimRecipient:
    lines = tuple(x for x in (victim.address_line1, victim.town, victim.postcode) if x)
    salutation = "Sir or Madam" if victim.is_organisation else victim.full_name
    return context.VictimRecipient(full_name=victim.full_name, address_lines=lines, salutation=salutation)


def sender_part(area, user: User | None) -> context.Sender:
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
    return context.Sender(organisation=config["organisation"], team=config["team"],
                          address_lines=tuple(config.get("address_lines") or ()), phone=config.get("phone") or None,
                          email=config.get("email") or None, name=user.full_name if user else "",
                          role=user.role_label if user else "")


def provider_part(row: ConditionRow) -> context.Provider:
    """The partner agency named on the condition, with its address and referral route from the
    provider directory that admins keep (webapp.services.partners)."""
    return partners.letter_provider(row.provider)


def _provider_needs(case: Case, provider: str) -> list[str]:
    """Only what this provider needs: the reasons recorded on referrals to this agency."""
    rows = db.session.scalars(select(PartnerReferral).where(PartnerReferral.case_id == case.id)).all()
    return [r.reason for r in rows if r.agency.strip().lower() == provider.strip().lower() and r.reason.strip()]


# --------------------------------------------------------------------------- parts for one document


def gather(doc: GeneratedDocument, template: DocumentTemplate, *, generated_by: str,
           now: datetime | None = None) -> Sources:
    """The build_context parts for `doc`, from the records as they are now, and where they came from.

    Raises NotAvailable when the records no longer allow this document (for example the decision
    was withdrawn after the document was asked for).
    """
    now = now or datetime.now(context.UK_TIME).replace(microsecond=0)
    keys = parse_subject(doc.recipient)
    summary: dict[str, Any] = {
        "kind": doc.kind,
        "template": {"id": template.id, "version": template.version, "sha256": template.sha256},
        "generated_at": now.isoformat(),
    }
    if doc.kind == "clinic_day_list":
        if "clinic" not in keys:
            raise NotAvailable("A clinic day list needs a caseworker and a date.")
        worker_id, day = clinic_key(keys["clinic"])
        sources = clinic_sources(worker_id, day)
        meta_reference = sources.summary.pop("reference")
        sources.parts["meta"] = context.DocumentMeta.for_kind(doc.kind, template_version=template.version,
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
        "meta": context.DocumentMeta.for_kind(doc.kind, template_version=template.version, generated_by=generated_by,
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
        parts["offender"] = context.Person(full_name=case.suspect.full_name)
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
        parts["offender"] = context.Person(full_name=case.suspect.full_name, phone=case.suspect.phone or None,
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
        parts["breach"] = context.Breach(condition=condition_part(chosen, victims), identified_on=identified,
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
    appointments = tuple(context.Appointment(time=r.starts_at.time(), case_reference=r.case.reference,
                                             person_name=r.case.suspect.full_name,
                                             purpose=r.purpose_label or appointment_purpose(r.case.current_decision))
                         for r in rows)
    clinic = context.Clinic(date=day, location="; ".join(locations) or "Not recorded",
                            caseworker_name=worker.full_name, appointments=appointments)
    return Sources(parts={"clinic": clinic},
                   summary={"reference": f"CLINIC/{day.isoformat()}/{worker.username.upper()}",
                            "clinic": {"caseworker_id": worker.id, "date": day.isoformat(),
                                       "appointments": [r.id for r in rows]}})


