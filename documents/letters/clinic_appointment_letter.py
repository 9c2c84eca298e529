"""The letter inviting the person to a Caution Clinic appointment: when, where, what to bring and
what to do if they cannot come."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import OFFENDER_ADDRESS


def write(b: TemplateBuilder) -> None:
    b.letterhead(OFFENDER_ADDRESS)
    b.para("Dear {{ offender.full_name }},")
    b.title("Your Caution Clinic appointment")
    b.para(
        "You have been referred to our Out of Court Resolutions team. Please come to a Caution "
        "Clinic appointment so that we can talk with you about how the matter may be dealt with "
        "without going to court."
    )
    b.tag("{%p for a in clinic.appointments %}")
    b.field("Date", "{{ clinic.date }}")
    b.field("Time", "{{ a.time }}")
    b.field("Place", "{{ clinic.location }}")
    b.field("You will see", "{{ clinic.caseworker_name }}")
    b.field("What it is for", "{{ a.purpose }}")
    b.tag("{%p endfor %}")
    b.heading("What to bring")
    b.bullet("This letter.")
    b.bullet("Something that shows who you are, such as a passport, driving licence or bank card.")
    b.bullet("Details of any support you already get, for example from a doctor or a support worker.")
    b.heading("If you cannot come")
    b.para(
        "Contact us as soon as possible, before the appointment, so that we can arrange another "
        "time. If you do not come and do not contact us, the matter may not be dealt with out of "
        "court."
    )
    b.heading("If you need help")
    b.para(
        "Tell us before the appointment if you need an interpreter, help reading this letter, or "
        "any adjustment because of a disability. You may bring someone to support you."
    )
    b.contact_us("You can contact us in any of these ways.")
    b.sign_off()
