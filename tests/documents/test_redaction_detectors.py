"""Each detector on its own: what it must find, and the ordinary text it must leave alone."""
from datetime import date

import pytest

from documents.redaction import detectors as d
from documents.redaction.detectors import Detector, Span, merge

TODAY = date(2026, 11, 24)
PARAGRAPH = d.PARAGRAPH


def found(finder, text, **kwargs):
    """What a finder would redact, overlapping finds merged as the Detector merges them."""
    return [text[s.start:s.end] for s in merge(finder(text, **kwargs))]


@pytest.mark.parametrize("phone", [
    "07700 900246", "07700900246", "07700 900 246", "(07700) 900246", "+447700 900246", "+44(0)7700 900246",
    "+44 (0) 7700 900246", "0113 496 0123", "(0113) 4960123", "+44113 496 0123", "020 7946 0123",
    "+44(0)20 7496 0123", "028 9018 0123", "01632 960 123", "(016977) 1234", "0808 157 0123", "07700-900-246",
])
def test_phone_numbers_in_every_written_form(phone):
    assert found(d.find_phones, f"Call me on {phone} today.") == [phone]


@pytest.mark.parametrize("text", [
    "Notes taken by PC Ford 6305.", "contrary to section 1(1) of the Criminal Damage Act 1971",
    "Date of birth: 31/03/1994", "account 19375836", "On 17 October 2026", "sort code 21-65-63",
    "NI number PZ 17 74 37 A", "1234 5678", "Crime reference 43/2607/26",
])
def test_phone_numbers_not_found_in_other_numbers(text):
    assert found(d.find_phones, text) == []


def test_phone_followed_by_another_number_is_cut_back_to_a_valid_length():
    assert found(d.find_phones, "Tel 07700 900246 19375836") == ["07700 900246"]


@pytest.mark.parametrize("email", [
    "clifford32@outlook.com", "lucy.alexander@hotmail.co.uk", "o'brien-smith+court@example.org.uk",
    "anna [at] example [dot] com",
])
def test_email_addresses(email):
    assert found(d.find_emails, f"Write to {email}, thanks") == [email]


def test_email_not_found_in_prose():
    assert found(d.find_emails, "We met @ the shop at 10.30am.") == []


@pytest.mark.parametrize("postcode", ["E3S 9YR", "L3W 3HW", "SL86 7YT", "G6 9YP", "BH9X 7PE", "W1A 1AA", "SW1A1AA"])
def test_postcodes_including_faker_styles(postcode):
    assert found(d.find_postcodes, f"postcode {postcode}.") == [postcode]


def test_a_town_written_just_before_a_postcode_goes_with_it():
    assert found(d.find_postcodes, "Christine Court, New Darrenborough, SL86 7YT") == ["New Darrenborough, SL86 7YT"]


def test_lower_case_postcode_only_after_a_label():
    assert found(d.find_postcodes, "Postcode: sl86 7yt") == ["sl86 7yt"]
    assert found(d.find_postcodes, "we had 2 cups") == []


@pytest.mark.parametrize("text", ["CT64 BUD", "MG11 form", "PC Ford 6305", "Catch22", "section 1(1)", "S1 of the Act"])
def test_postcode_false_positives(text):
    assert found(d.find_postcodes, text) == []


@pytest.mark.parametrize("address", [
    "301 Fletcher Garden", "27 Thomas Skyway", "3 Danielle Village", "Flat 65b Evans Ridge",
    "Studio 21 Christine Court", "Studio 21\nChristine Court", "Flat 65b\nEvans Ridge", "12A High Street",
    "14-16 St John's Road", "034 June Islands", "Studio 88X\nHudson Corner", "7 O'Brien Lodge", "2 McLean Mews",
])
def test_street_lines(address):
    assert found(d.find_addresses, f"I drove to {address} and waited.") == [address]


def test_street_carries_on_to_a_postcode_with_the_towns_between():
    text = "She lives near 301 Fletcher Garden, New Darrenborough, SL86 7YT now."
    assert "301 Fletcher Garden, New Darrenborough, SL86 7YT" in found(d.find_addresses, text)


def test_address_label_takes_the_rest_of_the_field_including_line_breaks():
    text = "Address: Studio 21\nChristine Court, New Darrenborough, SL86 7YT   Telephone: 07700 900246"
    assert found(d.find_addresses, text)[-1] == "Studio 21\nChristine Court, New Darrenborough, SL86 7YT"


def test_address_label_in_a_table_cell_takes_the_next_cell_down_to_the_postcode():
    text = f"Home address{PARAGRAPH}12 Rosebank{PARAGRAPH}Heatherbury{PARAGRAPH}L3W 3HW{PARAGRAPH}Occupation"
    assert f"12 Rosebank{PARAGRAPH}Heatherbury{PARAGRAPH}L3W 3HW" in found(d.find_addresses, text)


def test_lives_at():
    assert found(d.find_addresses, "He lives at 4 Rose Cottages with his mother.") == ["4 Rose Cottages"]


@pytest.mark.parametrize("text", [
    "She attended 3 Victim Awareness Course sessions.", "He appeared at 1 Crown Court on Monday.",
    "On 17 October 2026 I saw Ms Andrea Horton.", "Catch22 ran the Drug Education Programme.",
    "Email address: clifford32@outlook.com", f"Address{PARAGRAPH}On that day I went to the shop and waited.",
    "The address was searched twice.",
])
def test_address_false_positives(text):
    assert found(d.find_addresses, text) == []


@pytest.mark.parametrize("text, dob", [
    ("Date of birth: 31/03/1994", "31/03/1994"),
    ("Victim date of birth 14/02/1999, postcode E3S 9YR.", "14/02/1999"),
    ("DOB 3.7.86", "3.7.86"),
    ("D.O.B. 25 November 1992", "25 November 1992"),
    ("born on 3rd March 1990 in Leeds", "3rd March 1990"),
    ("(DOB: 1994-03-31)", "1994-03-31"),
    (f"Date of birth{PARAGRAPH}Telephone{PARAGRAPH}Anna{PARAGRAPH}31/03/1994", "31/03/1994"),
    ("She was born in 1994.", "1994"),
])
def test_dates_of_birth(text, dob):
    assert found(d.find_dates_of_birth, text, today=TODAY) == [dob]


@pytest.mark.parametrize("text", [
    "On 17 October 2026 I saw her; the caution was given on 31 July 2026.",
    "Date of birth not known. On 17/10/2025 she came back.",
    "Date of birth: 31/03/1994",  # only the first date after the label ...
])
def test_event_dates_stay(text):
    dates = found(d.find_dates_of_birth, text + " Seen again on 01/09/2026.", today=TODAY)
    assert "01/09/2026" not in dates and "17 October 2026" not in dates and "17/10/2025" not in dates


@pytest.mark.parametrize("ni", ["PZ 17 74 37 A", "PZ177437A", "ZZ 123456 T", "QQ-12-34-56-C"])
def test_ni_numbers(ni):
    assert found(d.find_ni_numbers, f"NI number {ni}.") == [ni]


def test_ni_number_in_lower_case_or_without_suffix_only_after_a_label():
    assert found(d.find_ni_numbers, "NINO pz177437") == ["pz177437"]
    assert found(d.find_ni_numbers, "ref pz177437") == []


@pytest.mark.parametrize("text, reg", [
    ("registration CT64 BUD, to", "CT64 BUD"),
    ("a black Ford VG73XTO parked", "VG73XTO"),
    ("his car, reg A123 BCD", "A123 BCD"),
    ("vehicle ABC 123D seen", "ABC 123D"),
    ("VRM: ABC 123", "ABC 123"),
])
def test_vehicle_registrations(text, reg):
    assert found(d.find_vehicle_registrations, text) == [reg]


@pytest.mark.parametrize("text", ["A123 BCD", "form MG11 WITNESS STATEMENT", "PC Ford 6305", "SL86 7YT", "ABC 123"])
def test_vehicle_false_positives(text):
    assert found(d.find_vehicle_registrations, text) == []


def test_sort_codes():
    assert found(d.find_sort_codes, "sort code 21-65-63") == ["21-65-63"]
    assert found(d.find_sort_codes, "Sort code: 21 65 63") == ["21 65 63"]
    assert found(d.find_sort_codes, "s/c 216563") == ["216563"]
    assert found(d.find_sort_codes, "scores were 21 65 63") == []
    assert found(d.find_sort_codes, "on 17-10-2026") == []


def test_bank_accounts():
    assert found(d.find_bank_details, "account 19375836.") == ["19375836"]
    assert found(d.find_bank_details, "a/c no. 1234567") == ["1234567"]
    assert found(d.find_bank_details, "card 4111 1111 1111 1111") == ["4111 1111 1111 1111"]
    assert found(d.find_bank_details, "IBAN GB20YIDQ11274379846306") == ["GB20YIDQ11274379846306"]
    assert found(d.find_bank_details, "collar 6305, 1234567 items, 14/02/1999, 07700 900246") == []


def test_pnc_identifiers():
    assert found(d.find_pnc_ids, "PNC ID 12/345678A, CRO 123456/12A") == ["12/345678A", "123456/12A"]
    assert found(d.find_pnc_ids, "DOB 14/02/1999, section 1/2") == []


def test_unlisted_names_after_labels_and_titles():
    text = "Name: John Smith   Signed: PC Ford 6305. Mr Patel's shop. Victim: The shop manager."
    assert found(d.find_unlisted_names, text) == ["John Smith", "Mr Patel"]


def test_merge_joins_overlaps_and_keeps_the_earlier_longer_category():
    spans = [Span(0, 10, d.ADDRESS), Span(5, 15, d.POSTCODE), Span(20, 25, d.PHONE)]
    assert merge(spans) == [Span(0, 15, d.ADDRESS), Span(20, 25, d.PHONE)]


def test_detector_keeps_names_to_keep_and_offence_wording():
    text = ("On 17 October 2026 I saw Ms Andrea Horton. Caution given on 31 July 2026 for: Criminal damage "
            "contrary to section 1(1) of the Criminal Damage Act 1971. Catch22 ran the Drug Education Programme. "
            "Notes taken by PC Ford 6305.")
    assert Detector(["Anthony Owen"], ["Ms Andrea Horton", "PC Ford 6305"], today=TODAY).find(text) == []


def test_markers_say_what_went():
    assert d.marker(d.PHONE) == "[REDACTED: phone]"
    assert d.marker(d.REVIEWER) == "[REDACTED]"
