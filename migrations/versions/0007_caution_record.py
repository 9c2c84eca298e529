"""The record the law requires: delivery of a caution, victims' remedy choice, youth panels

Revision ID: 0007_caution_record
Revises: 0006_compliance
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_caution_record'
down_revision = '0006_compliance'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_of_birth', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_column('date_of_birth')
