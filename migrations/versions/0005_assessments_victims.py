"""Assessments and victims: clinic purpose, public-interest conclusion, victims' views and restorative justice

Revision ID: 0005_assessments_victims
Revises: 0002_decisions_documents_jobs
Create Date: 2026-11-25 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_assessments_victims'
down_revision = '0002_decisions_documents_jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clinic_appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=30), nullable=False, server_default='needs_assessment'))

    with op.batch_alter_table('full_code_tests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_interest_conclusion', sa.String(length=30), nullable=True))

    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('views_recorded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('views_method', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('views_notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rj_offered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('rj_response', sa.String(length=20), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_column('rj_response')
        batch_op.drop_column('rj_offered_on')
        batch_op.drop_column('views_notes')
        batch_op.drop_column('views_method')
        batch_op.drop_column('views_recorded_on')

    with op.batch_alter_table('full_code_tests', schema=None) as batch_op:
        batch_op.drop_column('public_interest_conclusion')

    with op.batch_alter_table('clinic_appointments', schema=None) as batch_op:
        batch_op.drop_column('purpose')
