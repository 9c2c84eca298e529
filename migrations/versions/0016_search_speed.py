"""Search speed: PostgreSQL's cases in referral order, carrying area and search text

Revision ID: 0016_search_speed
Revises: 0015_variation_agreement
Create Date: 2026-12-03 14:50:00

The case list's search on PostgreSQL reads the newest cases in the user's scope first and tests the
search words on each (webapp/cases/queries.py). This index holds the cases in that order with the area
and the search text beside them, so the read is index-only: through ix_cases_created_at it visited a
table row per case (at 560,000 cases, 'theft' in one area: 162 ms through the table, 21 ms index-only).
Measured with tests/bench/bench_search.py at 1,000,000 cases, the issue's mix ("smi", "tay", "theft")
went from p95 1,433 ms to 53 ms with the query change and this index together.
SQLite needs nothing here: its keyed FTS5 index (0013) already gives the newest matches first.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_search_speed'
down_revision = '0015_variation_agreement'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE INDEX ix_cases_recent_search ON cases (created_at DESC, id DESC) INCLUDE (area_id, search_text)')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_cases_recent_search')
