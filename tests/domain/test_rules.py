"""The rule book: versions by decision date, well-formed data, and no rule the engine cannot reach."""
from __future__ import annotations

from datetime import date

import pytest

from webapp.domain.config import EngineConfig
from webapp.domain.rules import CONFIDENCE_LABELS, RuleDataError, load_rulebook, parse_rulebook

from domain_cases import decide

PCSC = {"pcsc_commencement": "2025-06-01"}
CAPS = {"summary": 50, "either_way": 100, "indictable_only": 150}


def test_every_rule_has_a_statement_source_confidence_and_date():
    book = load_rulebook()
    assert book.covers_decisions_from == date(2013, 4, 8)
    for rule_id in book.ids():
        for rule in book.versions(rule_id):
            assert rule.statement and rule.source
            assert rule.confidence in CONFIDENCE_LABELS
            assert rule.applies_from >= book.covers_decisions_from


RESEARCH_LABELS = ("UNCERTAIN", "[K]", "[S]", "[V]", "secondary", "Secondary")


def test_what_caseworkers_read_of_every_rule_carries_no_research_label():
    """Statements and the source shown on screen are plain law; research notes stay on the admin Rules
    page (the similar-offence rule once read "... (Inspector, UNCERTAIN)" on the screening page)."""
    book = load_rulebook()
    for rule_id in book.ids():
        for rule in book.versions(rule_id):
            shown = [rule.statement, rule.legal_source or rule.source]
            assert not [label for label in RESEARCH_LABELS for text in shown if label in text], (rule_id, shown)


def test_the_version_in_force_on_the_decision_date_is_cited():
    book = load_rulebook()
    assert book.in_force("conditional_caution.domestic_abuse", date(2024, 8, 7)).confidence == "V"
    assert book.in_force("conditional_caution.domestic_abuse", date(2024, 8, 8)).confidence == "UNCERTAIN"
    assert book.in_force("simple_caution.similar_offence", date(2015, 4, 12)) is None
    assert book.in_force("simple_caution.similar_offence", date(2015, 4, 13)) is not None


def test_unknown_rule_id_is_a_programming_error():
    with pytest.raises(KeyError):
        load_rulebook().in_force("no.such.rule", date(2026, 1, 1))


def test_rules_deferring_to_force_policy_are_about_domestic_abuse():
    """The only force setting rules defer to is domestic_abuse_caution_policy."""
    book = load_rulebook()
    deferring = {r.id for rule_id in book.ids() for r in book.versions(rule_id) if r.defers_to_force_policy}
    assert deferring == {"conditional_caution.domestic_abuse", "pcsc.domestic_abuse"}
    assert "domestic_abuse_caution_policy" in {s.name for s in EngineConfig().settings()}


@pytest.mark.parametrize("text, message", [
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n", "lacks 'rule'"),
    ("[[rule]]\nid='x'\n", "lacks 'rulebook'"),
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n[[rule]]\nid='x'\napplies_from=2013-04-08\n"
     "statement='s'\nsource='s'\nconfidence='maybe'\n", "confidence must be one of"),
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n[[rule]]\nid='x'\napplies_from='2013-04-08'\n"
     "statement='s'\nsource='s'\nconfidence='V'\n", "applies_from must be a date"),
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n[[rule]]\nid='x'\napplies_from=2013-04-08\n"
     "statement='s'\nsource='s'\nconfidence='V'\nseverity=1\n", "unknown keys"),
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n" + 2 * "[[rule]]\nid='x'\napplies_from=2013-04-08\n"
     "statement='s'\nsource='s'\nconfidence='V'\n", "two versions apply from the same date"),
    ("[rulebook]\ncovers_decisions_from = 2013-04-08\n[[rule]]\nid='x'\napplies_from=2013-04-08\n"
     "statement=''\nsource='s'\nconfidence='V'\n", "statement must be non-empty text"),
])
def test_malformed_rule_data_is_refused(text, message):
    with pytest.raises(RuleDataError, match=message):
        parse_rulebook(text)


def _cited(assessment) -> set[tuple[str, date]]:
    reasons = [assessment.regime_reason, assessment.gravity_reason, *assessment.refer_to_cps_reasons,
               *assessment.deadline_reasons.values(), *assessment.warnings,
               *(p.reason for p in assessment.problems),
               *(r for found in assessment.blocked.values() for r in found)]
    return {(r.rule_id, r.applies_from) for r in reasons}


_ASKS_FOR_APOLOGY = {"vulnerable": False, "intimidated": False, "persistently_targeted": False,
                     "views": "supports_oocd", "requested_action": "apology"}


def _proposal(disposal, *items, completion=None):
    proposed = {"disposal": disposal, "conditions": [{"kind": k, "type": t, **extra} for k, t, extra in items]}
    if completion:
        proposed["completion_date"] = completion
    return proposed


YOUTH_WITHOUT_ADMISSION_OR_EVIDENCE = {"suspect": {"date_of_birth": "2008-06-01"}, "admission": False,
                                       "evidential_stage_met": False}
IN_2014 = {"decision_date": "2014-06-01", "offence": {"offence_date": "2014-05-01"},
           "suspect": {"date_of_birth": "1997-06-01"}}
IN_2020 = {"decision_date": "2020-06-01", "offence": {"offence_date": "2020-05-01"}}
ROBBERY = {"offence": {"mode_of_trial": "indictable_only", "gravity_score": 4}}
SC = {"simple_caution_permitted": True}
DA_AND_HATE = {"domestic_abuse": True, "intimate_partner": True, "hate_crime": True}

# (settings, case changes): together they reach every version of every rule.
REACHING_EVERY_RULE = [
    (SC, {**IN_2014, "admission": False, "evidential_stage_met": False,
          "suspect": {"date_of_birth": "1997-06-02"}}),
    (SC, YOUTH_WITHOUT_ADMISSION_OR_EVIDENCE),
    ({}, {**YOUTH_WITHOUT_ADMISSION_OR_EVIDENCE, **PCSC}),
    (SC, ROBBERY),
    ({}, {**ROBBERY, **PCSC}),
    ({}, {**IN_2020, "offence": {"offence_date": "2020-05-01", **DA_AND_HATE}}),
    ({}, {"offence": DA_AND_HATE}),
    ({"domestic_abuse_caution_policy": "police_decision"}, {"offence": {"domestic_abuse": True}}),
    ({}, {"offence": {"domestic_abuse": True}, **PCSC}),
    ({}, {"decision_date": "2025-07-20", "offence": {"mode_of_trial": "summary", "offence_date": "2025-02-01"}}),
    (SC, {"victims": [{"vulnerable": False, "intimidated": False, "persistently_targeted": False,
                       "views": "opposes_oocd"}],
          "previous": [{"outcome": "community_resolution", "date": "2023-01-01", "similar": False}]}),
    (SC, {"previous": [{"outcome": "conviction", "date": "2025-06-01", "similar": True}]}),
    ({}, {"victims": [{"vulnerable": False, "intimidated": False, "persistently_targeted": False,
                       "views": "not_obtained"}],
          "previous": [{"outcome": "simple_caution", "date": "2023-01-01", "similar": False}], **PCSC}),
    ({}, {"proposed": _proposal("conditional_caution", ("restrictive", "restriction", {}),
                                ("punitive", "apology", {}), ("punitive", "unpaid_work", {"hours": 30}),
                                ("punitive", "financial_penalty", {"amount": 500}))}),
    ({}, {"proposed": _proposal("conditional_caution")}),
    (SC, {"proposed": _proposal("simple_caution", ("reparative", "apology", {}))}),
    ({}, {"proposed": _proposal("diversionary_caution", ("punitive", "unpaid_work", {"hours": 25}),
                                ("reparative", "attendance", {"hours": 25}),
                                ("punitive", "financial_penalty", {"amount": 100})), **PCSC}),
    ({"diversionary_caution_financial_penalty_caps": CAPS},
     {"proposed": _proposal("diversionary_caution", ("punitive", "financial_penalty", {"amount": 500}),
                            completion="2026-04-01"), **PCSC}),
    ({}, {"proposed": _proposal("community_caution"), **PCSC}),
    ({}, {"victims": [_ASKS_FOR_APOLOGY], "proposed": _proposal("community_resolution")}),
    ({}, {"victims": [_ASKS_FOR_APOLOGY], "proposed": _proposal("conditional_caution")}),
    ({}, {"victims": [_ASKS_FOR_APOLOGY], "proposed": _proposal("diversionary_caution"), **PCSC}),
    ({"community_caution_financial_penalty_caps": CAPS},
     {"proposed": _proposal("community_caution", ("reparative", "unpaid_work", {"hours": 15}),
                            ("reparative", "attendance", {"hours": 15}),
                            ("punitive", "financial_penalty", {"amount": 500}), completion="2026-04-01"), **PCSC}),
]


def test_every_version_of_every_rule_is_reachable():
    book = load_rulebook()
    every = {(rule_id, r.applies_from) for rule_id in book.ids() for r in book.versions(rule_id)}
    reached = set()
    for settings, changes in REACHING_EVERY_RULE:
        reached |= _cited(decide(settings=settings, **changes))
    assert sorted(every - reached) == []
