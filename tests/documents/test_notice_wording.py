"""What the caution notices say about the record and when a caution is spent (Rehabilitation of Offenders
Act 1974, Schedule 2 para 1), and that the victim views letter does not say the police always decide."""
from __future__ import annotations

import io

import pytest
from docx import Document

from documents.catalogue import DISPOSALS, KINDS
from documents.letters import build_template


def _text(kind: str) -> str:
    doc = Document(io.BytesIO(build_template(kind)))
    return " ".join(p.text for p in doc.paragraphs)


def test_the_conditional_caution_notice_says_when_it_is_spent_and_has_signature_blocks():
    text = _text("conditional_caution_notice")
    assert "becomes spent three months after the day it is given" in text
    assert "Rehabilitation of Offenders Act 1974, Schedule 2, paragraph 1" in text
    doc = Document(io.BytesIO(build_template("conditional_caution_notice")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Person receiving the caution" in cells and "Authorised person (name, rank or role, number)" in cells


@pytest.mark.parametrize(
    "kind", ["conditional_caution_notice", "diversionary_caution_notice", "community_caution_notice"]
)
def test_each_statutory_notice_warns_in_the_catalogue_words_the_letters_use(kind):
    """The warning before signing (CJA 2003 s.23; PCSC 2022 s.99(2)) is the disposal's catalogue
    wording, the same words the reminder and breach letters give."""
    (code,) = KINDS[kind].disposal_codes
    doc = Document(io.BytesIO(build_template(kind)))
    texts = [p.text for p in doc.paragraphs]
    warning = texts[texts.index("5. If you do not comply") + 1]
    assert warning == DISPOSALS[code].breach_consequence
    assert all(run.bold for run in doc.paragraphs[texts.index(warning)].runs)


def test_pcsc_notices_do_not_claim_a_spent_date_the_law_has_not_settled():
    for kind in ("diversionary_caution_notice", "community_caution_notice"):
        assert "Rehabilitation of Offenders Act 1974" in _text(kind)
        assert "three months" not in _text(kind)


def test_the_victim_views_letter_does_not_say_the_police_always_decide():
    text = _text("victim_views_letter")
    assert "The final decision is made by the police" not in text
    assert "for some offences, by a prosecutor from the Crown Prosecution Service" in text



def test_the_simple_caution_notice_is_spent_immediately_and_has_no_conditions():
    kind = KINDS["simple_caution_notice"]
    assert kind.disposal_codes == frozenset({"simple_caution"}) and kind.audience == "offender"
    assert "conditions" not in kind.parts
    text = _text("simple_caution_notice")
    assert "spent as soon as it is given (Rehabilitation of Offenders Act 1974, Schedule 2, paragraph 1)" in text
    assert "three months" not in text
    assert "forms part of your criminal record" in text and "standard and enhanced criminal record checks" in text
    assert "I admit that I committed the offence" in text and "I consent to being given a simple caution" in text
    doc = Document(io.BytesIO(build_template("simple_caution_notice")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Person receiving the caution" in cells and "Authorised person (name, rank or role, number)" in cells
    assert not any("Conditions of the" in c for c in cells)


def test_a_simple_caution_notice_renders_for_a_simple_caution_only():
    from documents.context import build_context, example_parts
    from documents.render import render
    data = render("simple_caution_notice", build_context("simple_caution_notice", **example_parts("simple_caution_notice")))
    text = " ".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Sam Example" in text and "Damaged a fence" in text and "{{" not in text
    parts = example_parts("conditional_caution_notice")
    with pytest.raises(ValueError, match="cannot be issued"):
        build_context("simple_caution_notice", **{**parts, "meta": example_parts("simple_caution_notice")["meta"]})
