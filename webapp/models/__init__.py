"""Typed SQLAlchemy models, one module per aggregate."""
from webapp.models.area import Area
from webapp.models.audit import AuditRecord
from webapp.models.case import Case, CaseEvent, Offence
from webapp.models.catalogue import OffenceType
from webapp.models.person import Person
from webapp.models.user import User
from webapp.models.victim import Victim

__all__ = ["Area", "AuditRecord", "Case", "CaseEvent", "Offence", "OffenceType", "Person", "User", "Victim"]
