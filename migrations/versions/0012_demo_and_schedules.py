"""Scheduled sweep runs and settings changes

Revision ID: 0012_demo_and_schedules
Revises: 0011_partners_enquiries_rj
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_demo_and_schedules'
down_revision = '0011_partners_enquiries_rj'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
