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
    op.create_table('sweep_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('scheduled_day', sa.Date(), nullable=True),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_sweep_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sweep_runs')),
    sa.UniqueConstraint('scheduled_day', name=op.f('uq_sweep_runs_scheduled_day'))
    )
    with op.batch_alter_table('sweep_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sweep_runs_day'), ['day'], unique=False)

    op.create_table('site_markers',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_markers'))
    )
    op.create_table('setting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('old_value', sa.JSON(), nullable=False),
    sa.Column('new_value', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_setting_changes_changed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_changes'))
    )
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_changes_key'), ['key'], unique=False)


def downgrade():
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_changes_key'))
    op.drop_table('setting_changes')
    op.drop_table('site_markers')
    with op.batch_alter_table('sweep_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sweep_runs_day'))
    op.drop_table('sweep_runs')
