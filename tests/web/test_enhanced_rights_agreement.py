"""One rule decides enhanced rights: the engine (and so `oocr assess`), the victims page and the contact
tasks give every victim of every sample the same answer and the same due date."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from oocr_testing import SHARED
from factories import gen_case, gen_user, login
from webapp.services.engine_input import case_input
from webapp.domain.assess import assess, parse_case
from webapp.domain.config import EngineConfig
from webapp.extensions import db
from webapp.models import Case, Victim
from webapp.services.victims import create_update_tasks

PERSON = {"vulnerable": False, "intimidated": False, "persistently_targeted": False, "views": "supports_oocd"}

# (name, decision date, offence changes, victims): each victim a dict of Victim columns.
OWN_SAMPLES = [
    ("standard", "2026-03-10", {}, [{}]),
    ("domestic abuse", "2026-03-10", {"domestic_abuse": True}, [{}]),
    ("hate crime against a person and a shop", "2026-03-13", {"hate_crime": True},
     [{}, {"first_name": "", "last_name": "Corner Shop Ltd", "is_organisation": True}]),
    ("a 17-year-old and an adult", "2026-03-10", {}, [{"date_of_birth": date(2008, 2, 2)},
                                                      {"date_of_birth": date(2008, 2, 1)}]),
    ("vulnerable shop, intimidated person", "2026-12-23", {},
     [{"first_name": "", "last_name": "Mega Stores Ltd", "vulnerable": True}, {"intimidated": True}]),
    ("persistently targeted", "2026-04-02", {}, [{"persistently_targeted": True}]),
    ("wounding with intent", "2026-03-10", {"offence_key": "gbh_with_intent", "mode_of_trial": "indictable_only",
                                             "gravity_score": 4}, [{}]),
]


def _shared_samples():
    found = []
    for path in sorted((SHARED / "scenarios" / "assess").glob("*.json")):
        data = json.loads(path.read_text())
        offence = {k: data["offence"][k] for k in ("domestic_abuse", "hate_crime", "mode_of_trial", "gravity_score")}
        victims = [{k: v[k] for k in ("vulnerable", "intimidated", "persistently_targeted", "views")}
                   for v in data["victims"]]
        found.append((path.stem, data["decision_date"], offence | {"offence_date": data["offence"]["offence_date"]},
                      victims))
    return found


def _make(app, offence: dict, victims: list[dict]) -> str:
    offence = dict(offence)
    offence_date = date.fromisoformat(offence.pop("offence_date", "2026-02-01"))
    with app.app_context():
        case = gen_case(victims=0, offence_date=offence_date)
        row = db.session.get(Case, case.id)
        for key, value in offence.items():
            setattr(row.offences[0], key, value)
        for i, columns in enumerate(victims):
            values = {"first_name": f"Person{i}", "last_name": "Victim", **columns}
            row.victims.append(Victim(**values))
        db.session.commit()
        return case.reference


def _engine(reference: str, decision_date: date):
    row = db.session.scalar(select(Case).where(Case.reference == reference))
    result = assess(parse_case(case_input(row, decision_date=decision_date)), EngineConfig())
    return list(result.victims_enhanced), list(result.victim_update_dues)


def _page(client, reference: str, victim_ids: list[int]) -> list[bool]:
    page = client.get(f"/cases/{reference}/victims").text
    found = []
    for victim_id in victim_ids:
        block = page.split(f'id="victim-{victim_id}"', 1)[1].split('id="victim-', 1)[0]
        found.append("Enhanced rights</strong>" in block)
        assert bool(re.search(r"Standard</strong>", block)) is not found[-1]
    return found


@pytest.mark.parametrize("sample", OWN_SAMPLES + _shared_samples(), ids=lambda s: s[0])
def test_engine_victims_page_and_tasks_agree_for_every_victim(app, client, sample):
    _, decision_day, offence, victims = sample
    decision_date = date.fromisoformat(decision_day)
    reference = _make(app, offence, victims)
    with app.app_context():
        login(client, gen_user("victim_liaison"))
    with app.app_context():
        row = db.session.scalar(select(Case).where(Case.reference == reference))
        ids = [v.id for v in row.victims]
        engine_enhanced, engine_due = _engine(reference, decision_date)
        tasks = create_update_tasks(row, "outcome", "Decision made", decision_date)
        db.session.commit()
        task_due = {t.victim_id: t.due_date for t in tasks}
    page_enhanced = _page(client, reference, ids)
    assert page_enhanced == engine_enhanced
    assert [task_due[i] for i in ids] == engine_due


def test_the_samples_cover_both_answers_and_every_ground():
    expected = {"standard": [False], "domestic abuse": [True], "hate crime against a person and a shop": [True, False],
                "a 17-year-old and an adult": [True, False], "vulnerable shop, intimidated person": [False, True],
                "persistently targeted": [True], "wounding with intent": [True]}
    for name, decision_day, offence, victims in OWN_SAMPLES:
        facts = {"decision_date": decision_day, "suspect": {"date_of_birth": "1990-04-01"},
                 "offence": {"wording": "x", "mode_of_trial": "either_way", "offence_date": "2026-02-01",
                             "gravity_score": 2, "domestic_abuse": False, "hate_crime": False,
                             **{k: v for k, v in offence.items() if k != "gravity_score"}},
                 "admission": True, "evidential_stage_met": True, "previous": [],
                 "victims": [PERSON | ({"date_of_birth": v["date_of_birth"].isoformat()} if "date_of_birth" in v else {})
                             | ({"organisation": True} if v.get("first_name") == "" else {})
                             | {k: v[k] for k in ("vulnerable", "intimidated", "persistently_targeted") if k in v}
                             for v in victims]}
        assert list(assess(parse_case(facts)).victims_enhanced) == expected[name], name
