"""The possible-match review's presenters from plain data: no database, no client."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from webapp.people import presenters


def _person(**kw):
    return SimpleNamespace(**{"first_name": "Darren", "last_name": "Whitlock", "date_of_birth": None,
                              "pnc_id": None, "postcode": None, **kw})


def test_each_compared_field_is_a_row_tagged_by_how_the_model_weighed_it():
    here = _person(date_of_birth=date(1990, 3, 5), postcode="LS1 4AP")
    earlier = _person(first_name="Daz", pnc_id="26/123456A", date_of_birth=date(1990, 3, 5))
    score = SimpleNamespace(fields={"first_name": ("Nickname", 0.0), "date_of_birth": ("Exact", 4.2),
                                    "postcode": ("Different", -1.5)}, match_probability=0.9)
    rows = presenters.side_by_side(here, SimpleNamespace(person=earlier, score=score))
    by_field = {r["field"]: r for r in rows}
    assert [r["field"] for r in rows] == ["First name", "Last name", "Date of birth", "PNC ID", "Postcode"]
    assert by_field["Date of birth"] == {"field": "Date of birth", "here": "5 March 1990", "there": "5 March 1990",
                                         "reading": "Exact", "tag": "govuk-tag--green"}
    assert (by_field["Postcode"]["here"], by_field["Postcode"]["there"], by_field["Postcode"]["tag"]) == (
        "LS1 4AP", "Not known", "govuk-tag--red")
    assert (by_field["First name"]["tag"], by_field["PNC ID"]["here"], by_field["PNC ID"]["reading"]) == (
        "govuk-tag--grey", "Not known", "")


def test_likelihood_words_follow_the_probability_bands():
    words = [presenters.likelihood(SimpleNamespace(match_probability=p)) for p in (0.9999, 0.999, 0.995, 0.98)]
    assert words == ["Very likely the same person", "Very likely the same person", "Likely the same person",
                     "Possibly the same person"]
