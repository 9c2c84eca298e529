"""`oocr assess`: JSON out and exit 0, or one line naming the field and exit 2."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from webapp.domain.commands import assess

from domain_cases import build_case

REPO = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, data: object, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_prints_the_contract_json(tmp_path):
    result = CliRunner().invoke(assess, [_write(tmp_path, build_case())])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for key in ("regime", "final_gravity_score", "available", "blocked", "refer_to_cps", "escalate",
                "deadlines", "problems"):
        assert key in out
    assert out["deadlines"]["victim_update_due"] == "2026-03-17"


def test_gravity_score_out_of_range_exits_2_naming_the_field(tmp_path):
    result = CliRunner().invoke(assess, [_write(tmp_path, build_case(offence={"gravity_score": 5}))])
    assert result.exit_code == 2
    assert result.stderr == "offence.gravity_score: must be 1-4\n"
    assert result.stdout == ""


def test_missing_key_exits_2(tmp_path):
    case = build_case()
    del case["offence"]["offence_date"]
    result = CliRunner().invoke(assess, [_write(tmp_path, case)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "offence.offence_date: is missing"


def test_bad_date_exits_2(tmp_path):
    result = CliRunner().invoke(assess, [_write(tmp_path, build_case(decision_date="10/03/2026"))])
    assert result.exit_code == 2
    assert result.stderr.strip() == "decision_date: must be a date YYYY-MM-DD"


def test_missing_file_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(assess, [str(tmp_path / "nowhere.json")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nowhere.json: cannot read the file" in result.stderr


def test_invalid_json_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(assess, [_write(tmp_path, "{not json")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not valid JSON (line 1" in result.stderr


def test_json_that_is_not_an_object_exits_2(tmp_path):
    result = CliRunner().invoke(assess, [_write(tmp_path, "[1, 2]")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "case: must be an object"


def test_settings_file_applies_force_policy(tmp_path):
    settings = _write(tmp_path, {"simple_caution_permitted": True}, "settings.json")
    result = CliRunner().invoke(assess, ["--settings", settings, _write(tmp_path, build_case())])
    assert result.exit_code == 0, result.output
    assert "simple_caution" in json.loads(result.stdout)["available"]


def test_bad_settings_exit_2_naming_the_setting(tmp_path):
    settings = _write(tmp_path, {"victim_update_working_days": 0}, "settings.json")
    result = CliRunner().invoke(assess, ["--settings", settings, _write(tmp_path, build_case())])
    assert result.exit_code == 2
    assert "victim_update_working_days: must be a whole number, 1 or more" in result.stderr


def test_runs_as_a_module_quickly(tmp_path):
    case = _write(tmp_path, build_case())
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "webapp.domain.commands", case], capture_output=True,
                            text=True, cwd=REPO, timeout=60)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["regime"] == "two_tier"
    # Generous: the engine itself takes about 0.25 s; importing the webapp package adds Flask's start-up.
    assert elapsed < 10


def test_module_exit_code_for_bad_input(tmp_path):
    case = _write(tmp_path, build_case(offence={"mode_of_trial": "crown"}))
    result = subprocess.run([sys.executable, "-m", "webapp.domain.commands", case], capture_output=True,
                            text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "offence.mode_of_trial: must be one of summary, either_way, indictable_only"
