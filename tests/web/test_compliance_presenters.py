"""The compliance section's presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from webapp.compliance import presenters
from webapp.services.breaches import ConditionRecords

TODAY = date(2026, 3, 5)


def _case(*conditions, disposal="conditional_caution", status="conditions_active"):
    decision = SimpleNamespace(disposal=disposal, conditions=list(conditions))
    for condition in conditions:
        condition.decision = decision
    return SimpleNamespace(current_decision=decision, status=status, status_label=status.replace("_", " "))


def _condition(id_, type_="course", status="pending", due=date(2026, 3, 1), amount=None):
    return SimpleNamespace(id=id_, type=type_, status=status, status_label=status.capitalize(), due_date=due,
                           amount=amount, evidence="", description="")


def test_rows_show_overdue_payments_and_balance_from_the_records_given():
    course, compensation = _condition(1), _condition(2, "compensation", due=date(2026, 4, 1), amount=Decimal("50"))
    records = ConditionRecords()
    records.payments[2] = [SimpleNamespace(amount=Decimal("20")), SimpleNamespace(amount=Decimal("5"))]
    rows = presenters.condition_rows(_case(course, compensation), records, TODAY)
    assert [(r.type_label, r.overdue, r.takes_payments) for r in rows] == [
        ("Course", True, False), ("Compensation", False, True)]
    assert rows[1].paid == Decimal("25") and rows[1].balance == Decimal("25") and rows[0].balance is None
    assert rows[0].breach_blocked is None


def test_a_breach_awaiting_a_decision_blocks_another_without_asking_the_database():
    course = _condition(1)
    records = ConditionRecords()
    records.breaches[1] = [SimpleNamespace(status="proposed")]
    (row,) = presenters.condition_rows(_case(course), records, TODAY)
    assert row.breach_blocked == "A breach of this condition is already awaiting a supervisor's decision"
    (resolution,) = presenters.condition_rows(_case(_condition(3), disposal="community_resolution"),
                                              ConditionRecords(), TODAY)
    assert resolution.breach_blocked.startswith("Community Resolutions are voluntary")


def test_victim_updates_carry_the_working_days_they_were_given():
    contact = SimpleNamespace(created_at=datetime(2026, 12, 18, 10), due_date=date(2026, 12, 29))
    assert presenters.victim_updates([contact]) == [(contact, 5)]  # Christmas and Boxing Day do not count


def test_a_mismatched_rows_choices_name_the_case_the_person_and_the_condition():
    condition = SimpleNamespace(id=7, description="Attend a victim awareness course", type="course",
                                status_label="Pending")
    case = SimpleNamespace(reference="OC26-000001", suspect=SimpleNamespace(full_name="Darren Whitlock"))
    assert presenters.condition_choices([(condition, case)]) == [
        ("7", "OC26-000001, Darren Whitlock: Attend a victim awareness course (pending)")]
