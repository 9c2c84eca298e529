"""The conditional caution notice the person signs (Criminal Justice Act 2003, Part 3)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import statutory_caution_notice


def write(b: TemplateBuilder) -> None:
    statutory_caution_notice(
        b,
        legal_basis=(
            "Given under Part 3 of the Criminal Justice Act 2003 (sections 22 to 24), as part "
            "of the two-tier framework for adult out-of-court resolutions."
        ),
        spent=(
            "The caution becomes spent three months after the day it is given, or earlier if it "
            "stops having effect (Rehabilitation of Offenders Act 1974, Schedule 2, paragraph 1)."
        ),
        # A breach can lead to prosecution, where the signed notice is evidence (CJA 2003 s.24).
        signed_document_evidence=True,
    )
