"""Parts that several letters share, written once so that they say the same thing in each.

The caution notices share their opening, the person and offence details, the decision and the
signed admission; the victim letters share restorative justice, support and complaints; the
offender letters share how a condition is described.
"""

from __future__ import annotations

from documents.catalogue import DISPOSALS
from documents.letters.layout import TemplateBuilder

OFFENDER_ADDRESS = '{{ offender.full_name }}\n{{ offender.address_lines|join("\\n") }}'
VICTIM_ADDRESS = '{{ victim.full_name }}\n{{ victim.address_lines|join("\\n") }}'

CONDITION_CELLS = [
    ["{{ loop.index }}"],
    ["{{ c.type_label }}", "({{ c.kind_label }})"],
    [
        "{{ c.description }}",
        "{%p if c.provider %}",
        "Provider: {{ c.provider }}",
        "{%p endif %}",
    ],
    ['{{ [c.hours, c.amount]|select|join(", ") }}'],
    ["{{ c.due_date }}"],
]
CONDITION_HEADERS = ["No.", "Condition", "What you must do", "Hours or amount", "Complete by"]
CONDITION_WIDTHS = [1.2, 3.8, 6.5, 2.5, 3.0]

# The 2022 Act's cautions: the spent date is not settled in law, so the notices do not state one.
PCSC_SPENT = (
    "When the caution becomes spent is set by the Rehabilitation of Offenders Act 1974 "
    "(Schedule 2), as amended for these cautions by the Police, Crime, Sentencing and Courts "
    "Act 2022: ask us if you need the date."
)


def person_details(b: TemplateBuilder, *, caution: bool) -> None:
    b.field("Name", "{{ offender.full_name }}")
    b.field("Date of birth", "{{ offender.date_of_birth }}", test="offender.date_of_birth")
    b.field("Address", '{{ offender.address_lines|join(", ") }}', test="offender.address_lines")
    if caution:
        b.field("PNC ID", "{{ offender.pnc_id }}", test="offender.pnc_id")


def offence_details(b: TemplateBuilder, *, caution: bool) -> None:
    b.field("Offence", "{{ offence.wording }}")
    b.field("Law", "{{ offence.legislation }}", test="offence.legislation")
    b.field("Date of offence", "{{ offence.offence_date }}", test="offence.offence_date")
    if caution:
        b.field(
            "Type of offence",
            "{{ offence.mode_of_trial_label }}",
            test="offence.mode_of_trial_label",
        )


def decision(b: TemplateBuilder) -> None:
    b.field("Decision made on", "{{ disposal.decision_date }}", test="disposal.decision_date")
    b.field("Authorised by", "{{ disposal.authorised_by }}", test="disposal.authorised_by")


def notice_questions(b: TemplateBuilder) -> None:
    b.heading("Questions")
    b.contact_us("If you have any questions about this document, please contact us.")


# ---------------------------------------------------------------------- caution notices


def caution_notice_opening(
    b: TemplateBuilder, *, legal_basis: str, to_sign_for: str, decided: str
) -> None:
    """Sections 1 to 3 of a caution notice: who, what offence, and who decided.

    The notice records the offence, the admission and the decision before the person signs
    (CJA 2003 s.23; PCSC 2022 s.99(2); Simple Cautions for Adult Offenders, section 3).
    """
    lower = b.kind.title.lower()
    b.title(b.kind.title)
    b.para(legal_basis)
    b.field("Case reference", "{{ doc.case_reference }}")
    b.para(
        f"This document records the {lower} offered to you. Please read it carefully. You "
        f"will be asked to sign it to show that you admit the offence and {to_sign_for}. You "
        "will be given a copy to keep."
    )
    b.heading("1. Your details")
    person_details(b, caution=True)
    b.heading("2. The offence")
    offence_details(b, caution=True)
    b.heading("3. The decision")
    b.para(
        "An authorised person has decided that there is enough evidence to charge you with "
        f"this offence, and that a {lower} should be given instead.{decided}"
    )
    decision(b)


def admission_and_signatures(b: TemplateBuilder, *, number: int, confirmations: list[str]) -> None:
    """The last section of a caution notice: what the person confirms by signing, then the
    signature boxes."""
    b.heading(f"{number}. Your admission and agreement")
    b.para("By signing below, I confirm that:")
    b.bullet("I admit that I committed the offence described in section 2.")
    for text in confirmations:
        b.bullet(text)
    b.signatures(
        "Signatures",
        [
            "Person receiving the caution",
            "Authorised person (name, rank or role, number)",
            "Interpreter or appropriate adult, if present",
        ],
    )
    notice_questions(b)


def statutory_caution_notice(
    b: TemplateBuilder, *, legal_basis: str, spent: str, signed_document_evidence: bool
) -> None:
    """The shared structure of the three statutory caution notices.

    Each notice must record the offence, the admission, the consent and every condition, and
    must carry the warning about non-compliance before the offender signs it (CJA 2003 s.23;
    PCSC 2022 s.99(2)). The warning is the catalogue's wording for the disposal, the same words
    the reminder and breach letters use.
    """
    lower = b.kind.title.lower()
    (code,) = b.kind.disposal_codes
    caution_notice_opening(
        b, legal_basis=legal_basis, to_sign_for="agree to the conditions", decided=""
    )
    b.heading("4. Your conditions")
    b.para(
        "You must comply with every condition below, by the date shown. If you think you "
        "may not be able to, contact us before that date."
    )
    b.table(
        f"Conditions of the {lower}",
        CONDITION_HEADERS,
        CONDITION_CELLS,
        "c in conditions",
        CONDITION_WIDTHS,
    )
    b.heading("5. If you do not comply")
    b.para((DISPOSALS[code].breach_consequence, True))
    b.heading("6. Your record")
    b.para(
        f"A {lower} is not a criminal conviction, but it forms part of your criminal record. "
        "It may be taken into account if you offend again, and it may be disclosed on some "
        "criminal record checks."
    )
    b.para(spent)
    confirmations = [
        f"I consent to being given a {lower} with the conditions in section 4.",
        f"The meaning of the {lower}, and what may happen if I do not comply with the "
        "conditions, have been explained to me.",
    ]
    if signed_document_evidence:
        confirmations.append(
            "I understand that if I am prosecuted for the offence, this signed document may be "
            "used as evidence."
        )
    admission_and_signatures(b, number=7, confirmations=confirmations)


# ---------------------------------------------------------------------- victim letters


def restorative_justice(b: TemplateBuilder) -> None:
    b.heading("Restorative justice")
    b.para(
        "Restorative justice gives you the chance to tell the person responsible how the "
        "offence affected you and to ask them questions, safely and with the help of a "
        "trained facilitator. It can be a meeting or an exchange of letters. Taking part is "
        "your choice, and you can change your mind at any time. If you would like to know "
        "more, please contact us."
    )


def victim_complaints(b: TemplateBuilder) -> None:
    b.heading("If you are unhappy with our service")
    b.para(
        "The Code of Practice for Victims of Crime (the Victims' Code) sets out the service "
        "you are entitled to. If you feel you have not received it, you have the right to "
        "complain. Please contact us first and we will try to put things right. If you are "
        "not satisfied with our reply, we will tell you how to take your complaint further."
    )


def victim_support(b: TemplateBuilder) -> None:
    b.heading("Support")
    b.para(
        "If you would like help to cope with and recover from the offence, we can refer you "
        "to a local victim support service. If you need this letter in another format or "
        "language, please let us know."
    )


# ---------------------------------------------------------------------- offender letters


def condition_details(b: TemplateBuilder, prefix: str) -> None:
    b.field("Condition", f"{{{{ {prefix}.type_label }}}}")
    b.field("What you must do", f"{{{{ {prefix}.description }}}}")
    b.field("Provider", f"{{{{ {prefix}.provider }}}}", test=f"{prefix}.provider")
    b.field("Hours", f"{{{{ {prefix}.hours }}}}", test=f"{prefix}.hours")
    b.field("Amount", f"{{{{ {prefix}.amount }}}}", test=f"{prefix}.amount")
