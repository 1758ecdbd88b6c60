"""0023_plan_changes: conference changes, "this is not working", the questionnaire

Issue 20, items 4, 5 and 8 (the plan lives after the conference).

- ``conference_changes``: a conference moved, relocated or cancelled after it was planned,
  with the date and place it had before, so that the update e-mail (a new ``.ics`` with the
  same UID and a higher SEQUENCE, or METHOD:CANCEL) and a reprinted letter can mark the
  change, and whether everyone invited was told.
- ``plan_alerts``: "this is not working" from the family page (the monitor or a person with
  a task): the note, the contingency agreement that applied, who was alerted and how the
  coordinator handled it (a review meeting planned from it). ``plans.alert_referrer`` says
  whether the plan wants the referrer alerted too (off for every existing plan).
- ``evaluation_answers`` and ``evaluation_receipts``: the questionnaire after a conference or
  review meeting. Answers carry the round and the respondent's role, never the person; a
  receipt (conference, person) only makes each person answer once per round.

Downgrading drops the four tables and the column.

Revision ID: 0023_plan_changes
Revises: 0022_plan_routines
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_plan_changes'
down_revision = '0022_plan_routines'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conference_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('moved', 'relocated', 'moved_relocated', 'cancelled', name='conference_change_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('previous_duration_minutes', sa.Integer(), nullable=False),
    sa.Column('previous_location', sa.String(length=500), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notified_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_changes_conference_id_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['users.id'], name=op.f('fk_conference_changes_made_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notified_by_id'], ['users.id'], name=op.f('fk_conference_changes_notified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_changes'))
    )
    with op.batch_alter_table('conference_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_changes_conference_id'), ['conference_id'], unique=False)

    op.create_table('evaluation_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('child', 'family', 'network', 'professional', name='respondent_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('form', sa.Enum('adult', 'child', 'professional', name='questionnaire_form', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('satisfaction_conference', sa.Integer(), nullable=True),
    sa.Column('satisfaction_plan', sa.Integer(), nullable=True),
    sa.Column('felt_heard', sa.Integer(), nullable=True),
    sa.Column('scale', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.CheckConstraint('felt_heard BETWEEN 1 AND 5', name=op.f('ck_evaluation_answers_heard_score')),
    sa.CheckConstraint('satisfaction_conference BETWEEN 1 AND 5', name=op.f('ck_evaluation_answers_conference_score')),
    sa.CheckConstraint('satisfaction_plan BETWEEN 1 AND 5', name=op.f('ck_evaluation_answers_plan_score')),
    sa.CheckConstraint('scale BETWEEN 0 AND 10', name=op.f('ck_evaluation_answers_scale_range')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_evaluation_answers_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_evaluation_answers_conference_id_conferences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_answers'))
    )
    with op.batch_alter_table('evaluation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_answers_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_evaluation_answers_conference_role', ['conference_id', 'role'], unique=False)

    op.create_table('evaluation_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_evaluation_receipts_conference_id_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_evaluation_receipts_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_receipts')),
    sa.UniqueConstraint('conference_id', 'person_id', name=op.f('uq_evaluation_receipts_conference_id_person_id'))
    )
    with op.batch_alter_table('evaluation_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_receipts_person_id'), ['person_id'], unique=False)

    op.create_table('plan_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('reporter_role', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('contingency', sa.Text(), nullable=False),
    sa.Column('referrer_alerted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_plan_alerts_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_plan_alerts_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_plan_alerts_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_alerts_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['conferences.id'], name=op.f('fk_plan_alerts_review_id_conferences'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_alerts'))
    )
    with op.batch_alter_table('plan_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_plan_alerts_case_open', ['case_id', 'handled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_alerts_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_alerts_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alert_referrer', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('alert_referrer')

    with op.batch_alter_table('plan_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_alerts_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_alerts_person_id'))
        batch_op.drop_index('ix_plan_alerts_case_open')

    op.drop_table('plan_alerts')
    with op.batch_alter_table('evaluation_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_receipts_person_id'))

    op.drop_table('evaluation_receipts')
    with op.batch_alter_table('evaluation_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_answers_conference_role')
        batch_op.drop_index(batch_op.f('ix_evaluation_answers_case_id'))

    op.drop_table('evaluation_answers')
    with op.batch_alter_table('conference_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_changes_conference_id'))

    op.drop_table('conference_changes')
