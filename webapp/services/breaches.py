"""Recording compliance and breaches on a case: completing a condition, payments, recording a breach,
a supervisor's decision on it, and registering an unpaid Community Caution penalty as a fine; and
reading what the case's Compliance section shows (records by condition, breaches, tasks).

What the law allows comes from webapp.domain.compliance; the case's status moves only through
webapp.domain.lifecycle. Each function changes the current transaction (rows, timeline, audit log)
and leaves the commit to the caller, so a view or a job commits once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.audit import log as audit
from webapp.domain import compliance as rules
from webapp.domain.config import EngineConfig
from webapp.domain.disposals import LABELS
from webapp.domain.formatting import counted, long_date, money
from webapp.domain.lifecycle import STATUSES, TransitionError, check_transition
from webapp.extensions import db
from webapp.models import AttendanceRecord, Breach, Case, CaseEvent, ComplianceTask, Condition, Payment, VictimContact
from webapp.models._types import utcnow
from webapp.services.settings import engine_config
from webapp.services.variations import propose_variation
from webapp.services.victims import create_update_tasks

OPEN_FOR_BREACH = ("conditions_active", "breached")


class BreachError(ValueError):
    """The breach cannot be recorded or decided as asked; the message says why, for the page."""


def describe(condition: Condition) -> str:
    return condition.description or condition.type.replace("_", " ").capitalize()


def disposal_of(condition: Condition) -> str:
    return condition.decision.disposal


def time_limit(case: Case, today: date, config: EngineConfig | None = None) -> rules.TimeLimit | None:
    decision, offence = case.current_decision, case.offence
    if decision is None or offence is None:
        return None
    config = config or engine_config()
    return rules.prosecution_time_limit(decision.disposal, offence.mode_of_trial, offence.offence_date, today,
                                        config.breach_review_buffer_days)


def outcomes(case: Case, condition: Condition, today: date) -> list[rules.BreachOutcome]:
    return rules.breach_outcomes(disposal_of(condition), time_limit(case, today))


def why_no_breach(case: Case, condition: Condition, breaches: list[Breach] | None = None) -> str | None:
    """Why a breach cannot be recorded against this condition now; None when it can. `breaches`, the
    condition's breaches when already read, saves a query per condition on a page listing them."""
    reason = rules.not_enforceable_reason(disposal_of(condition))
    if reason:
        return reason
    if condition.status != rules.PENDING:
        return f"The condition is {condition.status_label.lower()}"
    if case.status not in OPEN_FOR_BREACH:
        return f"The case is {case.status_label.lower()}: conditions are not active"
    if breaches is not None:
        open_breach = any(b.status == "proposed" for b in breaches)
    else:
        open_breach = db.session.scalar(select(Breach.id).where(Breach.condition_id == condition.id,
                                                               Breach.status == "proposed")) is not None
    if open_breach:
        return "A breach of this condition is already awaiting a supervisor's decision"
    return None


def _event(case: Case, kind: str, summary: str, detail: str, user) -> None:
    case.events.append(CaseEvent(kind=kind, summary=summary[:255], detail=detail,
                                 actor_id=user.id if user is not None else None))


def _close_tasks(condition_id: int, kinds=("reminder", "review")) -> None:
    for task in db.session.scalars(select(ComplianceTask).where(
            ComplianceTask.condition_id == condition_id, ComplianceTask.kind.in_(kinds),
            ComplianceTask.done.is_(False))):
        task.done, task.done_at = True, utcnow()


def task_done(task: ComplianceTask, user) -> None:
    """A caseworker has dealt with a reminder, review or penalty task."""
    task.done, task.done_at, task.done_by_id = True, utcnow(), user.id
    audit.record("alter", "case", task.case.reference, f"Compliance task {task.id} ({task.kind}) marked done",
                 user=user)


# --------------------------------------------------------------------------- completion and payments


def complete_condition(case: Case, condition: Condition, completed_on: date, evidence: str, user) -> None:
    if condition.status != rules.PENDING:
        raise BreachError(f"The condition is already {condition.status_label.lower()}")
    condition.status = rules.COMPLETED
    condition.completed_at = completed_on
    condition.evidence = f"{condition.evidence}\n{evidence.strip()}".strip()
    _close_tasks(condition.id)
    _event(case, "condition_completed", f"Condition completed: {describe(condition)}",
           f"Completed on {long_date(completed_on)}. {evidence.strip()}", user)
    audit.record("alter", "case", case.reference, f"Condition {condition.id} marked completed with evidence")


def paid_so_far(*, condition_id: int | None = None, breach_id: int | None = None) -> Decimal:
    column = Payment.condition_id if condition_id is not None else Payment.breach_id
    value = condition_id if condition_id is not None else breach_id
    return db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(column == value)) or Decimal(0)


def record_payment(case: Case, *, amount: Decimal, paid_on: date, reference: str, reported_by: str, user,
                   condition: Condition | None = None, breach: Breach | None = None) -> str:
    """A payment as the money-handling unit reports it. Paying a condition's amount in full completes
    it; paying a breach's penalty in full means it need not be registered as a fine."""
    payment = Payment(case_id=case.id, condition_id=condition.id if condition else None,
                      breach_id=breach.id if breach else None, amount=amount, paid_on=paid_on,
                      reference=reference.strip(), reported_by=reported_by.strip(), recorded_by_id=user.id)
    db.session.add(payment)
    db.session.flush()
    if condition is not None:
        what, total, due = describe(condition), paid_so_far(condition_id=condition.id), condition.amount
    else:
        what, total, due = "Financial penalty for the breach", paid_so_far(breach_id=breach.id), breach.penalty_amount
    message = f"{money(amount)} recorded against {what.lower()}"
    if due is not None and total >= due:
        if condition is not None and condition.status == rules.PENDING:
            condition.status = rules.COMPLETED
            condition.completed_at = paid_on
            condition.evidence = f"{condition.evidence}\nPaid in full ({money(total)}) by {long_date(paid_on)}.".strip()
            _close_tasks(condition.id)
            message += ": paid in full, so the condition is completed"
        elif breach is not None and breach.registration_status == "awaiting_payment":
            breach.registration_status = "paid"
            message += ": the penalty is paid in full"
    _event(case, "payment", f"Payment recorded: {money(amount)} for {what.lower()}",
           f"Paid on {long_date(paid_on)}; reference {payment.reference or 'none'}; reported by {payment.reported_by}", user)
    audit.record("collect", "payment", case.reference, f"Payment of {money(amount)} recorded ({what})")
    return message


# --------------------------------------------------------------------------- breaches


def record_breach(case: Case, condition: Condition, *, what_happened: str, reasonable_excuse: str,
                  offender_account: str, outcome: str, notes: str, user, today: date,
                  penalty_amount: Decimal | None = None, penalty_due_date: date | None = None,
                  new_due_date: date | None = None) -> Breach:
    reason = why_no_breach(case, condition)
    if reason:
        raise BreachError(reason)
    chosen = rules.outcome_for(disposal_of(condition), outcome, time_limit(case, today))
    if chosen is None:
        raise BreachError("That outcome is not available for this disposal")
    breach = Breach(case_id=case.id, condition_id=condition.id, what_happened=what_happened.strip(),
                    reasonable_excuse=reasonable_excuse.strip(), offender_account=offender_account.strip(),
                    proposed_outcome=outcome, outcome_notes=notes.strip(), recorded_by_id=user.id,
                    penalty_amount=penalty_amount if outcome == rules.FINANCIAL_PENALTY else None,
                    penalty_due_date=penalty_due_date if outcome == rules.FINANCIAL_PENALTY else None,
                    new_due_date=new_due_date if outcome in (rules.CONTINUE, rules.VARY) else None)
    db.session.add(breach)
    db.session.flush()
    _close_tasks(condition.id, kinds=("review",))  # the review the sweep asked for is answered by this breach
    _event(case, "breach_recorded", f"Breach recorded: {describe(condition)}",
           f"Proposed: {chosen.label}. Awaiting a supervisor's approval.", user)
    audit.record("collect", "breach", case.reference, f"Breach {breach.id} of condition {condition.id} recorded; "
                 f"proposed outcome {outcome}")
    return breach


def decide_breach(case: Case, breach: Breach, *, approve: bool, comments: str, user, today: date,
                  config: EngineConfig | None = None) -> str:
    """A supervisor's decision. Approval moves the case through the outcome's statuses (breached, then
    prosecuted or back to conditions active), settles the condition and gives victims an update task."""
    if breach.status != "proposed":
        raise BreachError(f"This breach was already {breach.status_label.lower()}")
    condition = breach.condition
    breach.supervisor_comments = comments.strip()
    breach.approved_by_id = user.id
    breach.approved_at = utcnow()
    if not approve:
        breach.status = "rejected"
        _event(case, "breach_rejected", f"Breach not approved: {describe(condition)}", comments.strip(), user)
        audit.record("alter", "breach", case.reference, f"Breach {breach.id} rejected")
        return "Breach not approved: the condition stays as it was"
    config = config or engine_config()
    outcome = rules.outcome_for(disposal_of(condition), breach.proposed_outcome, time_limit(case, today, config))
    if outcome is None:
        raise BreachError("The proposed outcome is no longer available (the six-month limit for prosecuting "
                          "this summary-only offence has passed): reject it and record the breach again")
    # Varied conditions start only once the offender agrees to them (CJA 2003 s.23B): the case stays breached
    # until the agreement is recorded (webapp.services.variations).
    path = outcome.case_path[:1] if outcome.code == rules.VARY else outcome.case_path
    for status in path:
        if case.status == status:
            continue
        try:
            check_transition(case.status, status)
        except TransitionError as exc:
            raise BreachError(str(exc)) from None
        _event(case, "status", f"Status changed from {STATUSES[case.status]} to {STATUSES[status]}",
               f"Breach {breach.id}: {outcome.label}", user)
        case.status = status
    condition.status = outcome.condition_status
    if outcome.code == rules.CONTINUE and breach.new_due_date:
        condition.due_date = breach.new_due_date
    if outcome.code == rules.VARY and condition.status == rules.VARIED:
        condition.evidence = f"{condition.evidence}\nVaried after breach: {breach.outcome_notes}".strip()
        propose_variation(case, breach, user)
    if outcome.code == rules.FINANCIAL_PENALTY:
        breach.registration_status = "awaiting_payment"
    breach.status = "approved"
    _close_tasks(condition.id)
    _event(case, "breach_approved", f"Breach approved: {outcome.label.lower()}",
           f"{describe(condition)}. {comments.strip()}".strip(), user)
    audit.record("alter", "breach", case.reference, f"Breach {breach.id} approved: {outcome.code}")
    label = LABELS.get(disposal_of(condition), disposal_of(condition))
    tasks = create_update_tasks(case, "breach", f"{label} breached: {outcome.label.lower()}", today,
                                config=config, actor=user)
    told = f"; {counted(len(tasks), 'victim update task')} created" if tasks else ""
    waits = ("; the new condition starts once the offender's agreement to it is recorded"
             if outcome.code == rules.VARY else "")
    return f"Breach approved: {outcome.label.lower()}{told}{waits}"


def register_penalty(case: Case, breach: Breach, user, today: date) -> str:
    """Issue the registration certificate for an unpaid Community Caution penalty (PCSC 2022 s.111(7),
    s.112): it goes to the designated officer for the offender's local justice area and is registered
    and enforced as a fine. The offender is never prosecuted for the offence."""
    paid = paid_so_far(breach_id=breach.id)
    if not rules.penalty_registrable(breach.registration_status, breach.penalty_due_date, paid,
                                     breach.penalty_amount, today):
        raise BreachError("The penalty can be registered only when it is unpaid after the date it was due")
    breach.registration_status = "registered"
    breach.registered_on = today
    breach.registered_by_id = user.id
    for task in db.session.scalars(select(ComplianceTask).where(ComplianceTask.key == f"penalty:{breach.id}")):
        task.done, task.done_at, task.done_by_id = True, utcnow(), user.id
    owed = breach.penalty_amount - paid
    _event(case, "penalty_registered", f"Registration certificate issued: {money(owed)} to be registered as a fine",
           "Sent to the designated officer for the offender's local justice area (PCSC 2022 s.112)", user)
    audit.record("disclose", "breach", case.reference,
                 f"Registration certificate for breach {breach.id} ({money(owed)} unpaid)",
                 recipient="Designated officer, magistrates' court", justification="PCSC 2022 s.112")
    return "Registration certificate issued: the penalty will be registered as a fine"


# --------------------------------------------------------------------------- what the Compliance section reads


@dataclass
class ConditionRecords:
    """What has been recorded against conditions, by condition id, oldest first."""

    attendance: dict[int, list[AttendanceRecord]] = field(default_factory=lambda: defaultdict(list))
    payments: dict[int, list[Payment]] = field(default_factory=lambda: defaultdict(list))
    breaches: dict[int, list[Breach]] = field(default_factory=lambda: defaultdict(list))


def condition_records(conditions: list[Condition]) -> ConditionRecords:
    """Attendance, payments and breaches of these conditions in three queries, whatever their number."""
    found = ConditionRecords()
    ids = [c.id for c in conditions]
    if not ids:
        return found
    for record in db.session.scalars(select(AttendanceRecord).where(AttendanceRecord.condition_id.in_(ids))
                                     .order_by(AttendanceRecord.session_date)):
        found.attendance[record.condition_id].append(record)
    for payment in db.session.scalars(select(Payment).where(Payment.condition_id.in_(ids)).order_by(Payment.paid_on)):
        found.payments[payment.condition_id].append(payment)
    for breach in db.session.scalars(select(Breach).where(Breach.condition_id.in_(ids)).order_by(Breach.id)):
        found.breaches[breach.condition_id].append(breach)
    return found


def case_breaches(case: Case) -> list[Breach]:
    return list(db.session.scalars(select(Breach).where(Breach.case_id == case.id).order_by(Breach.id.desc())))


def case_tasks(case: Case) -> list[ComplianceTask]:
    return list(db.session.scalars(select(ComplianceTask).where(ComplianceTask.case_id == case.id)
                                   .order_by(ComplianceTask.done, ComplianceTask.due_date, ComplianceTask.id)))


def victim_updates(case: Case) -> list[VictimContact]:
    """Victim contact tasks about breaches (created when a supervisor approves one)."""
    return list(db.session.scalars(select(VictimContact).where(VictimContact.case_id == case.id,
                                                               VictimContact.purpose == "breach")
                                   .order_by(VictimContact.due_date, VictimContact.id)))


def open_tasks(scope, limit: int) -> list[ComplianceTask]:
    """The team's open compliance tasks, soonest due first, on cases within `scope` (a WHERE clause)."""
    return list(db.session.scalars(
        select(ComplianceTask).where(ComplianceTask.done.is_(False), ComplianceTask.case.has(scope))
        .options(joinedload(ComplianceTask.case).joinedload(Case.suspect))
        .order_by(ComplianceTask.due_date, ComplianceTask.id).limit(limit)))


def awaiting_decision(scope) -> list[Breach]:
    """Breaches waiting for a supervisor, oldest first, on cases within `scope`."""
    return list(db.session.scalars(
        select(Breach).where(Breach.status == "proposed", Breach.case.has(scope))
        .options(joinedload(Breach.case).joinedload(Case.suspect)).order_by(Breach.recorded_at)))
