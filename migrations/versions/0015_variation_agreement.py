"""Varied conditions wait for the offender's agreement (CJA 2003 s.23B)

Revision ID: 0015_variation_agreement
Revises: 0014_satisfaction_and_aliases
Create Date: 2026-12-03 14:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_variation_agreement'
down_revision = '0014_satisfaction_and_aliases'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('condition_variations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('new_terms', sa.Text(), nullable=False),
    sa.Column('new_due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('new_condition_id', sa.Integer(), nullable=True),
    sa.Column('taken_by_name', sa.String(length=120), nullable=False),
    sa.Column('taken_by_rank', sa.String(length=60), nullable=False),
    sa.Column('agreed_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('signed_file_name', sa.String(length=255), nullable=False),
    sa.Column('signed_path', sa.String(length=255), nullable=False),
    sa.Column('signed_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_content_type', sa.String(length=40), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_condition_variations_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_condition_variations_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_condition_variations_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['new_condition_id'], ['conditions.id'], name=op.f('fk_condition_variations_new_condition_id_conditions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_condition_variations_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_variations')),
    sa.UniqueConstraint('breach_id', name=op.f('uq_condition_variations_breach_id'))
    )
    with op.batch_alter_table('condition_variations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_variations_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_variations_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_variations_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('condition_variations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_variations_status'))
        batch_op.drop_index(batch_op.f('ix_condition_variations_condition_id'))
        batch_op.drop_index(batch_op.f('ix_condition_variations_case_id'))
    op.drop_table('condition_variations')
