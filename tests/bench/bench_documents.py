"""Document rendering benchmark (a script, not a test): prints figures.

    .venv/bin/python tests/bench/bench_documents.py [--renders 50] [--letters 500] [--workers 2]

For each kind it reports documents per second, and the ratio of our
``render()`` to a bare docxtpl render of the same template and context
(``DocxTemplate(path).render(ctx, autoescape=True)`` then ``save``), which
shows what our layer costs on top of docxtpl (target: at most 1.3x). It then
times a batch of victim letters built and rendered in worker processes, as the
background job would (target: 500 in under 60 s on 2 cores), and, when
LibreOffice is installed, the time to convert one letter to PDF.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import median

# Run as a plain script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from docxtpl import DocxTemplate  # noqa: E402

from documents.catalogue import KINDS  # noqa: E402
from documents.context import build_context, example_parts  # noqa: E402
from documents.convert import pdf_available, to_pdf  # noqa: E402
from documents.render import checksum, render  # noqa: E402


def per_call(fn, calls: int, repeats: int = 3) -> float:
    """Best mean seconds per call over ``repeats`` runs (the least disturbed run)."""
    fn()  # warm-up: first render of a template compiles it
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def bench_kind(kind: str, calls: int) -> tuple[float, float, float]:
    parts = example_parts(kind)
    context = build_context(kind, **parts)
    path = KINDS[kind].template_path

    def bare() -> bytes:
        template = DocxTemplate(path)
        template.render(context, autoescape=True)
        out = io.BytesIO()
        template.save(out)
        return out.getvalue()

    ours = per_call(lambda: render(kind, context), calls)
    end_to_end = per_call(lambda: render(kind, build_context(kind, **parts)), calls)
    return ours, end_to_end, per_call(bare, calls)


def _victim_letter(index: int) -> str:
    kind = "victim_outcome_letter"
    parts = example_parts(kind)
    return checksum(render(kind, build_context(kind, **parts)))


def bench_batch(letters: int, workers: int) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_victim_letter, range(letters), chunksize=25))
    elapsed = time.perf_counter() - start
    assert len(results) == letters
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--renders", type=int, default=50, help="renders per kind per run")
    parser.add_argument("--letters", type=int, default=500, help="victim letters in the batch")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the batch")
    args = parser.parse_args()

    print(f"CPUs: {os.cpu_count()}  renders per kind: {args.renders} (best of 3 runs)\n")
    header = (
        f"{'kind':32} {'docs/s':>8} {'render ms':>10} {'+context ms':>12} "
        f"{'bare ms':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    ratios = []
    for kind in KINDS:
        ours, end_to_end, bare = bench_kind(kind, args.renders)
        ratio = end_to_end / bare
        ratios.append(ratio)
        print(
            f"{kind:32} {1 / end_to_end:8.1f} {ours * 1000:10.1f} {end_to_end * 1000:12.1f} "
            f"{bare * 1000:8.1f} {ratio:5.2f}x"
        )
    print(
        f"\nratio of build_context()+render() to bare docxtpl: median {median(ratios):.2f}x, "
        f"worst {max(ratios):.2f}x (target <= 1.3x)"
    )

    elapsed = bench_batch(args.letters, args.workers)
    print(
        f"{args.letters} victim letters on {args.workers} worker processes: {elapsed:.1f} s "
        f"({args.letters / elapsed:.0f}/s; target < 60 s)"
    )

    if pdf_available():
        kind = "victim_outcome_letter"
        docx = render(kind, build_context(kind, **example_parts(kind)))
        start = time.perf_counter()
        to_pdf(docx)
        elapsed = time.perf_counter() - start
        print(f"one PDF conversion (LibreOffice, fresh profile): {elapsed:.2f} s")
    else:
        print("PDF conversion: LibreOffice not installed, not measured")


if __name__ == "__main__":
    main()
