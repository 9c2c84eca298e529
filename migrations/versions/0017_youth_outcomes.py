"""Youth panel outcomes for the records system

Revision ID: 0017_youth_outcomes
Revises: 0016_search_speed
Create Date: 2026-12-03 16:10:00

outcome_entries.youth_referral_id: the row for a Youth Offending Team joint decision panel's outcome
(youth caution, youth conditional caution, youth Community Resolution or charge), unique like
decision_id and breach_id, so each is recorded and exported once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_youth_outcomes'
down_revision = '0016_search_speed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('youth_referral_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outcome_entries_youth_referral_id_youth_panel_referrals'),
                                    'youth_panel_referrals', ['youth_referral_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint(batch_op.f('uq_outcome_entries_youth_referral_id'), ['youth_referral_id'])


def downgrade():
    with op.batch_alter_table('outcome_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outcome_entries_youth_referral_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_outcome_entries_youth_referral_id_youth_panel_referrals'),
                                 type_='foreignkey')
        batch_op.drop_column('youth_referral_id')
