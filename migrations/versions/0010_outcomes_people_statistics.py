"""Home Office outcomes for the records system, people across cases, data quality

Revision ID: 0010_outcomes_people_statistics
Revises: 0009_integrity_and_areas
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_outcomes_people_statistics'
down_revision = '0009_integrity_and_areas'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
