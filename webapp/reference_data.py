"""Reference data the service needs before the first referral: areas and the offence catalogue."""
from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Area, OffenceType

CATALOGUE = Path(__file__).parent / "domain" / "data" / "offences.csv"

AREAS = [
    ("N", "North", "Northgate custody suite; Riverside custody suite"),
    ("E", "East", "Eastfield custody suite"),
    ("W", "West", "Westbury custody suite; Harbour custody suite"),
]


def load_reference_data() -> dict[str, int]:
    """Insert what is missing; never overwrite a force's edits to gravity scores."""
    added = {"areas": 0, "offence_types": 0}
    existing_areas = set(db.session.scalars(select(Area.code)))
    for code, name, suites in AREAS:
        if code not in existing_areas:
            db.session.add(Area(code=code, name=name, custody_suites=suites))
            added["areas"] += 1
    existing_offences = set(db.session.scalars(select(OffenceType.key)))
    with CATALOGUE.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["key"] in existing_offences:
                continue
            db.session.add(OffenceType(
                key=row["key"], wording=row["wording"], legislation=row["legislation"],
                mode_of_trial=row["mode_of_trial"], default_gravity_score=int(row["default_gravity_score"]),
                notes=row.get("notes") or ""))
            added["offence_types"] += 1
    db.session.commit()
    return added
