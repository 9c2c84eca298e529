"""How fast is redaction on a realistic bundle? Prints figures; not a test.

Builds a ~200-page .docx of witness statements (Faker en_GB people, one statement a page, values
split across formatting runs, a header and footer) and times propose, apply and verify, the
three steps of the reviewer workflow, plus the unattended redact_docx. The target is a 200-page
bundle in under 10 seconds.

    .venv/bin/python tests/bench/bench_redact.py [PAGES]
"""
from __future__ import annotations

import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from documents.redaction import apply, propose, redact_docx, verify  # noqa: E402

KEEP = ["Ms Andrea Horton", "PC Ford 6305"]


def _split(paragraph, text: str, rng: random.Random) -> None:
    """Add ``text`` as two to four runs with different formatting, as edited documents have."""
    cuts = sorted(rng.sample(range(1, len(text)), min(3, len(text) - 1)))
    last = 0
    for i, cut in enumerate(cuts + [len(text)]):
        run = paragraph.add_run(text[last:cut])
        run.bold = i % 3 == 1
        if i % 3 == 2:
            run.font.size = Pt(12)
        last = cut


def build_bundle(pages: int, seed: int = 7) -> tuple[bytes, list[str]]:
    """A bundle of ``pages`` statements and the names a case record would supply."""
    fake = Faker("en_GB")
    Faker.seed(seed)
    rng = random.Random(seed)
    cast = [fake.name() for _ in range(12)]
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "RESTRICTED (when complete) - MG11"
    section.footer.paragraphs[0].text = "Signature witnessed by PC Ford 6305"
    start = date(2026, 3, 1)
    for page in range(pages):
        witness, other = rng.sample(cast, 2)
        event = start + timedelta(days=page)
        document.add_heading(f"Witness statement {page + 1}", level=1)
        for line in (
            f"Statement of: {witness}   Date of birth: {fake.date_of_birth(minimum_age=18).strftime('%d/%m/%Y')}",
            f"Address: {fake.street_address()}, {fake.city()}, {fake.postcode()}",
            f"Telephone: {fake.cellphone_number()}   Email: {fake.free_email()}",
        ):
            _split(document.add_paragraph(), line, rng)
        for _ in range(14):
            document.add_paragraph(fake.paragraph(nb_sentences=4))
        _split(document.add_paragraph(),
               f"On {event:%d %B %Y} I saw Ms Andrea Horton outside the premises of {other}. I drove my car, "
               f"registration {fake.license_plate()}, to {fake.street_address().replace(chr(10), ' ')} and called "
               f"{other} on {fake.phone_number()}.", rng)
        _split(document.add_paragraph(),
               f"Compensation was to be paid to {other} (NI number {fake.ssn()}), sort code "
               f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}, account "
               f"{rng.randint(10**7, 10**8 - 1)}. Notes taken by PC Ford 6305.", rng)
        document.add_paragraph(f"Signed: {witness}").add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), cast


def _characters(source: bytes) -> int:
    """Characters a reader sees in the package (every story's text), the measure of work done."""
    document = docx.Document(io.BytesIO(source))
    body = sum(len(p.text) + 1 for p in document.paragraphs)
    return body + sum(len(p.text) + 1 for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs))


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "scenarios" / "redaction"


def _leaks_and_losses(label: dict, output: bytes) -> tuple[int, int]:
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        raw = " ".join(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>|</w:tc>|<w:br/>", " ", archive.read(n).decode()))
                       for n in archive.namelist() if n.endswith((".xml", ".rels")))
    squeezed, words = re.sub(r"[\s\-()+]", "", raw).lower(), set(re.findall(r"\w+", raw.lower()))

    def present(value):
        if re.fullmatch(r"[^\W\d_]+", value):
            return value.lower() in words
        return re.sub(r"[\s\-()+]", "", value).lower() in squeezed

    return (sum(present(v) for v in label["must_redact"]), sum(not present(v) for v in label["must_keep"]))


def detector_contributions() -> None:
    """What each name detector adds on the shared sample documents: leaks and losses with the
    detectors switched on one after another."""
    import json

    from documents.redaction import detectors, people

    if not SAMPLES.is_dir():
        print("sample documents not found:", SAMPLES)
        return
    labels = [json.loads(p.read_text()) for p in sorted(SAMPLES.glob("*.json"))]
    real_people, real_lists = detectors.find_people, people.name_lists
    empty = (frozenset(), frozenset(), frozenset())
    steps = [
        ("values and supplied names only", lambda text, guess=True: [], real_lists),
        ("+ people by titles, context and mid-sentence capitals", real_people, lambda: empty),
        ("+ Faker name lists (all locales)", real_people, real_lists),
    ]
    print(f"detectors on {len(labels)} sample documents "
          f"({sum(len(x['must_redact']) for x in labels)} values to remove, "
          f"{sum(len(x['must_keep']) for x in labels)} to keep):")
    try:
        for title, finder, lists in steps:
            detectors.find_people, people.name_lists = finder, lists
            leaks = losses = 0
            for label in labels:
                source = (SAMPLES / label["file"]).read_bytes()
                output, _ = redact_docx(source, names=label["redact_names"], keep=label["keep_names"])
                leaked, lost = _leaks_and_losses(label, output)
                leaks, losses = leaks + leaked, losses + lost
            print(f"  {title}: {leaks} leaked, {losses} lost")
    finally:
        detectors.find_people, people.name_lists = real_people, real_lists


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t0 = time.perf_counter()
    from documents.redaction.people import name_lists
    name_lists()
    lists = time.perf_counter() - t0
    detector_contributions()
    t0 = time.perf_counter()
    source, names = build_bundle(pages)
    built = time.perf_counter() - t0
    characters = _characters(source)

    t0 = time.perf_counter()
    proposals = propose(source, names=names, keep=KEEP)
    t1 = time.perf_counter()
    output = apply(source, proposals)
    t2 = time.perf_counter()
    findings = verify(output, [p.text for p in proposals])
    t3 = time.perf_counter()
    _, log = redact_docx(source, names=names, keep=KEEP)
    t4 = time.perf_counter()

    workflow = t3 - t0
    print(f"bundle: {pages} pages, {characters:,} characters, {len(source) / 1e6:.1f} MB, built in {built:.1f} s")
    print(f"name lists loaded once per process in {lists:.2f} s")
    print(f"proposals: {len(proposals)}; verify findings: {len(findings)}; log rows: {len(log)}")
    print(f"propose {t1 - t0:.2f} s, apply {t2 - t1:.2f} s, verify {t3 - t2:.2f} s")
    print(f"propose+apply+verify: {workflow:.2f} s, {pages / workflow:.0f} pages/s, "
          f"{characters / workflow:,.0f} characters/s "
          f"({characters / workflow / 5500:.0f}x a spaCy-model detector at ~5,500 characters/s)")
    print(f"redact_docx (unattended): {t4 - t3:.2f} s, {pages / (t4 - t3):.0f} pages/s")
    print("target (200 pages < 10 s):", "met" if workflow * 200 / pages < 10 else "MISSED")
    print("target (10x spaCy):", "met" if characters / workflow >= 55_000 else "MISSED")


if __name__ == "__main__":
    main()
