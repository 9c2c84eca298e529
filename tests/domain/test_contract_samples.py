"""The shared `oocr assess` samples, checked the way shared/checks/assess.py checks them."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from webapp.domain.assess import assess, parse_case

from domain_cases import SHARED, shared_dir

REPO = Path(__file__).resolve().parents[2]
SAMPLES = SHARED / "scenarios" / "assess"


def _sample_names() -> list[str]:
    # Collected even when the folder is missing so that the test below fails rather than vanishing.
    return sorted(p.name for p in SAMPLES.glob("*.json")) or ["<no samples found>"]


def _expectation_failures(out: dict, expected: dict) -> list[str]:
    """Mirror of shared/checks/assess.py `check`: only the listed keys are compared."""
    bad = []
    for key, want in expected.items():
        if key == "available":
            if sorted(out["available"]) != sorted(want):
                bad.append(f"available={out['available']} want {want}")
        elif key == "available_includes":
            bad += [f"available lacks {w}" for w in want if w not in out["available"]]
        elif key == "available_excludes":
            bad += [f"available wrongly has {w}" for w in want if w in out["available"]]
        elif key == "escalate_includes":
            bad += [f"escalate lacks {w}" for w in want if w not in out["escalate"]]
        elif key == "problems_nonempty":
            if not out["problems"]:
                bad.append("no problems reported")
        else:
            got = out
            for part in key.split("."):
                got = got[part]
            if got != want:
                bad.append(f"{key}={got!r} want {want!r}")
    return bad


@pytest.mark.parametrize("name", _sample_names())
def test_shared_sample_decided_as_expected(name):
    shared_dir()
    case_file = SAMPLES / name
    assert case_file.is_file(), f"no sample cases in {SAMPLES}"
    expected = json.loads((SAMPLES / "expected" / name).read_text())
    out = assess(parse_case(json.loads(case_file.read_text()))).to_dict()
    assert _expectation_failures(out, expected) == []


def test_shared_check_script_passes_against_the_command(tmp_path):
    wrapper = tmp_path / "oocr"
    wrapper.write_text(
        "#!/bin/sh\n"
        "# stands in for the `oocr` console script: drops the 'assess' sub-command name\n"
        "shift\n"
        f"PYTHONPATH='{REPO}' exec '{sys.executable}' -m webapp.domain.commands \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    result = subprocess.run([sys.executable, str(shared_dir() / "checks" / "assess.py"), str(wrapper), str(SAMPLES)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list(SAMPLES.glob("*.json")))
    assert result.stdout.splitlines()[-1] == f"assess: {count}/{count} scenarios decided as expected"
