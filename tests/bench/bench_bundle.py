"""How fast is a redacted evidence bundle? Prints figures; not a test.

Builds statements (Faker en_GB victims and witnesses with phones, emails, postcodes and addresses,
values split across formatting runs) amounting to about PAGES pages, then times what the bundle job
does after the reviewer has decided: propose (done earlier, in its own job, timed separately), apply
the accepted redactions, verify each document, assemble the one Word bundle, verify it again, and
convert it to PDF with LibreOffice. Pages are counted in the PDF. The target is a 200-page bundle in
under 10 seconds.

    .venv/bin/python tests/bench/bench_bundle.py [PAGES]
"""
from __future__ import annotations

import io
import sys
import time
from datetime import date
from pathlib import Path

import docx
from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from documents.bundle import Cover, Evidence, Redactions, make_bundle  # noqa: E402
from documents.convert import pdf_available, to_pdf  # noqa: E402
from documents.redaction import propose  # noqa: E402

DEFENDANT = "Darren Whitlock"
KEEP = [DEFENDANT, "PC Ford 6305"]
PARAGRAPHS_PER_PAGE = 14  # about a page of Arial 11 at the lengths below


def _person(fake: Faker, index: int) -> dict:
    first, last = fake.first_name(), fake.last_name()
    return {"name": f"{first} {last}", "first": first, "phone": f"07700 9{index:05d}"[:12],
            "email": f"{first}.{last}{index}@example.org".lower().replace("'", ""),
            "address": f"{fake.building_number()} {fake.street_name()}, {fake.city()} {fake.postcode()}"}


def _statement(author: dict, other: dict, pages: int, fake: Faker) -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"Statement of {author['name']}"
    document.add_heading(f"Witness statement of {author['name']}", level=1)
    for page in range(pages):
        for line in range(PARAGRAPHS_PER_PAGE):
            paragraph = document.add_paragraph(fake.paragraph(nb_sentences=4) + " ")
            if line == 0:
                paragraph.add_run(f"I saw {DEFENDANT} with {other['name']}. ")
                half = len(author["phone"]) // 2
                paragraph.add_run(f"My number is {author['phone'][:half]}").bold = True
                paragraph.add_run(f"{author['phone'][half:]} and my email is {author['email']}. ")
            if line == 3:
                paragraph.add_run(f"{other['first']} lives at {other['address']}; PC Ford 6305 attended.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main(pages: int = 200) -> None:
    fake = Faker("en_GB")
    Faker.seed(2026)
    people = [_person(fake, i) for i in range(12)]
    red = Redactions(names=[p["name"] for p in people], keep=KEEP,
                     known=[(p["phone"], "telephone number") for p in people[:3]])
    per_document = 20
    sources = [_statement(people[i % len(people)], people[(i + 1) % len(people)], per_document, fake)
               for i in range(max(1, pages // per_document))]

    started = time.perf_counter()
    items = [Evidence(f"Statement {i + 1}", "docx", s, propose(s, red.names, red.keep)) for i, s in enumerate(sources)]
    proposing = time.perf_counter() - started
    proposals = sum(len(item.accepted) for item in items)

    convert = to_pdf if pdf_available() else None
    warming = 0.0
    if convert is not None:
        warm = time.perf_counter()
        try:
            to_pdf(sources[0])
        except Exception:  # noqa: BLE001 - only warming the profile cache
            pass
        warming = time.perf_counter() - warm
    cover = Cover("Evidence bundle: breach of conditional caution, OC26-000001",
                  [("Defendant", DEFENDANT), ("Offence", "Theft from a shop")], date.today())
    started = time.perf_counter()
    result = make_bundle(cover, items, red, marking="OFFICIAL-SENSITIVE", to_pdf=convert)
    building = time.perf_counter() - started

    assert result.verified, result.problems
    counted = result.pages if result.pages else None
    print(f"documents: {len(items)}, proposals: {proposals}, propose job: {proposing:.2f} s")
    for step, seconds in result.timings.items():
        print(f"  {step:>8}: {seconds:.2f} s")
    if counted:
        print(f"bundle job: {building:.2f} s for {counted} pages = {counted / building:.1f} pages/s "
              f"(LibreOffice first start, not counted: {warming:.2f} s)")
        total = proposing + building
        print(f"propose + build: {total:.2f} s = {counted / total:.1f} pages/s "
              f"({'within' if total < 10 else 'over'} the 10 s aim)")
    else:
        print(f"bundle job (Word only, LibreOffice not installed): {building:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
