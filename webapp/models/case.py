from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, exists
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.domain.lifecycle import AWAITING_ESCALATION_REVIEW, STATUSES, TAG_CLASS, escalation_reasons
from webapp.extensions import db
from webapp.models._types import utcnow

SOURCES = {
    "officer": "Officer referral",
    "custody": "Custody referral",
    "cps_diverted": "CPS-diverted",
}

MODES_OF_TRIAL = {
    "summary": "Summary only",
    "either_way": "Either way",
    "indictable_only": "Indictable only",
}


class Case(db.Model):
    """One referral of one suspect, from intake to closure.

    `version` is SQLAlchemy's optimistic lock: a stale edit fails instead of overwriting.
    `search_text` is a lower-cased copy of what the case list searches, kept so one indexed
    column serves the live search rather than a join per keystroke.
    """

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    suspect_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="referred", index=True)
    is_high_risk: Mapped[bool] = mapped_column(default=False, index=True)
    referring_officer: Mapped[str] = mapped_column(String(120), default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    cps_direction: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    area = relationship("Area")
    caseworker = relationship("User")
    suspect = relationship("Person")
    offences = relationship("Offence", back_populates="case", cascade="all, delete-orphan", order_by="Offence.id")
    victims = relationship("Victim", back_populates="case", cascade="all, delete-orphan", order_by="Victim.id")
    decisions = relationship("Decision", back_populates="case", cascade="all, delete-orphan", order_by="Decision.id")
    screening = relationship("Screening", uselist=False, cascade="all, delete-orphan")
    full_code_test = relationship("FullCodeTest", uselist=False, cascade="all, delete-orphan")
    previous_outcomes = relationship("PreviousOutcome", cascade="all, delete-orphan", order_by="PreviousOutcome.outcome_date")
    events = relationship("CaseEvent", back_populates="case", cascade="all, delete-orphan",
                          order_by="CaseEvent.at.desc(), CaseEvent.id.desc()")

    @property
    def offence(self) -> Offence | None:
        return self.offences[0] if self.offences else None

    @property
    def current_decision(self):
        """The latest decision that has not been superseded (returned decisions are replaced by a new one)."""
        return self.decisions[-1] if self.decisions else None

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_tag_class(self) -> str:
        return TAG_CLASS.get(self.status, "")

    @property
    def escalation_gravity_score(self) -> int | None:
        """The screening's final gravity score once recorded, else the referral's base score (or None)."""
        from webapp.domain.escalation import score_for_escalation
        off = self.offence
        screening = self.screening
        return score_for_escalation(screening.final_gravity_score if screening is not None else None,
                                    off.gravity_score if off is not None else None)

    @property
    def escalation_reasons(self) -> list[str]:
        """Why the force's escalation policy sends this case to a supervisor first (its setting, read once per
        request): the same rule as the engine, with the score the case has so far."""
        off = self.offence
        if off is None:
            return []
        from webapp.services.settings import escalation_level
        return escalation_reasons(off.mode_of_trial, off.domestic_abuse, off.hate_crime,
                                  self.escalation_gravity_score, escalation_level())

    def add_event(self, kind: str, summary: str, detail: str = "", actor=None) -> None:
        """A line on the timeline, by `actor` (None for the system); the summary is cut to its column."""
        self.events.append(CaseEvent(kind=kind, summary=summary[:255], detail=detail,
                                     actor_id=actor.id if actor is not None else None))

    def refresh_derived(self) -> None:
        """Recompute the denormalised search text and risk flag after the parties, offence or screening change.
        The flag follows the force's escalation policy with the case's gravity score (escalation_reasons)."""
        off = self.offence
        parts = [self.reference, self.suspect.full_name if self.suspect else "", off.wording if off else ""]
        self.search_text = " ".join(parts).lower()[:400]
        self.is_high_risk = bool(self.escalation_reasons)


Index("ix_cases_search_text", Case.search_text)
# The escalations: open high-risk cases of the user's areas, oldest first (migration 0018 says why two).
Index("ix_cases_high_risk_open", Case.is_high_risk, Case.status, Case.area_id, Case.created_at).ddl_if(dialect="sqlite")
Index("ix_cases_escalations", Case.created_at,
      postgresql_where=Case.is_high_risk & Case.status.in_(AWAITING_ESCALATION_REVIEW)).ddl_if(dialect="postgresql")


def case_in_areas(case_id, area_ids) -> ColumnElement[bool]:
    """A WHERE clause: the row's case (`case_id`, a column) is in one of these areas. Asked of each row
    through the case's key; `case_id IN (the areas' cases)` first lists a third of every case."""
    return exists().where(Case.id == case_id, Case.area_id.in_(sorted(area_ids)))


class Offence(db.Model):
    __tablename__ = "offences"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    offence_key: Mapped[str | None] = mapped_column(ForeignKey("offence_types.key"))
    wording: Mapped[str] = mapped_column(String(255))
    legislation: Mapped[str] = mapped_column(String(255), default="")
    mode_of_trial: Mapped[str] = mapped_column(String(20))
    gravity_score: Mapped[int]
    offence_date: Mapped[date]
    location: Mapped[str] = mapped_column(String(200), default="")
    domestic_abuse: Mapped[bool] = mapped_column(default=False, index=True)
    intimate_partner: Mapped[bool] = mapped_column(default=False)
    hate_crime: Mapped[bool] = mapped_column(default=False, index=True)

    case = relationship("Case", back_populates="offences")

    @property
    def mode_of_trial_label(self) -> str:
        return MODES_OF_TRIAL.get(self.mode_of_trial, self.mode_of_trial)


class CaseEvent(db.Model):
    """One line on the case timeline: who did what, when."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(255))
    detail: Mapped[str] = mapped_column(Text, default="")

    case = relationship("Case", back_populates="events")
    actor = relationship("User")
