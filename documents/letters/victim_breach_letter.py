"""The update to a victim that the person did not complete a condition; it names the condition
only when that condition concerns the victim."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import VICTIM_ADDRESS, victim_complaints, victim_support


def write(b: TemplateBuilder) -> None:
    b.letterhead(VICTIM_ADDRESS)
    b.para("Dear {{ victim.salutation }},")
    b.title("An update on your case")
    b.para(
        "We are writing with an update about the offence reported to us: {{ offence.wording }}"
    )
    b.para(
        "{{ offender.full_name }} was dealt with out of court. The outcome was: "
        "{{ disposal.label }}."
    )
    b.tag("{%p if breach.condition %}")
    b.para(
        "We have found that they did not complete this condition by the date it was due "
        "({{ breach.condition.due_date }}):"
    )
    b.bullet(("{{ breach.condition.type_label }}: ", True), "{{ breach.condition.description }}")
    b.tag("{%p else %}")
    b.para(
        "We have found that they did not complete one of their conditions by the date it was due."
    )
    b.tag("{%p endif %}")
    b.field("We found this on", "{{ breach.identified_on }}")
    b.heading("What happens next")
    b.para("{{ breach.next_steps }}")
    b.para("We will write to you again when a decision has been made.")
    victim_support(b)
    victim_complaints(b)
    b.heading("Contact us")
    b.contact_us("If you have any questions, please contact us.")
    b.sign_off()
