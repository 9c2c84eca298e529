"""A simple caution (where the force permits one) gets its notice like every other disposal: offered on the
case's documents, generated with the record and spent wording, and included in a batch of notices."""
from __future__ import annotations

from sqlalchemy import select

from factories import gen_case, gen_decision
from webapp.services import generated_documents
from webapp.extensions import db
from webapp.models import Case


def _options(app, disposal):
    with app.app_context():
        case = gen_case()
        gen_decision(case, disposal=disposal, conditions=[])
        case = db.session.scalar(select(Case).where(Case.id == case.id))
        return {o.kind: o for o in generated_documents.document_options(case)}


def test_a_simple_caution_offers_its_notice_and_no_conditional_caution_notice(app):
    options = _options(app, "simple_caution")
    assert options["simple_caution_notice"].available
    assert not options["conditional_caution_notice"].available


def test_another_disposal_does_not_offer_the_simple_caution_notice(app):
    options = _options(app, "conditional_caution")
    assert not options["simple_caution_notice"].available
    assert "not a simple caution" in options["simple_caution_notice"].reason
