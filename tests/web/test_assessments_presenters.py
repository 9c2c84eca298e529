"""The assessment pages' presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from webapp.assessments import presenters


def _fct(evidential_met=True, public_interest=None, conclusion=None, notes=""):
    return SimpleNamespace(evidential_met=evidential_met, evidential_notes="CCTV and admission",
                           public_interest=public_interest, public_interest_conclusion=conclusion,
                           public_interest_notes=notes)


def test_when_the_evidence_falls_short_the_public_interest_is_not_reached():
    rows = presenters.fct_summary_rows(_fct(evidential_met=False))
    assert [r["key"]["text"] for r in rows] == ["Evidential stage", "Evidential review", "Public interest"]
    assert rows[0]["value"]["text"] == "Not met"
    assert rows[2]["value"]["text"].startswith("Not reached: the evidential stage is not met")


def test_a_met_review_lists_only_the_relevant_factors_then_the_conclusion():
    fct = _fct(public_interest={"seriousness": {"relevant": True, "note": "Low value"},
                                "culpability": {"relevant": False, "note": "ignored"}}, conclusion="out_of_court")
    rows = presenters.fct_summary_rows(fct)
    assert [(r["key"]["text"], r["value"]["text"]) for r in rows] == [
        ("Evidential stage", "Met"), ("Evidential review", "CCTV and admission"),
        ("How serious is the offence?", "Low value"),
        ("Public-interest conclusion", "The public interest is served by an out-of-court resolution"),
        ("Reasons", "None recorded")]
    assert presenters.conclusion_label(None) == "Not recorded"
    assert [r["relevant"] for r in presenters.fct_rows(None)] == [False] * len(presenters.fct_rows(None))


def test_need_rows_cover_every_domain_marking_those_present_with_their_notes():
    assessment = SimpleNamespace(needs={"drugs": {"present": True, "note": "Cannabis daily"},
                                        "finance": {"present": False, "note": "Managing"}})
    rows = {r["domain"].key: r for r in presenters.need_rows(assessment)}
    assert (rows["drugs"]["present"], rows["drugs"]["note"]) == (True, "Cannabis daily")
    assert (rows["finance"]["present"], rows["finance"]["note"]) == (False, "Managing")
    assert [r for r in presenters.need_rows(None) if r["present"]] == []
    assert len(presenters.need_rows(None)) == len(rows)


def test_suggestions_mark_services_already_referred_but_not_declined_ones():
    case = SimpleNamespace(offence=SimpleNamespace(domestic_abuse=False, hate_crime=False))
    assessment = SimpleNamespace(needs={"drugs": {"present": True}, "alcohol": {"present": True},
                                        "accommodation": {"present": True}})
    referrals = [SimpleNamespace(service="drug_alcohol", status="sent"),
                 SimpleNamespace(service="housing", status="declined")]
    found = {s["key"]: s for s in presenters.suggestions(case, assessment, referrals)}
    assert set(found) == {"drug_alcohol", "housing"}
    assert found["drug_alcohol"]["already"] and found["drug_alcohol"]["needs"] == ["Drug misuse", "Alcohol misuse"]
    assert not found["housing"]["already"]
    assert presenters.suggestions(case, None, referrals) == []


def test_referral_rows_read_as_on_the_referrals_tab():
    assert presenters.referral_tag("completed") == "govuk-tag--green"
    assert presenters.referral_status_choices(SimpleNamespace(status="sent")) == [
        ("accepted", "Accepted"), ("declined", "Declined")]


def test_the_clinic_day_notes_bank_holidays_by_name_and_weekends():
    assert presenters.day_note(date(2026, 12, 25)) == "Christmas Day (bank holiday)"
    assert presenters.day_note(date(2026, 3, 7)) == "Weekend"
    assert presenters.day_note(date(2026, 3, 5)) == ""
