from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class OffenceType(db.Model):
    """The force's offence catalogue. Gravity scores are force data (assumed, editable), not law."""

    __tablename__ = "offence_types"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    wording: Mapped[str] = mapped_column(String(255))
    legislation: Mapped[str] = mapped_column(String(255))
    mode_of_trial: Mapped[str] = mapped_column(String(20))
    default_gravity_score: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
