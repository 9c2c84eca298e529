"""The letter telling a victim the outcome and the conditions that concern them (Victims' Code)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import (
    VICTIM_ADDRESS,
    restorative_justice,
    victim_complaints,
    victim_support,
)


def write(b: TemplateBuilder) -> None:
    b.letterhead(VICTIM_ADDRESS)
    b.para("Dear {{ victim.salutation }},")
    b.title("The outcome of your case")
    b.para(
        "We are writing to tell you the outcome of the case about the offence reported to us: "
        "{{ offence.wording }}"
    )
    b.field("Date of the offence", "{{ offence.offence_date }}", test="offence.offence_date")
    b.para(
        "{{ offender.full_name }} has been dealt with out of court. The outcome is: "
        "{{ disposal.label }}."
    )
    b.field("Date of the decision", "{{ disposal.decision_date }}", test="disposal.decision_date")
    b.para("{{ disposal.summary }}")
    b.tag("{%p if conditions %}")
    b.heading("What the person has agreed to do")
    b.para("These are the conditions that concern you:")
    b.table(
        "Conditions that concern you",
        ["What", "Details", "Amount", "By"],
        [
            ["{{ c.type_label }}"],
            ["{{ c.description }}"],
            ["{{ c.amount }}"],
            ["{{ c.due_date }}"],
        ],
        "c in conditions",
        [3.5, 8.0, 2.5, 3.0],
    )
    b.para("We will let you know if these conditions are not completed.")
    b.tag("{%p endif %}")
    restorative_justice(b)
    victim_support(b)
    victim_complaints(b)
    b.heading("Contact us")
    b.contact_us("If you have any questions, please contact us.")
    b.sign_off()
