"""Free text going to the offender or a provider is screened for the victims' and witnesses' names
and contact details (issue 8): a victim's name typed into a condition must not reach the offender's
notice. Victim letters are not screened: they are addressed to the victim."""
from __future__ import annotations

from dataclasses import replace

import pytest

from documents.catalogue import KINDS
from documents.context import build_context, example_parts
from documents.redaction.outgoing import OutgoingDisclosure, ThirdParty

VICTIM = ThirdParty("Anna Kowalczyk-Lee", "victim", ("07700 900123", "anna.k@example.org", "12 Elm Road"))
WITNESS = ThirdParty("Mr Tomasz Nowak", "witness", ("01632 960555",))


def _with_condition_text(kind: str, text: str) -> dict:
    parts = example_parts(kind)
    conditions = list(parts["conditions"])
    conditions[-1] = replace(conditions[-1], description=text)
    return {**parts, "conditions": conditions}


@pytest.mark.parametrize("text, expected", [
    ("Write a letter of apology to Anna.", "victim’s name (“Anna”)"),
    ("Do not contact Ms Kowalczyk-Lee directly.", "victim’s name"),
    ("Pay the victim by calling 07700-900-123.", "victim’s contact details"),
    ("Stay away from 12 Elm Road.", "victim’s contact details"),
    ("Do not contact NOWAK, Tomasz.", "witness’s name"),
])
def test_a_condition_naming_a_victim_or_witness_stops_the_offenders_notice(text, expected):
    parts = _with_condition_text("conditional_caution_notice", text)
    with pytest.raises(OutgoingDisclosure) as stopped:
        build_context("conditional_caution_notice", third_parties=[VICTIM, WITNESS], **parts)
    message = str(stopped.value)
    assert expected in message and "condition 2 description" in message
    assert "change the text" in message


def test_plain_conditions_and_the_offenders_own_name_pass():
    parts = example_parts("conditional_caution_notice")
    sharing = ThirdParty(f"Jane {parts['offender'].full_name.split()[-1]}", "victim")
    context = build_context("conditional_caution_notice", third_parties=[VICTIM, WITNESS, sharing], **parts)
    assert context["conditions"]


def test_every_offender_and_provider_document_is_screened_and_victim_letters_are_not():
    screened = {k for k, spec in KINDS.items() if spec.audience in ("offender", "provider")}
    assert screened
    for kind in sorted(KINDS):
        parts = example_parts(kind)
        if "conditions" not in parts or "conditions" not in KINDS[kind].parts:
            continue
        parts = _with_condition_text(kind, "Apologise to Anna in writing.")
        for condition in parts["conditions"]:
            object.__setattr__(condition, "concerns_victim", True)
        if kind in screened:
            with pytest.raises(OutgoingDisclosure):
                build_context(kind, third_parties=[VICTIM], **parts)
        else:
            build_context(kind, third_parties=[VICTIM], **parts)
