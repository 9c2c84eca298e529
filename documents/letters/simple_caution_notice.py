"""The simple caution notice, where the force's policy permits one: non-statutory, no conditions, but
the person admits the offence, is told what the caution means and signs (MoJ Simple Cautions for Adult
Offenders, 2015, section 3). It is spent the moment it is given (Rehabilitation of Offenders Act 1974,
Schedule 2, paragraph 1(1)(b))."""

from __future__ import annotations

from documents.letters.layout import TemplateBuilder
from documents.letters.sections import admission_and_signatures, caution_notice_opening


def write(b: TemplateBuilder) -> None:
    caution_notice_opening(
        b,
        legal_basis=(
            "Given to an adult who admits the offence, under the Ministry of Justice guidance "
            "Simple Cautions for Adult Offenders (2015)."
        ),
        to_sign_for="accept the caution",
        decided=" A simple caution has no conditions.",
    )
    b.heading("4. Your record")
    b.para(
        "A simple caution is not a criminal conviction, but it forms part of your criminal "
        "record. The police keep a record of it. It may be referred to in court if you offend "
        "again, and it may be disclosed on standard and enhanced criminal record checks, for "
        "example for work with children or vulnerable adults."
    )
    b.para(
        "The caution is spent as soon as it is given (Rehabilitation of Offenders Act 1974, "
        "Schedule 2, paragraph 1). Once it is spent, you do not normally have to tell an "
        "employer or anyone else about it, except where a standard or enhanced check applies."
    )
    admission_and_signatures(
        b,
        number=5,
        confirmations=[
            "I consent to being given a simple caution.",
            "The meaning of the simple caution, including what appears on my record, has been "
            "explained to me.",
        ],
    )
