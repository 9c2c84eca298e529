"""The partner directory's and referrals' presenters from plain data: no database, no client."""
from __future__ import annotations

from types import SimpleNamespace

from webapp.partners import presenters


def _provider(**kw):
    return SimpleNamespace(**{"name": "Turning Point", "waiting_weeks": None, "capacity": None, "areas": [],
                              "phone": None, "email": None, **kw})


def test_a_drop_down_choice_names_the_wait_only_when_it_is_known():
    assert presenters.provider_choice(_provider()) == "Turning Point"
    assert presenters.provider_choice(_provider(waiting_weeks=1)) == "Turning Point (wait about 1 week)"
    assert presenters.provider_choice(_provider(waiting_weeks=3)) == "Turning Point (wait about 3 weeks)"


def test_capacity_and_waiting_say_full_no_wait_and_not_known_in_words():
    assert [presenters.capacity(_provider(capacity=c)) for c in (None, 0, 1, 4)] == [
        "Not known", "Full", "1 place", "4 places"]
    assert [presenters.waiting(_provider(waiting_weeks=w)) for w in (None, 0, 1, 6)] == [
        "Not known", "No wait", "1 week", "6 weeks"]


def test_areas_use_the_names_given_and_fall_back_to_the_code():
    names = {"N": "North", "S": "South"}
    assert presenters.areas(_provider(), names) == "Every area"
    assert presenters.areas(_provider(areas=["S", "X"]), names) == "South, X"


def test_contact_lines_leave_out_what_is_missing():
    assert presenters.contact_lines(_provider()) == []
    assert presenters.contact_lines(_provider(email="tp@example.org")) == ["E-mail tp@example.org"]
    assert presenters.contact_lines(_provider(phone="0113 496 0000", email="tp@example.org")) == [
        "Telephone 0113 496 0000", "E-mail tp@example.org"]


def test_a_referral_offers_only_the_statuses_that_may_follow_and_none_once_finished():
    assert presenters.next_statuses(SimpleNamespace(status="accepted")) == [
        ("attending", "Attending"), ("did_not_attend", "Did not attend"), ("declined", "Declined")]
    assert presenters.next_statuses(SimpleNamespace(status="completed")) == []
    assert presenters.status_tag("did_not_attend") == "govuk-tag--red"
    assert presenters.status_tag("unheard_of") == ""
    assert presenters.service_label("unheard_of") == "unheard_of"
