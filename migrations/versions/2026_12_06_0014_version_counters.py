"""version counters: one optimistic lock, ``row_version``, on every record a form edits;
one-time keys of create forms

Cases, conferences and invitations had their counter under the name ``version`` (which is
also a plan's edition); it is ``row_version`` now, as on plans and actions. People, ties,
bottom lines, goals, steps and contacts gain one: a save on an older copy is refused the
same way everywhere. ``submissions`` holds the keys of create forms, so a form sent twice
makes one record.

Revision ID: 0014_version_counters
Revises: 0013_case_list_index
Create Date: 2026-12-06 03:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_version_counters'
down_revision = '0013_case_list_index'
branch_labels = None
depends_on = None

RENAMED = ('cases', 'conferences', 'invitations')
ADDED = ('people', 'relationships', 'bottom_lines', 'goals', 'goal_steps', 'contact_logs')


def upgrade():
    for table in RENAMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('version', new_column_name='row_version',
                                  existing_type=sa.Integer(), existing_nullable=False,
                                  existing_server_default='1')
    for table in ADDED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('row_version', sa.Integer(), server_default='1',
                                          nullable=False))
    op.create_table(
        'submissions',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('owner', sa.String(length=80), nullable=False),
        sa.Column('result', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_submissions')),
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_created_at'))
    op.drop_table('submissions')
    for table in ADDED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('row_version')
    for table in RENAMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('row_version', new_column_name='version',
                                  existing_type=sa.Integer(), existing_nullable=False,
                                  existing_server_default='1')
