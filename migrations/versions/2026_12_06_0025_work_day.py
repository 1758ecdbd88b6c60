"""0025_work_day: the coach's day and the work case's own questions (issue 21, items 4-6)

- ``coach_settings``: a job coach's opt-in to the morning e-mail of follow-ups due, and the
  day it was last sent, so the schedule sends it once a day however often it runs.
- ``cases``: what a work case asks instead of a child's consent: the work aimed for, its
  line of work (the map's gaps look for people in it), the last job, availability and
  barriers. Empty for every existing case.

Revision ID: 0025_work_day
Revises: 0024_work_history
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_work_day'
down_revision = '0024_work_history'
branch_labels = None
depends_on = None

WORK_TEXTS = ("work_goal", "last_job", "availability", "barriers")


def _foreign_keys(on):
    """SQLite: switch foreign keys off while batch mode copies ``cases`` into a new table:
    dropping the old one would otherwise delete, through ON DELETE CASCADE, everything under
    it (clients, people, plans…). The pragma works only outside a transaction;
    foreign_key_check proves nothing broke (as 0018 does)."""
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
        'coach_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('morning_digest', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('last_digest_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_coach_settings_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_coach_settings')),
    )
    _foreign_keys(False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in WORK_TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('work_sector', sa.String(length=200), server_default='',
                                      nullable=False))
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('work_sector')
        for name in reversed(WORK_TEXTS):
            batch_op.drop_column(name)
    _foreign_keys(True)
    op.drop_table('coach_settings')
