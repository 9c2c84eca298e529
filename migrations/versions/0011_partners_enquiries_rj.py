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
    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('contact_route', sa.Text(), nullable=False),
    sa.Column('referral_method', sa.String(length=20), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('waiting_weeks', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers')),
    sa.UniqueConstraint('name', name=op.f('uq_providers_name'))
    )
    with op.batch_alter_table('partner_referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=10), server_default='offender', nullable=False))
        batch_op.add_column(sa.Column('victim_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('service', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('provider_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('sent_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('condition_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcome_notes', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_partner_referrals_victim_id'), ['victim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_referrals_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_referrals_condition_id'), ['condition_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_partner_referrals_victim_id_victims'), 'victims', ['victim_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_partner_referrals_provider_id_providers'), 'providers', ['provider_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_partner_referrals_condition_id_conditions'), 'conditions', ['condition_id'], ['id'], ondelete='SET NULL')

    op.create_table('enquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('from_type', sa.String(length=20), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_details', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('target_days', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('team', sa.String(length=20), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('passed_to', sa.String(length=200), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_enquiries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_enquiries_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_enquiries_answered_by_id_users')),
    sa.ForeignKeyConstraint(['logged_by_id'], ['users.id'], name=op.f('fk_enquiries_logged_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enquiries'))
    )
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enquiries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_team'), ['team'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enquiries_status'), ['status'], unique=False)

    op.create_table('restorative_justice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('victim_id', sa.Integer(), nullable=False),
    sa.Column('victim_consents', sa.Boolean(), nullable=False),
    sa.Column('victim_ready', sa.Boolean(), nullable=False),
    sa.Column('victim_risk', sa.String(length=10), nullable=False),
    sa.Column('victim_notes', sa.Text(), nullable=False),
    sa.Column('offender_consents', sa.Boolean(), nullable=False),
    sa.Column('offender_accepts_responsibility', sa.Boolean(), nullable=False),
    sa.Column('offender_ready', sa.Boolean(), nullable=False),
    sa.Column('offender_risk', sa.String(length=10), nullable=False),
    sa.Column('offender_notes', sa.Text(), nullable=False),
    sa.Column('safety_plan', sa.Text(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rj_type', sa.String(length=30), nullable=False),
    sa.Column('facilitator', sa.String(length=120), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_notes', sa.Text(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_notes', sa.Text(), nullable=False),
    sa.Column('followed_up_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_restorative_justice_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['victim_id'], ['victims.id'], name=op.f('fk_restorative_justice_victim_id_victims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_restorative_justice_assessed_by_id_users')),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_restorative_justice_condition_id_conditions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restorative_justice'))
    )
    with op.batch_alter_table('restorative_justice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restorative_justice_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_restorative_justice_victim_id'), ['victim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_restorative_justice_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_restorative_justice_condition_id'), ['condition_id'], unique=False)


def downgrade():
    op.drop_table('restorative_justice')
    op.drop_table('enquiries')
    with op.batch_alter_table('partner_referrals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_partner_referrals_condition_id_conditions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_partner_referrals_provider_id_providers'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_partner_referrals_victim_id_victims'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_partner_referrals_condition_id'))
        batch_op.drop_index(batch_op.f('ix_partner_referrals_provider_id'))
        batch_op.drop_index(batch_op.f('ix_partner_referrals_victim_id'))
        for column in ('updated_at', 'outcome_notes', 'condition_id', 'sent_on', 'consent', 'provider_id', 'service',
                       'victim_id', 'subject'):
            batch_op.drop_column(column)
    op.drop_table('providers')
