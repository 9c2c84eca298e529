from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class Area(db.Model):
    """A policing area served by one OOCR team, with the custody suites that refer into it."""

    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    custody_suites: Mapped[str] = mapped_column(Text, default="")

    @property
    def custody_suite_list(self) -> list[str]:
        return [s.strip() for s in self.custody_suites.split(";") if s.strip()]
