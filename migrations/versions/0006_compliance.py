"""Compliance: attendance uploads and records, mismatches, payments, breaches with witnesses, evidence
files, the redaction log, reviewer-added values, evidence bundles and compliance tasks

Revision ID: 0006_compliance
Revises: 0005_assessments_victims
Create Date: 2026-11-24 11:02:51.471632

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_compliance'
down_revision = '0005_assessments_victims'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendance_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=120), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_applied', sa.Integer(), nullable=False),
    sa.Column('rows_already', sa.Integer(), nullable=False),
    sa.Column('rows_mismatched', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attendance_uploads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_uploads')),
    sa.UniqueConstraint('sha256', name=op.f('uq_attendance_uploads_sha256'))
    )
    op.create_table('attendance_mismatches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('row_data', sa.JSON(), nullable=False),
    sa.Column('candidate_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_condition_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_attendance_mismatches_resolved_by_id_users')),
    sa.ForeignKeyConstraint(['resolved_condition_id'], ['conditions.id'], name=op.f('fk_attendance_mismatches_resolved_condition_id_conditions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['upload_id'], ['attendance_uploads.id'], name=op.f('fk_attendance_mismatches_upload_id_attendance_uploads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_mismatches')),
    sa.UniqueConstraint('upload_id', 'row_number', name='uq_attendance_mismatches_upload_row')
    )
    with op.batch_alter_table('attendance_mismatches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_mismatches_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_mismatches_upload_id'), ['upload_id'], unique=False)

    op.create_table('attendance_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('course', sa.String(length=200), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.Column('row_number', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attendance_records_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_attendance_records_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_records_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['upload_id'], ['attendance_uploads.id'], name=op.f('fk_attendance_records_upload_id_attendance_uploads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_records')),
    sa.UniqueConstraint('condition_id', 'session_date', name='uq_attendance_records_condition_date')
    )
    with op.batch_alter_table('attendance_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_records_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_records_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_records_upload_id'), ['upload_id'], unique=False)

    op.create_table('breaches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('reasonable_excuse', sa.Text(), nullable=False),
    sa.Column('offender_account', sa.Text(), nullable=False),
    sa.Column('proposed_outcome', sa.String(length=30), nullable=False),
    sa.Column('outcome_notes', sa.Text(), nullable=False),
    sa.Column('new_due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('supervisor_comments', sa.Text(), nullable=False),
    sa.Column('penalty_amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('penalty_due_date', sa.Date(), nullable=True),
    sa.Column('registration_status', sa.String(length=20), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_breaches_approved_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_breaches_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_breaches_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_breaches_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_breaches_registered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breaches'))
    )
    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breaches_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_breaches_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_breaches_status'), ['status'], unique=False)

    op.create_table('compliance_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_compliance_tasks_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_compliance_tasks_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_compliance_tasks_done_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_tasks')),
    sa.UniqueConstraint('key', name=op.f('uq_compliance_tasks_key'))
    )
    with op.batch_alter_table('compliance_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_tasks_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_tasks_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_tasks_done'), ['done'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_tasks_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_tasks_kind'), ['kind'], unique=False)

    op.create_table('evidence_bundles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('docx_path', sa.String(length=500), nullable=False),
    sa.Column('docx_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_path', sa.String(length=500), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_evidence_bundles_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_evidence_bundles_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_evidence_bundles_created_by_id_users')),
    sa.ForeignKeyConstraint(['job_id'], ['background_jobs.id'], name=op.f('fk_evidence_bundles_job_id_background_jobs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_bundles'))
    )
    with op.batch_alter_table('evidence_bundles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_bundles_breach_id'), ['breach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_bundles_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_bundles_job_id'), ['job_id'], unique=False)

    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('stored_path', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('proposal_status', sa.String(length=20), nullable=False),
    sa.Column('proposal_error', sa.Text(), nullable=False),
    sa.Column('proposals_path', sa.String(length=500), nullable=False),
    sa.Column('proposals_sha256', sa.String(length=64), nullable=False),
    sa.Column('proposals_count', sa.Integer(), nullable=False),
    sa.Column('proposals_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_evidence_files_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_breach_id'), ['breach_id'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=True),
    sa.Column('breach_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('reported_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_payments_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_payments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], name=op.f('fk_payments_condition_id_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_payments_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_breach_id'), ['breach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_condition_id'), ['condition_id'], unique=False)

    op.create_table('witnesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_witnesses_added_by_id_users')),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_witnesses_breach_id_breaches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_witnesses'))
    )
    with op.batch_alter_table('witnesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_witnesses_breach_id'), ['breach_id'], unique=False)

    op.create_table('redaction_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=255), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_redaction_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_files.id'], name=op.f('fk_redaction_decisions_evidence_id_evidence_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redaction_decisions')),
    sa.UniqueConstraint('evidence_id', 'proposal_id', name='uq_redaction_decisions_evidence_proposal')
    )
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_decisions_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('reviewer_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('breach_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['breach_id'], ['breaches.id'], name=op.f('fk_reviewer_values_breach_id_breaches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['redaction_decisions.id'], name=op.f('fk_reviewer_values_decision_id_redaction_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviewer_values')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_reviewer_values_decision_id'))
    )
    with op.batch_alter_table('reviewer_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewer_values_breach_id'), ['breach_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reviewer_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewer_values_breach_id'))

    op.drop_table('reviewer_values')
    with op.batch_alter_table('redaction_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_decisions_evidence_id'))

    op.drop_table('redaction_decisions')
    with op.batch_alter_table('witnesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_witnesses_breach_id'))

    op.drop_table('witnesses')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_condition_id'))
        batch_op.drop_index(batch_op.f('ix_payments_case_id'))
        batch_op.drop_index(batch_op.f('ix_payments_breach_id'))

    op.drop_table('payments')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_breach_id'))

    op.drop_table('evidence_files')
    with op.batch_alter_table('evidence_bundles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_bundles_job_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_bundles_case_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_bundles_breach_id'))

    op.drop_table('evidence_bundles')
    with op.batch_alter_table('compliance_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_tasks_kind'))
        batch_op.drop_index(batch_op.f('ix_compliance_tasks_due_date'))
        batch_op.drop_index(batch_op.f('ix_compliance_tasks_done'))
        batch_op.drop_index(batch_op.f('ix_compliance_tasks_condition_id'))
        batch_op.drop_index(batch_op.f('ix_compliance_tasks_case_id'))

    op.drop_table('compliance_tasks')
    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breaches_status'))
        batch_op.drop_index(batch_op.f('ix_breaches_condition_id'))
        batch_op.drop_index(batch_op.f('ix_breaches_case_id'))

    op.drop_table('breaches')
    with op.batch_alter_table('attendance_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_records_upload_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_records_condition_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_records_case_id'))

    op.drop_table('attendance_records')
    with op.batch_alter_table('attendance_mismatches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_mismatches_upload_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_mismatches_status'))

    op.drop_table('attendance_mismatches')
    op.drop_table('attendance_uploads')
