"""0019_conference_day: the day and the decision as they really go (issue 25)

Phase moves are kept (``conference_phase_moves``) so a tap can be undone for two minutes
and every return to private time keeps its stamp; the register gets arrival times and the
referrer (``conference_referrers``); notes keep the referrer as a giver and their earlier
words (``information_note_revisions``); every decision on a plan stays
(``plan_decisions``, filled from the decisions already taken); a follow-up call is a
record (``follow_up_calls``); an art. 15 report records what was withheld and why
(``access_reports``).

Revision ID: 0019_conference_day
Revises: 0018_clients
Create Date: 2026-12-06 06:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_conference_day'
down_revision = '0018_clients'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('withheld', sa.JSON(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_access_reports_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['users.id'], name=op.f('fk_access_reports_made_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_access_reports_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_reports'))
    )
    with op.batch_alter_table('access_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_reports_case_id'), ['case_id'], unique=False)

    op.create_table('conference_phase_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('from_phase', sa.Enum('planned', 'information', 'private_time', 'presentation', 'decision', 'closed', 'cancelled', name='phase_move_from', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('to_phase', sa.Enum('planned', 'information', 'private_time', 'presentation', 'decision', 'closed', 'cancelled', name='phase_move_to', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('previous_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('set_follow_up', sa.Boolean(), nullable=False),
    sa.Column('tapped', sa.Boolean(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_conference_phase_moves_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_phase_moves_conference_id_conferences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_phase_moves'))
    )
    with op.batch_alter_table('conference_phase_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_phase_moves_conference_id'), ['conference_id'], unique=False)

    op.create_table('conference_referrers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('to_invite', 'invited', 'confirmed', 'declined', 'attended', 'absent', name='referrer_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('participation', sa.Enum('in_person', 'video', 'phone', 'letter', 'represented', name='referrer_participation', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_referrers_conference_id_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conference_referrers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_referrers')),
    sa.UniqueConstraint('conference_id', 'user_id', name=op.f('uq_conference_referrers_conference_id_user_id'))
    )
    with op.batch_alter_table('conference_referrers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_referrers_user_id'), ['user_id'], unique=False)

    op.create_table('follow_up_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=False),
    sa.Column('reached', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.Enum('reached', 'no_answer', 'message_left', 'call_back', name='call_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_step', sa.Text(), nullable=False),
    sa.Column('next_call_on', sa.Date(), nullable=True),
    sa.Column('previous_call_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_follow_up_calls_conference_id_conferences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_follow_up_calls_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_calls'))
    )
    with op.batch_alter_table('follow_up_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_calls_conference_id'), ['conference_id'], unique=False)

    op.create_table('plan_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('accepted', 'accepted_with_changes', 'not_accepted', name='history_decision', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_name', sa.String(length=200), nullable=False),
    sa.Column('decided_for_referrer', sa.String(length=200), nullable=False),
    sa.Column('bottom_lines', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_plan_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_decisions_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_decisions'))
    )
    with op.batch_alter_table('plan_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_decisions_plan_id'), ['plan_id'], unique=False)

    # Decisions taken before this revision: each decided version keeps its last decision.
    plans = sa.table('plans', sa.column('id', sa.Integer), sa.column('decision', sa.String),
                     sa.column('decision_reason', sa.Text),
                     sa.column('decided_at', sa.DateTime(timezone=True)),
                     sa.column('decided_by_id', sa.Integer),
                     sa.column('decided_for_referrer', sa.String))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String))
    decisions = sa.table('plan_decisions', sa.column('plan_id', sa.Integer),
                         sa.column('decision', sa.String), sa.column('reason', sa.Text),
                         sa.column('decided_at', sa.DateTime(timezone=True)),
                         sa.column('decided_by_id', sa.Integer),
                         sa.column('decided_by_name', sa.String),
                         sa.column('decided_for_referrer', sa.String),
                         sa.column('bottom_lines', sa.JSON))
    rows = op.get_bind().execute(
        sa.select(plans.c.id, plans.c.decision, plans.c.decision_reason, plans.c.decided_at,
                  plans.c.decided_by_id, plans.c.decided_for_referrer, users.c.name)
        .select_from(plans.outerjoin(users, users.c.id == plans.c.decided_by_id))
        .where(plans.c.decision.is_not(None), plans.c.decided_at.is_not(None))).all()
    if rows:
        op.bulk_insert(decisions, [
            {"plan_id": r.id, "decision": r.decision, "reason": r.decision_reason or "",
             "decided_at": r.decided_at, "decided_by_id": r.decided_by_id,
             "decided_by_name": r.name or "", "decided_for_referrer": r.decided_for_referrer or "",
             "bottom_lines": []} for r in rows])

    op.create_table('information_note_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['note_id'], ['information_notes.id'], name=op.f('fk_information_note_revisions_note_id_information_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_information_note_revisions_replaced_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_information_note_revisions'))
    )
    with op.batch_alter_table('information_note_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_information_note_revisions_note_id'), ['note_id'], unique=False)

    with op.batch_alter_table('information_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referrer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_information_notes_referrer_id_users'), 'users', ['referrer_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('arrived_at')

    with op.batch_alter_table('information_notes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_information_notes_referrer_id_users'), type_='foreignkey')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('referrer_id')

    with op.batch_alter_table('information_note_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_information_note_revisions_note_id'))

    op.drop_table('information_note_revisions')
    with op.batch_alter_table('plan_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_decisions_plan_id'))

    op.drop_table('plan_decisions')
    with op.batch_alter_table('follow_up_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_calls_conference_id'))

    op.drop_table('follow_up_calls')
    with op.batch_alter_table('conference_referrers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_referrers_user_id'))

    op.drop_table('conference_referrers')
    with op.batch_alter_table('conference_phase_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_phase_moves_conference_id'))

    op.drop_table('conference_phase_moves')
    with op.batch_alter_table('access_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_reports_case_id'))

    op.drop_table('access_reports')
