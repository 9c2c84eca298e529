"""The letter telling the person a condition was not completed, how to give a reasonable excuse and
what may happen next (the disposal's warning from the catalogue)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import OFFENDER_ADDRESS, condition_details


def write(b: TemplateBuilder) -> None:
    b.letterhead(OFFENDER_ADDRESS)
    b.para("Dear {{ offender.full_name }},")
    b.title("You have not completed a condition")
    b.para(
        "Our records show that you have not completed the following condition of your "
        "out-of-court resolution ({{ disposal.label }}), which was due by "
        "{{ breach.condition.due_date }}."
    )
    condition_details(b, "breach.condition")
    b.heading("What you need to do")
    b.tag("{%p if breach.respond_by %}")
    b.para(
        (
            "If you had a reasonable excuse for not completing this condition, you must "
            "contact us by {{ breach.respond_by }} and explain why.",
            True,
        )
    )
    b.tag("{%p else %}")
    b.para(
        (
            "If you had a reasonable excuse for not completing this condition, contact us "
            "as soon as possible and explain why.",
            True,
        )
    )
    b.tag("{%p endif %}")
    b.contact_us("You can contact us in any of these ways.")
    b.heading("What happens next")
    b.para("{{ breach.next_steps }}")
    b.para("{{ disposal.breach_warning }}")
    b.sign_off()
