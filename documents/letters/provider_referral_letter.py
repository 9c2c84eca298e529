"""The referral to a provider for a course or service: only what the provider needs to deliver it,
no offence or victim details."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder


def write(b: TemplateBuilder) -> None:
    b.letterhead('{{ provider.name }}\n{{ provider.address_lines|join("\\n") }}')
    b.field("Referral contact", "{{ provider.contact }}", test="provider.contact")
    b.para("Dear colleague,")
    b.title("Referral: {{ condition.type_label }}")
    b.para(
        "We are referring the person named below to you as part of an out-of-court "
        "resolution. They have agreed to complete the following with your service."
    )
    b.heading("The person")
    b.field("Name", "{{ offender.full_name }}")
    b.field(
        "How to contact them",
        '{{ offender.contact_lines|join("\\n") }}',
        test="offender.contact_lines",
    )
    b.heading("What they must complete")
    b.field("Course or service", "{{ condition.type_label }}")
    b.field("Details", "{{ condition.description }}")
    b.field("Hours", "{{ condition.hours }}", test="condition.hours")
    b.field("Must be completed by", "{{ condition.due_date }}", test="condition.due_date")
    b.tag("{%p if needs %}")
    b.heading("Needs relevant to this referral")
    b.tag("{%p for need in needs %}")
    b.bullet("{{ need }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading("What we need from you")
    b.bullet("Please contact the person to arrange their first appointment.")
    b.bullet("Tell us promptly if they do not attend or stop engaging.")
    b.bullet("Tell us as soon as they have completed the course or service.")
    b.heading("Handling this information")
    b.para(
        "This referral is marked {{ marking|default('OFFICIAL-SENSITIVE', true) }}. It "
        "contains only the information you need to provide this service. Please store it "
        "securely, do not share it further, and delete it when it is no longer needed, in line "
        "with your information-sharing agreement with us."
    )
    b.contact_us("If you have any questions about this referral, please contact us.")
    b.sign_off()
