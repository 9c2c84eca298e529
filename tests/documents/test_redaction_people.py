"""Deny by default: every person a document names goes unless they are on the keep list, whether or
not the case record knows them (issue 8). Names here come from many countries and are written the
ways statements write them; most are not in any list the detector carries, so context has to work."""
from __future__ import annotations

import io
import random
import re

import docx
import pytest
from faker import Faker

from documents.redaction import redact_docx, redact_text
from documents.redaction.people import find_people, name_lists

KEEP = ["Adebayo Okafor", "DC Priya Shah", "PC Ford 6305"]


def _redacted(text: str, names=()) -> str:
    return redact_text(text, names=names, keep=KEEP)[0]


def _gone(output: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", output, re.IGNORECASE) is None


@pytest.mark.parametrize("text, people", [
    ("I was at home with my daughter Ngozi when the door went.", ["Ngozi"]),
    ("My neighbour, Mrs Zofia Wójcik, saw it too.", ["Zofia Wójcik"]),
    ("Zofia's husband called 999.", ["Zofia"]),
    ("Aroha Ngata (a friend of the victim) was also present.", ["Aroha Ngata"]),
    ("Her son Tomasz, aged 6, was in the car.", ["Tomasz"]),
    ("Mr Haddad from the flat above confirmed the time.", ["Haddad"]),
    ("Further statement: SIOBHÁN NÍ BHRIAIN", ["SIOBHÁN NÍ BHRIAIN"]),
    ("I spoke to Jean-Luc D'Arcy and to Pieter van der Berg outside.", ["Jean-Luc D'Arcy", "Berg"]),
    ("Statement of: Björk Guðmundsdóttir", ["Björk Guðmundsdóttir"]),
    ("Name\u2029Kwabena Asante-Mensah\u2029Date of birth", ["Kwabena Asante-Mensah"]),
    ("Later Okonjo said he had seen nothing.", ["Okonjo"]),
    # At the start of a sentence only the lists can tell: accents and hyphenated parts still match them.
    ("Seán O'Brien-Murphy, a friend of mine who was shopping, said he recognised him.", ["Seán O'Brien-Murphy"]),
    ("Chloé Martin went home before the police came.", ["Chloé Martin"]),
    ("The second witness, Mr Kowalczyk-Nowak, lives two doors down.", ["Kowalczyk-Nowak"]),
    ("I phoned Nguyễn Thị Hoa on the landline.", ["Nguyễn Thị Hoa"]),
    ("I saw Wendy Mills and Paul Ward by the gate.", ["Wendy Mills", "Paul Ward"]),
    ("She was with her son Dale, aged 9.", ["Dale"]),
])
def test_people_the_record_does_not_know_are_removed(text, people):
    output = _redacted(text)
    for person in people:
        assert _gone(output, person), output


@pytest.mark.parametrize("text, kept", [
    ("The case will be heard at Francischester Magistrates' Court.", ["Francischester Magistrates' Court"]),
    ("He gave a statement at North Christine police station.", ["North Christine"]),
    ("Victim Support and Citizens Advice were informed.", ["Victim Support", "Citizens Advice"]),
    ("He did not attend the Alcohol Diversion Course run by the Hampton Trust.",
     ["Alcohol Diversion Course", "Hampton Trust"]),
    ("Theft from a shop contrary to section 1(1) and 7 of the Theft Act 1968.", ["Theft Act 1968"]),
    ("On Tuesday 4 November 2026 the caution was given.", ["Tuesday", "November"]),
    ("Mr Okafor admitted it. MR OKAFOR signed. Okafor's account was given. DC Shah and PC Ford 6305 were present.",
     ["Mr Okafor", "MR OKAFOR", "Okafor's", "DC Shah", "PC Ford 6305"]),
    ("Adebayo Okafor was interviewed.", ["Adebayo Okafor"]),
    ("Officers PC Jones 1234 and Sergeant Baker attended.", ["PC Jones 1234", "Sergeant Baker"]),
    ("Said they forgot. Made no reply when asked.", ["Said they forgot", "Made no reply"]),
])
def test_the_keep_list_organisations_courts_places_and_offence_wording_stay(text, kept):
    output = _redacted(text)
    for value in kept:
        assert value in output, output


def test_a_supplied_victim_goes_in_every_form_and_other_people_with_her():
    text = ("Statement of Miss Jenna Lees. LEES, Jenna saw Okafor. Jenna's sister Marisol Quispe Mamani "
            "was with her and Marisol told me.")
    output = _redacted(text, names=["Miss Jenna Lees"])
    for value in ("Jenna", "Lees", "Marisol", "Quispe Mamani"):
        assert _gone(output, value), output
    assert "Okafor" in output


def test_the_name_lists_come_from_the_pinned_faker_package_and_leave_ordinary_words_out():
    first, last, ordinary = name_lists()
    assert {"suhani", "gareth", "maya"} <= first and {"donnelly", "atkinson"} <= last
    assert {"will", "may", "green", "north"} <= ordinary


def test_names_are_found_in_linear_order_of_the_text():
    text = "Giles's car was parked outside. Tripti O'Flaherty was present."
    assert [text[a:b] for a, b in find_people(text)] == ["Giles", "Tripti O'Flaherty"]


def _statement(fake: Faker, rng: random.Random, keep: str, officer: str, victim: str, witness: str,
               others: list[str]) -> tuple[bytes, list[str]]:
    """A statement laid out like the shared people samples, with people the record does not hold."""
    neighbour, friend, child, upstairs = others
    child_first = child.split()[0]
    surname = upstairs.split()[-1]
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    document.add_heading("Witness statement", level=1)
    document.add_paragraph(f"On 4 November 2026 I saw {keep} outside the premises of {victim}.")
    document.add_paragraph(f"I can be contacted if needed. Signed: {witness}")
    document.add_paragraph(f"Further statement: {friend.upper()}")
    document.add_paragraph(
        f"I spoke to my neighbour, {neighbour}, who lives two doors down. {neighbour.split()[0]}'s car was "
        f"parked outside. {friend} (a friend of the victim) was also present, with her son {child_first}, aged 9.")
    document.add_paragraph(f"Mr {surname} from the flat above confirmed the time. {friend} gave a statement to "
                           f"{officer} later that day at Christianton police station.")
    document.add_paragraph("The case will be heard at Christianton Magistrates' Court. Victim Support was informed.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Name", witness
    out = io.BytesIO()
    document.save(out)
    secrets = [victim, witness, neighbour, neighbour.split()[0], friend, child_first, surname]
    return out.getvalue(), secrets


@pytest.mark.parametrize("locale", ["en_GB", "en_IE", "pl_PL", "hi_IN", "es_ES", "fr_FR", "de_DE", "it_IT",
                                    "nl_NL", "pt_PT", "tr_TR", "sv_SE", "fi_FI", "cs_CZ", "hu_HU", "ro_RO", "en_IN", "ru_RU",
                                    "el_GR", "ar_AA", "zh_CN", "ja_JP", "vi_VN", "yo_NG", "zu_ZA", "en_NZ"])
def test_statements_naming_people_from_many_countries_leak_none_of_them(locale):
    fake = Faker(locale)
    Faker.seed(len(locale) * 31 + ord(locale[0]))
    rng = random.Random(locale)

    def person() -> str:
        return f"{fake.first_name()} {fake.last_name()}"

    source, secrets = _statement(fake, rng, "Adebayo Okafor", "PC Ford 6305", person(), person(),
                                 [person() for _ in range(4)])
    output, _ = redact_docx(source, names=[secrets[0], secrets[1]], keep=KEEP)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(output)).paragraphs)
    text += "\n".join(c.text for t in docx.Document(io.BytesIO(output)).tables for r in t.rows for c in r.cells)
    for secret in secrets:
        assert _gone(text, secret), (secret, text)
    for kept in ("Adebayo Okafor", "PC Ford 6305", "Christianton Magistrates' Court", "Victim Support"):
        assert kept in text


def test_the_defendants_own_date_of_birth_and_address_stay_and_a_neighbours_go():
    from datetime import date

    from documents.redaction import Detector

    detector = Detector([], KEEP, own_details=[date(1990, 4, 1), "12 Elm Road Leeds LS1 4AB"])
    text = ("Adebayo Okafor (date of birth 1st April 1990) of 12 Elm Road, Leeds LS1 4AB. The witness, date of "
            "birth 14/02/1999, lives at 14 Elm Road, LS1 4AB.")
    found = [text[s.start:s.end] for s in detector.find(text)]
    assert "14/02/1999" in found and "14 Elm Road, LS1 4AB" in found
    assert not any("1990" in f or "12 Elm" in f for f in found)
