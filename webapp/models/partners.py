"""The directory of partner agencies that admins keep: who offers which service, where, and how to refer."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.domain.partners import REFERRAL_METHODS, SERVICES
from webapp.extensions import db
from webapp.models._types import utcnow


class Provider(db.Model):
    """One organisation. `services` are keys of webapp.domain.partners.SERVICES; `areas` are Area codes
    (empty means it takes referrals from every area)."""

    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    services: Mapped[list] = mapped_column(JSON, default=list)
    areas: Mapped[list] = mapped_column(JSON, default=list)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    contact_route: Mapped[str] = mapped_column(Text, default="")
    referral_method: Mapped[str] = mapped_column(String(20), default="email")
    capacity: Mapped[int | None]
    waiting_weeks: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def service_labels(self) -> list[str]:
        return [SERVICES.get(s, s) for s in self.services or []]

    @property
    def referral_method_label(self) -> str:
        return REFERRAL_METHODS.get(self.referral_method, self.referral_method)

    def covers(self, area_code: str | None) -> bool:
        return not self.areas or area_code in self.areas
