"""The victim pages' presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from webapp.domain.config import EngineConfig
from webapp.services.victims import QueueFilter
from webapp.victims import presenters

TODAY = date(2026, 3, 5)  # a Thursday
OFFENCE = SimpleNamespace(domestic_abuse=False, hate_crime=False, offence_key="theft", offence_date=date(2026, 2, 1))


def _victim(id_, first_name="Sam", **flags):
    return SimpleNamespace(**{"id": id_, "first_name": first_name, "date_of_birth": None, "vulnerable": False,
                              "intimidated": False, "persistently_targeted": False, **flags})


def _contact(id_, victim_id, due, done_at=None, purpose="outcome"):
    return SimpleNamespace(id=id_, victim_id=victim_id, due_date=due, done_at=done_at, purpose=purpose)


def test_due_tags_count_the_days_overdue_and_say_due_today():
    assert presenters.due_tag(date(2026, 3, 4), TODAY) == ("Overdue by 1 day", "govuk-tag--red")
    assert presenters.due_tag(date(2026, 2, 26), TODAY) == ("Overdue by 7 days", "govuk-tag--red")
    assert presenters.due_tag(TODAY, TODAY) == ("Due today", "govuk-tag--yellow")
    assert presenters.due_tag(date(2026, 3, 6), TODAY) is None


def test_each_victims_card_carries_their_rights_timescale_and_their_own_contacts_in_order():
    person, vulnerable, shop = _victim(1), _victim(2, vulnerable=True), _victim(3, first_name="")
    case = SimpleNamespace(victims=[person, vulnerable, shop], offence=OFFENCE)
    contacts = [_contact(10, 1, date(2026, 3, 9)), _contact(11, 1, date(2026, 3, 6)),
                _contact(12, 1, date(2026, 3, 2), done_at=datetime(2026, 3, 2, 9), purpose="views"),
                _contact(13, 1, date(2026, 3, 3), done_at=datetime(2026, 3, 3, 9), purpose="views"),
                _contact(14, 2, date(2026, 3, 6))]
    first, second, third = presenters.victim_cards(case, contacts, EngineConfig(), TODAY)
    assert (first["enhanced"], first["days"], first["update_due_from_today"], first["organisation"]) == (
        False, 5, date(2026, 3, 12), False)
    assert [c.id for c in first["open"]] == [11, 10] and [c.id for c in first["done"]] == [13, 12]
    assert first["view_attempts"] == 2
    assert (second["enhanced"], second["days"], second["update_due_from_today"]) == (True, 1, date(2026, 3, 6))
    assert second["reasons"] == ["Recorded as a vulnerable victim"] and [c.id for c in second["open"]] == [14]
    assert (third["organisation"], third["enhanced"], third["open"], third["done"]) == (True, False, [], [])


def test_a_queue_row_tags_only_open_contacts_and_carries_the_last_attempt():
    victim = _victim(1, intimidated=True)
    open_one = SimpleNamespace(id=5, victim=victim, case=SimpleNamespace(offence=OFFENCE), due_date=date(2026, 3, 3),
                               done_at=None)
    attempt = SimpleNamespace(summary="No answer")
    row = presenters.row(open_one, {5: attempt}, TODAY)
    assert (row["enhanced"], row["reasons"], row["tag"], row["attempt"]) == (
        True, ["Recorded as an intimidated victim"], ("Overdue by 2 days", "govuk-tag--red"), attempt)
    done = SimpleNamespace(**{**vars(open_one), "done_at": datetime(2026, 3, 4, 10)})
    assert (presenters.row(done, {}, TODAY)["tag"], presenters.row(done, {}, TODAY)["attempt"]) == (None, None)


def test_queue_filter_items_check_what_was_chosen():
    areas = [SimpleNamespace(id=1, name="East"), SimpleNamespace(id=2, name="North")]
    items = presenters.filter_items(QueueFilter(due="today", area_ids=[2]), areas)
    assert [(i["value"], i["text"], i["checked"]) for i in items["due"]] == [
        ("", "Any time", False), ("overdue", "Overdue", False), ("today", "Due today", True),
        ("week", "Due this week", False)]
    assert [(i["value"], i["text"], i["checked"]) for i in items["area"]] == [(1, "East", False), (2, "North", True)]


def test_no_due_filter_checks_any_time():
    items = presenters.filter_items(QueueFilter(), [])
    assert [i["value"] for i in items["due"] if i["checked"]] == [""] and items["area"] == []
