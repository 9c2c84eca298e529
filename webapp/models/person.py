from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class Person(db.Model):
    """A suspect or offender. Victims are held separately (DPA 2018 s.38(3): keep categories apart)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date]
    address_line1: Mapped[str] = mapped_column(String(120), default="")
    address_line2: Mapped[str] = mapped_column(String(120), default="")
    town: Mapped[str] = mapped_column(String(80), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    pnc_id: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_lines(self) -> list[str]:
        return [p for p in (self.address_line1, self.address_line2, self.town, self.postcode) if p]

    def age_on(self, when: date) -> int:
        years = when.year - self.date_of_birth.year
        if (when.month, when.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years
