"""The diversionary caution notice the person signs (Police, Crime, Sentencing and Courts Act 2022,
Part 6)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import PCSC_SPENT, statutory_caution_notice


def write(b: TemplateBuilder) -> None:
    statutory_caution_notice(
        b,
        legal_basis=(
            "Given under section 99 of the Police, Crime, Sentencing and Courts Act 2022 "
            "(Part 6)."
        ),
        spent=PCSC_SPENT,
        signed_document_evidence=False,
    )
