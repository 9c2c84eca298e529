"""The data-quality report: records that break the rules in webapp.domain.data_quality, each linked to
the page that fixes it, and each day's counts kept for the trend."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time as dt_time, timedelta

from sqlalchemy import CompoundSelect, Date, and_, cast, delete, func, literal, select, text, union_all

from sqlalchemy.orm import aliased

from webapp.domain import data_quality as rules
from webapp.extensions import db
from webapp.models import Case, ComplianceTask, Decision, Offence, Person, Screening, Victim, VictimContact
from webapp.models.person_link import PersonMatch
from webapp.models.statistics import DataQualityCount

SAMPLE = 20


@dataclass(frozen=True)
class Problem:
    reference: str
    detail: str
    fix: str  # which page fixes it (Check.fix, or "contacts" for a victim contact)


@dataclass(frozen=True)
class Finding:
    check: rules.Check
    count: int
    problems: list[Problem]


def _day(column):
    return func.date(column) if db.engine.dialect.name == "sqlite" else cast(column, Date)


def _years_before(column, years: int):
    if db.engine.dialect.name == "sqlite":
        return func.date(column, f"-{years} years")
    return cast(column - text(f"interval '{years} years'"), Date)


def _rows(check: str, today: date):
    """(reference, detail, fix, case_id) rows for one check, as a select to count or to sample."""
    decided = Case.status.in_(rules.DECIDED_STATUSES)
    if check == "missing_gravity":
        return (select(Case.reference, literal("No final gravity score on the screening").label("detail"),
                       literal("screening").label("fix"), Case.id.label("case_id"))
                .outerjoin(Screening, Screening.case_id == Case.id)
                .where(decided, Screening.final_gravity_score.is_(None)))
    if check == "no_victim_view":
        return (select(Case.reference, (literal("Views not sought from ") + Victim.first_name + literal(" ")
                                        + Victim.last_name).label("detail"),
                       literal("victims").label("fix"), Case.id.label("case_id"))
                .join(Victim, Victim.case_id == Case.id)
                .where(decided, Victim.views == "not_obtained", Victim.views_recorded_on.is_(None)))
    if check == "decision_without_rationale":
        return (select(Case.reference, literal("The decision gives no reason").label("detail"),
                       literal("decision").label("fix"), Case.id.label("case_id"))
                .join(Decision, Decision.case_id == Case.id).where(func.trim(Decision.rationale) == ""))
    if check == "overdue_tasks":
        tasks = (select(Case.reference, (literal("Task overdue: ") + ComplianceTask.title).label("detail"),
                        literal("compliance").label("fix"), Case.id.label("case_id"))
                 .join(ComplianceTask, ComplianceTask.case_id == Case.id)
                 .where(ComplianceTask.done.is_(False), ComplianceTask.due_date < today))
        contacts = (select(Case.reference, literal("Victim contact overdue").label("detail"),
                           literal("contacts").label("fix"), Case.id.label("case_id"))
                    .join(VictimContact, VictimContact.case_id == Case.id)
                    .where(VictimContact.done_at.is_(None), VictimContact.due_date < today))
        return union_all(tasks, contacts)
    if check == "impossible_dates":
        offence_after = (select(Case.reference, literal("The offence is dated after the referral").label("detail"),
                                literal("case").label("fix"), Case.id.label("case_id"))
                         .join(Offence, Offence.case_id == Case.id).where(Offence.offence_date > _day(Case.created_at)))
        too_young = (select(Case.reference, literal(f"The suspect was under {rules.YOUNGEST_AT_OFFENCE} or not born at "
                                                    "the offence").label("detail"),
                            literal("case").label("fix"), Case.id.label("case_id"))
                     .join(Offence, Offence.case_id == Case.id).join(Person, Person.id == Case.suspect_id)
                     .where(Person.date_of_birth > _years_before(Offence.offence_date, rules.YOUNGEST_AT_OFFENCE)))
        delivered_early = (select(Case.reference, literal("The decision was delivered before it was made").label("detail"),
                                  literal("decision").label("fix"), Case.id.label("case_id"))
                           .join(Decision, Decision.case_id == Case.id)
                           .where(Decision.delivered_at < Decision.decided_at))
        return union_all(offence_after, too_young, delivered_early)
    if check == "duplicate_people":
        other = aliased(Case)
        newest = (select(func.max(other.id)).where(other.suspect_id == PersonMatch.person_id)
                  .correlate(PersonMatch).scalar_subquery())
        return (select(Case.reference, literal("Likely the same person as an earlier record").label("detail"),
                       literal("people").label("fix"), Case.id.label("case_id"))
                .join(PersonMatch, and_(PersonMatch.person_id == Case.suspect_id, Case.id == newest))
                .where(PersonMatch.status == "proposed"))
    raise KeyError(check)


def _scoped(stmt, area_id: int | None, since: datetime | None, scope=None):
    """The check's selects limited to one area (or to `scope`, a WHERE clause on the case such as
    webapp.views.case_scope: the areas the user sees) and to cases referred since `since` (each part alike)."""
    conditions = ([Case.area_id == area_id] if area_id is not None else []) + \
                 ([Case.created_at >= since] if since is not None else []) + \
                 ([scope] if scope is not None else [])
    parts = [part.where(*conditions) for part in (stmt.selects if isinstance(stmt, CompoundSelect) else [stmt])]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()


def finding(check: str, today: date, area_id: int | None = None, since: datetime | None = None,
            scope=None) -> Finding:
    """How many records break the rule and the newest few, in one read: the count is a window over every
    row before the limit, so the check's joins run once rather than once to count and again to sample."""
    rows = _scoped(_rows(check, today), area_id, since, scope)
    sample = db.session.execute(select(rows, func.count().over().label("total"))
                                .order_by(rows.c.case_id.desc()).limit(SAMPLE)).all()
    count = sample[0].total if sample else 0
    return Finding(rules.BY_KEY[check], count, [Problem(r.reference, r.detail, r.fix) for r in sample])


def report(today: date | None = None, area_id: int | None = None, recent_days: int | None = None,
           scope=None) -> list[Finding]:
    """Every check; with `recent_days`, over the cases referred in that many days only (the page's
    working list; the nightly counts cover every record); with `scope`, the user's areas only."""
    today = today or date.today()
    since = datetime.combine(today - timedelta(days=recent_days), dt_time()) if recent_days else None
    return [finding(c.key, today, area_id, since, scope) for c in rules.CHECKS]


def latest_counts() -> tuple[date | None, dict[str, int]]:
    """The last night's count of every problem over all records."""
    day = db.session.scalar(select(func.max(DataQualityCount.day)))
    if day is None:
        return None, {}
    rows = db.session.execute(select(DataQualityCount.check_key, DataQualityCount.count)
                              .where(DataQualityCount.day == day))
    return day, dict(rows.all())


def count_all(today: date | None = None) -> dict[str, int]:
    """Today's count of each problem over every record (reads only)."""
    today = today or date.today()
    return {c.key: db.session.scalar(select(func.count()).select_from(_scoped(_rows(c.key, today), None, None)))
            for c in rules.CHECKS}


def record_counts(today: date | None = None, counts: dict[str, int] | None = None) -> dict[str, int]:
    """Keep today's count of each problem (run nightly with the statistics; `counts` when already
    worked out); the caller commits."""
    today = today or date.today()
    counts = count_all(today) if counts is None else counts
    db.session.execute(delete(DataQualityCount).where(DataQualityCount.day == today))
    db.session.add_all(DataQualityCount(day=today, check_key=k, count=v) for k, v in counts.items())
    return counts


def history(days: int = 90, today: date | None = None) -> list[tuple[date, dict[str, int]]]:
    """Counts by day for the trend, oldest first."""
    since = (today or date.today()) - timedelta(days=days)
    found: dict[date, dict[str, int]] = {}
    for row in db.session.scalars(select(DataQualityCount).where(DataQualityCount.day >= since)
                                  .order_by(DataQualityCount.day)):
        found.setdefault(row.day, {})[row.check_key] = row.count
    return list(found.items())
