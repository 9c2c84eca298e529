"""webapp.services.breaches without a page: completing and paying a condition, and closing a compliance
task, each with its timeline entry and audit line in GOV.UK words ("5 March 2026", "£50.00")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from compliance_testing import case_with_conditions
from factories import gen_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditRecord, ComplianceTask
from webapp.services import breaches

PAID_ON = date(2026, 3, 5)


def _compensation_case():
    return case_with_conditions(conditions=[{"kind": "reparative", "type": "compensation",
                                             "description": "Pay compensation to the shop", "amount": Decimal("50")}])


def test_paying_a_condition_in_full_completes_it_in_govuk_words(ctx):
    case, clerk = _compensation_case(), gen_user("clerk")
    condition = case.current_decision.conditions[0]
    message = breaches.record_payment(case, amount=Decimal("20"), paid_on=PAID_ON, reference="R1",
                                      reported_by="Finance", user=clerk, condition=condition)
    assert message == "£20.00 recorded against pay compensation to the shop" and condition.status == "pending"
    message = breaches.record_payment(case, amount=Decimal("30"), paid_on=PAID_ON, reference="R2",
                                      reported_by="Finance", user=clerk, condition=condition)
    db.session.commit()
    assert message.endswith(": paid in full, so the condition is completed")
    assert condition.status == "completed" and condition.completed_at == PAID_ON
    assert "Paid in full (£50.00) by 5 March 2026." in condition.evidence
    assert "Paid on 5 March 2026; reference R2; reported by Finance" in [e.detail for e in case.events]


def test_completing_a_condition_dates_the_timeline_entry_the_govuk_way(ctx):
    case, caseworker = case_with_conditions(), gen_user("caseworker")
    condition = case.current_decision.conditions[0]
    breaches.complete_condition(case, condition, PAID_ON, "Certificate seen", caseworker)
    db.session.commit()
    assert condition.status == "completed"
    assert "Completed on 5 March 2026. Certificate seen" in [e.detail for e in case.events]


def test_a_task_marked_done_says_who_and_is_audited(ctx):
    case, caseworker = case_with_conditions(), gen_user("caseworker")
    task = ComplianceTask(case_id=case.id, condition_id=case.current_decision.conditions[0].id, kind="review",
                          key=f"review:{case.id}", due_date=PAID_ON, title="Review the missed course")
    db.session.add(task)
    db.session.flush()
    breaches.task_done(task, caseworker)
    db.session.commit()
    assert task.done and task.done_by_id == caseworker.id and task.done_at is not None
    line = db.session.scalar(select(AuditRecord).where(AuditRecord.record_id == case.reference,
                                                       AuditRecord.action == "alter"))
    assert line.description == f"Compliance task {task.id} (review) marked done" and line.user_id == caseworker.id
