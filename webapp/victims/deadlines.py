"""Kept so existing imports keep working: the rule is in `webapp.domain.victims`, the tasks in
`webapp.services.victims`. New code imports from those."""
from webapp.domain.victims import (  # noqa: F401
    MOST_SERIOUS_OFFENCES, REASONS, enhanced_rights, is_organisation, victim_contact_due, working_days_for,
)
from webapp.services.victims import INDIVIDUALS_ONLY, create_update_tasks  # noqa: F401
