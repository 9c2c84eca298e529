"""The reminder to the person that a condition is due, with the disposal's warning from the
catalogue about what happens if it is not completed."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import OFFENDER_ADDRESS, condition_details


def write(b: TemplateBuilder) -> None:
    b.letterhead(OFFENDER_ADDRESS)
    b.para("Dear {{ offender.full_name }},")
    b.title("Reminder: a condition is due")
    b.para(
        "This is a reminder about a condition you agreed to as part of your out-of-court "
        "resolution ({{ disposal.label }})."
    )
    condition_details(b, "condition")
    b.para(("You must complete it by {{ condition.due_date }}.", True))
    b.heading("If you cannot complete it on time")
    b.para(
        "Contact us as soon as possible, and before {{ condition.due_date }}. Tell us why, so "
        "that we can consider what to do."
    )
    b.contact_us("You can contact us in any of these ways.")
    b.heading("If you do not complete it")
    b.para("{{ disposal.breach_warning }}")
    b.sign_off()
