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

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index('ix_people_date_of_birth', ['date_of_birth'], unique=False)
        batch_op.create_index('ix_people_pnc_id', ['pnc_id'], unique=False)
        batch_op.create_index('ix_people_postcode', ['postcode'], unique=False)

    op.create_table('person_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_aliases_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_person_aliases_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_aliases'))
    )
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_aliases_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_aliases_last_name'), ['last_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_aliases_date_of_birth'), ['date_of_birth'], unique=False)

    op.create_table('person_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('match_weight', sa.Float(), nullable=False),
    sa.Column('match_probability', sa.Float(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('model_version', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_matches_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['candidate_id'], ['people.id'], name=op.f('fk_person_matches_candidate_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_person_matches_decided_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_matches')),
    sa.UniqueConstraint('person_id', 'candidate_id', name='uq_person_matches_pair')
    )
    with op.batch_alter_table('person_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_matches_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_matches_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_matches_status'), ['status'], unique=False)

    op.create_table('person_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('kept_id', sa.Integer(), nullable=False),
    sa.Column('merged_id', sa.Integer(), nullable=False),
    sa.Column('case_ids', sa.JSON(), nullable=False),
    sa.Column('alias_ids', sa.JSON(), nullable=False),
    sa.Column('copied_pnc_id', sa.String(length=20), nullable=False),
    sa.Column('merged_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(), nullable=False),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undo_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['person_matches.id'], name=op.f('fk_person_merges_match_id_person_matches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kept_id'], ['people.id'], name=op.f('fk_person_merges_kept_id_people')),
    sa.ForeignKeyConstraint(['merged_id'], ['people.id'], name=op.f('fk_person_merges_merged_id_people')),
    sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_person_merges_merged_by_id_users')),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_person_merges_undone_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_merges'))
    )
    with op.batch_alter_table('person_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_merges_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_merges_kept_id'), ['kept_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_merges_merged_id'), ['merged_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_merges_undone_at'), ['undone_at'], unique=False)

    op.create_table('statistic_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('disposal', sa.String(length=30), nullable=False),
    sa.Column('offence_group', sa.String(length=60), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistic_counts'))
    )
    with op.batch_alter_table('statistic_counts', schema=None) as batch_op:
        batch_op.create_index('ix_statistic_counts_measure_day', ['measure', 'day'], unique=False)

    op.create_table('statistics_refreshes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_refreshes'))
    )
    with op.batch_alter_table('statistics_refreshes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statistics_refreshes_finished_at'), ['finished_at'], unique=False)

    op.create_table('data_quality_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('check_key', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_quality_counts')),
    sa.UniqueConstraint('day', 'check_key', name='uq_data_quality_counts_day_check_key')
    )
    with op.batch_alter_table('data_quality_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_quality_counts_day'), ['day'], unique=False)


def downgrade():
    op.drop_table('data_quality_counts')
    op.drop_table('statistics_refreshes')
    op.drop_table('statistic_counts')
    op.drop_table('person_merges')
    op.drop_table('person_matches')
    op.drop_table('person_aliases')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('ix_people_postcode')
        batch_op.drop_index('ix_people_pnc_id')
        batch_op.drop_index('ix_people_date_of_birth')
    op.drop_table('outcome_entries')
    op.drop_table('outcome_exports')
