"""Checks that stay: lint, security lint and the dependency lock, run with the suite so CI fails on a finding.

An accepted bandit finding carries `# nosec <id>` and its reason on the line; anything else fails here.
"""
from __future__ import annotations

import re
import subprocess  # nosec B404 (tests run our own tools)
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)  # nosec B603


def test_ruff_finds_nothing():
    result = _run(str(BIN / "ruff"), "check", "webapp", "documents", "jobs", "tests", "migrations")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_finds_nothing_that_is_not_accepted_with_a_reason():
    result = _run(str(BIN / "bandit"), "-q", "-c", "pyproject.toml", "-r", "webapp", "documents", "jobs")
    assert result.returncode == 0, result.stdout
    for path in (ROOT / "webapp", ROOT / "documents", ROOT / "jobs"):
        for source in path.rglob("*.py"):
            lines = source.read_text().splitlines()
            for number, line in enumerate(lines, 1):
                if "# nosec" not in line:
                    continue
                reason_here = re.search(r"# nosec B\d+\s*\(.+\)", line)
                reason_above = number > 1 and lines[number - 2].strip().startswith("#")
                assert reason_here or reason_above, f"{source.relative_to(ROOT)}:{number} accepts a finding without a reason"

def _name(requirement: str) -> tuple[str, str]:
    name, version = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name.lower()), version


def test_every_pinned_dependency_is_in_the_lock_at_the_same_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = dict(_name(line) for line in (ROOT / "requirements.lock").read_text().splitlines()
                  if line and not line.startswith("#"))
    for requirement in pinned:
        name, version = _name(requirement)
        assert locked.get(name) == version, f"{name}=={version} is not in requirements.lock (refresh it)"
