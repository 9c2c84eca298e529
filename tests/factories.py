"""gen_* helpers: one call makes a row with sensible defaults (the CTFd habit)."""
from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Area, Case, CaseEvent, Offence, Person, User, Victim

PASSWORD = "correct-horse-battery"


def _loaded(obj):
    """Refresh then detach, so tests can read plain columns after the app context has gone."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj
_counter = itertools.count(1)


def gen_user(role: str = "caseworker", username: str | None = None, area_code: str = "N", **kw) -> User:
    area = db.session.scalar(select(Area).where(Area.code == area_code))
    user = User(username=username or f"{role}{next(_counter)}", full_name=kw.pop("full_name", f"Test {role.title()}"),
                role=role, area_id=area.id if area else None, **kw)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return _loaded(user)


def gen_case(first_name: str = "Jane", last_name: str = "Doe", wording: str = "Theft from a shop",
             mode_of_trial: str = "either_way", gravity_score: int = 2, status: str = "referred",
             domestic_abuse: bool = False, hate_crime: bool = False, victims: int = 1,
             caseworker: User | None = None, area_code: str = "N", offence_date: date = date(2026, 9, 1)) -> Case:
    area = db.session.scalar(select(Area).where(Area.code == area_code))
    suspect = Person(first_name=first_name, last_name=last_name, date_of_birth=date(1990, 4, 1),
                     address_line1="1 High Street", town="Northgate", postcode="NG1 1AA")
    case = Case(reference=f"TMP{next(_counter)}", area_id=area.id, source="officer", status=status,
                suspect=suspect, caseworker_id=caseworker.id if caseworker else None, referring_officer="PC Test 1234")
    case.offences.append(Offence(wording=wording, mode_of_trial=mode_of_trial, gravity_score=gravity_score,
                                 offence_date=offence_date, domestic_abuse=domestic_abuse, hate_crime=hate_crime))
    for i in range(victims):
        case.victims.append(Victim(first_name=f"Victim{i}", last_name="Person", postcode="NG2 2BB"))
    db.session.add(case)
    db.session.flush()
    case.reference = f"OC26-{case.id:06d}"
    case.refresh_derived()
    case.events.append(CaseEvent(kind="referred", summary="Referral received"))
    db.session.commit()
    return _loaded(case)


def login(client, user: User, password: str = PASSWORD):
    response = client.post("/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.text[:500]
    return response
