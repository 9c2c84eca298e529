"""Partner agencies and referrals, enquiries, Restorative Justice

Revision ID: 0011_partners_enquiries_rj
Revises: 0010_outcomes_people_statistics
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_partners_enquiries_rj'
down_revision = '0010_outcomes_people_statistics'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
