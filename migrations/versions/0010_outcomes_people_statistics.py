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
    op.create_table('outcome_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outcome_exports_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_exports'))
    )
    with op.batch_alter_table('outcome_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_exports_created_at'), ['created_at'], unique=False)

    op.create_table('outcome_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('breach_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('wording', sa.String(length=255), nullable=False),
    sa.Column('disposal', sa.String(length=30), nullable=False),
    sa.Column('replaces_code', sa.String(length=4), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.Column('export_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outcome_entries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_outcome_entries_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_outcome_entries_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outcome_entries_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['export_id'], ['outcome_exports.id'], name=op.f('fk_outcome_entries_export_id_outcome_exports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_entries')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_outcome_entries_decision_id')),
    sa.UniqueConstraint('breach_id', name=op.f('uq_outcome_entries_breach_id'))
    )
    with op.batch_alter_table('outcome_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_entries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_entries_export_id'), ['export_id'], unique=False)


def downgrade():
    op.drop_table('outcome_entries')
    op.drop_table('outcome_exports')
