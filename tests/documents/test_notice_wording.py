"""What the caution notices say about the record and when a caution is spent (Rehabilitation of Offenders
Act 1974, Schedule 2 para 1), and that the victim views letter does not say the police always decide."""
from __future__ import annotations

import io

from docx import Document

from documents.template_builder import build_template


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


def test_pcsc_notices_do_not_claim_a_spent_date_the_law_has_not_settled():
    for kind in ("diversionary_caution_notice", "community_caution_notice"):
        assert "Rehabilitation of Offenders Act 1974" in _text(kind)
        assert "three months" not in _text(kind)


def test_the_victim_views_letter_does_not_say_the_police_always_decide():
    text = _text("victim_views_letter")
    assert "The final decision is made by the police" not in text
    assert "for some offences, by a prosecutor from the Crown Prosecution Service" in text
