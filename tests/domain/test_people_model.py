"""The Splink person-matching model: which pairs it proposes, and why it says so."""
from __future__ import annotations

import csv
from datetime import date

from webapp.domain import offence_groups
from webapp.domain.people import MATCH_WEIGHT_THRESHOLD, record, score

NEW = record("n", "new", first_name="Jon", last_name="Smyth", date_of_birth=date(1990, 4, 1), pnc_id=None,
             postcode="NG1 1AA")


def _known(uid, first="John", last="Smith", dob=date(1990, 4, 1), pnc=None, postcode="NG1 1AA"):
    return record(uid, "known", first_name=first, last_name=last, date_of_birth=dob, pnc_id=pnc, postcode=postcode)


def _scores(*known):
    return {s.known_id: s for s in score([NEW], list(known))}


def test_the_same_person_under_a_slightly_different_spelling_is_proposed():
    found = _scores(_known("same"), _known("moved", postcode="LS1 4AB"), _known("swapped", first="Jon", last="Smyth",
                                                                                dob=date(1990, 1, 4), postcode="M1 1AA"))
    assert all(s.proposed for s in found.values())
    assert found["same"].match_weight > found["moved"].match_weight
    assert found["same"].fields["date_of_birth"][0] == "Same"
    assert found["same"].fields["last_name"][0] == "Nearly the same spelling"
    assert found["swapped"].fields["date_of_birth"][0] == "Day and month swapped"


def test_different_people_are_not_proposed():
    found = _scores(_known("other", first="Mary", last="Jones", postcode="NG7 2XX"),
                    _known("father", first="Jon", last="Smyth", dob=date(1962, 7, 9)))
    assert not any(s.proposed for s in found.values())
    assert found["father"].match_weight < MATCH_WEIGHT_THRESHOLD


def test_a_pnc_id_in_common_outweighs_a_changed_name():
    new = record("n", "new", first_name="Jo", last_name="Baker", date_of_birth=date(1985, 2, 2), pnc_id="15/123456A",
                 postcode="NG1 1AA")
    known = record("k", "known", first_name="Joanna", last_name="Carter", date_of_birth=date(1985, 2, 2),
                   pnc_id="15/123456a", postcode="B1 1AA")
    (only,) = score([new], [known])
    assert only.fields["pnc_id"][0] == "Same" and only.proposed


def test_same_input_gives_the_same_score():
    first = _scores(_known("same"))["same"].match_weight
    assert _scores(_known("same"))["same"].match_weight == first


def test_every_catalogue_offence_has_a_group():
    from pathlib import Path
    import webapp.domain as domain
    with open(Path(domain.__file__).parent / "data" / "offences.csv", encoding="utf-8") as handle:
        keys = [row["key"] for row in csv.DictReader(handle)]
    assert keys and all(offence_groups.group_of(k) != offence_groups.OTHER for k in keys)
    assert offence_groups.group_of("theft_shop") == offence_groups.group_of("handling")
    assert offence_groups.group_of(None) == offence_groups.OTHER
