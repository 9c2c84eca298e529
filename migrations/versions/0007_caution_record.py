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
    op.create_table('community_remedy_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('condition_type', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community_remedy_actions'))
    )
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_of_birth', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('requested_action_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_victims_requested_action_id_community_remedy_actions'),
                                    'community_remedy_actions', ['requested_action_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remedy_not_attached_reason', sa.Text(), nullable=False, server_default=''))
    op.create_table('caution_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('given_by_name', sa.String(length=120), nullable=False),
    sa.Column('given_by_rank', sa.String(length=60), nullable=False),
    sa.Column('given_by_authority', sa.String(length=30), nullable=False),
    sa.Column('admission_to_giver', sa.Boolean(), nullable=False),
    sa.Column('admission_words', sa.Text(), nullable=False),
    sa.Column('effect_explained', sa.Boolean(), nullable=False),
    sa.Column('breach_warning_given', sa.Boolean(), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('signed_file_name', sa.String(length=255), nullable=False),
    sa.Column('signed_path', sa.String(length=255), nullable=False),
    sa.Column('signed_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_content_type', sa.String(length=40), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_caution_deliveries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_caution_deliveries_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_caution_deliveries_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caution_deliveries')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_caution_deliveries_decision_id'))
    )
    with op.batch_alter_table('caution_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caution_deliveries_case_id'), ['case_id'], unique=False)
    op.create_table('youth_panel_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=120), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_notes', sa.Text(), nullable=False),
    sa.Column('outcome_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_youth_panel_referrals_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_by_id'], ['users.id'], name=op.f('fk_youth_panel_referrals_outcome_by_id_users')),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_youth_panel_referrals_referred_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_panel_referrals')),
    sa.UniqueConstraint('case_id', name=op.f('uq_youth_panel_referrals_case_id'))
    )


def downgrade():
    op.drop_table('youth_panel_referrals')
    op.drop_table('caution_deliveries')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('remedy_not_attached_reason')
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_victims_requested_action_id_community_remedy_actions'),
                                 type_='foreignkey')
        batch_op.drop_column('requested_action_id')
        batch_op.drop_column('date_of_birth')
    op.drop_table('community_remedy_actions')
