"""0022_plan_routines: the plan after the conference — routines, contacts, reminders, signing

Issue 20 (items 1, 2, 3 and 7).

- ``actions.repeat`` / ``repeat_days`` / ``repeat_until``: an action can be a routine that
  repeats from its date (every weekday, given weekdays, weekly, monthly) until a date.
  Existing actions stay one-off ("").
- ``action_updates.occurrence_on``: an update that marks one occurrence of a routine done;
  unique per action, so an occurrence is marked once (NULLs, every other update, repeat).
- ``people.share_contact`` (+ ``_at``, ``_by``): the person's consent to show their phone
  number and e-mail address in the plan's contact list. Off for everyone already there.
- ``plans.first_call_id``: who is called first when the plan does not work.
- ``access_links.reminder_*``: the reminders a person chose on their page (none by default),
  and the token encrypted while reminders are on (a reminder links to the page).
- ``reminders_sent``: one row per reminder sent, so that none is sent twice.
- ``plan_signatures``: participants' signatures under an accepted version, with the hash of
  the version they signed.

Revision ID: 0022_plan_routines
Revises: 0021_network_entry
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022_plan_routines'
down_revision = '0021_network_entry'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('repeat', sa.String(length=10), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('repeat_days', sa.String(length=20), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('repeat_until', sa.Date(), nullable=True))
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occurrence_on', sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_action_updates_action_id_occurrence_on"),
                                          ['action_id', 'occurrence_on'])
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_contact', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('share_contact_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('share_contact_by', sa.String(length=200),
                                      server_default='', nullable=False))
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_call_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plans_first_call_id_people'), 'people',
                                    ['first_call_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('access_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_channel', sa.String(length=10),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('reminder_moment', sa.String(length=12),
                                      server_default='day_before', nullable=False))
        batch_op.add_column(sa.Column('reminder_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('reminder_token', sa.String(length=400),
                                      server_default='', nullable=False))
    op.create_table(
        'reminders_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('occurrence_on', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['actions.id'],
                                name=op.f('fk_reminders_sent_action_id_actions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['link_id'], ['access_links.id'],
                                name=op.f('fk_reminders_sent_link_id_access_links'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
        sa.UniqueConstraint('link_id', 'action_id', 'occurrence_on',
                            name=op.f('uq_reminders_sent_link_id_action_id_occurrence_on')),
    )
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sent_action_id'), ['action_id'])
        batch_op.create_index(batch_op.f('ix_reminders_sent_link_id'), ['link_id'])
    op.create_table(
        'plan_signatures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('typed_name', sa.String(length=200), nullable=False),
        sa.Column('signed_on', sa.Date(), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('plan_hash', sa.String(length=64), nullable=False),
        sa.Column('via', sa.String(length=10), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_plan_signatures_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'],
                                name=op.f('fk_plan_signatures_plan_id_plans'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                name=op.f('fk_plan_signatures_recorded_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_signatures')),
        sa.UniqueConstraint('plan_id', 'person_id', name=op.f('uq_plan_signatures_plan_id_person_id')),
    )
    with op.batch_alter_table('plan_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_signatures_person_id'), ['person_id'])
        batch_op.create_index(batch_op.f('ix_plan_signatures_plan_id'), ['plan_id'])


def downgrade():
    op.drop_table('plan_signatures')
    op.drop_table('reminders_sent')
    with op.batch_alter_table('access_links', schema=None) as batch_op:
        batch_op.drop_column('reminder_token')
        batch_op.drop_column('reminder_time')
        batch_op.drop_column('reminder_moment')
        batch_op.drop_column('reminder_channel')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plans_first_call_id_people'), type_='foreignkey')
        batch_op.drop_column('first_call_id')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('share_contact_by')
        batch_op.drop_column('share_contact_at')
        batch_op.drop_column('share_contact')
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_action_updates_action_id_occurrence_on'), type_='unique')
        batch_op.drop_column('occurrence_on')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('repeat_until')
        batch_op.drop_column('repeat_days')
        batch_op.drop_column('repeat')
