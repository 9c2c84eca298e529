"""Foundation: users, areas, people, cases, offences, victims, timeline, audit

Revision ID: 0001_foundation
Revises: 
Create Date: 2026-11-24 10:08:51.359713

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('custody_suites', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
    sa.UniqueConstraint('code', name=op.f('uq_areas_code'))
    )
    op.create_table('offence_types',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('wording', sa.String(length=255), nullable=False),
    sa.Column('legislation', sa.String(length=255), nullable=False),
    sa.Column('mode_of_trial', sa.String(length=20), nullable=False),
    sa.Column('default_gravity_score', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_offence_types'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('address_line1', sa.String(length=120), nullable=False),
    sa.Column('address_line2', sa.String(length=120), nullable=False),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('pnc_id', sa.String(length=20), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_users_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('justification', sa.String(length=255), nullable=False),
    sa.Column('recipient', sa.String(length=255), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_records_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_records'))
    )
    with op.batch_alter_table('audit_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_records_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_record_type'), ['record_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_records_user_id'), ['user_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('suspect_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_high_risk', sa.Boolean(), nullable=False),
    sa.Column('referring_officer', sa.String(length=120), nullable=False),
    sa.Column('circumstances', sa.Text(), nullable=False),
    sa.Column('cps_direction', sa.Text(), nullable=False),
    sa.Column('search_text', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_cases_area_id_areas')),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_cases_caseworker_id_users')),
    sa.ForeignKeyConstraint(['suspect_id'], ['people.id'], name=op.f('fk_cases_suspect_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_is_high_risk'), ['is_high_risk'], unique=False)
        batch_op.create_index('ix_cases_search_text', ['search_text'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_suspect_id'), ['suspect_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        # Live search matches anywhere in the text (LIKE '%term%'): a trigram index serves that on PostgreSQL.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE INDEX ix_cases_search_trgm ON cases USING gin (search_text gin_trgm_ops)')

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.String(length=255), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('offences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('offence_key', sa.String(length=40), nullable=True),
    sa.Column('wording', sa.String(length=255), nullable=False),
    sa.Column('legislation', sa.String(length=255), nullable=False),
    sa.Column('mode_of_trial', sa.String(length=20), nullable=False),
    sa.Column('gravity_score', sa.Integer(), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('domestic_abuse', sa.Boolean(), nullable=False),
    sa.Column('intimate_partner', sa.Boolean(), nullable=False),
    sa.Column('hate_crime', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_offences_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offence_key'], ['offence_types.key'], name=op.f('fk_offences_offence_key_offence_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offences'))
    )
    with op.batch_alter_table('offences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offences_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offences_domestic_abuse'), ['domestic_abuse'], unique=False)
        batch_op.create_index(batch_op.f('ix_offences_hate_crime'), ['hate_crime'], unique=False)

    op.create_table('victims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('address_line1', sa.String(length=120), nullable=False),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('is_organisation', sa.Boolean(), nullable=False),
    sa.Column('vulnerable', sa.Boolean(), nullable=False),
    sa.Column('intimidated', sa.Boolean(), nullable=False),
    sa.Column('persistently_targeted', sa.Boolean(), nullable=False),
    sa.Column('views', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_victims_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_victims'))
    )
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_victims_case_id'), ['case_id'], unique=False)



def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_cases_search_trgm')
    with op.batch_alter_table('victims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_victims_case_id'))

    op.drop_table('victims')
    with op.batch_alter_table('offences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offences_hate_crime'))
        batch_op.drop_index(batch_op.f('ix_offences_domestic_abuse'))
        batch_op.drop_index(batch_op.f('ix_offences_case_id'))

    op.drop_table('offences')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_suspect_id'))
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index('ix_cases_search_text')
        batch_op.drop_index(batch_op.f('ix_cases_is_high_risk'))
        batch_op.drop_index(batch_op.f('ix_cases_created_at'))
        batch_op.drop_index(batch_op.f('ix_cases_caseworker_id'))
        batch_op.drop_index(batch_op.f('ix_cases_area_id'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_records_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_records_record_type'))
        batch_op.drop_index(batch_op.f('ix_audit_records_record_id'))
        batch_op.drop_index(batch_op.f('ix_audit_records_at'))
        batch_op.drop_index(batch_op.f('ix_audit_records_action'))

    op.drop_table('audit_records')
    op.drop_table('users')
    op.drop_table('people')
    op.drop_table('offence_types')
    op.drop_table('areas')
