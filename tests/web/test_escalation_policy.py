"""Escalation follows the force's policy (a setting): domestic abuse, hate crime, indictable-only, and either-way
offences above the force's gravity level. The case list's badges, the supervisor's queue, the engine and the demo
all read the same rule with the score the case has."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from factories import gen_case, gen_user, login
from webapp.services import engine_input
from webapp.services.settings import engine_config
from webapp.domain.escalation import escalation_flags, score_for_escalation
from webapp.domain.lifecycle import escalation_reasons
from webapp.extensions import db
from webapp.models import AuditRecord, Case, Screening

URL = "/admin/rules/setting?key="



def test_an_either_way_offence_without_a_score_is_not_flagged_for_being_either_way():
    assert escalation_flags(mode_of_trial="either_way", domestic_abuse=False, hate_crime=False,
                            gravity_score=None) == ()
    assert escalation_reasons("either_way", False, False, None) == []
    assert escalation_reasons("either_way", False, False, 3) == ["either_way"]
    assert escalation_reasons("either_way", False, False, 3, either_way_above=3) == []
    assert escalation_reasons("either_way", False, False, 1, either_way_above=0) == ["either_way"]
    assert escalation_reasons("summary", True, False, None) == ["domestic_abuse"]
    assert escalation_reasons("indictable_only", False, False, None) == ["indictable_only"]
    assert score_for_escalation(3, 2) == 3 and score_for_escalation(None, 2) == 2
    assert score_for_escalation(None, None) is None


@pytest.fixture
def people(app):
    with app.app_context():
        return {"supervisor": gen_user("supervisor", username="esc-sup"),
                "admin": gen_user("admin", username="esc-admin")}


def _flags(app, reference):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        return case.is_high_risk, case.escalation_reasons


def test_low_gravity_shop_theft_is_not_queued_and_higher_gravity_is(app, client, people):
    with app.app_context():
        low = gen_case(last_name="Lowscore", gravity_score=2).reference
        high = gen_case(last_name="Highscore", gravity_score=3).reference
        hate = gen_case(last_name="Hateful", gravity_score=1, hate_crime=True, mode_of_trial="summary").reference
    assert _flags(app, low) == (False, [])
    assert _flags(app, high) == (True, ["either_way"])
    assert _flags(app, hate) == (True, ["hate_crime"])
    login(client, people["supervisor"])
    queue = client.get("/cases/escalations").text
    assert high in queue and hate in queue and low not in queue
    listing = client.get("/cases?q=score").text
    assert listing.count("Either way, above the force") == 1


def test_the_screening_score_decides_once_recorded(app):
    with app.app_context():
        case = db.session.get(Case, gen_case(gravity_score=2).id)
        case.screening = Screening(case_id=case.id, aggravating=["x"], mitigating=[], final_gravity_score=3)
        case.refresh_derived()
        assert case.is_high_risk and case.escalation_reasons == ["either_way"]
        case.screening.final_gravity_score = 1
        case.refresh_derived()
        assert not case.is_high_risk
        db.session.commit()


def test_changing_the_force_level_reflags_cases_and_agrees_with_the_engine(app, client, people):
    with app.app_context():
        low = gen_case(last_name="Lowscore", gravity_score=2).reference
        summary = gen_case(last_name="Summary", gravity_score=3, mode_of_trial="summary").reference
    login(client, people["admin"])
    response = client.post(URL + "escalate_either_way_above_score",
                           data={"amount": "1", "reason": "Force policy review", "save": "y"})
    assert response.status_code == 302
    assert _flags(app, low) == (True, ["either_way"])
    assert _flags(app, summary) == (False, [])
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == low))
        _, result = engine_input.assess_case(case, engine_config(), decision_date=date.today())
        assert "either_way" in result.escalate
        assert db.session.scalar(select(AuditRecord).where(AuditRecord.description.like("Escalation flags%")))
    login(client, people["supervisor"])
    assert low in client.get("/cases/escalations").text
    login(client, people["admin"])
    client.post(URL + "escalate_either_way_above_score", data={"amount": "1", "reason": "Back to the default", "reset": "y"})
    assert _flags(app, low) == (False, [])


def test_the_demo_flags_cases_as_the_case_list_and_queue_do(app):
    from webapp.demo import seed_demo_data
    with app.app_context():
        seed_demo_data(cases=40, seed=5, password="demo-password-xyz", if_empty=False, echo=lambda _: None, recent=0)
        cases = db.session.scalars(select(Case)).all()
        assert cases
        assert [c.reference for c in cases if c.is_high_risk != bool(c.escalation_reasons)] == []


def test_the_admin_rules_page_lists_the_procedures_with_their_sources(app, client, people):
    login(client, people["admin"])
    page = client.get("/admin/rules").text
    for procedure in ("escalation.force_policy", "conditional_caution.variation_agreement", "simple_caution.notice"):
        assert f'id="procedure-{procedure}"' in page
    assert "Rehabilitation of Offenders Act 1974 s.8A(2)(b)" in page
