"""Victim record versions, exact money amounts, area cover grants, append-only audit at database level

Revision ID: 0009_integrity_and_areas
Revises: 0008_sessions_and_sign_in
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_integrity_and_areas'
down_revision = '0008_sessions_and_sign_in'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('area_covers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_area_covers_area_id_areas')),
    sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'], name=op.f('fk_area_covers_ended_by_id_users')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_area_covers_granted_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_area_covers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_covers'))
    )
    with op.batch_alter_table('area_covers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_covers_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    # --- evidence bundles (issue 8): why a reviewer kept a person named in the evidence ---
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))
    # --- end evidence bundles ---


def downgrade():
    # --- evidence bundles (issue 8) ---
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.drop_column('reason')
    # --- end evidence bundles ---

    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('area_covers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_covers_user_id'))

    op.drop_table('area_covers')
