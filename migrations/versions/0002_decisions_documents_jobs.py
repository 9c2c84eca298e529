"""Decisions, clinics, victim contacts, documents and background jobs

Revision ID: 0002_decisions_documents_jobs
Revises: 0001_foundation
Create Date: 2026-11-24 10:25:22.176381

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_decisions_documents_jobs'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.String(length=255), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_templates_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_templates')),
    sa.UniqueConstraint('kind', 'version', name='uq_document_templates_kind_version')
    )
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_templates_kind'), ['kind'], unique=False)

    op.create_table('engine_settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_engine_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_engine_settings'))
    )
    op.create_table('background_jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=255), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('result_path', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_background_jobs_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_background_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_jobs'))
    )
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_background_jobs_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_background_jobs_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_background_jobs_status'), ['status'], unique=False)

    op.create_table('clinic_appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('caseworker_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('location', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_clinic_appointments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['caseworker_id'], ['users.id'], name=op.f('fk_clinic_appointments_caseworker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_appointments'))
    )
    with op.batch_alter_table('clinic_appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinic_appointments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clinic_appointments_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clinic_appointments_starts_at'), ['starts_at'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('disposal', sa.String(length=30), nullable=False),
    sa.Column('regime', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('completion_date', sa.Date(), nullable=True),
    sa.Column('override_code', sa.String(length=40), nullable=True),
    sa.Column('override_note', sa.Text(), nullable=False),
    sa.Column('engine_snapshot', sa.JSON(), nullable=False),
    sa.Column('needs_supervisor', sa.Boolean(), nullable=False),
    sa.Column('needs_prosecutor', sa.Boolean(), nullable=False),
    sa.Column('prosecutor_name', sa.String(length=120), nullable=False),
    sa.Column('prosecutor_consent_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('authorised_by_id', sa.Integer(), nullable=True),
    sa.Column('authorised_at', sa.DateTime(), nullable=True),
    sa.Column('supervisor_comments', sa.Text(), nullable=False),
    sa.Column('delivered_by_id', sa.Integer(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['authorised_by_id'], ['users.id'], name=op.f('fk_decisions_authorised_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['delivered_by_id'], ['users.id'], name=op.f('fk_decisions_delivered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_status'), ['status'], unique=False)

    op.create_table('full_code_tests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('evidential_met', sa.Boolean(), nullable=True),
    sa.Column('evidential_notes', sa.Text(), nullable=False),
    sa.Column('public_interest', sa.JSON(), nullable=False),
    sa.Column('public_interest_notes', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_full_code_tests_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_full_code_tests_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_full_code_tests')),
    sa.UniqueConstraint('case_id', name=op.f('uq_full_code_tests_case_id'))
    )
    op.create_table('partner_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('referred_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_partner_referrals_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referred_by_id'], ['users.id'], name=op.f('fk_partner_referrals_referred_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_referrals'))
    )
    with op.batch_alter_table('partner_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_referrals_case_id'), ['case_id'], unique=False)

    op.create_table('previous_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('outcome_date', sa.Date(), nullable=False),
    sa.Column('similar', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_previous_outcomes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_previous_outcomes'))
    )
    with op.batch_alter_table('previous_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_previous_outcomes_case_id'), ['case_id'], unique=False)

    op.create_table('screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('admission', sa.Boolean(), nullable=True),
    sa.Column('admission_date', sa.Date(), nullable=True),
    sa.Column('evidential_stage_met', sa.Boolean(), nullable=True),
    sa.Column('aggravating', sa.JSON(), nullable=False),
    sa.Column('mitigating', sa.JSON(), nullable=False),
    sa.Column('final_gravity_score', sa.Integer(), nullable=True),
    sa.Column('regime', sa.String(length=20), nullable=False),
    sa.Column('assessment', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_screenings_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_screenings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screenings')),
    sa.UniqueConstraint('case_id', name=op.f('uq_screenings_case_id'))
    )
    op.create_table('conditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('description', sa.String(length=255), nullable=False),
    sa.Column('provider', sa.String(length=120), nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completed_at', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_conditions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_conditions_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conditions'))
    )
    with op.batch_alter_table('conditions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conditions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conditions_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conditions_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_conditions_status'), ['status'], unique=False)

    op.create_table('generated_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('docx_path', sa.String(length=500), nullable=False),
    sa.Column('docx_sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_path', sa.String(length=500), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('want_pdf', sa.Boolean(), nullable=False),
    sa.Column('source_summary', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_generated_documents_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_generated_documents_created_by_id_users')),
    sa.ForeignKeyConstraint(['job_id'], ['background_jobs.id'], name=op.f('fk_generated_documents_job_id_background_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['document_templates.id'], name=op.f('fk_generated_documents_template_id_document_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_documents')),
    sa.UniqueConstraint('case_id', 'kind', 'version', name='uq_generated_documents_case_kind_version')
    )
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_generated_documents_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_generated_documents_job_id'), ['job_id'], unique=False)

    op.create_table('needs_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('vulnerable', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_concern', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_notes', sa.Text(), nullable=False),
    sa.Column('assessor_opinion', sa.Text(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['clinic_appointments.id'], name=op.f('fk_needs_assessments_appointment_id_clinic_appointments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_needs_assessments_assessed_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_needs_assessments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_assessments'))
    )
    with op.batch_alter_table('needs_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_assessments_case_id'), ['case_id'], unique=False)

    op.create_table('victim_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('victim_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=30), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_victim_contacts_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_victim_contacts_done_by_id_users')),
    sa.ForeignKeyConstraint(['victim_id'], ['victims.id'], name=op.f('fk_victim_contacts_victim_id_victims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_victim_contacts'))
    )
    with op.batch_alter_table('victim_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_victim_contacts_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_victim_contacts_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_victim_contacts_victim_id'), ['victim_id'], unique=False)



def downgrade():
    with op.batch_alter_table('victim_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_victim_contacts_victim_id'))
        batch_op.drop_index(batch_op.f('ix_victim_contacts_due_date'))
        batch_op.drop_index(batch_op.f('ix_victim_contacts_case_id'))

    op.drop_table('victim_contacts')
    with op.batch_alter_table('needs_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_assessments_case_id'))

    op.drop_table('needs_assessments')
    with op.batch_alter_table('generated_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_generated_documents_job_id'))
        batch_op.drop_index(batch_op.f('ix_generated_documents_case_id'))

    op.drop_table('generated_documents')
    with op.batch_alter_table('conditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conditions_status'))
        batch_op.drop_index(batch_op.f('ix_conditions_due_date'))
        batch_op.drop_index(batch_op.f('ix_conditions_decision_id'))
        batch_op.drop_index(batch_op.f('ix_conditions_case_id'))

    op.drop_table('conditions')
    op.drop_table('screenings')
    with op.batch_alter_table('previous_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_previous_outcomes_case_id'))

    op.drop_table('previous_outcomes')
    with op.batch_alter_table('partner_referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_referrals_case_id'))

    op.drop_table('partner_referrals')
    op.drop_table('full_code_tests')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_status'))
        batch_op.drop_index(batch_op.f('ix_decisions_case_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('clinic_appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinic_appointments_starts_at'))
        batch_op.drop_index(batch_op.f('ix_clinic_appointments_caseworker_id'))
        batch_op.drop_index(batch_op.f('ix_clinic_appointments_case_id'))

    op.drop_table('clinic_appointments')
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_background_jobs_kind'))
        batch_op.drop_index(batch_op.f('ix_background_jobs_case_id'))

    op.drop_table('background_jobs')
    op.drop_table('engine_settings')
    with op.batch_alter_table('document_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_templates_kind'))

    op.drop_table('document_templates')
