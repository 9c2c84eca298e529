"""The provider directory and referrals to partner agencies: every change, its timeline event and
its audit line, written the same way for the web, jobs and commands.

A referral's outcome feeds compliance when it is tied to a condition: "did not attend" is recorded
as a missed session (the daily sweep then flags a possible breach, exactly as for a provider's
attendance file) and "completed" completes the condition.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from webapp.audit import log as audit
from webapp.domain import partners as rules
from webapp.extensions import db
from webapp.models import AttendanceRecord, Case, CaseEvent, Condition, PartnerReferral, Provider, User, Victim
from webapp.models._types import utcnow
from webapp.domain.formatting import long_date

PROVIDER_FIELDS = ("name", "services", "areas", "address", "phone", "email", "contact_route", "referral_method",
                   "capacity", "waiting_weeks", "active")
OPEN_CONDITION = "pending"


class ReferralError(ValueError):
    """The change asked for is not allowed; the message says why, in words for the caseworker."""


# --------------------------------------------------------------------------- the directory


def providers(*, service: str | None = None, area_code: str | None = None, active_only: bool = True) -> list[Provider]:
    """Providers by name, optionally only those offering `service` in `area_code` (JSON columns are
    filtered here: the directory is tens of rows, not thousands)."""
    stmt = select(Provider).order_by(Provider.name)
    if active_only:
        stmt = stmt.where(Provider.active.is_(True))
    rows = db.session.scalars(stmt).all()
    return [p for p in rows if (service is None or service in (p.services or []))
            and (area_code is None or p.covers(area_code))]


def provider_named(name: str) -> Provider | None:
    """The directory entry a condition's free-text provider names, compared without case or spaces."""
    wanted = " ".join((name or "").split()).lower()
    if not wanted:
        return None
    return db.session.scalar(select(Provider).where(func.lower(Provider.name) == wanted))


def save_provider(provider: Provider | None, values: dict, user: User) -> Provider:
    """Add a provider (provider=None) or change one; the caller commits."""
    first = provider is None
    if first:
        provider = Provider()
        db.session.add(provider)
    changed = [k for k in PROVIDER_FIELDS if getattr(provider, k, None) != values[k]]
    for key in PROVIDER_FIELDS:
        setattr(provider, key, values[key])
    provider.updated_at = utcnow()
    db.session.flush()
    audit.record("collect" if first else "alter", "provider", provider.id,
                 f"Provider {provider.name} {'added' if first else 'changed: ' + ', '.join(changed)}", user=user)
    return provider


# --------------------------------------------------------------------------- referrals


def case_referrals(case: Case, subject: str | None = None) -> list[PartnerReferral]:
    stmt = (select(PartnerReferral).where(PartnerReferral.case_id == case.id)
            .order_by(PartnerReferral.referred_at, PartnerReferral.id))
    if subject:
        stmt = stmt.where(PartnerReferral.subject == subject)
    return list(db.session.scalars(stmt))


@dataclass
class NewReferral:
    subject: str
    service: str
    provider: Provider
    reason: str
    consent: bool
    victim: Victim | None = None
    condition: Condition | None = None
    send_on: date | None = None  # set: sent that day; None: proposed only


def _event(case: Case, summary: str, detail: str, user: User) -> None:
    case.add_event("referral", summary, detail, user)


def _disclose(referral: PartnerReferral, case: Case, user: User) -> None:
    """Sending passes the person's details to the agency: a disclosure with its recipient (DPA 2018 s.62(3))."""
    who = "the victim" if referral.subject == rules.VICTIM else "the offender"
    audit.record("disclose", "partner_referral", case.reference, f"Referral {referral.id} sent for {who}",
                 justification=f"Referral to a partner agency: {referral.service_label}",
                 recipient=referral.agency, user=user)


def refer(case: Case, new: NewReferral, user: User) -> PartnerReferral:
    status = "sent" if new.send_on else "proposed"
    problem = rules.consent_problem(new.subject, new.consent, status)
    if problem:
        raise ReferralError(problem)
    if new.service not in rules.services_for(new.subject):
        raise ReferralError("Choose a service from the list")
    if new.service not in (new.provider.services or []):
        raise ReferralError(f"{new.provider.name} does not offer {rules.SERVICES[new.service].lower()}")
    if new.subject == rules.VICTIM and (new.victim is None or new.victim.case_id != case.id):
        raise ReferralError("Choose which victim is being referred")
    if new.condition is not None and (new.subject != rules.OFFENDER or new.condition.case_id != case.id):
        raise ReferralError("Only the offender's referral can be for one of the case's conditions")
    referral = PartnerReferral(
        case_id=case.id, agency=new.provider.name[:120], reason=new.reason.strip(), status=status,
        referred_by_id=user.id, referred_at=utcnow(), subject=new.subject,
        victim_id=new.victim.id if new.victim else None, service=new.service, provider_id=new.provider.id,
        consent=new.consent, sent_on=new.send_on, condition_id=new.condition.id if new.condition else None,
        updated_at=utcnow())
    db.session.add(referral)
    db.session.flush()
    who = f"victim {new.victim.full_name}" if new.victim else "the offender"
    verb = "sent" if new.send_on else "proposed"
    _event(case, f"Referral of {who} to {referral.agency} ({referral.service_label.lower()}) {verb}",
           referral.reason, user)
    audit.record("collect", "partner_referral", case.reference,
                 f"Referral {referral.id} of {who} to {referral.agency} {verb}", user=user)
    if new.send_on:
        _disclose(referral, case, user)
    return referral


def change_status(referral: PartnerReferral, status: str, user: User, *, on: date, notes: str = "",
                  consent: bool | None = None) -> str:
    """Move a referral on (sent, accepted, attending, completed, did not attend, declined); returns
    what happened, in words. The caller commits."""
    if status not in rules.REFERRAL_STATUSES:
        raise ReferralError("Choose the new status")
    if not rules.can_move(referral.status, status):
        raise ReferralError(f"A referral that is {referral.status_label.lower()} cannot become "
                            f"{rules.REFERRAL_STATUSES[status].lower()}")
    if consent is not None:
        referral.consent = consent
    problem = rules.consent_problem(referral.subject, referral.consent, status)
    if problem:
        raise ReferralError(problem)
    case = db.session.get(Case, referral.case_id)
    old = referral.status_label
    referral.status = status
    referral.updated_at = utcnow()
    if notes.strip():
        referral.outcome_notes = "\n".join(filter(None, [referral.outcome_notes, f"{long_date(on)}: {notes.strip()}"]))
    if status == "sent":
        referral.sent_on = on
    summary = f"Referral to {referral.agency}: {old.lower()} to {referral.status_label.lower()}"
    _event(case, summary, notes.strip(), user)
    if status == "sent":
        _disclose(referral, case, user)
    else:
        audit.record("alter", "partner_referral", case.reference, f"Referral {referral.id}: {summary}", user=user)
    effect = _feed_compliance(referral, case, user, on)
    return f"{summary}. {effect}".strip() if effect else summary


def _feed_compliance(referral: PartnerReferral, case: Case, user: User, on: date) -> str:
    effect = rules.compliance_effect(referral.status)
    condition = db.session.get(Condition, referral.condition_id) if referral.condition_id else None
    if effect is None or condition is None or condition.status != OPEN_CONDITION:
        return ""
    source = f"referral {referral.id} to {referral.agency}"
    if effect == rules.DONE:
        return complete_condition(condition, case, on, source, user)
    already = db.session.scalar(select(AttendanceRecord.id).where(AttendanceRecord.condition_id == condition.id,
                                                                  AttendanceRecord.session_date == on))
    if already is None:
        # The sweep reads missed sessions from attendance records, so this flags it like a provider's file would.
        db.session.add(AttendanceRecord(condition_id=condition.id, case_id=case.id, session_date=on, attended=False,
                                        course=referral.service_label[:200], recorded_by_id=user.id))
        condition.evidence = f"{condition.evidence}\nDid not attend on {long_date(on)} ({source}).".strip()
        audit.record("alter", "condition", case.reference, f"Condition {condition.id}: missed session ({source})",
                     user=user)
    return "The missed session is flagged for a compliance review."


def complete_condition(condition: Condition, case: Case, on: date, source: str, user: User) -> str:
    """A condition met through a partner (a referral, a Restorative Justice activity): completed, with
    where the evidence came from."""
    what = condition.description or condition.type.replace("_", " ")
    condition.status = "completed"
    condition.completed_at = on
    condition.evidence = f"{condition.evidence}\nCompleted on {long_date(on)} ({source}).".strip()
    case.events.append(CaseEvent(kind="condition_completed", summary=f"Condition completed: {what}"[:255],
                                 detail=source, actor_id=user.id))
    audit.record("alter", "condition", case.reference, f"Condition {condition.id} completed ({source})", user=user)
    return "The condition is recorded as completed."


def open_conditions(case: Case) -> list[Condition]:
    """Conditions of the case's current decision that a referral could serve."""
    decision = case.current_decision
    if decision is None:
        return []
    return [c for c in decision.conditions if c.status == OPEN_CONDITION]


# --------------------------------------------------------------------------- the referral letter

LETTER_STATUSES = ("proposed", "sent", "accepted", "attending")


def letter_provider(name: str, provider: Provider | None = None):
    """The letter's provider part: the directory's address and contact route for the named agency
    (or just the name when the directory does not know it)."""
    from documents.context import Provider as ProviderPart

    row = provider or provider_named(name)
    if row is None:
        return ProviderPart(name=name)
    contact = "; ".join(filter(None, [row.contact_route.replace("\n", " ").strip(),
                                      row.phone and f"telephone {row.phone}", row.email and f"e-mail {row.email}"]))
    return ProviderPart(name=row.name, address_lines=tuple(row.address_lines), contact=contact)


def letter_referrals(case: Case) -> list[PartnerReferral]:
    """The offender's referrals to a directory provider that a referral letter can go with: agreed to and live."""
    return [r for r in case_referrals(case, rules.OFFENDER)
            if r.provider_id and r.consent and r.status in LETTER_STATUSES]


def referral_letter_parts(case: Case, raw_id: str) -> dict:
    """The parts of a provider's referral letter for a referral (rather than a condition): the
    service as what is asked for, the reason as the only need the provider is told."""
    from documents.context import Condition as ConditionPart
    from documents.context import Person

    referral = next((r for r in letter_referrals(case) if str(r.id) == raw_id), None)
    if referral is None:
        raise ReferralError("That referral is not on the case, has no provider from the directory, or was not agreed to.")
    suspect = case.suspect
    condition = db.session.get(Condition, referral.condition_id) if referral.condition_id else None
    return {
        "provider": letter_provider(referral.agency, referral.provider),
        "offender": Person(full_name=suspect.full_name, phone=suspect.phone or None, email=suspect.email or None,
                           address_lines=tuple(suspect.address_lines)),
        "condition": ConditionPart(kind_label="Referral", type_label=referral.service_label,
                                   description=condition.description if condition else
                                   f"Assessment and support from your {referral.service_label.lower()}",
                                   provider=referral.agency, hours=condition.hours if condition else None,
                                   due_date=condition.due_date if condition else None),
        "needs": [referral.reason] if referral.reason else [],
    }
