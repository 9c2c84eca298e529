"""Victims' satisfaction at closure

Revision ID: 0014_satisfaction_and_aliases
Revises: 0013_search_index
Create Date: 2026-12-03 14:30:00

victims.satisfaction (one of webapp.models.victim.SATISFACTION, empty until asked) and the day it was
recorded, for the statistics. Aliases entered by hand use the existing person_aliases table
(source "entered"), so they need no schema change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_satisfaction_and_aliases'
down_revision = '0013_search_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('satisfaction', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('satisfaction_recorded_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_column('satisfaction_recorded_on')
        batch_op.drop_column('satisfaction')
