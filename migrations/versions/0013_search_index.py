"""Search index for a million cases

Revision ID: 0013_search_index
Revises: 0012_demo_and_schedules
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_search_index'
down_revision = '0012_demo_and_schedules'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
