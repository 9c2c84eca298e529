"""Supplied names: every way a statement refers to the person goes; names to keep never do."""
import pytest

from documents.redaction.detectors import Detector
from documents.redaction.names import PersonName


def redacted(text, names, keep=()):
    return [text[s.start:s.end] for s in Detector(names, keep).find(text)]


def test_parse_strips_titles_ranks_numbers_and_post_nominals():
    assert PersonName.parse("Miss Jenna Lees").tokens == ("Jenna", "Lees")
    assert PersonName.parse("Miss Jenna Lees").title == "Miss"
    assert PersonName.parse("PC Ford 6305").tokens == ("Ford",)
    assert PersonName.parse("Dr Sian Taylor-Booth MBE").tokens == ("Sian", "Taylor-Booth")


@pytest.mark.parametrize("variant", [
    "Anna Connor-Hardy", "ANNA CONNOR-HARDY", "anna connor-hardy", "Connor-Hardy", "Connor Hardy", "Anna",
    "Ms Connor-Hardy", "A. Connor-Hardy", "CONNOR-HARDY, Anna", "Anna Connor–Hardy",
])
def test_variants_of_a_hyphenated_name(variant):
    assert redacted(f"I spoke to {variant} yesterday.", ["Anna Connor-Hardy"]) == [variant]


@pytest.mark.parametrize("variant", ["Miss Jenna Lees", "Jenna Lees", "Lees", "Miss Lees", "J Lees", "LEES, Jenna", "Jenna"])
def test_variants_of_a_titled_name(variant):
    assert redacted(f"Then {variant} left.", ["Miss Jenna Lees"]) == [variant]


def test_possessive_keeps_its_apostrophe_s():
    text = "Anthony Owen's car and Owen's keys"
    assert redacted(text, ["Anthony Owen"]) == ["Anthony Owen", "Owen"]
    assert text.count("'s") == 2


def test_name_split_across_a_line_or_paragraph_break():
    assert redacted("Signed: Anna\u2029Connor-Hardy", ["Anna Connor-Hardy"]) == ["Anna\u2029Connor-Hardy"]


def test_lone_tokens_only_as_names_not_inside_words_or_in_lower_case():
    assert redacted("The employees said a lees was left; J lees.", ["Miss Jenna Lees"]) == []
    assert redacted("We went to a hall.", ["Alan Hall"]) == []


def test_names_to_keep_are_never_redacted_even_when_they_share_a_token():
    """The kept person's own forms stay ("Ms Horton", "Andrea Horton"); a lone "Horton" could be
    either of them, and nobody decided it may stay, so it goes (issue 8: deny by default)."""
    names, keep = ["Mr Mark Horton"], ["Ms Andrea Horton", "PC Ford 6305"]
    text = "Ms Horton hit Mr Horton. Andrea Horton admitted it; Mark Horton was hurt. Horton left. PC Ford 6305 noted it."
    assert redacted(text, names, keep) == ["Mr Horton", "Mark Horton", "Horton"]


def test_first_name_shared_with_a_kept_person_goes_alone_but_the_kept_full_name_stays():
    text = "Anna Smith saw Anna Owen. Anna went home."
    assert redacted(text, ["Anna Owen"], ["Anna Smith"]) == ["Anna Owen", "Anna"]


def test_a_lone_kept_name_stays_when_nobody_else_shares_it():
    text = "Anna Smith saw Tom Owen. Anna went home. Smith left."
    assert redacted(text, ["Tom Owen"], ["Anna Smith"]) == ["Tom Owen"]


def test_officer_sharing_a_surname_with_a_witness_is_kept():
    assert redacted("Notes taken by PC Ford 6305 about Jo Ford.", ["Jo Ford"], ["PC Ford 6305"]) == ["Jo Ford"]


def test_month_names_are_not_redacted_as_first_names():
    text = "April Jones called on 14 April 2026 and again in May."
    assert redacted(text, ["April Jones", "May Smith"]) == ["April Jones"]


def test_organisation_and_course_names_survive_a_shared_surname():
    text = "Jenna Hampton was referred to the Hampton Trust; Hampton did not attend the Victim Awareness Course."
    assert redacted(text, ["Jenna Hampton", "Victoria Course"]) == ["Jenna Hampton", "Hampton"]


def test_kept_name_inside_an_address_does_not_protect_the_address():
    assert redacted("She lives at 1 Horton Road.", [], ["Andrea Horton"]) == ["1 Horton Road"]


def test_blank_names_are_ignored():
    assert redacted("Nothing here.", ["", "  "], [""]) == []
