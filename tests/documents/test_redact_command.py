"""The ``oocr redact`` contract, run the way outside checks run it: as a separate process."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from documents import commands
from documents.redaction import RedactionLeak
from redaction_samples import REDACT_NAMES, VICTIM, KEEP_NAMES, norm, package_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def oocr(tmp_path_factory) -> Path:
    """A stand-in for the installed ``oocr`` script that runs this module's command group."""
    script = tmp_path_factory.mktemp("bin") / "oocr"
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -m documents.commands \"$@\"\n")
    script.chmod(0o755)
    return script


def run(oocr, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([str(oocr), *map(str, args)], capture_output=True, text=True, env=env, timeout=120)


def test_shared_redaction_scenarios_pass_the_shared_checker(oocr, shared_dir):
    checker = shared_dir / "checks" / "redact.py"
    scenarios = shared_dir / "scenarios" / "redaction"
    assert checker.is_file() and scenarios.is_dir()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(checker), str(oocr), str(scenarios)],
                            capture_output=True, text=True, env=env, timeout=600)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed, leaks 0/" in summary
    kept, needed = summary.split("kept ")[1].split(",")[0].split("/")
    assert kept == needed


def test_redacts_and_prints_a_json_log_without_values(oocr, tmp_path, awkward_docx):
    source, out = tmp_path / "in.docx", tmp_path / "out.docx"
    source.write_bytes(awkward_docx)
    args = ["redact", source, "--out", out]
    for name in REDACT_NAMES:
        args += ["--name", name]
    for name in KEEP_NAMES:
        args += ["--keep", name]
    result = run(oocr, *args)
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    assert log and all(set(row) == {"category", "part", "location", "count"} for row in log)
    text = package_text(out.read_bytes())
    for value in VICTIM.values():
        assert norm(value) not in text
        assert norm(value) not in norm(result.stdout)


@pytest.mark.parametrize("args, message", [
    (["redact", "missing.docx", "--out", "out.docx"], "no such file"),
    (["redact", "notes.txt", "--out", "out.docx"], "not a .docx"),
    (["redact", "good.docx"], "missing --out"),
])
def test_bad_input_exits_2_with_one_line(oocr, tmp_path, awkward_docx, args, message):
    (tmp_path / "notes.txt").write_text("plain text, not a package")
    (tmp_path / "good.docx").write_bytes(awkward_docx)
    result = subprocess.run([str(oocr), *args], capture_output=True, text=True, cwd=tmp_path,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.docx").exists()


def test_a_leak_found_by_verification_exits_1_and_writes_nothing(tmp_path, awkward_docx, monkeypatch):
    def leaking(*args, **kwargs):
        raise RedactionLeak([("07700 900246", ["word/comments.xml"])])

    monkeypatch.setattr(commands, "redact_docx", leaking)
    source, out = tmp_path / "in.docx", tmp_path / "out.docx"
    source.write_bytes(awkward_docx)
    result = CliRunner().invoke(commands.redact, [str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "refusing to release" in result.output and "word/comments.xml" in result.output
    assert "900246" not in result.output
    assert not out.exists()
