"""Fixtures for the document tests; the builders live in redaction_samples.py."""
from pathlib import Path

import pytest

from redaction_samples import SHARED, build_awkward_docx


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    assert SHARED.is_dir(), f"shared folder missing at {SHARED}: the contract checks cannot run"
    return SHARED


@pytest.fixture(scope="session")
def awkward_docx() -> bytes:
    return build_awkward_docx()
