"""0024_work_history: a job coach's year entered late; outcomes, placements and leads
(issue 21, items 1-3)

History with dates: ``network_snapshots.as_of`` (the day a snapshot stands for, so maps
entered late fill their months), ``people.on_map_since`` and ``map_departures`` (who came
and left when, so the chart's months can be derived from the map), ``goal_steps.done_on``
and ``contact_logs.follow_up_done_on`` (the day something was done, not the day it was
ticked off).

Outcomes and placement: ``contact_logs.outcome`` accepts interview planned, interview held,
offer, hired and not hired (a wider column and a new CHECK constraint); ``placements`` and
their ``placement_checks`` at 1, 3, 6 and 12 months. Leads from the network: ``leads``.

Revision ID: 0024_work_history
Revises: 0023_plan_changes
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_work_history'
down_revision = '0023_plan_changes'
branch_labels = None
depends_on = None

OLD_OUTCOMES = ('introduction', 'tip', 'advice', 'no_answer', 'not_now')
NEW_OUTCOMES = (*OLD_OUTCOMES, 'interview_planned', 'interview_held', 'offer', 'hired',
                'not_hired')


def _outcomes(values, old_width):
    """The outcome column's CHECK constraint and width for ``values``."""
    with op.batch_alter_table('contact_logs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_contact_logs_contact_outcome'), type_='check')
        batch_op.alter_column('outcome', existing_type=sa.String(length=old_width),
                              type_=sa.String(length=max(len(v) for v in values)),
                              existing_nullable=False)
        batch_op.create_check_constraint(
            op.f('ck_contact_logs_contact_outcome'), sa.column('outcome').in_(values))


def _foreign_keys(on):
    """SQLite: foreign keys off while ``contact_logs`` is copied into a new table (batch
    mode); the pragma works only between transactions."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    bind.exec_driver_sql('COMMIT')
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    bind.exec_driver_sql('BEGIN')
    if on:
        broken = bind.exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        assert not broken, broken


def upgrade():
    op.create_table(
        'map_departures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('ring', sa.Integer(), nullable=False),
        sa.Column('on_map_since', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_map_departures_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_map_departures')),
    )
    op.create_index(op.f('ix_map_departures_case_id'), 'map_departures', ['case_id'],
                    unique=False)
    op.create_table(
        'leads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('person_name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.Enum('vacancy', 'introduction', name='lead_kind',
                                  native_enum=False, create_constraint=True), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('employer', sa.String(length=200), nullable=False),
        sa.Column('stage', sa.Enum('idea', 'asked', 'introduced', 'interview', 'hired',
                                   'closed', name='lead_stage', native_enum=False,
                                   create_constraint=True), nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('stage_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_leads_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_leads_created_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_leads_person_id_people'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_leads')),
    )
    op.create_index('ix_leads_case_stage', 'leads', ['case_id', 'stage'], unique=False)
    op.create_index(op.f('ix_leads_person_id'), 'leads', ['person_id'], unique=False)
    op.create_table(
        'placements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('lead_id', sa.Integer(), nullable=True),
        sa.Column('employer', sa.String(length=200), nullable=False),
        sa.Column('job_title', sa.String(length=200), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('hours_per_week', sa.Integer(), nullable=False),
        sa.Column('contract', sa.Enum('permanent', 'fixed_term', 'temp_agency', 'on_call',
                                      'trial', 'other', name='contract_kind',
                                      native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('hours_per_week BETWEEN 1 AND 60',
                           name=op.f('ck_placements_hours_range')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_placements_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_placements_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['lead_id'], ['leads.id'],
                                name=op.f('fk_placements_lead_id_leads'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    )
    op.create_index('ix_placements_case_start', 'placements', ['case_id', 'started_on'],
                    unique=False)
    op.create_index(op.f('ix_placements_lead_id'), 'placements', ['lead_id'], unique=False)
    op.create_table(
        'placement_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('held', sa.Boolean(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_placement_checks_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['placement_id'], ['placements.id'],
                                name=op.f('fk_placement_checks_placement_id_placements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_checks')),
        sa.UniqueConstraint('placement_id', 'months',
                            name=op.f('uq_placement_checks_placement_id_months')),
    )
    op.create_index('ix_placement_checks_case_due', 'placement_checks', ['case_id', 'due_on'],
                    unique=False)
    op.add_column('goal_steps', sa.Column('done_on', sa.Date(), nullable=True))
    op.add_column('network_snapshots', sa.Column('as_of', sa.Date(), nullable=True))
    op.add_column('people', sa.Column('on_map_since', sa.Date(), nullable=True))
    op.add_column('contact_logs', sa.Column('follow_up_done_on', sa.Date(), nullable=True))
    _foreign_keys(False)
    _outcomes(NEW_OUTCOMES, 12)
    _foreign_keys(True)


def downgrade():
    # The old list has no place for the new outcomes: each becomes the nearest old one.
    contact_logs = sa.table('contact_logs', sa.column('outcome', sa.String))
    op.execute(contact_logs.update()
               .where(contact_logs.c.outcome.in_(('interview_planned', 'interview_held',
                                                  'offer', 'hired')))
               .values(outcome='introduction'))
    op.execute(contact_logs.update().where(contact_logs.c.outcome == 'not_hired')
               .values(outcome='not_now'))
    _foreign_keys(False)
    _outcomes(OLD_OUTCOMES, 17)
    with op.batch_alter_table('contact_logs', schema=None) as batch_op:
        batch_op.drop_column('follow_up_done_on')
    _foreign_keys(True)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('on_map_since')
    with op.batch_alter_table('network_snapshots', schema=None) as batch_op:
        batch_op.drop_column('as_of')
    with op.batch_alter_table('goal_steps', schema=None) as batch_op:
        batch_op.drop_column('done_on')
    op.drop_index('ix_placement_checks_case_due', table_name='placement_checks')
    op.drop_table('placement_checks')
    op.drop_index(op.f('ix_placements_lead_id'), table_name='placements')
    op.drop_index('ix_placements_case_start', table_name='placements')
    op.drop_table('placements')
    op.drop_index(op.f('ix_leads_person_id'), table_name='leads')
    op.drop_index('ix_leads_case_stage', table_name='leads')
    op.drop_table('leads')
    op.drop_index(op.f('ix_map_departures_case_id'), table_name='map_departures')
    op.drop_table('map_departures')
