from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._types import utcnow

_hasher = PasswordHasher()

ROLES = {
    "clerk": "Clerk",
    "caseworker": "Caseworker",
    "victim_liaison": "Victim liaison officer",
    "supervisor": "Supervisor",
    "admin": "Administrator",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised to end every session at once (sign-out, password change, deactivation): a session
    # carries the number it was signed in with, and an older number is no longer accepted.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")  # in a row
    locked_at: Mapped[datetime | None] = mapped_column()  # set after too many failures; a supervisor unlocks

    area = relationship("Area")

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def get_id(self) -> str:
        """Flask-Login keeps this in the session: the id and the session version it was signed in with."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses log-in for deactivated accounts
        return self.active

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)
