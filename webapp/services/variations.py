"""Varying a condition after a breach: the supervisor's approved variation waits for the offender's agreement,
and the varied condition starts only once that agreement is recorded (Criminal Justice Act 2003 s.23B: conditions
are varied with the offender's consent; Code of Practice for Adult Conditional Cautions 2013).

The agreement is recorded like the caution's delivery: who took it, when and where, and the signed document
(kept in the document store with its SHA-256). What must be on record is webapp.domain.delivery.variation_missing.
Each function changes the current transaction and leaves the commit to the caller.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.domain import compliance as rules
from webapp.domain import delivery
from webapp.domain.formatting import date_at_time, long_date
from webapp.domain.lifecycle import STATUSES, check_transition
from webapp.extensions import db
from webapp.models import Breach, Case, CaseEvent, Condition
from webapp.models._types import utcnow
from webapp.models.variation import ConditionVariation
from webapp.services import storage as store

AWAITING, AGREED, REFUSED = "awaiting_agreement", "agreed", "refused"


class VariationRefused(ValueError):
    """The agreement cannot be recorded as given; `problems` name each field and what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def _event(case: Case, kind: str, summary: str, detail: str, user) -> None:
    case.events.append(CaseEvent(kind=kind, summary=summary[:255], detail=detail,
                                 actor_id=user.id if user is not None else None))


def propose_variation(case: Case, breach: Breach, user) -> ConditionVariation:
    """Called when a supervisor approves a variation: the new terms wait for the offender's agreement."""
    variation = ConditionVariation(case_id=case.id, breach_id=breach.id, condition_id=breach.condition_id,
                                   new_terms=breach.outcome_notes.strip(), new_due_date=breach.new_due_date,
                                   status=AWAITING)
    db.session.add(variation)
    db.session.flush()
    _event(case, "variation_proposed", "Varied condition waiting for the offender's agreement",
           f"New terms: {variation.new_terms}. They start only once the offender's agreement is recorded "
           f"({delivery.VARIATION_SOURCE}).", user)
    audit.record("alter", "condition_variation", case.reference,
                 f"Variation {variation.id} of condition {breach.condition_id} waiting for the offender's agreement")
    return variation


def awaiting(case: Case) -> list[ConditionVariation]:
    return list(db.session.scalars(select(ConditionVariation).where(
        ConditionVariation.case_id == case.id, ConditionVariation.status == AWAITING).order_by(ConditionVariation.id)))


def for_breach(breach: Breach) -> ConditionVariation | None:
    return db.session.scalar(select(ConditionVariation).where(ConditionVariation.breach_id == breach.id))


def record_agreement(case: Case, variation: ConditionVariation, *, taken_by_name: str, taken_by_rank: str,
                     offender_agreed: bool, agreed_at: datetime | None, place: str, signed_document: bytes | None,
                     signed_file_name: str, user) -> Condition:
    """Record the offender's agreement to the varied condition; only then does the new condition start.

    Refuses (VariationRefused, by field) anything missing, a signed document that is not a PDF, JPEG or PNG,
    and an agreement dated before the variation was approved.
    """
    if variation.status != AWAITING:
        raise VariationRefused({"": "The offender's agreement to this variation is already recorded"})
    facts = delivery.VariationAgreement(taken_by_name=taken_by_name, taken_by_rank=taken_by_rank,
                                        offender_agreed=offender_agreed, signed_document=bool(signed_document),
                                        agreed_at=agreed_at, place=place)
    problems = delivery.variation_missing(facts)
    content_type = delivery.signed_document_type(signed_document) if signed_document else None
    if signed_document and content_type is None:
        problems["signed_document"] = "The signed document must be a PDF, JPEG or PNG scan"
    elif signed_document and len(signed_document) > delivery.SIGNED_MAX_BYTES:
        problems["signed_document"] = "The signed document must be smaller than 10 MB"
    approved = variation.breach.approved_at or variation.created_at
    if agreed_at is not None and approved is not None and agreed_at.date() < approved.date():
        problems["agreed_at"] = "The offender cannot have agreed before the variation was approved"
    if problems:
        raise VariationRefused(problems)

    name = f"{uuid.uuid4().hex}{delivery.SIGNED_TYPES[content_type]}"
    key = f"signed/{store.safe_name(case.reference)}/variation-{name}"
    store.write(key, signed_document)
    old = variation.condition
    new = Condition(decision_id=old.decision_id, case_id=case.id, kind=old.kind, type=old.type,
                    description=variation.new_terms[:255], provider=old.provider, hours=old.hours, amount=old.amount,
                    due_date=variation.new_due_date, status=rules.PENDING)
    db.session.add(new)
    db.session.flush()
    variation.new_condition_id = new.id
    variation.status = AGREED
    variation.taken_by_name, variation.taken_by_rank = taken_by_name.strip(), taken_by_rank.strip()
    variation.agreed_at, variation.place = agreed_at, place.strip()
    variation.signed_file_name = (signed_file_name or name)[:255]
    variation.signed_path, variation.signed_sha256 = key, store.sha256(signed_document)
    variation.signed_content_type = content_type
    variation.recorded_by_id, variation.recorded_at = (user.id if user is not None else None), utcnow()
    moved = ""
    if case.status == "breached":
        check_transition(case.status, "conditions_active")
        moved = f": status changed from {STATUSES[case.status]} to {STATUSES['conditions_active']}"
        case.status = "conditions_active"
    due = f", due {long_date(variation.new_due_date)}" if variation.new_due_date else ""
    _event(case, "variation_agreed", f"Offender agreed to the varied condition{moved}",
           f"Agreed with {variation.taken_by_rank} {variation.taken_by_name} at {variation.place} on "
           f"{date_at_time(agreed_at)}; signed document recorded. New condition: {new.description}{due}.", user)
    audit.record("collect", "condition_variation", case.reference,
                 f"Offender's agreement to variation {variation.id} taken by {variation.taken_by_rank} "
                 f"{variation.taken_by_name} at {variation.place}; signed document {variation.signed_sha256[:12]} "
                 f"stored; condition {new.id} started")
    return new


def record_refusal(case: Case, variation: ConditionVariation, *, notes: str, user) -> None:
    """The offender did not agree to the new terms. Conditions cannot be varied without their consent, so the
    variation lapses and the original, missed condition stands again: record the breach again and choose what
    should happen now (for example prosecution)."""
    if variation.status != AWAITING:
        raise VariationRefused({"": "The offender's answer to this variation is already recorded"})
    if not notes.strip():
        raise VariationRefused({"notes": "Enter what the offender said and who asked them"})
    variation.status = REFUSED
    variation.recorded_by_id, variation.recorded_at = (user.id if user is not None else None), utcnow()
    condition = variation.condition
    condition.status = rules.PENDING
    condition.evidence = f"{condition.evidence}\nThe offender did not agree to the variation: {notes.strip()}".strip()
    _event(case, "variation_refused", "Offender did not agree to the varied condition",
           f"{notes.strip()} The original condition stands: record the breach again and choose what should happen "
           "now.", user)
    audit.record("collect", "condition_variation", case.reference,
                 f"Offender did not agree to variation {variation.id}; condition {condition.id} stands again")
