"""The Caution Clinic's list of the day's appointments, for the caseworker running it (internal,
personal data)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder


def write(b: TemplateBuilder) -> None:
    b.title("Caution Clinic day list")
    b.field("Date", "{{ clinic.date }}")
    b.field("Location", "{{ clinic.location }}")
    b.field("Caseworker", "{{ clinic.caseworker_name }}")
    b.field("Reference", "{{ doc.case_reference }}")
    b.heading("Appointments")
    b.tag("{%p if clinic.appointments %}")
    b.table(
        "Appointments for the clinic",
        ["Time", "Case reference", "Person", "Purpose"],
        [
            ["{{ a.time }}"],
            ["{{ a.case_reference }}"],
            ["{{ a.person_name }}"],
            ["{{ a.purpose }}"],
        ],
        "a in clinic.appointments",
        [2.0, 4.5, 5.0, 5.5],
    )
    b.tag("{%p else %}")
    b.para("No appointments are booked for this day.")
    b.tag("{%p endif %}")
    b.para(
        "This list contains personal data. Keep it secure and destroy it securely when the "
        "clinic has finished."
    )
