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
    pass


def downgrade():
    pass
