"""The letter asking a victim for their views before the out-of-court resolution is decided
(Victims' Code; CJA 2003 s.23ZA)."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import VICTIM_ADDRESS, restorative_justice, victim_support


def write(b: TemplateBuilder) -> None:
    b.letterhead(VICTIM_ADDRESS)
    b.para("Dear {{ victim.salutation }},")
    b.title("Your views on how we deal with the offence")
    b.para("We are writing about the offence reported to us: {{ offence.wording }}")
    b.field("Date of the offence", "{{ offence.offence_date }}", test="offence.offence_date")
    b.para(
        "We are considering dealing with {{ offender.full_name }} for this offence without "
        "going to court. The outcome we are considering is: {{ disposal.label }}."
    )
    b.para("{{ disposal.summary }}")
    b.tag("{%p if conditions %}")
    b.para("As part of this, the person could be asked to:")
    b.tag("{%p for c in conditions %}")
    b.bullet(("{{ c.type_label }}: ", True), "{{ c.description }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading("What we would like to know")
    b.bullet("how the offence has affected you")
    b.bullet("whether you agree with dealing with it in this way")
    b.bullet(
        "whether there is anything you would like the person to do, for example apologise, "
        "repair the damage or pay for it"
    )
    b.bullet("whether you would like to find out more about restorative justice")
    b.para(
        "We will take your views into account before a decision is made. The decision is made "
        "by the police or, for some offences, by a prosecutor from the Crown Prosecution "
        "Service, and we will tell you the outcome."
    )
    restorative_justice(b)
    b.heading("How to reply")
    b.para(("Please reply by {{ reply_by }}.", True))
    b.contact_us("You can contact us in any of these ways.")
    b.para(
        "If we do not hear from you by then, we will make the decision without your views, and "
        "we will write to tell you the outcome."
    )
    victim_support(b)
    b.sign_off()
