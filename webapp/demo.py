"""Synthetic demo data. Realistic enough to try the service; fast enough to make a million cases.

Rows go in through bulk INSERTs in batches with explicit ids, not through the ORM one by one:
that is what makes `oocr seed-demo --cases 1000000` take minutes rather than hours.
"""
from __future__ import annotations

import random
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Callable

from faker import Faker
from sqlalchemy import func, insert, select

from webapp.domain.lifecycle import escalation_reasons
from webapp.extensions import db
from webapp.models import Area, Case, CaseEvent, Offence, OffenceType, Person, User, Victim
from webapp.reference_data import load_reference_data

DEMO_USERS = [
    ("admin", "Alex Admin", "admin", None),
    ("clerk", "Chris Clerk", "clerk", "N"),
    ("caseworker", "Sam Caseworker", "caseworker", "N"),
    ("caseworker.east", "Priya Shah", "caseworker", "E"),
    ("caseworker.west", "Tom Evans", "caseworker", "W"),
    ("victim.liaison", "Val Liaison", "victim_liaison", "N"),
    ("supervisor", "Sue Supervisor", "supervisor", "N"),
]

STATUS_WEIGHTS = {
    "referred": 8, "screening": 8, "awaiting_clinic": 8, "decided": 6, "conditions_active": 20,
    "completed": 35, "breached": 4, "prosecuted": 2, "closed": 9,
}
BATCH = 5000


def _ensure_users(password: str) -> list[User]:
    areas = {a.code: a.id for a in db.session.scalars(select(Area))}
    users = []
    for username, name, role, area in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, full_name=name, role=role, area_id=areas.get(area))
            db.session.add(user)
        user.set_password(password)
        user.active = True
        users.append(user)
    db.session.commit()
    return users


def seed_demo_data(cases: int, seed: int, password: str | None, if_empty: bool,
                   echo: Callable[[str], None]) -> None:
    load_reference_data()
    password = password or secrets.token_urlsafe(12)
    users = _ensure_users(password)
    if if_empty and db.session.scalar(select(func.count(Case.id))):
        echo("Cases already exist: no demo cases added")
    else:
        started = time.perf_counter()
        made = _make_cases(cases, seed, users)
        echo(f"Made {made:,} demo cases in {time.perf_counter() - started:.1f} s")
    echo("Demo log-ins (password for all: " + password + "):")
    for username, name, role, area in DEMO_USERS:
        echo(f"  {username:<18} {role:<15} {name}")


def _make_cases(count: int, seed: int, users: list[User]) -> int:
    if count <= 0:
        return 0
    rnd = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    first = [fake.first_name() for _ in range(400)]
    last = [fake.last_name() for _ in range(600)]
    streets = [fake.street_address().replace("\n", ", ") for _ in range(800)]
    towns = [fake.city() for _ in range(200)]
    postcodes = [fake.postcode() for _ in range(800)]
    phones = [fake.phone_number() for _ in range(300)]
    shops = [f"{fake.company()} {rnd.choice(['Stores', 'Ltd', 'Supermarket', 'Pharmacy'])}" for _ in range(100)]
    offence_types = list(db.session.scalars(select(OffenceType)))
    areas = list(db.session.scalars(select(Area)))
    workers_by_area: dict[int, list[int]] = {}
    for u in users:
        if u.role == "caseworker" and u.area_id:
            workers_by_area.setdefault(u.area_id, []).append(u.id)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    clerk_id = next(u.id for u in users if u.role == "clerk")

    def next_id(model) -> int:
        return (db.session.scalar(select(func.max(model.id))) or 0) + 1

    person_id, case_id, offence_id, victim_id, event_id = (
        next_id(Person), next_id(Case), next_id(Offence), next_id(Victim), next_id(CaseEvent))
    today = date.today()
    made = 0
    while made < count:
        n = min(BATCH, count - made)
        people, case_rows, offences, victims, events = [], [], [], [], []
        for _ in range(n):
            created = datetime.combine(today - timedelta(days=rnd.randint(0, 540)), datetime.min.time()) + timedelta(
                minutes=rnd.randint(480, 1080))
            offence_date = created.date() - timedelta(days=rnd.randint(1, 60))
            age = rnd.randint(18, 70)
            dob = offence_date - timedelta(days=age * 365 + rnd.randint(0, 364))
            fn, ln = rnd.choice(first), rnd.choice(last)
            people.append({"id": person_id, "first_name": fn, "last_name": ln, "date_of_birth": dob,
                           "address_line1": rnd.choice(streets), "address_line2": "", "town": rnd.choice(towns),
                           "postcode": rnd.choice(postcodes), "phone": rnd.choice(phones), "email": "",
                           "pnc_id": f"{rnd.randint(0, 26):02d}/{rnd.randint(100000, 9999999)}{chr(65 + rnd.randint(0, 25))}"
                           if rnd.random() < 0.4 else None})
            ot = rnd.choice(offence_types)
            da = ot.key in ("common_assault", "abh", "coercive_control", "harassment") and rnd.random() < 0.35
            hate = "racial" in ot.key or (ot.key.startswith("public_order") and rnd.random() < 0.1)
            area = rnd.choice(areas)
            status = rnd.choices(statuses, weights)[0]
            worker = rnd.choice(workers_by_area.get(area.id) or [None]) if status != "referred" else None
            reference = f"OC{created:%y}-{case_id:06d}"
            case_rows.append({"id": case_id, "reference": reference, "area_id": area.id, "caseworker_id": worker,
                              "suspect_id": person_id, "source": rnd.choices(["officer", "custody", "cps_diverted"], [5, 4, 1])[0],
                              "status": status, "is_high_risk": bool(escalation_reasons(ot.mode_of_trial, da, hate)),
                              "referring_officer": f"PC {rnd.choice(last)} {rnd.randint(1000, 9999)}",
                              "circumstances": "", "cps_direction": "",
                              "search_text": f"{reference} {fn} {ln} {ot.wording}".lower()[:400],
                              "created_at": created, "updated_at": created, "version": 1})
            offences.append({"id": offence_id, "case_id": case_id, "offence_key": ot.key, "wording": ot.wording,
                             "legislation": ot.legislation, "mode_of_trial": ot.mode_of_trial,
                             "gravity_score": ot.default_gravity_score, "offence_date": offence_date,
                             "location": rnd.choice(towns), "domestic_abuse": da, "intimate_partner": da and rnd.random() < 0.7,
                             "hate_crime": hate})
            if not ot.key.startswith(("possession", "drunk", "offensive", "bladed")):
                shop = ot.key in ("theft_shop", "making_off")
                victims.append({"id": victim_id, "case_id": case_id,
                                "first_name": "" if shop else rnd.choice(first),
                                "last_name": rnd.choice(shops) if shop else rnd.choice(last),
                                "address_line1": rnd.choice(streets), "town": rnd.choice(towns),
                                "postcode": rnd.choice(postcodes), "phone": rnd.choice(phones), "email": "",
                                "is_organisation": shop, "vulnerable": rnd.random() < 0.08,
                                "intimidated": rnd.random() < 0.05, "persistently_targeted": rnd.random() < 0.04,
                                "views": rnd.choice(["not_obtained", "supports_oocd", "supports_oocd", "opposes_oocd"])})
                victim_id += 1
            events.append({"id": event_id, "case_id": case_id, "at": created, "actor_id": clerk_id, "kind": "referred",
                           "summary": "Referral received", "detail": "Demo data"})
            event_id += 1
            person_id += 1
            case_id += 1
            offence_id += 1
        db.session.execute(insert(Person), people)
        db.session.execute(insert(Case), case_rows)
        db.session.execute(insert(Offence), offences)
        if victims:
            db.session.execute(insert(Victim), victims)
        db.session.execute(insert(CaseEvent), events)
        db.session.commit()
        made += n
    _reset_sequences()
    return made


def _reset_sequences() -> None:
    """PostgreSQL serial sequences do not see explicit ids: move them past what we inserted."""
    if db.engine.dialect.name != "postgresql":
        return
    from sqlalchemy import text
    for table in ("people", "cases", "offences", "victims", "case_events"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"))
    db.session.commit()
