"""PDF conversion through LibreOffice.

These tests never skip: CI installs libreoffice-writer-nogui, and a missing
converter must fail the run rather than pass it silently.
"""

from __future__ import annotations

import io
import stat
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from documents.context import VictimRecipient, build_context, example_parts
from documents.convert import (
    PdfConversionError,
    PdfConversionUnavailable,
    pdf_available,
    soffice_path,
    to_pdf,
)
from documents.render import render


def letter(kind: str = "victim_outcome_letter", **overrides) -> bytes:
    parts = {**example_parts(kind), **overrides}
    return render(kind, build_context(kind, **parts))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def fake_soffice(tmp_path, script: str) -> str:
    path = tmp_path / "soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_libreoffice_is_installed():
    assert pdf_available(), "install libreoffice-writer-nogui (CI does) to convert documents to PDF"


def test_to_pdf_produces_a_pdf_with_the_letter_text_and_marking():
    pdf = to_pdf(letter())
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "OFFICIAL-SENSITIVE" in text
    assert "The outcome of your case" in text
    assert "Page 1 of" in text


def test_non_latin_text_converts():
    victim = VictimRecipient(full_name="Zoë Łukasiewicz 王芳 Мария", address_lines=("2 Sample Road",))
    pdf = to_pdf(letter(victim=victim))
    assert pdf.startswith(b"%PDF")
    assert "Łukasiewicz" in pdf_text(pdf)


def test_concurrent_conversions_do_not_clash():
    kinds = ("victim_outcome_letter", "conditional_caution_notice", "clinic_day_list")
    documents = [letter(kind) for kind in kinds]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(to_pdf, documents))
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert "Caution Clinic day list" in pdf_text(pdfs[2])


def test_missing_libreoffice_is_reported_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("OOCR_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert soffice_path() is None
    assert not pdf_available()
    with pytest.raises(PdfConversionUnavailable, match="libreoffice-writer-nogui"):
        to_pdf(b"irrelevant")


def test_failed_conversion_raises_with_the_converter_output(monkeypatch, tmp_path):
    script = 'echo "source file could not be loaded" >&2\nexit 1\n'
    monkeypatch.setenv("OOCR_SOFFICE", fake_soffice(tmp_path, script))
    with pytest.raises(PdfConversionError, match="could not be loaded"):
        to_pdf(letter())


def test_timeout_stops_the_whole_converter_process_group(monkeypatch, tmp_path):
    marker = tmp_path / "child.pid"
    # The launcher starts a long-running child, as soffice starts soffice.bin.
    script = f"sleep 60 &\necho $! > {marker}\nwait\n"
    monkeypatch.setenv("OOCR_SOFFICE", fake_soffice(tmp_path, script))
    started = time.monotonic()
    with pytest.raises(PdfConversionError, match="did not finish within 1 seconds"):
        to_pdf(letter(), timeout=1)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not running(child), "the converter's child process was left running"


def running(pid: int) -> bool:
    """True if ``pid`` is alive; a killed process awaiting reaping (zombie) is not."""
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            state = stat_file.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")
