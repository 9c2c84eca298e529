"""gen_* helpers: one call makes a row with sensible defaults (the CTFd habit); and signing a user in,
on the test client (`login`, `login_as`) or in a browser page (`sign_in`), written once for every test."""
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
    """Sign `user` in on the test client, in place of whoever was signed in there before."""
    with client.session_transaction() as session:
        session.clear()
    response = client.post("/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.text[:500]
    return response


def login_as(app, client, role: str = "caseworker", **kw) -> User:
    """A new user with `role` (gen_user's other arguments in `kw`), signed in on the test client."""
    with app.app_context():
        user = gen_user(role, **kw)
    login(client, user)
    return user


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in a browser page (Playwright), in place of whoever was signed in
    before, waiting until the app lets us in."""
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def gen_decision(case: Case, disposal: str = "conditional_caution", status: str = "authorised",
                 regime: str = "two_tier", conditions: list[dict] | None = None, authorised_by: User | None = None):
    """A decision on `case` with conditions (dicts of Condition columns; defaults: a dated course with a
    provider and a compensation payment). Returns the decision with its conditions loaded, detached."""
    from datetime import datetime
    from decimal import Decimal

    from sqlalchemy.orm import selectinload

    from webapp.models import Condition, Decision

    if conditions is None:
        conditions = [
            {"kind": "rehabilitative", "type": "course", "description": "Attend a victim awareness course",
             "provider": "Northgate Awareness Service", "hours": Decimal("3"), "due_date": date(2026, 12, 1)},
            {"kind": "reparative", "type": "compensation", "description": "Pay compensation for the damage",
             "amount": Decimal("120.00"), "due_date": date(2026, 12, 4)},
        ]
    decision = Decision(case_id=case.id, disposal=disposal, regime=regime, status=status,
                        rationale="Test decision", authorised_by_id=authorised_by.id if authorised_by else None,
                        authorised_at=datetime(2026, 10, 10, 11, 0) if status in ("authorised", "delivered") else None,
                        decided_at=datetime(2026, 10, 9, 15, 0))
    for values in conditions:
        decision.conditions.append(Condition(case_id=case.id, **values))
    db.session.add(decision)
    db.session.commit()
    decision = db.session.scalar(select(Decision).where(Decision.id == decision.id)
                                 .options(selectinload(Decision.conditions)))
    for condition in decision.conditions:
        db.session.expunge(condition)
    db.session.expunge(decision)
    return decision



def gen_decided_case(**kw) -> tuple[Case, User, User]:
    """(case, clerk, supervisor): a case (gen_case's arguments in `kw`) whose conditional caution the
    supervisor has authorised, and a clerk to make its letters."""
    clerk, supervisor = gen_user("clerk"), gen_user("supervisor")
    case = gen_case(**kw)
    gen_decision(case, authorised_by=supervisor)
    return case, clerk, supervisor

def gen_appointment(case: Case, caseworker: User, starts_at=None, location: str = "Northgate Police Station"):
    from datetime import datetime

    from webapp.models import ClinicAppointment

    appointment = ClinicAppointment(case_id=case.id, caseworker_id=caseworker.id, location=location,
                                    starts_at=starts_at or datetime.combine(date.today(), datetime.min.time()).replace(hour=10))
    db.session.add(appointment)
    db.session.commit()
    return _loaded(appointment)


def gen_victim_contact(case: Case, purpose: str = "outcome", due_date: date | None = None, victim_id: int | None = None):
    from webapp.models import Victim, VictimContact

    victim_id = victim_id or db.session.scalar(select(Victim.id).where(Victim.case_id == case.id).order_by(Victim.id))
    contact = VictimContact(case_id=case.id, victim_id=victim_id, purpose=purpose, due_date=due_date or date.today())
    db.session.add(contact)
    db.session.commit()
    return _loaded(contact)


def gen_screening(case: Case, admission: bool = True, evidential_stage_met: bool = True,
                  aggravating: tuple[str, ...] = (), mitigating: tuple[str, ...] = ()):
    """A saved screening (without the engine's snapshot); moves a referred case on to screening."""
    from webapp.models import Screening
    row = db.session.get(Case, case.id)
    row.screening = Screening(case_id=row.id, admission=admission, evidential_stage_met=evidential_stage_met,
                              aggravating=list(aggravating), mitigating=list(mitigating))
    if row.status == "referred":
        row.status = "screening"
    db.session.commit()
    return _loaded(row.screening)


def gen_provider(name: str = "Northgate Recovery Service", services: tuple[str, ...] = ("drug_alcohol",),
                 areas: tuple[str, ...] = ("N",), **kw):
    """A partner agency in the directory, with an address, a contact route and a referral method."""
    from webapp.models import Provider

    values = {"address": "Unit 4, Mill Street\nNorthgate\nNG3 9ZZ", "phone": "01632 960123",
              "email": "referrals@northgate-recovery.example", "contact_route": "Referrals team, weekdays 9 to 5",
              "referral_method": "email", "capacity": 10, "waiting_weeks": 2} | kw
    provider = Provider(name=name, services=list(services), areas=list(areas), **values)
    db.session.add(provider)
    db.session.commit()
    return _loaded(provider)


def gen_delivered(case: Case, disposal: str = "conditional_caution", delivered_on: date = date(2026, 10, 12),
                  regime: str = "two_tier"):
    """A decision on `case` delivered on `delivered_on` (its outcome is then due on the records system)."""
    from datetime import datetime, time

    from webapp.models import Decision

    decision = Decision(case_id=case.id, disposal=disposal, regime=regime, status="delivered", rationale="Test decision",
                        decided_at=datetime.combine(delivered_on, time(9)),
                        authorised_at=datetime.combine(delivered_on, time(10)),
                        delivered_at=datetime.combine(delivered_on, time(11)))
    db.session.add(decision)
    db.session.get(Case, case.id).status = "completed"
    db.session.commit()
    return _loaded(decision)


def gen_prosecution(case: Case, decision, approved_on: date = date(2026, 11, 20)):
    """A breach of a condition on `decision`, approved for prosecution on `approved_on`."""
    from datetime import datetime, time

    from webapp.models import Breach, Condition

    condition = Condition(decision_id=decision.id, case_id=case.id, kind="rehabilitative", type="course",
                          description="Attend a course", status="breached")
    db.session.add(condition)
    db.session.flush()
    breach = Breach(case_id=case.id, condition_id=condition.id, what_happened="Did not attend",
                    proposed_outcome="prosecute", status="approved",
                    approved_at=datetime.combine(approved_on, time(15)))
    db.session.add(breach)
    db.session.get(Case, case.id).status = "prosecuted"
    db.session.commit()
    return _loaded(breach)


def gen_suspect_case(first_name: str, last_name: str, date_of_birth: date, *, pnc_id: str | None = None,
                     postcode: str = "NG1 1AA", **kw) -> Case:
    """gen_case for a named suspect with this date of birth, PNC ID and postcode."""
    case = gen_case(first_name=first_name, last_name=last_name, **kw)
    person = db.session.get(Person, case.suspect_id)
    person.date_of_birth, person.pnc_id, person.postcode = date_of_birth, pnc_id, postcode
    db.session.commit()
    return case



def gen_cover(user: User, area_code: str = "E", days: int = 7, reason: str = "Covering leave"):
    """Let `user` work `area_code`'s cases for `days` days (an area cover grant, given by a supervisor)."""
    from datetime import timedelta

    from webapp.models import AreaCover
    from webapp.models._types import utcnow

    granter = db.session.scalar(select(User).where(User.role == "supervisor")) or gen_user("supervisor")
    area = db.session.scalar(select(Area).where(Area.code == area_code))
    now = utcnow()
    cover = AreaCover(user_id=user.id, area_id=area.id, reason=reason, granted_by_id=granter.id,
                      starts_at=now - timedelta(minutes=1), expires_at=now + timedelta(days=days))
    db.session.add(cover)
    db.session.commit()
    return _loaded(cover)
