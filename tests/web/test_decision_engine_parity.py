"""The web pages and `oocr assess` give the same answer: each case is stored as rows (case, offence,
suspect, screening, previous outcomes, victims, a proposed decision with conditions, the force's
PCSC commencement as an engine setting), read back through the web adapter (services/engine_input.py and
settings.py) and assessed; the real `oocr assess` command reads the JSON. The full outputs must match.
"""
from __future__ import annotations

import itertools
import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from oocr_testing import ROOT, SHARED
from webapp.services import engine_input
from webapp.services.settings import engine_config
from webapp.domain.assess import assess, parse_case
from webapp.extensions import db
from webapp.models import (
    Area, Case, Condition, Decision, EngineSetting, Offence, Person, PreviousOutcome, Screening, Victim,
)

SAMPLES = SHARED / "scenarios" / "assess"
OOCR = ROOT / ".venv" / "bin" / "oocr"
_refs = itertools.count(1)


def _victim(**flags):
    return {"vulnerable": False, "intimidated": False, "persistently_targeted": False, "views": "supports_oocd",
            **flags}


def _case(**changes):
    case = {
        "decision_date": "2026-03-10", "suspect": {"date_of_birth": "1990-04-01"},
        "offence": {"wording": "Theft from a shop", "mode_of_trial": "either_way", "offence_date": "2026-02-01",
                    "gravity_score": 2, "aggravating": [], "mitigating": [], "domestic_abuse": False,
                    "intimate_partner": False, "hate_crime": False},
        "admission": True, "evidential_stage_met": True, "previous": [], "victims": [_victim()],
    }
    for key, value in changes.items():
        if key == "offence":
            case["offence"].update(value)
        else:
            case[key] = value
    return case


# Our own cases: every field the adapter maps (factors, history, victim flags and views, decimal
# amounts and hours, several conditions, missing completion dates, PCSC with its own date).
EXTRA = {
    "x01_repeat_shoplifter_with_history.json": _case(
        offence={"aggravating": ["relevant previous offending"]},
        previous=[{"outcome": "conviction", "date": "2025-06-01", "similar": True},
                  {"outcome": "community_resolution", "date": "2023-01-05", "similar": False}],
        proposed={"disposal": "conditional_caution", "completion_date": "2026-06-30",
                  "conditions": [{"kind": "rehabilitative", "type": "course", "hours": 12.5},
                                 {"kind": "punitive", "type": "financial_penalty", "amount": 100.01}]}),
    "x02_domestic_abuse_intimate_partner.json": _case(
        offence={"wording": "Assault occasioning actual bodily harm", "gravity_score": 3, "domestic_abuse": True,
                 "intimate_partner": True},
        victims=[_victim(vulnerable=True, views="opposes_oocd")],
        proposed={"disposal": "community_resolution", "completion_date": None, "conditions": []}),
    "x03_hate_crime_mitigated.json": _case(
        offence={"mode_of_trial": "summary", "hate_crime": True, "gravity_score": 3,
                 "mitigating": ["provocation"], "aggravating": ["group offending"]},
        victims=[_victim(intimidated=True, views="not_obtained"), _victim(persistently_targeted=True)]),
    "x04_pcsc_diversionary_caution.json": _case(
        pcsc_commencement="2025-06-01",
        offence={"mode_of_trial": "summary", "offence_date": "2026-01-20"},
        previous=[{"outcome": "simple_caution", "date": "2024-02-02", "similar": False}],
        proposed={"disposal": "diversionary_caution", "completion_date": None,
                  "conditions": [{"kind": "reparative", "type": "unpaid_work", "hours": 21},
                                 {"kind": "punitive", "type": "course", "hours": 2}]}),
    "x05_no_victim_youth_at_decision.json": _case(
        suspect={"date_of_birth": "2008-05-01"}, victims=[], admission=False, evidential_stage_met=False,
        offence={"wording": "Possession of cannabis", "gravity_score": 1}),
    "x06_indictable_only_simple_caution_proposal.json": _case(
        offence={"wording": "Robbery", "mode_of_trial": "indictable_only", "gravity_score": 4},
        proposed={"disposal": "simple_caution", "completion_date": "2026-04-01",
                  "conditions": [{"kind": "reparative", "type": "apology"}]}),
}


def _sample_paths(tmp_dir: Path) -> list[Path]:
    paths = sorted(SAMPLES.glob("*.json"))
    for name, case in EXTRA.items():
        path = tmp_dir / name
        path.write_text(json.dumps(case), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def cli_outputs(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    """Each case (by file name) with what the real `oocr assess` printed for it; run once per module."""
    paths = _sample_paths(tmp_path_factory.mktemp("assess"))
    running = {path: subprocess.Popen([str(OOCR), "assess", str(path)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, cwd=str(ROOT)) for path in paths}
    found = {}
    for path, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (path.name, err)
        found[path.name] = (json.loads(path.read_text(encoding="utf-8")), json.loads(out))
    return found


def test_the_shared_samples_are_all_there(cli_outputs):
    shared = {p.name for p in SAMPLES.glob("*.json")}
    assert len(shared) >= 5 and shared <= set(cli_outputs)


def _store(case_json: dict) -> tuple[int, int | None]:
    """The case as the web app keeps it; returns the case id and the proposed decision's id."""
    offence = case_json["offence"]
    area = db.session.scalar(select(Area).where(Area.code == "N"))
    suspect = Person(first_name="Sam", last_name="Parity",
                     date_of_birth=date.fromisoformat(case_json["suspect"]["date_of_birth"]))
    case = Case(reference=f"PAR{next(_refs):06d}", area_id=area.id,
                source="officer", status="screening", suspect=suspect)
    case.offences.append(Offence(
        wording=offence["wording"], mode_of_trial=offence["mode_of_trial"], gravity_score=offence["gravity_score"],
        offence_date=date.fromisoformat(offence["offence_date"]), domestic_abuse=offence["domestic_abuse"],
        intimate_partner=offence.get("intimate_partner", False), hate_crime=offence["hate_crime"]))
    for i, v in enumerate(case_json["victims"]):
        case.victims.append(Victim(first_name=f"V{i}", last_name="Parity", vulnerable=v["vulnerable"],
                                   intimidated=v["intimidated"], persistently_targeted=v["persistently_targeted"],
                                   views=v["views"]))
    case.screening = Screening(admission=case_json["admission"], evidential_stage_met=case_json["evidential_stage_met"],
                               aggravating=offence.get("aggravating", []), mitigating=offence.get("mitigating", []))
    for p in case_json["previous"]:
        case.previous_outcomes.append(PreviousOutcome(outcome=p["outcome"], outcome_date=date.fromisoformat(p["date"]),
                                                      similar=p["similar"]))
    db.session.add(case)
    db.session.flush()
    decision_id = None
    proposed = case_json.get("proposed")
    if proposed:
        completion = proposed.get("completion_date")
        decision = Decision(case_id=case.id, disposal=proposed["disposal"], regime="two_tier", rationale="Parity",
                            completion_date=date.fromisoformat(completion) if completion else None)
        for c in proposed["conditions"]:
            decision.conditions.append(Condition(
                case_id=case.id, kind=c["kind"], type=c["type"],
                hours=Decimal(str(c["hours"])) if c.get("hours") is not None else None,
                amount=Decimal(str(c["amount"])) if c.get("amount") is not None else None))
        case.decisions.append(decision)
        db.session.flush()
        decision_id = decision.id
    if case_json.get("pcsc_commencement"):
        db.session.merge(EngineSetting(key="pcsc_commencement", value={"value": case_json["pcsc_commencement"]}))
    db.session.commit()
    return case.id, decision_id


def _web_output(case_json: dict) -> dict:
    case_id, decision_id = _store(case_json)
    db.session.expire_all()  # read everything back from the database, as a page would
    case = db.session.get(Case, case_id)
    proposal = db.session.get(Decision, decision_id) if decision_id else None
    data = engine_input.case_input(case, decision_date=date.fromisoformat(case_json["decision_date"]), proposal=proposal)
    return assess(parse_case(data), engine_config()).to_dict()


def test_every_case_gets_the_same_answer_from_the_web_adapter_as_from_oocr_assess(app, cli_outputs):
    assert len(cli_outputs) >= 5 + len(EXTRA)
    with app.app_context():
        for name, (case_json, expected) in cli_outputs.items():
            db.session.execute(EngineSetting.__table__.delete())
            db.session.commit()
            assert _web_output(case_json) == expected, name


def test_the_adapter_rebuilds_the_input_it_was_stored_from(app, cli_outputs):
    """Beyond equal answers: the dict the web builds is the JSON itself, previous outcomes in date order."""
    case_json, _ = cli_outputs["x01_repeat_shoplifter_with_history.json"]
    with app.app_context():
        case_id, decision_id = _store(case_json)
        db.session.expire_all()
        data = engine_input.case_input(db.session.get(Case, case_id), decision_date=date(2026, 3, 10),
                                proposal=db.session.get(Decision, decision_id))
    expected = {**case_json, "previous": sorted(case_json["previous"], key=lambda p: p["date"])}
    assert data == expected
