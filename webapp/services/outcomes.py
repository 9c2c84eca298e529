"""Outcomes for the force's records system: the clerks' queue, marking one recorded, and the bulk export.

No hook in the delivery, breach or youth panel code is needed: an outcome exists because its record
does (a delivered decision, a breach a supervisor approved for prosecution, or a youth panel referral
whose recorded outcome is a caution, Community Resolution or charge), and its code is derived by
`webapp.domain.outcomes.outcome_for`. A row in `outcome_entries` is written only when a clerk
records the outcome or an export sends it, and keeps what was recorded or sent.

Nothing is sent twice: an export claims every unsent row with one
`UPDATE ... SET export_id = :new WHERE export_id IS NULL`, which PostgreSQL's row locks and SQLite's
single writer both serialise, so two exports at the same moment split the rows, never share them.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError

from webapp.audit import log as audit
from webapp.domain.compliance import PROSECUTE
from webapp.domain.disposals import LABELS
from webapp.domain.outcomes import YOUTH_PANEL_OUTCOMES, Outcome, outcome_for
from webapp.domain.youth import PANEL_OUTCOMES
from webapp.extensions import db
from webapp.models import Area, Breach, Case, CaseEvent, Decision, Offence, Person
from webapp.models.decision import YouthPanelReferral
from webapp.domain.ids import parse_id
from webapp.models._types import utcnow
from webapp.models.outcome import OutcomeEntry, OutcomeExport

RECORDS_SYSTEM = "Force records system (crime outcome)"
# Each source of an outcome, with the outcome_entries column that ties its row to the record.
SOURCE_COLUMNS = {"decision": OutcomeEntry.decision_id, "breach": OutcomeEntry.breach_id,
                  "youth": OutcomeEntry.youth_referral_id}


def disposal_label(disposal: str) -> str:
    """An out-of-court disposal's or a youth panel outcome's name; "" for one this system does not know."""
    return LABELS.get(disposal) or PANEL_OUTCOMES.get(disposal, ("",))[0]

# The export's columns, in order, with what each holds (shown on the export page and in the README).
EXPORT_COLUMNS: dict[str, str] = {
    "outcome_id": "This system's number for the outcome: the same outcome always has the same number",
    "export_id": "The export file the row was sent in",
    "case_reference": "The OOCR case reference",
    "outcome_code": "Home Office outcome code (for example 8, 3, 2, 22, 1)",
    "outcome_text": "The outcome as the records system words it",
    "outcome_date": "The date the outcome was given (YYYY-MM-DD)",
    "replaces_outcome_code": "For a prosecution after a breach: the outcome code it replaces",
    "disposal": "The out-of-court resolution given",
    "surname": "Offender's surname",
    "forenames": "Offender's first name(s)",
    "date_of_birth": "Offender's date of birth (YYYY-MM-DD)",
    "pnc_id": "Offender's PNC ID, where known",
    "offence": "Offence wording",
    "offence_date": "Date of the offence (YYYY-MM-DD)",
    "area": "Policing area",
}


class OutcomeNotFound(LookupError):
    pass


@dataclass(frozen=True)
class PendingOutcome:
    """One outcome still to go on the records system, as the clerk's queue shows it."""

    outcome: Outcome
    reference: str
    suspect_name: str
    disposal: str
    replaces_code: str

    @property
    def disposal_label(self) -> str:
        return disposal_label(self.disposal) or self.disposal.replace("_", " ").capitalize()


def _sources():
    """Every record that gives an outcome, as (source, source_id, case_id, disposal, at, entry id).

    A prosecution after breach carries the case's delivered disposal, so the queue can say what the
    new outcome replaces. A youth panel referral carries its recorded outcome as the disposal and the
    panel's date.
    """
    entry = [OutcomeEntry.id.label("entry_id"), OutcomeEntry.recorded_at.label("recorded_at"),
             OutcomeEntry.export_id.label("export_id")]
    # Each part joins its entry on its own unique column: an OR in one join would defeat the indexes.
    decisions = (
        select(literal("decision").label("source"), Decision.id.label("source_id"), Decision.case_id.label("case_id"),
               Decision.disposal.label("disposal"), Decision.delivered_at.label("at"), *entry)
        .outerjoin(OutcomeEntry, OutcomeEntry.decision_id == Decision.id)
        .where(Decision.status == "delivered", Decision.delivered_at.is_not(None)))
    delivered = (select(Decision.disposal).where(Decision.case_id == Breach.case_id, Decision.status == "delivered")
                 .order_by(Decision.delivered_at.desc()).limit(1).scalar_subquery())
    breaches = (
        select(literal("breach").label("source"), Breach.id.label("source_id"), Breach.case_id.label("case_id"),
               func.coalesce(delivered, "").label("disposal"), Breach.approved_at.label("at"), *entry)
        .outerjoin(OutcomeEntry, OutcomeEntry.breach_id == Breach.id)
        .where(Breach.status == "approved", Breach.proposed_outcome == PROSECUTE, Breach.approved_at.is_not(None)))
    youth = (
        select(literal("youth").label("source"), YouthPanelReferral.id.label("source_id"),
               YouthPanelReferral.case_id.label("case_id"), YouthPanelReferral.outcome.label("disposal"),
               YouthPanelReferral.outcome_on.label("at"), *entry)
        .outerjoin(OutcomeEntry, OutcomeEntry.youth_referral_id == YouthPanelReferral.id)
        .where(YouthPanelReferral.outcome.in_(YOUTH_PANEL_OUTCOMES), YouthPanelReferral.outcome_on.is_not(None)))
    return union_all(decisions, breaches, youth).subquery("outcome_sources")


def _pending_query(area_id: int | None, *, without_entry: bool = False, scope=None):
    """`scope` is a WHERE clause on the case (webapp.views.case_scope: the areas the user sees)."""
    src = _sources()
    unsent = (src.c.entry_id.is_(None) if without_entry
              else or_(src.c.entry_id.is_(None), and_(src.c.recorded_at.is_(None), src.c.export_id.is_(None))))
    stmt = (select(src, Case.reference, Person.first_name, Person.last_name, Person.date_of_birth)
            .join(Case, Case.id == src.c.case_id).join(Person, Person.id == Case.suspect_id).where(unsent))
    if area_id is not None:
        stmt = stmt.where(Case.area_id == area_id)
    if scope is not None:
        stmt = stmt.where(scope)
    return stmt


def _pending(row) -> PendingOutcome:
    at = row.at.date() if isinstance(row.at, datetime) else row.at
    outcome = outcome_for(row.source, row.source_id, row.case_id, disposal=row.disposal, outcome_date=at,
                          date_of_birth=row.date_of_birth)
    replaces = ""
    if row.source == "breach" and row.disposal:
        earlier = outcome_for("decision", 0, row.case_id, disposal=row.disposal, outcome_date=at,
                              date_of_birth=row.date_of_birth)
        replaces = earlier.code.code if earlier.code else ""
    return PendingOutcome(outcome, row.reference, f"{row.first_name} {row.last_name}", row.disposal, replaces)


def pending(area_id: int | None = None, *, scope=None, page: int = 1,
            per_page: int = 50) -> tuple[list[PendingOutcome], int]:
    """Outcomes neither recorded by a clerk nor sent in an export, oldest first, and how many there are."""
    stmt = _pending_query(area_id, scope=scope)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(stmt.order_by("at", "source", "source_id")
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return [_pending(r) for r in rows], total


def _one_pending(key: str, scope=None) -> PendingOutcome:
    source, _, raw_id = key.partition("-")
    if source not in SOURCE_COLUMNS or parse_id(raw_id) is None:  # "²" and 2**63 too
        raise OutcomeNotFound(key)
    src = _sources()
    stmt = (select(src, Case.reference, Person.first_name, Person.last_name, Person.date_of_birth)
            .join(Case, Case.id == src.c.case_id).join(Person, Person.id == Case.suspect_id)
            .where(src.c.source == source, src.c.source_id == parse_id(raw_id)))
    row = db.session.execute(stmt.where(scope) if scope is not None else stmt).first()
    if row is None:
        raise OutcomeNotFound(key)
    return _pending(row)


def _entry_for(item: PendingOutcome) -> OutcomeEntry:
    outcome = item.outcome
    column = SOURCE_COLUMNS[outcome.source]
    entry = db.session.scalar(select(OutcomeEntry).where(column == outcome.source_id))
    if entry is None:
        entry = OutcomeEntry(case_id=outcome.case_id, outcome_date=outcome.outcome_date,
                             code=outcome.code.code if outcome.code else "",
                             wording=outcome.code.wording if outcome.code else "",
                             disposal=item.disposal, replaces_code=item.replaces_code)
        setattr(entry, column.key, outcome.source_id)
        db.session.add(entry)
    return entry


def mark_recorded(key: str, user, scope=None) -> OutcomeEntry:
    """A clerk has entered the outcome on the records system: note who and when. Returns the entry;
    if someone already recorded or exported it, nothing changes and the existing entry is returned.
    An outcome outside `scope` (another area's) is not found."""
    item = _one_pending(key, scope)
    entry = _entry_for(item)
    if entry.recorded_at is not None or entry.export_id is not None:
        return entry
    entry.recorded_by_id, entry.recorded_at = user.id, utcnow()
    code = f"Outcome {entry.code}" if entry.code else "The outcome"
    db.session.add(CaseEvent(case_id=item.outcome.case_id, actor_id=user.id, kind="outcome_recorded",
                             summary=f"{code} recorded on the force's records system"))
    audit.record("disclose", "case", item.reference, f"{code} ({entry.wording}) recorded on the records system",
                 recipient=RECORDS_SYSTEM, user=user)
    try:
        db.session.commit()
    except IntegrityError:  # another clerk recorded it at the same moment: theirs stands
        db.session.rollback()
        return _entry_for(_one_pending(key))
    return entry


# --------------------------------------------------------------------------- the bulk export


def _add_missing_entries(scope=None) -> None:
    """Write a row for every outcome that has none yet, so the export can claim it."""
    while True:
        rows = db.session.execute(_pending_query(None, without_entry=True, scope=scope)
                                  .order_by("at", "source", "source_id").limit(5000)).all()
        if not rows:
            return
        try:
            with db.session.begin_nested():
                for item in map(_pending, rows):
                    _entry_for(item)
        except IntegrityError:  # a concurrent export wrote some of them first: read again
            continue
        if len(rows) < 5000:
            return


def export_new(user=None, via: str = "web", scope=None) -> OutcomeExport:
    """Claim every outcome not sent before into a new export (which may hold none) and commit. With
    `scope` (a clerk's areas), only those areas' outcomes; the command line sends every area's."""
    _add_missing_entries(scope)
    export = OutcomeExport(created_by_id=user.id if user else None, via=via)
    db.session.add(export)
    db.session.flush()
    unsent = OutcomeEntry.export_id.is_(None)
    if scope is not None:
        unsent = and_(unsent, OutcomeEntry.case_id.in_(select(Case.id).where(scope)))
    claimed = db.session.execute(update(OutcomeEntry).where(unsent)
                                 .values(export_id=export.id).execution_options(synchronize_session=False))
    export.rows = claimed.rowcount
    audit.record("disclose", "outcome_export", export.id,
                 f"Outcome export {export.id} ({via}): {export.rows} outcome(s)", recipient=RECORDS_SYSTEM, user=user)
    db.session.commit()
    return export


def recent_exports(limit: int = 20) -> list[OutcomeExport]:
    return list(db.session.scalars(select(OutcomeExport).order_by(OutcomeExport.id.desc()).limit(limit)))


def export_csv(export_id: int, scope=None) -> Iterator[str]:
    """The export's rows as CSV text, header first, a chunk at a time (for streaming); with `scope`,
    only the rows of cases in the areas the downloader sees."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    first_offence = (select(func.min(Offence.id)).where(Offence.case_id == Case.id).correlate(Case)
                     .scalar_subquery())
    stmt = (select(OutcomeEntry, Case.reference, Person, Offence, Area.name)
            .join(Case, Case.id == OutcomeEntry.case_id).join(Person, Person.id == Case.suspect_id)
            .join(Area, Area.id == Case.area_id).outerjoin(Offence, Offence.id == first_offence)
            .where(OutcomeEntry.export_id == export_id).order_by(OutcomeEntry.id))
    if scope is not None:
        stmt = stmt.where(scope)
    for entry, reference, person, offence, area in db.session.execute(stmt).yield_per(1000):
        writer.writerow([
            entry.id, export_id, reference, entry.code, entry.wording, entry.outcome_date.isoformat(),
            entry.replaces_code, disposal_label(entry.disposal) or entry.disposal, person.last_name, person.first_name, person.date_of_birth.isoformat(), person.pnc_id or "",
            offence.wording if offence else "", offence.offence_date.isoformat() if offence else "", area])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_file_name(export: OutcomeExport) -> str:
    return f"outcomes-{export.created_at:%Y-%m-%d}-{export.id}.csv"

