"""webapp.domain.needs: which agencies a needs assessment points to."""
from __future__ import annotations

from types import SimpleNamespace

from webapp.domain.needs import DA_CRITERIA_CAVEAT, NEED_DOMAINS, present_needs, suggest_agencies


def _needs(*present: str) -> dict:
    return {d.key: {"present": d.key in present, "note": "seen" if d.key in present else ""} for d in NEED_DOMAINS}


def test_present_needs_keep_the_assessments_order():
    assert [d.key for d in present_needs(_needs("alcohol", "accommodation"))] == ["accommodation", "alcohol"]
    assert present_needs(None) == []


def test_one_suggestion_per_agency_with_every_need_behind_it():
    suggestions = suggest_agencies(_needs("drugs", "alcohol", "finance"))
    by_key = {s["key"]: s for s in suggestions}
    assert set(by_key) == {"drug_alcohol", "debt_advice"}
    assert by_key["drug_alcohol"]["needs"] == ["Drug misuse", "Alcohol misuse"]
    assert by_key["drug_alcohol"]["reason"] == "Needs identified at assessment: drug misuse, alcohol misuse"


def test_offence_bound_suggestions_need_the_offence_fact():
    needs = _needs("da_perpetrator", "attitudes")
    assert {s["key"] for s in suggest_agencies(needs)} == {"victim_awareness"}
    plain = SimpleNamespace(domestic_abuse=False, hate_crime=False)
    assert {s["key"] for s in suggest_agencies(needs, plain)} == {"victim_awareness"}
    both = SimpleNamespace(domestic_abuse=True, hate_crime=True)
    by_key = {s["key"]: s for s in suggest_agencies(needs, both)}
    assert set(by_key) == {"victim_awareness", "hate_crime_awareness", "da_perpetrator"}
    assert by_key["da_perpetrator"]["caveats"] == [DA_CRITERIA_CAVEAT]
