"""The shipped Word templates in ``documents/templates/``: one module per letter, written in code.

The templates are built in code rather than edited by hand in Word so that every template gets
the same protective marking, footer and accessible structure (:mod:`documents.letters.layout`),
and so that their wording is reviewable: each module here holds one letter's words, shared
passages live in :mod:`documents.letters.sections`, and the legal warnings come from
:mod:`documents.catalogue`. The generated .docx files are committed as the shipped "version 1" of
each kind (an administrator may later upload a revised version, checked by
:func:`documents.render.lint_template`), each with a ``.txt`` beside it holding its words in
reading order, so that a wording change shows in a diff.

Run ``python -m documents.letters`` from the repository root after changing anything here; tests
fail while the committed files differ from what the modules build.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path

from docx import Document
from docx.table import Table

from documents.catalogue import KINDS, TEMPLATES_DIR
from documents.letters.layout import TemplateBuilder

# Each letter's module is named after the document kind it writes, so the catalogue lists them.
WRITERS = {name: importlib.import_module(f"documents.letters.{name}").write for name in KINDS}


def build_template(kind: str) -> bytes:
    """The .docx bytes of the shipped template for ``kind``."""
    builder = TemplateBuilder(kind)
    WRITERS[kind](builder)
    return builder.to_bytes()


def template_text(data: bytes) -> str:
    """The words of a template in reading order, for the ``.txt`` committed beside it.

    One paragraph a line: headings marked ``#``/``##``, bullets ``-``, table rows as
    ``| cell | cell |`` (a cell's paragraphs joined by `` / ``), the header and footer first. A
    line break inside a paragraph continues on an indented line.
    """
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    lines = [f"[header] {p.text}" for p in section.header.paragraphs]
    lines += [f"[footer] {p.text}" for p in section.footer.paragraphs]
    lines.append("")
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [
                "| " + " | ".join(" / ".join(p.text for p in cell.paragraphs) for cell in row.cells) + " |"
                for row in block.rows
            ]
        else:
            marker = {"Heading 1": "# ", "Heading 2": "## ", "List Bullet": "- "}.get(block.style.name, "")
            lines.append(marker + block.text)
    return "\n".join(line.replace("\n", "\n    ") for line in lines) + "\n"


def write_templates(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every kind's .docx and its .txt words into ``out_dir``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kind in KINDS.items():
        data = build_template(name)
        docx_path = out_dir / kind.template
        docx_path.write_bytes(data)
        text_path = docx_path.with_suffix(".txt")
        text_path.write_text(template_text(data), encoding="utf-8")
        written += [docx_path, text_path]
    return written
