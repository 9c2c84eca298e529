"""Side-by-side rows for the review screen: plain data in, display strings out."""
from __future__ import annotations

from webapp.domain.formatting import long_date
from webapp.domain.people import FIELD_LABELS


def _dob(value) -> str:
    return long_date(value) if value else "Not known"


def side_by_side(person, candidate) -> list[dict]:
    """One row per compared field: this case's value, the earlier record's, and how the model read them."""
    values = {
        "first_name": (person.first_name, candidate.person.first_name),
        "last_name": (person.last_name, candidate.person.last_name),
        "date_of_birth": (_dob(person.date_of_birth), _dob(candidate.person.date_of_birth)),
        "pnc_id": (person.pnc_id or "Not known", candidate.person.pnc_id or "Not known"),
        "postcode": (person.postcode or "Not known", candidate.person.postcode or "Not known"),
    }
    rows = []
    for key, (here, there) in values.items():
        label, weight = candidate.score.fields.get(key, ("", 0.0))
        rows.append({"field": FIELD_LABELS[key], "here": here, "there": there, "reading": label,
                     "tag": "govuk-tag--green" if weight > 0 else ("govuk-tag--red" if weight < 0 else "govuk-tag--grey")})
    return rows


def likelihood(score) -> str:
    """The model's probability in words a reviewer can weigh."""
    if score.match_probability >= 0.999:
        return "Very likely the same person"
    if score.match_probability >= 0.99:
        return "Likely the same person"
    return "Possibly the same person"
