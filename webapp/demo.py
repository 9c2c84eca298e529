"""Synthetic demo data whose statuses are the consequence of its records.

Two kinds of case:

- **Recent cases** (a few dozen, the newest) are made by doing what staff do: the demo users sign
  in and use the screening, decision, authorisation and delivery pages, and the compliance,
  victims and documents services (webapp/demo_journeys.py). Among them is one case ready for each
  journey a trainer shows: to screen, to authorise, to deliver, with a missed course, with a breach
  awaiting its evidence bundle.
- **Older cases** go in through bulk INSERTs with explicit ids, so a million still take minutes.
  Each status gets the records that status means (a screening, an authorised decision, delivered
  conditions, attendance and payments, a breach approved by a supervisor...), and
  tests/web/test_demo.py walks every case checking the same invariants as for the recent ones.

A database seeded here is marked (site_markers "demo_data"); a database holding anything else is
refused, so `scripts/start` never resets passwords on real data.
"""
from __future__ import annotations

import gc
import random
from bisect import bisect
import secrets
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
import itertools
from itertools import accumulate
from typing import Callable, Iterator, NamedTuple

from faker import Faker
from sqlalchemy import DateTime, bindparam, func, select, text

from webapp.domain.formatting import long_date
from webapp.domain.disposals import COMMUNITY_RESOLUTION, CONDITIONAL_CAUTION, TWO_TIER
from webapp.services.settings import escalation_level
from webapp.domain.lifecycle import escalation_reasons
from webapp.domain.working_days import add_working_days
from webapp.extensions import db
from webapp.models.decision import CautionDelivery
from webapp.models import search_index
from webapp.models import (Area, AttendanceRecord, Breach, Case, CaseEvent, ClinicAppointment, Condition, Decision,
                           FullCodeTest, NeedsAssessment, Offence, OffenceType, Person, Screening, SiteMarker,
                           User, Victim, VictimContact)
from webapp.reference_data import load_reference_data

DEMO_USERS = [
    ("admin", "Alex Admin", "admin", None),
    ("clerk", "Chris Clerk", "clerk", "N"),
    ("caseworker", "Sam Caseworker", "caseworker", "N"),
    ("caseworker.east", "Priya Shah", "caseworker", "E"),
    ("caseworker.west", "Tom Evans", "caseworker", "W"),
    ("victim.liaison", "Val Liaison", "victim_liaison", "N"),
    ("supervisor", "Sue Supervisor", "supervisor", "N"),
    ("supervisor.two", "Ravi Patel", "supervisor", "N"),
]
DEMO_MARKER = "demo_data"

# Older cases by status. "breached" is not here: under the two-tier framework a breach a supervisor
# approves ends in prosecution or back to active conditions, so a case rests as breached only with
# Community Cautions in force; a breach awaiting approval sits on an active case.
STATUS_WEIGHTS = {
    "referred": 8, "screening": 8, "awaiting_clinic": 8, "decided": 6, "conditions_active": 22,
    "completed": 36, "prosecuted": 3, "closed": 9,
}
SOURCE_WEIGHTS = {"officer": 5, "custody": 4, "cps_diverted": 1}
BATCH = 5000
RECENT_CASES = 30  # made through the pages and services; the rest are bulk-inserted older cases
COURSES = [("Victim awareness course", "Restore Together CIC"), ("Drug awareness course", "Turning Point"),
           ("Alcohol awareness course", "Change Grow Live"), ("Anger management course", "Calm Minds Trust")]


class NotADemoDatabase(RuntimeError):
    """The database holds data seed-demo did not make: nothing is reset or added."""


def database_holds() -> str:
    """'demo' (made by seed-demo), 'empty' (no users, no cases) or 'other' (someone's real data).

    A marked database counts as 'other' once it has a user the demo did not make: real accounts
    were added, so the demo log-ins must not be reset beside them."""
    demo_names = [u[0] for u in DEMO_USERS]
    others = db.session.scalar(select(func.count(User.id)).where(User.username.not_in(demo_names)))
    if db.session.get(SiteMarker, DEMO_MARKER) is not None:
        return "other" if others else "demo"
    if others or db.session.scalar(select(func.count(User.id))) or db.session.scalar(select(func.count(Case.id))):
        return "other"
    return "empty"


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
                   echo: Callable[[str], None], recent: int = RECENT_CASES) -> None:
    load_reference_data()
    holds = database_holds()
    if holds == "other":
        raise NotADemoDatabase(
            "This database holds accounts or cases that seed-demo did not make, so no demo log-ins were reset "
            "and no demo cases were added. Sign in with your own accounts (an admin can be made with "
            "`oocr create-user`), or point DATABASE_URL at an empty database for a demo.")
    if holds == "empty":
        db.session.add(SiteMarker(key=DEMO_MARKER, value=f"Made by oocr seed-demo on {date.today().isoformat()}"))
        db.session.commit()
    password = password or secrets.token_urlsafe(12)
    users = _ensure_users(password)
    from webapp.demo_journeys import seed_directory
    admin = next(u for u in users if u.role == "admin")
    added = seed_directory(admin)
    if added:
        echo(f"Added {added} partner agencies to the provider directory")
    _set_up_the_force(admin, users)
    if if_empty and db.session.scalar(select(func.count(Case.id))):
        echo("Cases already exist: no demo cases added")
    elif cases > 0:
        recent = min(recent, cases)
        started = time.perf_counter()
        older = _make_cases(cases - recent, seed, users)
        bulk_seconds = time.perf_counter() - started
        made_recent, ready = 0, {}
        if recent:
            from webapp.demo_journeys import make_recent_cases
            made_recent = make_recent_cases(recent, seed, password, ready)
        total = time.perf_counter() - started
        rate = f" ({older / bulk_seconds:,.0f} cases/s)" if older and bulk_seconds else ""
        echo(f"Made {older + made_recent:,} demo cases in {total:.1f} s: {older:,} older cases in bulk "
             f"in {bulk_seconds:.1f} s{rate}, {made_recent} recent ones through the pages and services")
        if ready:
            echo("Cases ready for each journey a trainer shows:")
            for journey, reference in ready.items():
                echo(f"  {READY_FOR[journey]:<46} {reference}")
    if cases and cases <= STATISTICS_AT_SEED_MAX:
        from webapp.services.statistics import refresh
        refresh()
        db.session.commit()
    echo("Demo log-ins (password for all: " + password + "):")
    for username, name, role, area in DEMO_USERS:
        echo(f"  {username:<18} {role:<15} {name}")


# How the start-up message names the trainer's cases (webapp.demo_journeys.TRAINER_CASES).
READY_FOR = {"to_screen": "To screen", "to_authorise": "To authorise (a supervisor)", "to_deliver": "To deliver",
             "missed_course": "A missed course (flagged by the daily sweep)", "breach_for_bundle": "A breach whose bundle is to build",
             "apology_letter": "A letter of apology to make (RJ)"}


# The force's community remedy document (Anti-social Behaviour, Crime and Policing Act 2014 s.101): the
# actions a victim may choose from, each with the condition it becomes and its object.
DEMO_REMEDY_MENU = [
    ("Letter of apology", "A written apology to the victim", "apology", "reparative"),
    ("Repair the damage or pay for it", "Put right or pay for what was damaged or taken", "compensation",
     "reparative"),
    ("Unpaid work in the community", "Up to the hours set, on a local reparation project", "unpaid_work",
     "reparative"),
    ("A course that addresses the offending", "For example victim awareness, or alcohol or drug awareness",
     "course", "rehabilitative"),
]
# Statistics are worked out when the demo is made, so a trainer's first look at them is not empty; a
# benchmark's million cases leave it to the nightly refresh.
STATISTICS_AT_SEED_MAX = 50_000


def _set_up_the_force(admin: User, users: list[User]) -> None:
    """What a force has before anyone works a case: its community remedy menu, and a supervisor for the
    East and West teams (both demo supervisors work in North; Ravi Patel covers the other two for the
    90 days cover may last)."""
    from flask import current_app

    from webapp.models import AreaCover
    from webapp.models.victim import CommunityRemedyAction
    from webapp.services.areas import grant_cover
    from webapp.services.victims import add_remedy_action

    if not db.session.scalar(select(func.count(CommunityRemedyAction.id))):
        for title, description, condition_type, kind in DEMO_REMEDY_MENU:
            add_remedy_action(title=title, description=description, condition_type=condition_type, kind=kind,
                              actor=admin)
    cover_for = next(u for u in users if u.username == "supervisor.two")
    if not db.session.scalar(select(func.count(AreaCover.id)).where(AreaCover.user_id == cover_for.id)):
        for area in db.session.scalars(select(Area).where(Area.id != cover_for.area_id).order_by(Area.name)):
            grant_cover(user=cover_for, area=area, until=date.today() + timedelta(days=90),
                        reason="Demo: supervises the East and West teams", granted_by=admin,
                        config=current_app.config)
    db.session.commit()


# --------------------------------------------------------------------------- older cases, in bulk


BULK_MODELS = (Person, Case, Offence, Victim, CaseEvent, Screening, FullCodeTest, ClinicAppointment, NeedsAssessment,
               Decision, CautionDelivery, Condition, AttendanceRecord, Breach, VictimContact)


class _Dice(random.Random):
    """random.Random with a quicker randint and choice (a scaled float rather than rejection sampling):
    the demo's draws must repeat for a seed, not be exactly uniform, and a million cases make about
    forty million of them."""

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def weighted(self, population: list, cum_weights: list):
        """choices(population, cum_weights=cum_weights)[0] (the same draw), without building a list."""
        return population[bisect(cum_weights, self.random() * cum_weights[-1])]


class _OffenceType(NamedTuple):
    key: str
    wording: str
    legislation: str
    mode_of_trial: str
    default_gravity_score: int


# Victims' outcome deadlines fall on a few hundred distinct days: worked out once each.
_working_days_after = lru_cache(maxsize=4096)(add_working_days)


def _at(day: date, rnd: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, 8) + timedelta(minutes=rnd.randint(0, 600))


class _Table:
    """One bulk table's rows not yet written, each a tuple in the table's column order that goes to the
    driver as it is, and the table's next free id.

    add(column=value, ...) appends a row and returns its id (the next free one unless given). It is
    written out with a keyword parameter per column, as collections.namedtuple writes its constructor,
    so a row costs one call and no dictionary: a third of the time of a named tuple made through a
    helper, which mattered for the fifteen million rows of a million cases. A column left out takes its
    default, as an INSERT would give it (a default worked out by a function, such as the time now, is
    worked out once for the load)."""

    def __init__(self, model):
        self.table = model.__table__
        self.ids = itertools.count((db.session.scalar(select(func.max(model.id))) or 0) + 1)
        self.rows: list[tuple] = []
        columns = ", ".join(self.table.columns.keys())
        namespace = {"_table": self}
        exec(f"def add(*, {columns}):\n"  # nosec B102 (accepted: the source is our model's column names)
             f"    if id is None:\n"
             f"        id = next(_table.ids)\n"
             f"    _table.rows.append(({columns},))\n"
             f"    return id\n", namespace)
        self.add = namespace["add"]
        self.add.__kwdefaults__ = {column.key: _default(column) for column in self.table.columns}


class _Batch:
    """The bulk tables, written in dependency order a few thousand cases at a time; add[Model](...) adds
    a row to one (_Table.add)."""

    def __init__(self):
        self.tables = {model: _Table(model) for model in BULK_MODELS}
        self.add = {model: table.add for model, table in self.tables.items()}

    def flush(self, load: _Loader) -> None:
        for table in self.tables.values():
            if table.rows:
                load.insert(table.table, table.rows)
                table.rows = []
        load.connection.commit()


def _default(column):
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _column_converter(column, dialect) -> Callable[[tuple], list] | None:
    """What turns one column of a batch into the driver's values, as the column type's own conversion
    would (None when the driver takes them as they are), without a Python call per value where it can:

    - SQLite's DATETIME writes ISO text; datetime.isoformat gives the same text (checked on a sample) at
      a fraction of SQLAlchemy's formatting, and nearly every timestamp is different;
    - other values (days, booleans, amounts) repeat, so each distinct one is converted once;
    - a JSON document cannot be a dictionary key, but the demo's are the same empty one down a column."""
    convert = column.type._cached_bind_processor(dialect)
    if convert is None:
        return None
    sample = datetime(2001, 2, 3, 4, 5, 6, 7)
    if isinstance(column.type, DateTime) and convert(sample) == sample.isoformat(" ", "microseconds"):
        return lambda values: [value.isoformat(" ", "microseconds") if type(value) is datetime else convert(value)
                               for value in values]

    def converted(values: tuple) -> list:
        try:
            once = {value: convert(value) for value in set(values)}
        except TypeError:  # JSON documents
            if values.count(values[0]) == len(values):
                return [convert(values[0])] * len(values)
            return list(map(convert, values))
        return list(map(once.__getitem__, values))
    return converted


@contextmanager
def _bulk_load() -> Iterator[_Loader]:
    """One connection writing the older cases, set up for a bulk load and put back afterwards.

    While rows go in, the bulk tables' secondary indexes (and on SQLite the case search index's insert
    trigger) are set aside, then rebuilt once from the loaded tables: one sort per index instead of a
    million scattered B-tree inserts. On PostgreSQL their foreign keys are set aside too: checked row by
    row by triggers they took half the load, put back they are checked in one join each. SQLite gets a
    larger page cache and no syncs to disk for this connection (_sqlite_settings); PostgreSQL takes the
    rows through COPY. What was set aside is put back whatever happens (the batches already committed
    stay), so the schema is never left without it.

    Python's cyclic garbage collector is off meanwhile: the rows are plain tuples that make no cycles, and
    its full passes over the millions of objects a load allocates took a fifth of the time."""
    db.session.commit()  # the reads before this (next ids, offence types) end here
    collecting = gc.isenabled()
    gc.disable()
    try:
        with db.engine.connect() as connection, _sqlite_settings(connection):
            loader = _Loader(connection)
            set_aside = loader.secondary_indexes() + loader.foreign_keys()
            for item in set_aside:
                connection.exec_driver_sql(item.drop)
            connection.commit()
            try:
                with search_index.filled_after(connection):
                    yield loader
            finally:
                connection.rollback()
                for item in set_aside:
                    connection.exec_driver_sql(item.put_back)
                connection.commit()
                for item in set_aside:
                    if item.check:
                        connection.exec_driver_sql(item.check)
                connection.commit()
    finally:
        if collecting:
            gc.enable()


# For the bulk load only: a 256 MB page cache (the default is 2 MB), and no waiting for the disk. A demo
# database cut off by a power failure part-way through is seeded again, so its load need not survive one.
BULK_LOAD_PRAGMAS = {"cache_size": -262144, "synchronous": "OFF"}


@contextmanager
def _sqlite_settings(connection) -> Iterator[None]:
    """BULK_LOAD_PRAGMAS on this SQLite connection while the block runs, then its own settings again,
    since it goes back to the pool for the web requests (elsewhere it does nothing)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    # Pragma names and values are the constants above, never input.
    before = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in BULK_LOAD_PRAGMAS}
    for name, value in BULK_LOAD_PRAGMAS.items():
        connection.exec_driver_sql(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        connection.rollback()
        for name, value in before.items():
            connection.exec_driver_sql(f"PRAGMA {name} = {value}")


class _SetAside(NamedTuple):
    """An index or constraint a bulk load sets aside: the statements that drop it, put it back and then
    check it against the rows (None for an index, which has nothing to check)."""
    drop: str
    put_back: str
    check: str | None = None


class _Loader:
    """Writes a batch's rows through the driver (see _bulk_load)."""

    def __init__(self, connection):
        self.connection = connection
        self.dialect = connection.dialect
        self.copy = self.dialect.name == "postgresql" and self.dialect.driver == "psycopg"
        self.converters: dict = {}  # by table: (position, converter) of the columns the driver cannot take as they are

    def secondary_indexes(self) -> list[_SetAside]:
        """The plain indexes on the bulk tables, not those behind a primary key or a unique constraint,
        which stay."""
        tables = [model.__tablename__ for model in BULK_MODELS]
        if self.dialect.name == "sqlite":
            found = self.connection.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN :tables").bindparams(bindparam("tables", expanding=True)), {"tables": tables})
        elif self.dialect.name == "postgresql":
            found = self.connection.execute(text(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename IN :tables AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conname = i.indexname)").bindparams(bindparam("tables", expanding=True)),
                {"tables": tables})
        else:
            return []
        quote = self.dialect.identifier_preparer.quote
        return [_SetAside(f"DROP INDEX {quote(name)}", create) for name, create in found]

    def foreign_keys(self) -> list[_SetAside]:
        """The bulk tables' foreign keys on PostgreSQL, put back NOT VALID (which cannot fail, so nothing is
        left out) and then checked against every row (SQLite's are part of the table, and not enforced
        here)."""
        if self.dialect.name != "postgresql":
            return []
        found = self.connection.execute(text(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND c.convalidated "
            "AND t.relnamespace = current_schema()::regnamespace AND t.relname IN :tables "
            "ORDER BY t.relname, c.conname").bindparams(bindparam("tables", expanding=True)),
            {"tables": [model.__tablename__ for model in BULK_MODELS]})
        quote = self.dialect.identifier_preparer.quote
        return [_SetAside(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}",
                          f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition} NOT VALID",
                          f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")
                for table, name, definition in found]

    def insert(self, table, rows: list[tuple]) -> None:
        """The rows through the driver in one go (executemany, or COPY on PostgreSQL), the columns that
        need it converted a column at a time (_column_converter) rather than compiled and processed row
        by row by SQLAlchemy."""
        columns = list(table.columns)
        converters = self.converters.get(table)
        if converters is None:
            converters = self.converters[table] = [
                (position, convert) for position, column in enumerate(columns)
                if (convert := _column_converter(column, self.dialect)) is not None]
        if converters:
            values = list(zip(*rows))
            for position, convert in converters:
                values[position] = convert(values[position])
            rows = list(zip(*values))
        quote = self.dialect.identifier_preparer.quote
        names = ", ".join(quote(c.name) for c in columns)
        # Table and column names come from our models, quoted by the dialect; values go as data.
        if self.copy:
            with self.connection.connection.driver_connection.cursor() as cursor:
                with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        marker = "?" if self.dialect.paramstyle == "qmark" else "%s"
        self.connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) "  # nosec B608 (accepted: names from our models, values bound)
                                        f"VALUES ({', '.join([marker] * len(columns))})", rows)


def _make_cases(count: int, seed: int, users: list[User]) -> int:
    if count <= 0:
        return 0
    rnd = _Dice(seed)  # nosec B311 (accepted: repeatable fictional demo data, not security)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    first = [fake.first_name() for _ in range(400)]
    last = [fake.last_name() for _ in range(600)]
    streets = [fake.street_address().replace("\n", ", ") for _ in range(800)]
    towns = [fake.city() for _ in range(200)]
    postcodes = [fake.postcode() for _ in range(800)]
    phones = [fake.phone_number() for _ in range(300)]
    shops = [f"{fake.company()} {rnd.choice(['Stores', 'Ltd', 'Supermarket', 'Pharmacy'])}" for _ in range(100)]
    # Plain copies of the reference rows, in a fixed order so a seed repeats on any database.
    offence_types = [_OffenceType(o.key, o.wording, o.legislation, o.mode_of_trial, o.default_gravity_score)
                     for o in db.session.scalars(select(OffenceType).where(
                         OffenceType.mode_of_trial != "indictable_only").order_by(OffenceType.key))]
    area_ids = list(db.session.scalars(select(Area.id).order_by(Area.id)))
    level = escalation_level()
    risky_for: dict[tuple, bool] = {}
    workers_by_area: dict[int, list[int]] = {}
    for u in users:
        if u.role == "caseworker" and u.area_id:
            workers_by_area.setdefault(u.area_id, []).append(u.id)
    supervisors = [u.id for u in users if u.role == "supervisor"]
    clerk_id = next(u.id for u in users if u.role == "clerk")
    statuses, cum_weights = list(STATUS_WEIGHTS), list(accumulate(STATUS_WEIGHTS.values()))
    sources, source_cum_weights = list(SOURCE_WEIGHTS), list(accumulate(SOURCE_WEIGHTS.values()))
    batch = _Batch()
    add, case_ids = batch.add, batch.tables[Case].ids
    signed = _specimen_signed_form()
    diary = _ClinicDiary()
    today = date.today()
    made = 0
    with _bulk_load() as load:
        while made < count:
            n = min(BATCH, count - made)
            for _ in range(n):
                status = rnd.weighted(statuses, cum_weights)
                early = status in ("referred", "screening", "awaiting_clinic", "decided")
                created = _at(today - timedelta(days=rnd.randint(21, 45) if early else rnd.randint(120, 540)), rnd)
                offence_date = created.date() - timedelta(days=rnd.randint(1, 60))
                age = rnd.randint(18, 70)
                dob = offence_date - timedelta(days=age * 365 + rnd.randint(0, 364))
                fn, ln = rnd.choice(first), rnd.choice(last)
                person_id = add[Person](
                    first_name=fn, last_name=ln, date_of_birth=dob, address_line1=rnd.choice(streets), address_line2="",
                    town=rnd.choice(towns), postcode=rnd.choice(postcodes), phone=rnd.choice(phones), email="",
                    pnc_id=f"{rnd.randint(0, 26):02d}/{rnd.randint(100000, 9999999)}{chr(65 + rnd.randint(0, 25))}"
                    if rnd.random() < 0.4 else None)
                case_id = next(case_ids)
                ot = rnd.choice(offence_types)
                da = ot.key in ("common_assault", "abh", "coercive_control", "harassment") and rnd.random() < 0.35
                hate = "racial" in ot.key or (ot.key.startswith("public_order") and rnd.random() < 0.1)
                area_id = rnd.choice(area_ids)
                worker = rnd.choice(workers_by_area.get(area_id) or [None]) if status != "referred" else None
                reference = f"OC{created:%y}-{case_id:06d}"
                # The force's escalation policy, with the score the case has (its screening, below, adds no factors).
                risky = risky_for.get((ot.key, da, hate))
                if risky is None:
                    risky = risky_for[ot.key, da, hate] = bool(
                        escalation_reasons(ot.mode_of_trial, da, hate, ot.default_gravity_score, level))
                add[Case](id=case_id, reference=reference, area_id=area_id, caseworker_id=worker,
                          suspect_id=person_id, source=rnd.weighted(sources, source_cum_weights),
                          status=status, is_high_risk=risky,
                          referring_officer=f"PC {rnd.choice(last)} {rnd.randint(1000, 9999)}", circumstances="",
                          cps_direction="", search_text=f"{reference} {fn} {ln} {ot.wording}".lower()[:400],
                          created_at=created, updated_at=created, version=1)
                add[Offence](case_id=case_id, offence_key=ot.key, wording=ot.wording,
                             legislation=ot.legislation, mode_of_trial=ot.mode_of_trial,
                             gravity_score=ot.default_gravity_score, offence_date=offence_date,
                             location=rnd.choice(towns), domestic_abuse=da, intimate_partner=da and rnd.random() < 0.7,
                             hate_crime=hate)
                victim_id, enhanced = None, False
                if not ot.key.startswith(("possession", "drunk", "offensive", "bladed")):
                    shop = ot.key in ("theft_shop", "making_off")
                    vulnerable, intimidated = rnd.random() < 0.08, rnd.random() < 0.05
                    enhanced = vulnerable or intimidated  # the Victims' Code's enhanced rights
                    victim_id = add[Victim](
                        case_id=case_id, first_name="" if shop else rnd.choice(first),
                        last_name=rnd.choice(shops) if shop else rnd.choice(last), address_line1=rnd.choice(streets),
                        town=rnd.choice(towns), postcode=rnd.choice(postcodes), phone=rnd.choice(phones), email="",
                        is_organisation=shop, vulnerable=vulnerable, intimidated=intimidated,
                        persistently_targeted=rnd.random() < 0.04,
                        views="supports_oocd" if status not in ("referred", "screening") else "not_obtained")
                history = _History(add, case_id, created, rnd)
                history.event("referred", "Referral received", clerk_id, at=created)
                if status != "referred":
                    _records_for(status, history, worker, rnd.choice(supervisors), ot, victim_id, enhanced, rnd,
                                 today, signed, diary)
            batch.flush(load)
            made += n
    _reset_sequences()
    return made


class _ClinicDiary:
    """The upcoming Caution Clinic times given to each caseworker, so no one is booked twice at one time
    (the clinic refuses that: webapp/services/clinics.py). Older cases take 10:00 to 18:00 from tomorrow
    on, spilling into later days once a caseworker's first fortnight is full (a million cases book more
    than three caseworkers can see in a fortnight); the recent cases, booked through the service, find
    their times from 09:00."""

    FIRST, MINUTES_A_DAY, DAYS = 10 * 60, 8 * 60, 14

    def __init__(self):
        self.next_free: dict[int | None, dict[int, int]] = {}

    def book(self, worker: int | None, today: date, rnd: random.Random) -> datetime:
        next_free = self.next_free.setdefault(worker, {})
        slot = rnd.randint(0, self.DAYS * self.MINUTES_A_DAY - 1)
        free = slot
        while free in next_free:  # the first free slot from the one drawn, shortening the paths walked
            free = next_free[free]
        while slot != free:
            next_free[slot], slot = free, next_free[slot]
        next_free[free] = free + 1
        day, minute = divmod(free, self.MINUTES_A_DAY)
        return datetime(today.year, today.month, today.day) + timedelta(days=day + 1, minutes=self.FIRST + minute)


class _History:
    """One case's rows, written as its story moves on (each step a little after the last)."""

    def __init__(self, add: dict[type, Callable[..., int]], case_id: int, start: datetime, rnd: random.Random):
        self.add, self.case_id, self.now, self.rnd = add, case_id, start, rnd
        self.add_event = add[CaseEvent]

    def later(self, low: int, high: int) -> datetime:
        self.now = self.now + timedelta(days=self.rnd.randint(low, high), minutes=self.rnd.randint(0, 300))
        return self.now

    def event(self, kind: str, summary: str, actor: int | None, at: datetime | None = None) -> None:
        self.add_event(case_id=self.case_id, at=at or self.now, actor_id=actor, kind=kind, summary=summary, detail="")


def _specimen_signed_form() -> dict:
    """One stored scan of a signed caution document that the older delivered cautions all point to
    (the recent ones each store their own through the delivery service)."""
    from webapp.demo_journeys import signed_form
    from webapp.services import storage as store
    data = signed_form("the offender")
    key = "signed/demo-specimen/signed-caution.pdf"
    if not store.exists(key):
        store.write(key, data)
    return dict(signed_file_name="signed-caution.pdf", signed_path=key,
                signed_sha256=store.sha256(data), signed_content_type="application/pdf")


def _records_for(status: str, h: _History, worker: int | None, supervisor: int, ot: _OffenceType,
                 victim_id: int | None, enhanced: bool, rnd: random.Random, today: date, signed: dict,
                 diary: _ClinicDiary) -> None:
    """The records that make a case's status true, in the order staff would have made them (enhanced: the
    victim, if any, has the Victims' Code's enhanced rights)."""
    case_id = h.case_id
    closed = status == "closed"
    h.add[Screening](case_id=case_id, admission=not closed, admission_date=None if closed else h.later(1, 4).date(),
                     evidential_stage_met=not closed, aggravating=[], mitigating=[],
                     final_gravity_score=ot.default_gravity_score, regime=TWO_TIER, assessment={}, updated_by_id=worker,
                     updated_at=h.now)
    h.event("screening", "Screening saved: status changed from Referred to Screening", worker)
    if closed:
        h.later(1, 5)
        h.event("status", "Status changed from Screening to Closed: no admission, so no out-of-court resolution "
                          "(no further action)", worker)
        return
    if status == "screening":
        return
    appointment_at = h.later(3, 12) if status != "awaiting_clinic" else diary.book(worker, today, rnd)
    appointment = h.add[ClinicAppointment](
        case_id=case_id, caseworker_id=worker, starts_at=appointment_at, location="Northgate Police Station",
        status="booked" if status == "awaiting_clinic" else "attended", notes="", purpose="needs_assessment")
    h.event("clinic_booked", f"Caution Clinic booked for {long_date(appointment_at)}", worker,
            at=min(appointment_at, h.now) if status == "awaiting_clinic" else appointment_at - timedelta(days=2))
    if status == "awaiting_clinic":
        return
    h.add[NeedsAssessment](case_id=case_id, appointment_id=appointment, needs={}, vulnerable=False,
                           safeguarding_concern=False, safeguarding_notes="",
                           assessor_opinion="No needs identified at the clinic", assessed_by_id=worker,
                           assessed_at=appointment_at)
    h.add[FullCodeTest](case_id=case_id, evidential_met=True, evidential_notes="Admission and CCTV",
                        public_interest={}, public_interest_notes="", public_interest_conclusion="out_of_court",
                        reviewed_by_id=worker, reviewed_at=h.later(0, 2))
    caution = ot.default_gravity_score >= 2 or status == "prosecuted"
    disposal = CONDITIONAL_CAUTION if caution else COMMUNITY_RESOLUTION
    decided_at = h.later(1, 5)
    decision = dict(case_id=case_id, disposal=disposal, regime=TWO_TIER, rationale="Admitted; suitable for an "
                    "out-of-court resolution", completion_date=None, override_note="", engine_snapshot={},
                    needs_supervisor=caution, needs_prosecutor=False, prosecutor_name="", decided_by_id=worker,
                    decided_at=decided_at, authorised_by_id=supervisor if caution else None,
                    authorised_at=h.later(0, 2), supervisor_comments="", version=1)
    h.event("decision", "Decision recorded", worker, at=decided_at)
    h.event("decision_authorised", "Decision authorised: status changed to Decided", supervisor if caution else worker)
    delivered = status != "decided"
    if delivered:
        decision.update(status="delivered", delivered_by_id=worker, delivered_at=h.later(2, 10))
    else:
        decision.update(status="authorised", delivered_by_id=None, delivered_at=None)
    decision_id = h.add[Decision](**decision)
    if delivered and caution:  # given at the station with the record CJA 2003 ss.22-23 require
        h.add[CautionDelivery](
            decision_id=decision_id, case_id=case_id, given_by_name="Sgt Morgan Hale", given_by_rank="Sergeant",
            given_by_authority="constable", admission_to_giver=True, admission_words="I did it", effect_explained=True,
            breach_warning_given=True, given_at=decision["delivered_at"], place="Northgate Police Station",
            recorded_by_id=worker, recorded_at=decision["delivered_at"], **signed)
    if delivered:
        h.event("decision_delivered", "Delivered: status changed from Decided to Conditions active", worker)
    if victim_id is not None:
        due = _working_days_after(decided_at.date(), 5 if enhanced else 10)
        h.add[VictimContact](
            victim_id=victim_id, case_id=case_id, purpose="outcome", due_date=due, reason="Tell the victim the outcome",
            done_at=_at(min(due, today), rnd) if delivered else None, method="phone" if delivered else "",
            summary="Outcome explained" if delivered else "", done_by_id=worker if delivered else None,
            created_at=decided_at)
    course, provider = rnd.choice(COURSES)
    if status == "conditions_active":
        due = today + timedelta(days=rnd.randint(7, 70))
    else:
        due = (h.now + timedelta(days=rnd.randint(28, 84))).date()
    kind, ctype, hours = ("rehabilitative", "course", Decimal(3)) if caution else ("reparative", "apology", None)
    what = course if caution else "Letter of apology to the victim"
    condition = dict(case_id=case_id, decision_id=decision_id, kind=kind, type=ctype, description=what,
                     provider=provider if caution else "", hours=hours, amount=None, due_date=due, status="pending",
                     completed_at=None, evidence="")
    if status == "completed":
        done_on = due - timedelta(days=rnd.randint(1, 14))
        condition.update(status="completed", completed_at=done_on,
                         evidence=f"Attended on {long_date(done_on)} (provider's attendance file)." if caution
                         else "Letter seen by the caseworker")
        condition_id = h.add[Condition](**condition)
        if caution:
            h.add[AttendanceRecord](condition_id=condition_id, case_id=case_id, session_date=done_on, attended=True,
                                    course=course, row_number=None, recorded_by_id=worker,
                                    recorded_at=_at(done_on, rnd))
        h.event("condition_completed", f"Condition completed: {what}", worker, at=_at(done_on, rnd))
        h.event("status", "Status changed from Conditions active to Completed", worker, at=_at(done_on, rnd))
    elif status == "prosecuted":
        missed = due - timedelta(days=rnd.randint(1, 14))
        condition.update(status="breached", evidence=f"Did not attend on {long_date(missed)} (provider's attendance file).")
        condition_id = h.add[Condition](**condition)
        h.add[AttendanceRecord](condition_id=condition_id, case_id=case_id, session_date=missed, attended=False,
                                course=course, row_number=None, recorded_by_id=worker, recorded_at=_at(missed, rnd))
        recorded = _at(missed + timedelta(days=3), rnd)
        h.add[Breach](case_id=case_id, condition_id=condition_id, what_happened=f"Did not attend the {course.lower()}",
                      reasonable_excuse="", offender_account="No reason given", proposed_outcome="prosecute",
                      outcome_notes="", status="approved", recorded_by_id=worker, recorded_at=recorded,
                      approved_by_id=supervisor, approved_at=recorded + timedelta(days=1), supervisor_comments="Agreed",
                      registration_status="", version=1)
        h.event("breach_recorded", f"Breach recorded: {course}", worker, at=recorded)
        h.event("breach_approved", "Breach approved: prosecute for the original offence; status changed to "
                                   "Prosecuted", supervisor, at=recorded + timedelta(days=1))
    else:
        h.add[Condition](**condition)


def _reset_sequences() -> None:
    """PostgreSQL serial sequences do not see explicit ids: move them past what we inserted."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in BULK_MODELS:
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"))  # nosec B608 (accepted: table names from our models)
    db.session.commit()
