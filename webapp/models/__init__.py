"""Typed SQLAlchemy models, one module per aggregate."""
from webapp.models.access import AreaCover
from webapp.models.area import Area
from webapp.models.audit import AuditRecord
from webapp.models.case import Case, CaseEvent, Offence
from webapp.models.catalogue import OffenceType
from webapp.models.clinic import ClinicAppointment, NeedsAssessment, PartnerReferral
from webapp.models.compliance import (AttendanceMismatch, AttendanceRecord, AttendanceUpload, Breach, ComplianceTask,
                                      EvidenceBundle, EvidenceFile, Payment, RedactionDecision, ReviewerValue, Witness)
from webapp.models.decision import Condition, Decision, EngineSetting, FullCodeTest, PreviousOutcome, Screening
from webapp.models.document import DocumentTemplate, GeneratedDocument
from webapp.models.job import BackgroundJob
from webapp.models.outcome import OutcomeEntry, OutcomeExport  # noqa: F401  (records-system outcomes)
from webapp.models.person_link import PersonAlias, PersonMatch, PersonMerge  # noqa: F401  (people across cases)
from webapp.models.statistics import DataQualityCount, StatisticCount, StatisticsRefresh  # noqa: F401  (statistics)
from webapp.models.enquiry import Enquiry
from webapp.models.partners import Provider
from webapp.models.restorative import RestorativeJustice
from webapp.models.person import Person
from webapp.models.schedule import SiteMarker, SweepRun
from webapp.models.setting_change import SettingChange
from webapp.models import search_index  # noqa: F401  (SQLite's case search index and its triggers)
from webapp.models.user import User
from webapp.models.victim import Victim
from webapp.models.victim_contact import VictimContact
from webapp.models.variation import ConditionVariation  # noqa: F401  (varied conditions and the agreement)

__all__ = [
    "AreaCover",
    "ClinicAppointment", "Condition", "Decision", "DocumentTemplate", "EngineSetting", "FullCodeTest",
    "GeneratedDocument", "NeedsAssessment", "PartnerReferral", "Provider", "Enquiry", "RestorativeJustice", "PreviousOutcome", "Screening", "VictimContact",
    "Area", "AuditRecord", "BackgroundJob", "Case", "CaseEvent", "Offence", "OffenceType", "Person", "User", "Victim",
    "AttendanceMismatch", "AttendanceRecord", "AttendanceUpload", "Breach", "ComplianceTask", "EvidenceBundle",
    "EvidenceFile", "Payment", "RedactionDecision", "ReviewerValue", "Witness", "SiteMarker", "SweepRun", "SettingChange"]
