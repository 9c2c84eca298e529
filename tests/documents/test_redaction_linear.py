"""Every detector is linear in its input, and a document that would cost more than a real one is
refused rather than left to hold a worker (hardening issue: a 400 KB run of letters once froze
every proposals job on a breach).

A quadratic pattern takes minutes on 400 KB; these bounds are a hundred times what a linear one
needs, so they fail only on the real fault, not on a busy machine. Exact figures are printed by
tests/bench/bench_redact.py.
"""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from documents.redaction import Detector, UnreadableDocument, propose, redact_text
from documents.redaction.detectors import DetectionTimeLimit
from documents.redaction.docx import MAX_RATIO, Package
from documents.redaction.pipeline import TooMuchToReview

SIZE = 400 * 1024
BOUND_SECONDS = 20.0

ADVERSARIAL = {
    "lower-case letters": "A" + "a" * SIZE,
    "capitals": "A" * SIZE,
    "letters and apostrophes": "a'" * (SIZE // 2),
    "capitals and apostrophes": "A'" * (SIZE // 2),
    "capitals and hyphens": "A-" * (SIZE // 2),
    "capitals and ampersands": "A&" * (SIZE // 2),
    "letters and per cent signs": "a%" * (SIZE // 2),
    "capitalised words": "Ab " * (SIZE // 3),
    "capitalised words with possessives": "Ab's " * (SIZE // 5),
    "capitalised words in capitals": "AB CD " * (SIZE // 6),
    "titles": "Mr " * (SIZE // 3),
    "numbers and words": "1 Ab " * (SIZE // 5),
    "digits": "1" * SIZE,
    "at signs": "a@" * (SIZE // 2),
    "paragraphs": "Ab\u2029" * (SIZE // 3),
    "accented letters": "Ź" + "ź" * SIZE,
}


@pytest.fixture(scope="module")
def detector():
    return Detector(["Anna Connor-Hardy", "Miss Jenna O'Brien"], ["Ms Andrea Horton", "PC Ford 6305"])


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_every_detector_reads_400_kb_of_adversarial_text_in_linear_time(detector, kind):
    started = time.perf_counter()
    detector.find(ADVERSARIAL[kind])
    assert time.perf_counter() - started < BOUND_SECONDS


def test_a_400_kb_run_of_letters_is_redacted_whole():
    text = "Statement of Anna Smith. " + "A" * SIZE
    started = time.perf_counter()
    output, _ = redact_text(text, names=["Anna Smith"])
    assert time.perf_counter() - started < BOUND_SECONDS
    assert "Anna Smith" not in output and output.endswith("A" * 1000)


def test_a_part_that_takes_longer_than_the_time_limit_is_refused():
    with pytest.raises(DetectionTimeLimit, match="took more than"):
        Detector(time_limit=-1).find("Telephone 07700 900123")
    assert issubclass(DetectionTimeLimit, UnreadableDocument)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_part_that_unpacks_far_larger_than_it_is_packed_is_refused_before_unpacking():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(UnreadableDocument, match=f"more than {MAX_RATIO} times"):
        Package(bomb)


def test_too_many_proposals_in_one_document_are_refused_with_a_message():
    text = "\n".join(f"Telephone 07700 900{n:03d}" for n in range(50))
    assert len(propose(text, limit=50)) == 50
    with pytest.raises(TooMuchToReview, match="more than 10 things to redact"):
        propose(text, limit=10)
