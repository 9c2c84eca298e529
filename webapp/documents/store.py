"""Moved to webapp.services.storage: one store for generated documents, template versions and uploaded
evidence, a local directory or S3-compatible object storage. Kept so that older imports still work."""
from webapp.services.storage import *  # noqa: F401,F403
from webapp.services.storage import TEMP_SUFFIX, StoredFileProblem, _resolved  # noqa: F401  (explicitly, for readers)
