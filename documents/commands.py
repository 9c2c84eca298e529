"""``oocr redact``: redact a .docx for a prosecution bundle from the command line.

The contract (shared/scenarios/FORMAT.md) is what lets anyone check redaction on documents written
outside the code: a JSON log on stdout with no original values, exit 0 on success, exit 2 with a
one-line message for bad input. A document that fails verification is not written (exit 1).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from documents.redaction import UnreadableDocument, RedactionLeak, redact_docx

BAD_INPUT = 2
LEAK = 1


def _fail(message: str, code: int) -> None:
    click.echo(f"oocr redact: {message}", err=True)
    sys.exit(code)


@click.command("redact")
@click.argument("input_path", metavar="INPUT.docx", required=False)
@click.option("--out", "out_path", metavar="OUTPUT.docx", help="Where to write the redacted copy.")
@click.option("--name", "names", multiple=True, help="A victim or witness whose name must go (repeatable).")
@click.option("--keep", "keep", multiple=True, help="A name that must stay: defendant, officer (repeatable).")
def redact(input_path, out_path, names, keep):
    """Redact INPUT.docx into OUTPUT.docx and print what was removed, and where, as JSON."""
    if not input_path:
        _fail("missing INPUT.docx", BAD_INPUT)
    if not out_path:
        _fail("missing --out OUTPUT.docx", BAD_INPUT)
    source = Path(input_path)
    if not source.is_file():
        _fail(f"no such file: {input_path}", BAD_INPUT)
    try:
        output, log = redact_docx(source.read_bytes(), names=names, keep=keep)
    except UnreadableDocument as exc:
        _fail(f"{input_path}: {exc}", BAD_INPUT)
    except RedactionLeak as exc:
        _fail(f"{input_path}: {exc}", LEAK)
    try:
        Path(out_path).write_bytes(output)
    except OSError as exc:
        _fail(f"cannot write {out_path}: {exc.strerror}", BAD_INPUT)
    click.echo(json.dumps(log, indent=2))


@click.group()
def main():
    """Document commands, for running this module directly (the app registers ``redact`` itself)."""


main.add_command(redact)

if __name__ == "__main__":
    main()
