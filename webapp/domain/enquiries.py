"""Enquiries and correspondence: who they come from, how, which team answers, and when an answer is due.

The response target is counted in working days (England and Wales bank holidays), like the Victims'
Code deadlines. The target is the force's own service standard, not a statutory limit, so staff set it
per enquiry; DEFAULT_TARGET_DAYS is the starting value. Nothing here imports Flask.
"""
from __future__ import annotations

from datetime import date

from webapp.domain.working_days import add_working_days

DIRECTIONS = {"in": "Received", "out": "Sent"}
CHANNELS = {"phone": "Telephone call", "email": "E-mail", "letter": "Letter", "in_person": "In person"}
FROM_TYPES = {
    "victim": "Victim",
    "offender": "Offender",
    "officer": "Police officer",
    "solicitor": "Solicitor",
    "partner": "Partner agency",
    "public": "Member of the public",
}
STATUSES = {"open": "Open", "answered": "Answered", "passed_on": "Passed on"}
STATUS_TAGS = {"open": "govuk-tag--blue", "answered": "govuk-tag--green", "passed_on": "govuk-tag--grey"}

# Teams an enquiry can be routed to, and the role whose members work each team's queue.
TEAMS = {"casework": "Caseworkers", "victim_liaison": "Victim liaison", "admin_support": "Clerks",
         "supervisors": "Supervisors"}
TEAM_ROLES = {"casework": "caseworker", "victim_liaison": "victim_liaison", "admin_support": "clerk",
              "supervisors": "supervisor"}
ROLE_TEAMS = {role: team for team, role in TEAM_ROLES.items()}

# Who usually answers, by who is asking: victims go to victim liaison, the rest to casework.
DEFAULT_TEAM = {"victim": "victim_liaison"}
# rules.toml [[procedure]] enquiries.response_target (UNCERTAIN: the force setting enquiry_response_working_days
# starts from this value) and enquiries.victim_routing (DEFAULT_TEAM).
DEFAULT_TARGET_DAYS = 5
MAX_TARGET_DAYS = 20


USUAL_TEAM = "usual"  # the form's "usual team for who is asking" choice, resolved by team_for


def default_team(from_type: str) -> str:
    return DEFAULT_TEAM.get(from_type, "casework")


def team_for(chosen: str, from_type: str) -> str:
    """The team that answers: the one chosen, or for USUAL_TEAM the usual one for who is asking."""
    return default_team(from_type) if chosen == USUAL_TEAM else chosen


def due_on(received: date, target_days: int) -> date:
    """The day an answer is due: `target_days` working days after the day it came in (0: the same day)."""
    return add_working_days(received, target_days)


def is_overdue(status: str, due: date, today: date) -> bool:
    return status == "open" and due < today
