"""0027_figures: the manager role, why a case was closed as a choice, staff teams, and
indexes for the organisation's figures (issue 23)

``users.role`` accepts ``manager`` (reads the organisation's figures: aggregates only, no
case content). ``cases.closed_reason_code`` says why a case was closed as one of a fixed
list (the figures count it; the free-text reason stays beside it and is never counted);
cases closed before are "not recorded" (empty). ``users.team`` names the team a member of
staff works in, so that the figures can be shown per team.

The index lets the figures read a year of a 10,000-case organisation within its budget:
the cases of an organisation by referral date. ``kept_figures`` keeps the counted figures of
an organisation, period and scope for a few minutes (aggregates only), so that looking again
does not count again.

Revision ID: 0027_figures
Revises: 0026_search
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_figures'
down_revision = '0026_search'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'coordinator', 'jobcoach', 'referrer', 'privacy_officer')
NEW_ROLES = (*OLD_ROLES, 'manager')


def _roles(batch_op, values):
    """The role column's CHECK constraint for ``values`` (the width stays: 15)."""
    batch_op.drop_constraint(op.f('ck_users_user_role'), type_='check')
    batch_op.create_check_constraint(
        op.f('ck_users_user_role'), sa.column('role').in_(values))


def _foreign_keys(on):
    """SQLite: foreign keys off while ``users`` or ``cases`` is copied into a new table
    (batch mode), else dropping the old table cascades into what hangs from it (as 0020)."""
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
        'kept_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('scope', sa.String(length=120), nullable=False),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_kept_figures_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_figures')),
        sa.UniqueConstraint('organisation_id', 'period', 'scope',
                            name=op.f('uq_kept_figures_organisation_id_period_scope')))
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.String(length=100), server_default='',
                                      nullable=False))
        _roles(batch_op, NEW_ROLES)
    _foreign_keys(True)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_reason_code', sa.String(length=30),
                                      server_default='', nullable=False))
        batch_op.create_index('ix_cases_figures', ['organisation_id', 'created_at', 'id'],
                              unique=False)


def downgrade():
    op.drop_table('kept_figures')
    _foreign_keys(False)  # dropping a column copies ``cases`` into a new table (SQLite)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_figures')
        batch_op.drop_column('closed_reason_code')
    _foreign_keys(True)
    op.execute("UPDATE users SET role = 'referrer', active = false "
               "WHERE role = 'manager'")  # kept (the log names them), locked out
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        _roles(batch_op, OLD_ROLES)
        batch_op.drop_column('team')
    _foreign_keys(True)
