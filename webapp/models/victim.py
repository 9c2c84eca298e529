from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

VIEWS = {
    "not_obtained": "Not yet obtained",
    "supports_oocd": "Supports an out-of-court resolution",
    "opposes_oocd": "Opposes an out-of-court resolution",
}

RJ_RESPONSES = {
    "accepted": "Accepted",
    "declined": "Declined",
    "considering": "Thinking about it",
}

# The victim's satisfaction with how the case was dealt with, asked when it closes (statistics).
SATISFACTION = {
    "very_satisfied": "Very satisfied",
    "satisfied": "Satisfied",
    "neither": "Neither satisfied nor dissatisfied",
    "dissatisfied": "Dissatisfied",
    "very_dissatisfied": "Very dissatisfied",
    "declined": "Declined to say",
}


class Victim(db.Model):
    """A victim linked to a case, with the Victims' Code flags that give enhanced rights."""

    __tablename__ = "victims"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    address_line1: Mapped[str] = mapped_column(String(120), default="")
    town: Mapped[str] = mapped_column(String(80), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # Under 18 at the offence makes a victim vulnerable under the Victims' Code (webapp.domain.victims).
    date_of_birth: Mapped[date | None]
    is_organisation: Mapped[bool] = mapped_column(default=False)
    vulnerable: Mapped[bool] = mapped_column(default=False)
    intimidated: Mapped[bool] = mapped_column(default=False)
    persistently_targeted: Mapped[bool] = mapped_column(default=False)
    views: Mapped[str] = mapped_column(String(20), default="not_obtained")
    # When and how the views were last sought, and what the victim said (PCSC 2022 s.100(3): reasonable efforts).
    views_recorded_on: Mapped[date | None]
    views_method: Mapped[str] = mapped_column(String(20), default="")
    views_notes: Mapped[str] = mapped_column(Text, default="")
    # The action from the community remedy document the victim asked for (ASBCPA 2014 s.102; CJA 2003 s.23ZA).
    requested_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("community_remedy_actions.id", ondelete="SET NULL"))
    # Restorative justice (Victims' Code Rights 3-4): when it was offered and the answer.
    rj_offered_on: Mapped[date | None]
    rj_response: Mapped[str] = mapped_column(String(20), default="")
    # Asked when the case closes (SATISFACTION); the day asked dates it in the statistics.
    satisfaction: Mapped[str] = mapped_column(String(20), default="", server_default="")
    satisfaction_recorded_on: Mapped[date | None]

    # Optimistic lock, as on cases: a save from a form opened before someone else's save is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    case = relationship("Case", back_populates="victims")
    requested_action = relationship("CommunityRemedyAction")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def rj_response_label(self) -> str:
        return RJ_RESPONSES.get(self.rj_response, self.rj_response)

    @property
    def satisfaction_label(self) -> str:
        return SATISFACTION.get(self.satisfaction, self.satisfaction)

    @property
    def views_label(self) -> str:
        return VIEWS.get(self.views, self.views)


class CommunityRemedyAction(db.Model):
    """One action on the force area's community remedy document (Anti-social Behaviour, Crime and Policing
    Act 2014 s.101), kept by admins. `condition_type` and `kind` say what condition it becomes when attached."""

    __tablename__ = "community_remedy_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    condition_type: Mapped[str] = mapped_column(String(30))  # webapp.domain.conditions.CONDITION_CATALOGUE
    kind: Mapped[str] = mapped_column(String(20))  # rehabilitative, reparative or punitive (s.101(3))
    active: Mapped[bool] = mapped_column(default=True)
