"""Search index for a million cases

Revision ID: 0013_search_index
Revises: 0012_demo_and_schedules
Create Date: 2026-12-03 11:40:00

SQLite gets an FTS5 trigram index of cases.search_text, keyed by referral second and case id so the
newest matches come first without a sort, filled from the cases already there and kept in step by
triggers (webapp/models/search_index.py builds the same for schemas made from the models; the SQL is
written out here so this migration keeps meaning what it meant when it ran). PostgreSQL already has
its pg_trgm GIN index (0001); the case list's speed-up there is in the query, not the schema.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_search_index'
down_revision = '0012_demo_and_schedules'
branch_labels = None
depends_on = None

KEY_NEW = "(CAST(strftime('%s', NEW.created_at) AS INTEGER) * 1000000000 + NEW.id)"
KEY_OLD = "(CAST(strftime('%s', OLD.created_at) AS INTEGER) * 1000000000 + OLD.id)"
ADD_NEW = f"INSERT INTO cases_search(rowid, search_text) VALUES ({KEY_NEW}, NEW.search_text);"
REMOVE_OLD = f"INSERT INTO cases_search(cases_search, rowid, search_text) VALUES ('delete', {KEY_OLD}, OLD.search_text);"


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.execute("CREATE VIRTUAL TABLE cases_search USING fts5(search_text, content='', tokenize='trigram', columnsize=0)")
    op.execute(f"CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN {ADD_NEW} END")
    op.execute(f"CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN {REMOVE_OLD} END")
    op.execute(f"CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text, created_at, id ON cases "
               f"BEGIN {REMOVE_OLD} {ADD_NEW} END")
    op.execute("INSERT INTO cases_search(rowid, search_text) SELECT "
               "CAST(strftime('%s', created_at) AS INTEGER) * 1000000000 + id, search_text FROM cases")


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for trigger in ('cases_search_insert', 'cases_search_delete', 'cases_search_update'):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS cases_search")
