"""The community resolution record and agreement the person signs: voluntary, not a conviction and
not a caution, but kept on record."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import (
    CONDITION_CELLS,
    CONDITION_WIDTHS,
    decision,
    notice_questions,
    offence_details,
    person_details,
)


def write(b: TemplateBuilder) -> None:
    b.title("Community resolution: record and agreement")
    b.field("Case reference", "{{ doc.case_reference }}")
    b.para(
        "This record sets out what you have agreed to do to put right the harm caused by the "
        "incident described below. Please read it carefully and keep it safe."
    )
    b.heading("Your details")
    person_details(b, caution=False)
    b.heading("The incident")
    offence_details(b, caution=False)
    b.heading("The decision")
    b.para(
        "You have accepted responsibility for the incident, and it has been decided to deal "
        "with it by a community resolution instead of a caution or prosecution."
    )
    decision(b)
    b.heading("What you have agreed to do")
    b.tag("{%p if conditions %}")
    b.table(
        "Actions agreed as part of the community resolution",
        ["No.", "Action", "What you will do", "Hours or amount", "Complete by"],
        CONDITION_CELLS[:1]
        + [["{{ c.type_label }}"]]
        + CONDITION_CELLS[2:],
        "c in conditions",
        CONDITION_WIDTHS,
    )
    b.tag("{%p else %}")
    b.para("No further action was agreed.")
    b.tag("{%p endif %}")
    b.heading("What a community resolution means")
    b.bullet(
        "A community resolution is voluntary. You have agreed to it, and to the actions above."
    )
    b.bullet("It is not a criminal conviction and it is not a caution.")
    b.bullet(
        "The police keep a record of it. It may be taken into account if you come to the "
        "attention of the police again, and it may be disclosed on an enhanced Disclosure and "
        "Barring Service (DBS) check."
    )
    b.bullet(
        "The police will not normally take further action if you do not complete the actions, "
        "but this will be recorded and may affect how any future incident is dealt with."
    )
    b.heading("Your agreement")
    b.para(
        "I accept responsibility for the incident described above. I understand what a "
        "community resolution means and I agree to complete the actions listed."
    )
    b.signatures(
        "Signatures",
        ["Person agreeing to the community resolution", "Officer or staff member"],
    )
    notice_questions(b)
