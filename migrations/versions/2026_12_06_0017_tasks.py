"""tasks: the task queue's record of scheduled runs; outbox messages delivered by tasks

``task_runs`` keeps when each periodic task last ran and how it went (``flask tasks list``).
Outbox messages get what delivery by the queue needs — when a retry is due
(``next_attempt_at``) and how long a consumer holds one it is sending (``lease_until``) —
and whose they are (``case_id``, ``person_id``, filled in from the invitation for the
messages sent before), so erasure and purge find a message that never left.

Revision ID: 0017_tasks
Revises: 0016_sign_in
Create Date: 2026-12-06 06:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_tasks'
down_revision = '0016_sign_in'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_runs',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('error', sa.String(length=500), nullable=False),
        sa.Column('runs', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_task_runs')),
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_case_id_cases'),
                                    'cases', ['case_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_person_id_people'),
                                    'people', ['person_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_outbox_messages_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_person_id'), ['person_id'],
                              unique=False)
        batch_op.create_index('ix_outbox_messages_due', ['status', 'next_attempt_at'],
                              unique=False)
    # Messages sent for an invitation before: their case and person, from the invitation.
    op.execute(
        "UPDATE outbox_messages SET "
        "case_id = (SELECT conferences.case_id FROM invitations JOIN conferences "
        "ON conferences.id = invitations.conference_id "
        "WHERE invitations.id = outbox_messages.invitation_id), "
        "person_id = (SELECT invitations.person_id FROM invitations "
        "WHERE invitations.id = outbox_messages.invitation_id) "
        "WHERE invitation_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_person_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_case_id'))
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_person_id_people'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_case_id_cases'),
                                 type_='foreignkey')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('person_id')
        batch_op.drop_column('case_id')
    op.drop_table('task_runs')
