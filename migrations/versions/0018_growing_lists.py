"""Lists that grew with the database: indexes that give them in their order

Revision ID: 0018_growing_lists
Revises: 0017_youth_outcomes
Create Date: 2026-12-03 21:45:00

Two lists read every row of their kind in the user's areas to show one page:
- the victim contacts queue, open contacts by due date: only the open ones are indexed, in that order;
- the escalations, open high-risk cases oldest first. SQLite reads them through an index by flag,
  status and area and sorts those few; PostgreSQL's planner walked every case by date instead (the open
  ones are the newest), so it gets an index of the open high-risk cases alone, in date order.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_growing_lists'
down_revision = '0017_youth_outcomes'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_victim_contacts_open', 'victim_contacts', ['due_date', 'id'], 'done_at IS NULL'),
]
ESCALATIONS_SQLITE = ('ix_cases_high_risk_open', 'cases', ['is_high_risk', 'status', 'area_id', 'created_at'], None)
# webapp.domain.lifecycle.AWAITING_ESCALATION_REVIEW as it stood for this revision (a migration is a
# snapshot: should the statuses change, a later revision rebuilds the index).
ESCALATIONS_POSTGRESQL = ('ix_cases_escalations', 'cases', ['created_at'],
                          "is_high_risk AND status IN ('referred', 'screening')")


def _indexes():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    return INDEXES + [ESCALATIONS_SQLITE if sqlite else ESCALATIONS_POSTGRESQL]


def upgrade():
    for name, table, columns, where in _indexes():
        where = sa.text(where) if where else None
        op.create_index(name, table, columns, sqlite_where=where, postgresql_where=where)


def downgrade():
    for name, table, _columns, _where in reversed(_indexes()):
        op.drop_index(name, table_name=table)
