"""Statistics: rebuilding the daily counts from the records, and reading figures from them.

`refresh()` replaces every row of `statistic_counts` with aggregates computed in the database (one
grouped SELECT per measure, so a million cases never pass through Python, only their daily counts:
about 140,000 rows at a million cases). Every aggregate is read first and written afterwards in one
short transaction: on SQLite a write transaction locks the whole database, and INSERT ... SELECT held
that lock for the minute the aggregates take at a million cases, so every page's audit line waited. `figure()` sums
the counts for one figure under the filters and pivots them into a table; the page, the CSV and
the XLSX downloads all come from that table, so what is drawn, read and downloaded always agree.
"""
from __future__ import annotations

import csv
import io
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time as dt_time, timedelta

from sqlalchemy import Integer, and_, case, cast, delete, exists, func, insert, literal, select, text
from sqlalchemy.orm import aliased

from webapp.domain import offence_groups
from webapp.services import data_quality
from webapp.domain import statistics as stats
from webapp.domain.disposals import ALL_DISPOSALS, LABELS
from webapp.extensions import db
from webapp.models import Area, Case, Condition, Decision, Offence, Victim, VictimContact
from webapp.models.statistics import StatisticCount, StatisticsRefresh
from webapp.models._types import utcnow

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------- refreshing the counts


def _dialect() -> str:
    return db.engine.dialect.name


def _day(column):
    return func.date(column) if _dialect() == "sqlite" else cast(column, db.Date)


def _month(column):
    return func.strftime("%Y-%m", column) if _dialect() == "sqlite" else func.to_char(column, "YYYY-MM")


def _days_between(later, earlier):
    if _dialect() == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(func.date_part("day", later - earlier), Integer)


_FIRST = aliased(Offence, name="first_offence")


def _days_after(column, days: int):
    if _dialect() == "sqlite":
        return func.datetime(column, f"+{days} days")
    return column + text(f"interval '{days} days'")


def _with_first_offence(stmt):
    """Join each case's first offence (its lowest id) once, as a derived table: a correlated lookup
    per row inside the group-by CASE is many times slower on PostgreSQL."""
    first = select(Offence.case_id, func.min(Offence.id).label("offence_id")).group_by(Offence.case_id).subquery()
    return (stmt.outerjoin(first, first.c.case_id == Case.id)
            .outerjoin(_FIRST, _FIRST.id == first.c.offence_id))


def _group(offence_key):
    return case(*[(offence_key.in_(keys), literal(group)) for group, keys in offence_groups.GROUPS.items()],
                else_=literal(offence_groups.OTHER))


_COLUMNS = ("measure", "day", "month", "key", "area_id", "disposal", "offence_group", "value")
WRITE_BATCH = 10_000


def _aggregate(measure: str, facts) -> list[dict]:
    """Aggregate a facts query (at, key, area_id, disposal, offence_key[, value]) into counts (read only)."""
    f = _with_first_offence(facts).subquery()
    value = func.sum(f.c.value) if "value" in f.c else func.count()
    group = _group(f.c.offence_key)
    day, month = _day(f.c.at), _month(f.c.at)
    rows = (select(literal(measure), day, month, f.c.key, f.c.area_id, f.c.disposal, group, value)
            .group_by(day, month, f.c.key, f.c.area_id, f.c.disposal, group))
    return [dict(zip(_COLUMNS, (*row[:7], int(row[7] or 0)))) for row in db.session.execute(rows)]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _delivered():
    return (select(Decision, Case).join(Case, Case.id == Decision.case_id)
            .where(Decision.status == "delivered", Decision.delivered_at.is_not(None)))


def _first_resolutions():
    """Each person's resolutions numbered by delivery (earliest first, ties by decision id), in one
    grouped pass over the delivered decisions: number 1 is the person's first, the MIN of their
    delivery dates. A correlated "no earlier resolution" test per decision took minutes at 100,000 cases."""
    order = func.row_number().over(partition_by=Case.suspect_id, order_by=(Decision.delivered_at, Decision.id))
    return (select(Decision.id.label("decision_id"), order.label("n"))
            .join(Case, Case.id == Decision.case_id)
            .where(Decision.status == "delivered", Decision.delivered_at.is_not(None))).subquery("first_resolutions")


def start_refresh(user):
    """Rebuild the counts in the background (a million cases take a while); the page shows progress."""
    from jobs.queue import enqueue
    from webapp.models import BackgroundJob

    job = BackgroundJob(kind="statistics_refresh", title="Working out the statistics", created_by_id=user.id)
    db.session.add(job)
    db.session.commit()
    return enqueue("jobs.tasks.statistics.refresh_statistics", job)


def refresh(today: date | None = None) -> StatisticsRefresh:
    """Rebuild every count from the records, and record today's data-quality counts: every figure is
    read first, then written in one short transaction (readers see the old counts until it commits)."""
    today = today or date.today()
    started = time.perf_counter()
    counted: list[dict] = []

    def _insert(measure: str, facts) -> None:
        counted.extend(_aggregate(measure, facts))

    delivered = [Decision.delivered_at.label("at"), Case.area_id.label("area_id"),
                 Decision.disposal.label("disposal"), _FIRST.offence_key.label("offence_key")]
    base = _delivered().with_only_columns
    _insert("disposal", base(*delivered, literal("").label("key")))
    condition_key = case((Condition.status == "completed", literal("completed")),
                         (Condition.status == "breached", literal("breached")), else_=literal("pending"))
    _insert("condition", base(*delivered, condition_key.label("key")).join(Condition, Condition.decision_id == Decision.id))
    days = _days_between(Decision.decided_at, Case.created_at)
    bucket = case(*[(days <= high, literal(key)) for key, _, high in stats.DECISION_DAY_BUCKETS[:-1]],
                  else_=literal(stats.DECISION_DAY_BUCKETS[-1][0]))
    _insert("decision_days", base(*delivered, bucket.label("key")))
    _insert("decision_days_sum", base(*delivered, literal("").label("key"), days.label("value")))
    _insert("override", select(Decision.decided_at.label("at"), Case.area_id.label("area_id"),
                               Decision.disposal.label("disposal"), _FIRST.offence_key.label("offence_key"),
                               Decision.override_code.label("key"))
            .join(Case, Case.id == Decision.case_id)
            .where(Decision.override_code.is_not(None), Decision.override_code != ""))
    later = aliased(Case)
    referred_again = exists().where(later.suspect_id == Case.suspect_id, later.created_at > Decision.delivered_at,
                                    later.created_at <= _days_after(Decision.delivered_at, stats.REOFFENDING_DAYS))
    _insert("reoffending", base(*delivered, case((referred_again, literal("reoffended")), else_=literal("not")).label("key"))
            .where(Decision.delivered_at < datetime.combine(today - timedelta(days=stats.REOFFENDING_DAYS), dt_time())))
    update_key = case((VictimContact.done_at.is_(None), literal("overdue")),
                      (_day(VictimContact.done_at) <= VictimContact.due_date, literal("on_time")), else_=literal("late"))
    _insert("victim_update", select(VictimContact.due_date.label("at"), Case.area_id.label("area_id"),
                                    literal("").label("disposal"), _FIRST.offence_key.label("offence_key"),
                                    update_key.label("key"))
            .join(Case, Case.id == VictimContact.case_id)
            .where((VictimContact.done_at.is_not(None)) | (VictimContact.due_date < today)))
    _insert("satisfaction", select(Victim.satisfaction_recorded_on.label("at"), Case.area_id.label("area_id"),
                                   literal("").label("disposal"), _FIRST.offence_key.label("offence_key"),
                                   Victim.satisfaction.label("key"))
            .join(Case, Case.id == Victim.case_id)
            .where(Victim.satisfaction != "", Victim.satisfaction_recorded_on.is_not(None)))
    first = _first_resolutions()
    _insert("first_time", base(*delivered, literal("").label("key"))
            .join(first, and_(first.c.decision_id == Decision.id, first.c.n == 1)))
    _insert("rj", select(Victim.rj_offered_on.label("at"), Case.area_id.label("area_id"), literal("").label("disposal"),
                         _FIRST.offence_key.label("offence_key"), Victim.rj_response.label("key"))
            .join(Case, Case.id == Victim.case_id).where(Victim.rj_offered_on.is_not(None)))
    problems = data_quality.count_all(today)
    # Everything is read: now the short write (readers see the old counts until it commits).
    db.session.execute(delete(StatisticCount))
    for row in counted:
        row["day"] = _as_date(row["day"])
    for first in range(0, len(counted), WRITE_BATCH):
        db.session.execute(insert(StatisticCount), counted[first:first + WRITE_BATCH])
    data_quality.record_counts(today, problems)
    made = StatisticsRefresh(finished_at=utcnow(), seconds=round(time.perf_counter() - started, 3), rows=len(counted))
    db.session.add(made)
    db.session.commit()
    return made


def last_refresh() -> StatisticsRefresh | None:
    return db.session.scalar(select(StatisticsRefresh).order_by(StatisticsRefresh.id.desc()).limit(1))


# --------------------------------------------------------------------------- reading figures


@dataclass(frozen=True)
class Table:
    figure: stats.Figure
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    summary: str = ""

    @property
    def total(self) -> int:
        return sum(sum(values) for _, values in self.rows)


def _filtered(measure: str, filters: stats.Filters, ignores: tuple[str, ...] = ()):
    c = StatisticCount
    stmt = select().where(c.measure == measure, c.day >= filters.date_from, c.day <= filters.date_to)
    if filters.area_id is not None:
        stmt = stmt.where(c.area_id == filters.area_id)
    if filters.disposal and "disposal" not in ignores:
        stmt = stmt.where(c.disposal == filters.disposal)
    if filters.offence_group:
        stmt = stmt.where(c.offence_group == filters.offence_group)
    return stmt


_ROW_HEADERS = {"month": "Month", "area": "Area", "offence_group": "Offence group", "disposal": "Resolution"}


def _key_labels(figure: stats.Figure) -> dict[str, str]:
    if figure.measure == "condition":
        return stats.CONDITION_KEYS
    if figure.measure == "victim_update":
        return stats.VICTIM_UPDATE_KEYS
    if figure.measure == "rj":
        return stats.RJ_KEYS
    if figure.measure == "decision_days":
        return stats.BUCKET_LABELS
    if figure.measure == "reoffending":
        return stats.REOFFENDING_KEYS
    if figure.measure == "satisfaction":
        from webapp.models.victim import SATISFACTION
        return SATISFACTION
    from webapp.domain.authorisation import OVERRIDE_CODES
    return OVERRIDE_CODES


def _row_labels(figure: stats.Figure, filters: stats.Filters, found: set) -> dict:
    if figure.rows == "month":
        return {m: stats.month_label(m) for m in stats.months_between(filters.date_from, filters.date_to)}
    if figure.rows == "area":
        return dict(db.session.execute(select(Area.id, Area.name).order_by(Area.name)).all())
    if figure.rows == "offence_group":
        return {g: g for g in offence_groups.names()}
    if figure.rows == "disposal":
        return {d: LABELS.get(d, d) for d in [*ALL_DISPOSALS, *sorted(found - set(ALL_DISPOSALS))] if d in found}
    labels = dict(_key_labels(figure))
    labels.update({k: k for k in found if k not in labels})  # a code no longer in the list still shows
    return labels


_DIMENSIONS = ("month", "area_id", "offence_group", "disposal", "key")


def _measure_counts(measure: str, filters: stats.Filters, ignores: tuple[str, ...]) -> list[tuple]:
    """The measure's counts under the filters, summed by every dimension a figure pivots on: one small
    result (months x areas x groups x disposals x keys) that each figure of the measure reads."""
    c = StatisticCount
    columns = [getattr(c, name) for name in _DIMENSIONS]
    stmt = _filtered(measure, filters, ignores).add_columns(*columns, func.sum(c.value)).group_by(*columns)
    return [tuple(row) for row in db.session.execute(stmt)]


_POSITION = {"month": 0, "area": 1, "offence_group": 2, "disposal": 3, "key": 4}


def figure(key: str, filters: stats.Filters, measured: dict | None = None) -> Table:
    """One figure as a table. `measured` caches each measure's counts across the figures of one page."""
    fig = stats.BY_KEY[key]
    measured = {} if measured is None else measured
    cache_key = (fig.measure, fig.ignores)
    if cache_key not in measured:
        measured[cache_key] = _measure_counts(fig.measure, filters, fig.ignores)
    counts: dict[tuple, int] = {}
    for row in measured[cache_key]:
        cell = (row[_POSITION[fig.rows]], row[_POSITION[fig.columns]] if fig.columns else "")
        counts[cell] = counts.get(cell, 0) + int(row[-1])
    rows_found = {r for r, _ in counts}
    row_labels = _row_labels(fig, filters, rows_found)
    if fig.columns == "disposal":
        present = {col for _, col in counts}
        columns = [(d, LABELS[d]) for d in ALL_DISPOSALS if d in present] + [(d, d) for d in present if d not in LABELS]
    elif fig.columns == "key":
        columns = list(_key_labels(fig).items())
    else:
        columns = [("", fig.value_label)]
    rows = [(label, [counts.get((r, col), 0) for col, _ in columns]) for r, label in row_labels.items()]
    if fig.rows == "offence_group":
        rows = [(label, values) for label, values in rows if any(values)]
    return Table(fig, _ROW_HEADERS.get(fig.rows, "Answer"), [label for _, label in columns], rows if counts else [],
                 _summary(fig, filters, counts))


def _summary(fig: stats.Figure, filters: stats.Filters, counts: dict) -> str:
    if fig.measure != "decision_days":
        return ""
    decisions = sum(counts.values())
    if not decisions:
        return ""
    total_days = db.session.scalar(_filtered("decision_days_sum", filters).add_columns(func.sum(StatisticCount.value)))
    return f"Average {int(total_days or 0) / decisions:.1f} days over {decisions:,} decisions."


def all_figures(filters: stats.Filters) -> list[Table]:
    measured: dict = {}
    return [figure(f.key, filters, measured) for f in stats.FIGURES]


# --------------------------------------------------------------------------- downloads


def _lines(table: Table) -> Iterator[list]:
    yield [table.row_header, *table.columns]
    for label, values in table.rows:
        yield [label, *values]


def csv_chunks(table: Table) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _lines(table):
        writer.writerow(line)
        if buffer.tell() > 16384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_chunks(tables: list[Table], marking: str) -> Iterator[bytes]:
    """An XLSX workbook, a sheet per figure, built in a spooled temporary file and sent in chunks."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.figure.key[:31])
        sheet.append([marking])
        sheet.append([table.figure.title])
        for line in _lines(table):
            sheet.append(line)
        if table.summary:
            sheet.append([table.summary])
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as handle:
        book.save(handle)
        handle.seek(0)
        while chunk := handle.read(65536):
            yield chunk
