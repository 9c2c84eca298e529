"""`oocr seed-demo` tells the truth: every demo case's status is the consequence of its records, the
trainer's five journeys are ready, and a database holding anything else is never touched."""
from __future__ import annotations

import os
import re
import subprocess
from collections import Counter

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from factories import gen_case, gen_user
from oocr_testing import ROOT
from webapp.domain.delivery import needs_delivery_record
from webapp.demo import DEMO_USERS, NotADemoDatabase, database_holds, seed_demo_data
from webapp.extensions import db
from webapp.models import (AttendanceRecord, Breach, Case, ClinicAppointment, Decision, EvidenceBundle,
                           GeneratedDocument, Screening, SiteMarker, User, VictimContact)

PASSWORD = "demo-password-xyz"


def _problems(case: Case, attended: dict[int, list[bool]], appointments: set[int]) -> list[str]:
    """What is wrong with one case, judged only from its records."""
    found = []
    decision = case.current_decision
    approved = [b for b in case_breaches(case) if b.status == "approved"]
    if not any(e.kind == "referred" for e in case.events):
        found.append("no referral on the timeline")
    if case.status == "referred":
        if case.screening is not None or case.decisions:
            found.append("referred but screened or decided")
        return found
    if case.screening is None:
        found.append(f"{case.status} without a screening")
    if case.status == "closed":
        if decision is not None and decision.status in ("authorised", "delivered"):
            found.append("closed with a live decision")
        if not any("Closed" in e.summary for e in case.events):
            found.append("closed without a closing entry on the timeline")
        return found
    if case.status in ("screening", "awaiting_clinic"):
        if decision is not None and decision.status not in ("awaiting_authorisation", "returned"):
            found.append(f"{case.status} with a decision {decision.status}")
        if case.status == "awaiting_clinic" and case.id not in appointments:
            found.append("awaiting clinic without an appointment")
        return found
    if decision is None:
        return found + [f"{case.status} without a decision"]
    if decision.authorised_at is None:
        found.append("decision never authorised")
    if decision.needs_supervisor and (decision.authorised_by_id is None
                                      or decision.authorised_by_id == decision.decided_by_id):
        found.append("decision needing a supervisor not authorised by a second person")
    if case.status == "decided":
        if decision.status != "authorised":
            found.append(f"decided with a decision {decision.status}")
        return found
    if decision.status != "delivered" or decision.delivered_at is None:
        return found + [f"{case.status} but the decision is {decision.status}"]
    if needs_delivery_record(decision.disposal) and decision.delivery is None:
        found.append("caution delivered without the record of how it was given")
    statuses = Counter(c.status for c in decision.conditions)
    if case.status == "conditions_active" and not statuses["pending"]:
        found.append("conditions active but none pending")
    if case.status == "completed":
        if set(statuses) - {"completed"}:
            found.append(f"completed with conditions {dict(statuses)}")
        for c in decision.conditions:
            if c.type == "course" and True not in attended.get(c.id, []):
                found.append("course completed without an attendance record")
    if case.status in ("breached", "prosecuted") and not approved:
        found.append(f"{case.status} without an approved breach")
    if case.status == "prosecuted":
        if not any(b.proposed_outcome == "prosecute" for b in approved):
            found.append("prosecuted without a breach approved for prosecution")
        if not any(c.status == "breached" for c in decision.conditions):
            found.append("prosecuted without a breached condition")
    for breach in case_breaches(case):
        if breach.condition.case_id != case.id:
            found.append("breach of another case's condition")
        if breach.status == "approved" and breach.approved_by_id in (None, breach.recorded_by_id):
            found.append("breach approved by nobody, or by the person who recorded it")
        if breach.status == "proposed" and case.status != "conditions_active":
            found.append(f"breach awaiting approval on a {case.status} case")
    return found


_BREACHES: dict[int, list[Breach]] = {}


def case_breaches(case: Case) -> list[Breach]:
    return _BREACHES.get(case.id, [])


def _walk_every_case() -> dict[str, list[str]]:
    _BREACHES.clear()
    for breach in db.session.scalars(select(Breach).options(selectinload(Breach.condition))):
        _BREACHES.setdefault(breach.case_id, []).append(breach)
    attended: dict[int, list[bool]] = {}
    for condition_id, was in db.session.execute(select(AttendanceRecord.condition_id, AttendanceRecord.attended)):
        attended.setdefault(condition_id, []).append(was)
    appointments = set(db.session.scalars(select(ClinicAppointment.case_id)))
    problems = {}
    cases = db.session.scalars(select(Case).options(
        selectinload(Case.events), selectinload(Case.screening), selectinload(Case.offences),
        selectinload(Case.decisions).selectinload(Decision.conditions),
        selectinload(Case.decisions).selectinload(Decision.delivery))).all()
    for case in cases:
        found = _problems(case, attended, appointments)
        if found:
            problems[case.reference] = found
    return problems


def test_every_demo_case_is_what_its_records_say(ctx):
    said: list[str] = []
    seed_demo_data(cases=70, seed=11, password=PASSWORD, if_empty=False, echo=said.append, recent=16)
    assert any("54 older cases in bulk" in line and "16 recent ones" in line for line in said), said
    assert db.session.scalar(select(func.count(Case.id))) == 70
    assert _walk_every_case() == {}
    statuses = Counter(db.session.scalars(select(Case.status)))
    assert {"referred", "screening", "awaiting_clinic", "decided", "conditions_active", "completed", "prosecuted",
            "closed"} <= set(statuses), statuses
    # the trainer's journeys, each ready on a recent case (Restorative Justice: _check_partner_work)
    waiting = db.session.scalar(select(func.count(Decision.id)).where(Decision.status == "awaiting_authorisation"))
    to_deliver = db.session.scalar(select(func.count(Decision.id)).where(Decision.status == "authorised"))
    unscreened = db.session.scalar(select(func.count(Case.id)).where(Case.status == "referred", ~Case.screening.has()))
    missed = db.session.scalars(select(AttendanceRecord).where(AttendanceRecord.attended.is_(False))).all()
    missed_without_breach = [m for m in missed if not db.session.scalar(
        select(Breach.id).where(Breach.condition_id == m.condition_id))]
    for_bundle = db.session.scalars(select(Breach).where(
        Breach.status == "approved", Breach.proposed_outcome == "prosecute",
        ~Breach.id.in_(select(EvidenceBundle.breach_id)))).all()
    assert waiting and to_deliver and unscreened and missed_without_breach and for_bundle
    # ...and the start-up message says which: the references it names are in those states
    named = dict(re.findall(r"^  (To screen|To authorise|To deliver)\b.* (OC\d{2}-\d{6})$", "\n".join(said), re.M))
    assert set(named) == {"To screen", "To authorise", "To deliver"}, said
    by_reference = {c.reference: c for c in db.session.scalars(select(Case).where(Case.reference.in_(named.values())))}
    assert by_reference[named["To screen"]].screening is None
    assert by_reference[named["To authorise"]].current_decision.status == "awaiting_authorisation"
    assert by_reference[named["To deliver"]].current_decision.status == "authorised"
    assert any(m.condition.status == "pending" and db.session.get(Case, m.case_id).status == "conditions_active"
               for m in missed_without_breach)
    # the recent cases were made by people, through the pages: their timelines name who did what
    recent = db.session.scalars(select(Case).order_by(Case.id.desc()).limit(16)).all()
    assert all(any(e.actor_id for e in c.events) for c in recent)
    assert db.session.scalar(select(func.count(GeneratedDocument.id)).where(GeneratedDocument.status == "done")) >= 2
    assert db.session.scalar(select(func.count(VictimContact.id))) > 0
    assert db.session.scalar(select(func.count(Screening.id))) > 0
    from webapp.models import AuditRecord
    assert db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.username == "supervisor")) > 0
    _check_partner_work()
    _check_the_force_is_set_up()


def _check_the_force_is_set_up():
    """A trainer's victim can choose from a community remedy menu, every area's cases have a supervisor
    who can see them (Ravi Patel covers East and West), and the statistics are already worked out."""
    from webapp.models import Area, AreaCover, User
    from webapp.models.statistics import StatisticsRefresh
    from webapp.models.victim import CommunityRemedyAction
    menu = db.session.scalars(select(CommunityRemedyAction)).all()
    assert "Letter of apology" in {a.title for a in menu} and all(a.active for a in menu)
    ravi = db.session.scalar(select(User).where(User.username == "supervisor.two"))
    covered = {c.area_id for c in db.session.scalars(select(AreaCover).where(AreaCover.user_id == ravi.id))}
    assert covered | {ravi.area_id} == set(db.session.scalars(select(Area.id)))
    assert db.session.scalar(select(func.count(StatisticsRefresh.id))) == 1


def _check_partner_work():
    """A trainer can show the directory, referrals in several statuses, an overdue enquiry and Restorative
    Justice; each record is what its services would make (invented contacts only)."""
    from datetime import date

    from webapp.models import AuditRecord, Enquiry, PartnerReferral, Provider, RestorativeJustice
    providers = db.session.scalars(select(Provider)).all()
    assert len(providers) >= 6
    services = {s for p in providers for s in p.services}
    assert {"drug_alcohol", "womens_centre", "victim_awareness", "da_perpetrator", "debt_advice",
            "liaison_diversion"} <= services
    assert len({tuple(p.areas) for p in providers}) > 2  # different areas covered
    assert all(p.phone.startswith("01632 960") and p.email.endswith(".example.org") for p in providers)
    referrals = db.session.scalars(select(PartnerReferral)).all()
    assert {"proposed", "sent", "attending", "completed", "did_not_attend", "declined"} <= {r.status for r in referrals}
    assert any(r.subject == "victim" for r in referrals)
    for r in referrals:
        case = db.session.get(Case, r.case_id)
        assert r.consent and r.provider_id and r.provider.covers(case.area.code), r.id
        assert r.service in r.provider.services
        if r.status != "proposed":
            assert db.session.scalar(select(AuditRecord.id).where(
                AuditRecord.action == "disclose", AuditRecord.record_type == "partner_referral",
                AuditRecord.description.like(f"Referral {r.id} sent%"))), r.id
    enquiries = db.session.scalars(select(Enquiry)).all()
    assert any(e.status == "open" and e.due_on < date.today() for e in enquiries)
    assert any(e.from_type == "victim" and e.team == "victim_liaison" and e.status == "answered"
               and e.answered_on <= e.due_on for e in enquiries)
    rj = db.session.scalars(select(RestorativeJustice)).all()
    assert len(rj) == 1 and rj[0].status == "arranged" and rj[0].rj_type == "letter_of_apology"
    # the trainer's Restorative Justice case: a letter of apology still to make, a person as the victim
    from webapp.models import Condition
    recent = set(db.session.scalars(select(Case.id).order_by(Case.id.desc()).limit(16)))
    letters = db.session.scalars(select(Condition).where(Condition.type == "apology", Condition.status == "pending",
                                                         Condition.case_id.in_(recent))).all()
    assert any(db.session.get(Case, c.case_id).status == "conditions_active"
               and any(v.first_name for v in db.session.get(Case, c.case_id).victims) for c in letters)


def _indexes_and_foreign_keys() -> set[tuple]:
    from sqlalchemy import inspect
    inspector = inspect(db.engine)
    tables = inspector.get_table_names()
    unchecked = 0
    if db.engine.dialect.name == "postgresql":  # put back NOT VALID, then checked against every row
        unchecked = db.session.scalar(text("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"))
    return ({(table, index["name"]) for table in tables for index in inspector.get_indexes(table)}
            | {(table, key["name"], key["referred_table"], tuple(key["constrained_columns"]),
                key["options"].get("ondelete")) for table in tables for key in inspector.get_foreign_keys(table)}
            | {("foreign keys not yet checked", unchecked)})


def test_bulk_loaded_cases_are_found_by_search_and_the_indexes_are_back(ctx):
    """The bulk load sets the indexes (and SQLite's search trigger, and PostgreSQL's foreign keys) aside
    while its rows go in: afterwards every index and foreign key is back, every bulk case is found by its
    reference and surname, and a case added later is indexed as before."""
    from webapp.cases.queries import CaseFilter, search_cases
    before = _indexes_and_foreign_keys()
    seed_demo_data(cases=40, seed=5, password=PASSWORD, if_empty=False, echo=lambda _: None, recent=0)
    assert _indexes_and_foreign_keys() == before
    cases = db.session.scalars(select(Case).options(selectinload(Case.suspect))).all()
    assert len(cases) == 40
    for case in cases:
        found = search_cases(CaseFilter(q=f"{case.reference} {case.suspect.last_name}"))
        assert case.id in [c.id for c in found.rows], case.reference
    later = gen_case(first_name="Quenby", last_name="Ostrowski")
    assert [c.id for c in search_cases(CaseFilter(q="ostrowski")).rows] == [later.id]


def test_the_bulk_load_gives_its_connection_back_as_it_found_it(ctx):
    """On SQLite the bulk load writes with a 256 MB page cache and no syncs to disk; its connection then
    goes back to the pool for web requests, with its own settings again (elsewhere nothing changes)."""
    from webapp.demo import BULK_LOAD_PRAGMAS, _sqlite_settings
    with db.engine.connect() as connection:
        def settings() -> dict:
            if connection.dialect.name != "sqlite":
                return {}
            return {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in BULK_LOAD_PRAGMAS}

        before = settings()
        with _sqlite_settings(connection):
            during = settings()
        assert settings() == before
    assert during == ({"cache_size": -262144, "synchronous": 0} if before else {})


def test_the_same_seed_makes_the_same_cases(ctx, monkeypatch):
    from webapp import demo
    users = demo._ensure_users(PASSWORD)

    def rows_made(seed: int) -> list:
        written: list = []
        monkeypatch.setattr(demo._Loader, "insert", lambda self, table, rows: written.append((table.name, rows)))
        demo._make_cases(30, seed, users)
        return written

    first = rows_made(5)
    assert {"cases", "decisions", "conditions", "case_events"} <= {table for table, _ in first}
    assert rows_made(5) == first
    assert rows_made(6) != first


def test_older_cases_never_book_a_caseworker_twice_at_one_time():
    """More older cases await the clinic than a fortnight holds: they spill into later days, never sharing
    a caseworker's time, and leave 09:00 to 10:00 for the recent cases booked through the service."""
    import random
    from datetime import date

    from webapp.demo import _ClinicDiary
    diary, rnd, today = _ClinicDiary(), random.Random(1), date(2026, 3, 2)
    times = [diary.book(7, today, rnd) for _ in range(8000)]
    assert len(set(times)) == 8000
    assert all(t.date() > today and 10 <= t.hour < 18 for t in times)
    assert max(times).date() > date(2026, 3, 16)


def test_seeding_never_runs_the_daily_sweep(ctx, monkeypatch):
    """The demo's requests must not start the scheduler: it would sweep (and claim today) before the
    missed course it should flag exists."""
    from webapp.models import SweepRun
    monkeypatch.setitem(ctx.config, "SWEEP_SCHEDULER", True)
    monkeypatch.setitem(ctx.config, "SWEEP_HOUR", 0)
    seed_demo_data(cases=2, seed=3, password=PASSWORD, if_empty=False, echo=lambda _: None, recent=2)
    import time
    time.sleep(1)
    assert db.session.scalar(select(func.count(SweepRun.id))) == 0
    assert ctx.config["SWEEP_SCHEDULER"] is True


def test_the_demo_database_is_marked_and_others_are_refused(ctx):
    assert database_holds() == "empty"
    seed_demo_data(cases=3, seed=1, password=PASSWORD, if_empty=False, echo=lambda _: None, recent=0)
    assert db.session.get(SiteMarker, "demo_data") is not None and database_holds() == "demo"
    # again, as scripts/start does each time: the demo's own log-ins may be reset
    seed_demo_data(cases=3, seed=1, password="another-password-1", if_empty=True, echo=lambda _: None, recent=0)
    assert db.session.scalar(select(User).where(User.username == "clerk")).check_password("another-password-1")
    gen_user("admin", username="real.admin")  # someone made a real account: hands off from now on
    assert database_holds() == "other"
    try:
        seed_demo_data(cases=3, seed=1, password="third-password-1", if_empty=True, echo=lambda _: None, recent=0)
    except NotADemoDatabase as refused:
        assert "no demo log-ins were reset" in str(refused)
    else:
        raise AssertionError("a database with a real account was seeded")
    assert db.session.scalar(select(User).where(User.username == "clerk")).check_password("another-password-1")


def test_a_database_with_real_data_is_refused_from_the_command_line(app):
    with app.app_context():
        gen_user("admin", username="first.admin")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--cases", "5", "--if-empty"])
    assert result.exit_code == 3, result.output
    assert "seed-demo did not make" in result.output and "password" not in result.output.lower().split("no demo")[0]
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1
        assert db.session.scalar(select(func.count(Case.id))) == 0


def test_start_script_carries_on_with_real_accounts_and_readme_says_what_it_prints():
    script = (ROOT / "scripts" / "start").read_text()
    assert "seed-demo" in script and '"$seeded" -eq 3' in script
    readme = (ROOT / "README.md").read_text()
    for name, *_ in DEMO_USERS:
        assert f"`{name}`" in readme, name
    assert "`PORT`" in readme and "`DEMO_CASES`" in readme
    result = subprocess.run(["bash", "-n", str(ROOT / "scripts" / "start")], capture_output=True, text=True,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr
