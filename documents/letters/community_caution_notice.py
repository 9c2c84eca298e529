"""The community caution notice the person signs (Police, Crime, Sentencing and Courts Act 2022,
Part 6): a breach leads to a financial penalty, never to prosecution for the offence."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import PCSC_SPENT, statutory_caution_notice


def write(b: TemplateBuilder) -> None:
    statutory_caution_notice(
        b,
        legal_basis="Given under Part 6 of the Police, Crime, Sentencing and Courts Act 2022.",
        spent=PCSC_SPENT,
        signed_document_evidence=False,
    )
