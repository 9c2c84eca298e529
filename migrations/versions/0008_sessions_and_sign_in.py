"""Server-side session versions, failed sign-ins and lock-outs

Revision ID: 0008_sessions_and_sign_in
Revises: 0007_caution_record
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_sessions_and_sign_in'
down_revision = '0007_caution_record'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
