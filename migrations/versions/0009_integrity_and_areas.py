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

_MESSAGE = "audit records are append-only (DPA 2018 s.62)"
_TRIGGERS = {
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
        "CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records "
        "FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()",
    ),
    "sqlite": (
        f"CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
        f"CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    ),
}
_DROP_TRIGGERS = {
    "postgresql": ("DROP TRIGGER IF EXISTS audit_records_append_only ON audit_records",
                   "DROP FUNCTION IF EXISTS audit_records_append_only()"),
    "sqlite": ("DROP TRIGGER IF EXISTS audit_records_no_update", "DROP TRIGGER IF EXISTS audit_records_no_delete"),
}


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

    # The audit log is append-only in the database itself (as webapp/models/audit.py does for create_all).
    for statement in _TRIGGERS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)

    # --- evidence bundles (issue 8): why a reviewer kept a person named in the evidence ---
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))
    # --- end evidence bundles ---


def downgrade():
    # --- evidence bundles (issue 8) ---
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.drop_column('reason')
    # --- end evidence bundles ---

    for statement in _DROP_TRIGGERS.get(op.get_bind().dialect.name, ()):
        op.execute(statement)

    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('area_covers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_covers_user_id'))

    op.drop_table('area_covers')
