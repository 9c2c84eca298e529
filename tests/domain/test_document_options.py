"""Which documents a case may have, from plain facts: no database, no web client."""
from datetime import date, datetime
from types import SimpleNamespace

from webapp.domain.document_options import (
    CaseFacts,
    ClinicDay,
    appointment_purpose,
    clinic_key,
    document_options,
    parse_subject,
)


def decision(disposal="conditional_caution", status="authorised", conditions=()):
    return SimpleNamespace(disposal=disposal, status=status, status_label=status.replace("_", " ").capitalize(),
                           conditions=list(conditions))


def condition(id, type="course", status="pending", due=date(2026, 3, 5), provider="", description="A course"):
    return SimpleNamespace(id=id, type=type, status=status, due_date=due, provider=provider, description=description)


def by_kind(facts: CaseFacts) -> dict[str, list]:
    out: dict[str, list] = {}
    for option in document_options(facts):
        out.setdefault(option.kind, []).append(option)
    return out


def test_without_a_decision_only_reasons_are_offered_and_the_views_letter_asks_for_a_draft():
    options = by_kind(CaseFacts(victims=[SimpleNamespace(id=3, full_name="Jo Smith")]))
    notice = options["conditional_caution_notice"]
    assert [o.reason for o in notice] == ["There is no decision on this case yet."]
    assert options["victim_views_letter"][0].reason.startswith("Record the proposed outcome first")
    assert not any(o.available for group in options.values() for o in group)


def test_a_notice_needs_the_matching_authorised_disposal_and_dated_conditions():
    draft = by_kind(CaseFacts(decision=decision(status="draft", conditions=[condition(1)])))
    assert draft["conditional_caution_notice"][0].reason == "The decision is draft: it must be authorised first."
    other = by_kind(CaseFacts(decision=decision(conditions=[condition(1)])))
    assert other["community_resolution_record"][0].reason == (
        "The decision is a conditional caution, not a community resolution.")
    undated = by_kind(CaseFacts(decision=decision(conditions=[condition(1, due=None)])))
    assert undated["conditional_caution_notice"][0].reason.startswith("Every condition needs a date")
    ready = by_kind(CaseFacts(decision=decision(conditions=[condition(1)])))["conditional_caution_notice"]
    assert [(o.available, o.subject, o.label) for o in ready] == [(True, "", "Conditional caution notice")]


def test_letters_about_conditions_name_the_condition_and_its_date_in_words():
    facts = CaseFacts(decision=decision(conditions=[condition(7), condition(8, type="unpaid_work", status="breached"),
                                                    condition(9, status="withdrawn")]),
                      victims=[SimpleNamespace(id=3, full_name="Jo Smith")])
    options = by_kind(facts)
    assert [(o.subject, o.label) for o in options["offender_reminder_letter"]] == [
        ("condition:7", "Reminder: course due 5 March 2026")]
    assert [o.subject for o in options["offender_breach_warning_letter"]] == ["condition:8"]
    breach_letter = options["victim_breach_letter"][0]
    assert breach_letter.subject == "victim:3,condition:8"
    assert breach_letter.hint == "About the unpaid work due 5 March 2026"


def test_clinic_letters_follow_the_booked_appointments_and_clinic_days():
    slot = SimpleNamespace(id=4, starts_at=datetime(2026, 10, 20, 9, 5), location="Room 2")
    day = ClinicDay(12, "Sam Case", date(2026, 10, 20), "Room 2")
    options = by_kind(CaseFacts(booked=[slot], clinic_days=[day]))
    letter = options["clinic_appointment_letter"][0]
    assert (letter.subject, letter.label.endswith("20 October 2026 at 09:05")) == ("appointment:4", True)
    day_list = options["clinic_day_list"][0]
    assert day_list.subject == "clinic:12:2026-10-20"
    assert clinic_key(parse_subject(day_list.subject)["clinic"]) == (12, date(2026, 10, 20))
    none = by_kind(CaseFacts())
    assert none["clinic_day_list"][0].reason == "The case has no Caution Clinic appointment with a caseworker."


def test_what_an_appointment_is_for_follows_the_decision():
    assert appointment_purpose(None) == "Assessment"
    assert appointment_purpose(decision(status="authorised")) == "Deliver the conditional caution"
    assert appointment_purpose(decision(status="delivered")) == "Review of conditions"
