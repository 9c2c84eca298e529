"""People across cases: candidates for a suspect, merging (audit-logged, reversible), and the outcomes
a person already has on other cases, which the decision engine reads as previous outcomes.

Candidates are found in two steps, as record linkage at scale is done: blocking in the database
(same birth date, PNC ID or postcode, or an alias with that birth date), so only a few hundred rows
are read however many people there are, then scoring of those few by the Splink model
(webapp.domain.people). Nothing is merged without a person's decision.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, update

from webapp.audit import log as audit
from webapp.domain import people as model
from webapp.domain.case import PREVIOUS_OUTCOMES
from webapp.domain.offence_groups import OTHER, group_of
from webapp.domain.victims import age_on
from webapp.extensions import db
from webapp.models import Case, CaseEvent, Decision, Offence, Person
from webapp.models._types import utcnow
from webapp.models.person_link import PersonAlias, PersonMatch, PersonMerge

CANDIDATE_LIMIT = 500


class MergeRefused(ValueError):
    pass


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: model.Score
    match: PersonMatch | None  # the pair's earlier decision, if any
    case_references: tuple[str, ...]


def merged_away():
    """Ids of people merged into someone else (and not undone): never offered as candidates."""
    return select(PersonMerge.merged_id).where(PersonMerge.undone_at.is_(None))


def _records(prefix: str, source: str, people: Iterable[Person], aliases: Iterable[PersonAlias]):
    rows, owner = [], {}
    by_id = {}
    for p in people:
        by_id[p.id] = p
        rows.append(model.record(f"{prefix}p{p.id}", source, first_name=p.first_name, last_name=p.last_name,
                                 date_of_birth=p.date_of_birth, pnc_id=p.pnc_id, postcode=p.postcode))
        owner[f"{prefix}p{p.id}"] = p.id
    for a in aliases:
        base = by_id[a.person_id]
        rows.append(model.record(f"{prefix}a{a.id}", source, first_name=a.first_name, last_name=a.last_name,
                                 date_of_birth=a.date_of_birth or base.date_of_birth, pnc_id=base.pnc_id,
                                 postcode=base.postcode))
        owner[f"{prefix}a{a.id}"] = a.person_id
    return rows, owner


def _aliases(person_ids: Iterable[int]) -> list[PersonAlias]:
    ids = list(person_ids)
    return list(db.session.scalars(select(PersonAlias).where(PersonAlias.person_id.in_(ids)))) if ids else []


def _blocked(person: Person, aliases: list[PersonAlias]) -> list[Person]:
    dobs = {person.date_of_birth} | {a.date_of_birth for a in aliases if a.date_of_birth}
    rules = [Person.date_of_birth.in_(dobs)]
    if person.pnc_id:
        rules.append(Person.pnc_id == person.pnc_id)
    if person.postcode:
        rules.append(Person.postcode == person.postcode)
    rules.append(Person.id.in_(select(PersonAlias.person_id).where(PersonAlias.date_of_birth.in_(dobs))))
    stmt = (select(Person).where(or_(*rules), Person.id != person.id, Person.id.not_in(merged_away()))
            .order_by(Person.id.desc()).limit(CANDIDATE_LIMIT))
    return list(db.session.scalars(stmt))


def candidates_for(person: Person) -> list[Candidate]:
    """Earlier records the model scores above the threshold for `person`, strongest first."""
    own_aliases = _aliases([person.id])
    known = _blocked(person, own_aliases)
    if not known:
        return []
    new_rows, _ = _records("n", "new", [person], own_aliases)
    known_rows, owner = _records("k", "known", known, _aliases(p.id for p in known))
    best: dict[int, model.Score] = {}
    for s in model.score(new_rows, known_rows):
        pid = owner[s.known_id]
        if s.proposed and (pid not in best or s.match_weight > best[pid].match_weight):
            best[pid] = s
    if not best:
        return []
    matches = {m.candidate_id: m for m in db.session.scalars(
        select(PersonMatch).where(PersonMatch.person_id == person.id, PersonMatch.candidate_id.in_(best)))}
    references: dict[int, list[str]] = {}
    for pid, ref in db.session.execute(select(Case.suspect_id, Case.reference).where(Case.suspect_id.in_(best))
                                       .order_by(Case.id)):
        references.setdefault(pid, []).append(ref)
    people = {p.id: p for p in known}
    found = [Candidate(people[pid], s, matches.get(pid), tuple(references.get(pid, ()))) for pid, s in best.items()]
    return sorted(found, key=lambda c: -c.score.match_weight)


def _match(person: Person, candidate: Candidate) -> PersonMatch:
    match = candidate.match
    if match is None:
        match = PersonMatch(person_id=person.id, candidate_id=candidate.person.id)
        db.session.add(match)
    match.match_weight = candidate.score.match_weight
    match.match_probability = candidate.score.match_probability
    match.fields = {k: list(v) for k, v in candidate.score.fields.items()}
    match.model_version = model.MODEL_VERSION
    return match


def propose(person: Person) -> list[PersonMatch]:
    """Store the proposals for `person` (for the review list and the data-quality report); pairs
    already decided keep their decision. The caller commits."""
    found = candidates_for(person)
    reverse = set(db.session.scalars(select(PersonMatch.person_id).where(
        PersonMatch.candidate_id == person.id, PersonMatch.person_id.in_([c.person.id for c in found]))))
    made = []
    for candidate in found:
        if candidate.person.id in reverse:
            continue  # already proposed the other way round
        if candidate.match is None or candidate.match.status == "proposed":
            made.append(_match(person, candidate))
            db.session.flush()
    return made


def propose_for_recent(since: datetime) -> int:
    """The batch: proposals for the suspect of every case referred since `since`. Returns how many."""
    ids = db.session.scalars(select(Case.suspect_id).where(Case.created_at >= since).distinct())
    count = 0
    for person in db.session.scalars(select(Person).where(Person.id.in_(list(ids))).order_by(Person.id.desc())):
        count += len(propose(person))
    audit.record("combine", "people", "", f"Possible duplicate people checked for cases referred since {since:%Y-%m-%d}:"
                 f" {count} proposal(s)")
    db.session.commit()
    return count


def _candidate(person: Person, candidate_id: int) -> Candidate:
    found = next((c for c in candidates_for(person) if c.person.id == candidate_id), None)
    if found is None:
        raise MergeRefused("That record is no longer a likely match for this person")
    return found


def merge(case: Case, candidate_id: int, user, reason: str = "") -> PersonMerge:
    """The case's suspect and the earlier record are the same person: the earlier record's cases move
    to the case's suspect (whose details are the newest), the earlier name becomes an alias, and a
    PNC ID the newer record lacks is copied. Audit-logged; `undo` reverses every part."""
    person = case.suspect
    candidate = _candidate(person, candidate_id)
    if candidate.match is not None and candidate.match.status not in ("proposed", "undone", "rejected"):
        raise MergeRefused("These records were already merged")
    match = _match(person, candidate)
    match.status, match.decided_by_id, match.decided_at, match.reason = "merged", user.id, utcnow(), reason
    earlier = candidate.person
    moved = list(db.session.scalars(select(Case.id).where(Case.suspect_id == earlier.id)))
    db.session.execute(update(Case).where(Case.id.in_(moved)).values(suspect_id=person.id)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(PersonAlias).where(PersonAlias.person_id == earlier.id).values(person_id=person.id)
                       .execution_options(synchronize_session=False))
    created = []
    if (model.normalise_name(earlier.first_name), model.normalise_name(earlier.last_name), earlier.date_of_birth) != \
            (model.normalise_name(person.first_name), model.normalise_name(person.last_name), person.date_of_birth):
        alias = PersonAlias(person_id=person.id, first_name=earlier.first_name, last_name=earlier.last_name,
                            date_of_birth=earlier.date_of_birth, source="merge", created_by_id=user.id)
        db.session.add(alias)
        db.session.flush()
        created.append(alias.id)
    copied = ""
    if not person.pnc_id and earlier.pnc_id:
        person.pnc_id = copied = earlier.pnc_id
    db.session.flush()
    record = PersonMerge(match_id=match.id, kept_id=person.id, merged_id=earlier.id, case_ids=moved, alias_ids=created,
                         copied_pnc_id=copied, merged_by_id=user.id)
    db.session.add(record)
    moved_refs = ", ".join(db.session.scalars(select(Case.reference).where(Case.id.in_(moved)))) or "none"
    db.session.add(CaseEvent(case_id=case.id, actor_id=user.id, kind="person_merged",
                             summary=f"Suspect recognised as the person in earlier case(s) {moved_refs}"))
    audit.record("combine", "person", person.id,
                 f"Person {earlier.id} merged into person {person.id} from case {case.reference} "
                 f"(match weight {candidate.score.match_weight:.1f}); cases moved: {moved_refs}"
                 + (f"; reason: {reason}" if reason else ""), user=user)
    db.session.commit()
    return record


def reject(case: Case, candidate_id: int, user, reason: str = "") -> PersonMatch:
    person = case.suspect
    match = _match(person, _candidate(person, candidate_id))
    if match.status == "merged":
        raise MergeRefused("These records are merged: undo the merge instead")
    match.status, match.decided_by_id, match.decided_at, match.reason = "rejected", user.id, utcnow(), reason
    audit.record("alter", "person", person.id, f"Person {candidate_id} judged not the same person as {person.id} "
                 f"(case {case.reference})" + (f"; reason: {reason}" if reason else ""), user=user)
    db.session.commit()
    return match


def undo(merge_id: int, user, reason: str) -> PersonMerge:
    """Put a merge back: the moved cases and aliases return to the earlier record, the alias made
    and the PNC ID copied are removed. The merge row stays, marked undone, for the record."""
    record = db.session.get(PersonMerge, merge_id)
    if record is None or record.undone_at is not None:
        raise MergeRefused("This merge was already undone")
    kept = db.session.get(Person, record.kept_id)
    db.session.execute(update(Case).where(Case.id.in_(record.case_ids), Case.suspect_id == record.kept_id)
                       .values(suspect_id=record.merged_id).execution_options(synchronize_session=False))
    for alias in db.session.scalars(select(PersonAlias).where(PersonAlias.id.in_(record.alias_ids))):
        db.session.delete(alias)
    if record.copied_pnc_id and kept.pnc_id == record.copied_pnc_id:
        kept.pnc_id = None
    record.undone_by_id, record.undone_at, record.undo_reason = user.id, utcnow(), reason
    record.match.status = "undone"
    audit.record("alter", "person", kept.id, f"Merge of person {record.merged_id} into {kept.id} undone: {reason}",
                 user=user)
    db.session.commit()
    return record


# --------------------------------------------------------------------------- aliases entered by hand

ENTERED = "entered"  # PersonAlias.source for a name a member of staff entered (merges make "merge" ones)


class AliasRefused(ValueError):
    pass


def aliases_of(person_id: int) -> list[PersonAlias]:
    return list(db.session.scalars(select(PersonAlias).where(PersonAlias.person_id == person_id)
                                   .order_by(PersonAlias.id)))


def add_alias(case: Case, *, first_name: str, last_name: str, date_of_birth: date | None, user) -> PersonAlias:
    """Another name the case's suspect has used (from the PNC, the referral, or what they said): matching
    compares it from now on, and earlier records it now matches are proposed. Audit-logged; the caller commits."""
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    if not first or not last:
        raise AliasRefused("Enter the first and last name they used")
    person = case.suspect
    same = (model.normalise_name(first), model.normalise_name(last), date_of_birth or person.date_of_birth)
    known = [(model.normalise_name(a.first_name), model.normalise_name(a.last_name), a.date_of_birth or person.date_of_birth)
             for a in aliases_of(person.id)]
    if same in known or same == (model.normalise_name(person.first_name), model.normalise_name(person.last_name),
                                 person.date_of_birth):
        raise AliasRefused("This person is already recorded under that name")
    alias = PersonAlias(person_id=person.id, first_name=first[:80], last_name=last[:80], date_of_birth=date_of_birth,
                        source=ENTERED, created_by_id=user.id)
    db.session.add(alias)
    db.session.flush()
    db.session.add(CaseEvent(case_id=case.id, actor_id=user.id, kind="alias_added",
                             summary=f"Other name recorded for the suspect: {first} {last}"[:255]))
    audit.record("collect", "person", person.id, f"Alias {alias.id} added from case {case.reference}: {first} {last}"
                 + (f", born {date_of_birth.isoformat()}" if date_of_birth else ""), user=user)
    propose(person)  # records the name now matches go on the Duplicates list at once, not only tonight
    return alias


def remove_alias(case: Case, alias_id: int, user) -> PersonAlias:
    """Take off a name entered by mistake. Names a merge made go only by undoing the merge."""
    alias = db.session.get(PersonAlias, alias_id)
    if alias is None or alias.person_id != case.suspect_id:
        raise LookupError(alias_id)
    if alias.source != ENTERED:
        raise AliasRefused("This name came from a merge: undo the merge to take it off")
    db.session.delete(alias)
    db.session.add(CaseEvent(case_id=case.id, actor_id=user.id, kind="alias_removed",
                             summary=f"Other name removed: {alias.first_name} {alias.last_name}"[:255]))
    audit.record("erase", "person", case.suspect_id, f"Alias {alias.id} removed from case {case.reference}: "
                 f"{alias.first_name} {alias.last_name}", user=user)
    return alias


def merges_for(person_id: int) -> list[PersonMerge]:
    return list(db.session.scalars(select(PersonMerge).where(
        or_(PersonMerge.kept_id == person_id, PersonMerge.merged_id == person_id)).order_by(PersonMerge.id.desc())))


def proposals(limit: int = 100) -> tuple[list[PersonMatch], int]:
    stmt = select(PersonMatch).where(PersonMatch.status == "proposed")
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(stmt.order_by(PersonMatch.match_weight.desc()).limit(limit))
    return list(rows), total


# --------------------------------------------------------------------------- earlier outcomes


@dataclass(frozen=True)
class EarlierOutcome:
    """A disposal the same person was given on another case: what the engine reads as a previous
    outcome (`outcome`, `outcome_date`, `similar`), with the case it came from."""

    outcome: str
    outcome_date: date
    similar: bool
    source_reference: str
    offence: str


_YOUTH_NAMES = {"simple_caution": "youth_caution", "conditional_caution": "youth_conditional_caution",
                "youth_community_resolution": "community_resolution"}


def _previous_outcome_name(disposal: str, age: int) -> str | None:
    """The engine's vocabulary (PREVIOUS_OUTCOMES); cautions given to under-18s are youth cautions.
    None for a disposal the engine has no word for: it is left out rather than guessed."""
    name = _YOUTH_NAMES.get(disposal, disposal) if age < 18 or disposal.startswith("youth_") else disposal
    return name if name in PREVIOUS_OUTCOMES else None


def earlier_outcomes(case: Case) -> list[EarlierOutcome]:
    """Outcomes delivered on the suspect's other cases, oldest first.

    The engine applies the two-year look-back itself; "similar" is the force's offence grouping
    (webapp.domain.offence_groups), which the caseworker can check on the linked case.
    """
    this_offence = case.offence
    # The person's other cases first, then their decisions: asked in one go, SQLite started from every
    # delivered decision in the force (its status index) and took 0.6 s at a million cases.
    other_cases = db.session.scalars(select(Case.id).where(Case.suspect_id == case.suspect_id, Case.id != case.id)).all()
    if not other_cases:
        return []
    first_offence = select(func.min(Offence.id)).where(Offence.case_id == Case.id).correlate(Case).scalar_subquery()
    rows = db.session.execute(
        select(Decision.disposal, Decision.delivered_at, Case.reference, Offence.offence_key, Offence.wording,
               Person.date_of_birth)
        .join(Case, Case.id == Decision.case_id).join(Person, Person.id == Case.suspect_id)
        .outerjoin(Offence, Offence.id == first_offence)
        .where(Decision.case_id.in_(other_cases), Decision.status == "delivered", Decision.delivered_at.is_not(None))
        .order_by(Decision.delivered_at)).all()
    group = group_of(this_offence.offence_key) if this_offence is not None else OTHER
    found = []
    for r in rows:
        name = _previous_outcome_name(r.disposal, age_on(r.date_of_birth, r.delivered_at.date()))
        if name is not None:
            found.append(EarlierOutcome(name, r.delivered_at.date(), group != OTHER and group_of(r.offence_key) == group,
                                        r.reference, r.wording or ""))
    return found


def latest_case_references(person_ids: list[int]) -> dict[int, str]:
    """Each person's newest case, where their review happens."""
    if not person_ids:
        return {}
    newest = (select(Case.suspect_id, func.max(Case.id).label("case_id")).where(Case.suspect_id.in_(person_ids))
              .group_by(Case.suspect_id).subquery())
    return dict(db.session.execute(select(newest.c.suspect_id, Case.reference).join(Case, Case.id == newest.c.case_id)).all())
