"""clients: a case has one or more clients, each with their own consent; the referrer is a
contact (with a personal link); the case's status has a history

- ``clients``: the central people of a case (children or adults), each with a birth date or
  only a birth year and the consent their age requires. Every existing case's one client
  moves here (its name, date of birth and consent); ``cases.client_first_name`` and
  ``client_last_name`` stay as the case's name in lists and searches.
- ``referrers``: who referred the case (name, organisation, role, e-mail, phone), with or
  without an account. A case whose referrer was a user gets that user as its contact.
- ``referrer_links``: the referrer's personal link and its one-time code (hashes only).
- ``case_status_changes``: who or what moved a case's status, and why; ``cases.closed_reason``.
- ``plans.decided_by_referrer_id``: a decision recorded through the referrer's link.

Revision ID: 0018_clients
Revises: 0017_tasks
Create Date: 2026-12-06 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_clients'
down_revision = '0017_tasks'
branch_labels = None
depends_on = None

STATUSES = ('referral', 'preparation', 'conference', 'follow_up', 'closed')


def _foreign_keys(on):
    """SQLite: switch foreign keys off while ``cases`` and ``plans`` are copied into new
    tables (batch mode): dropping the old ones would otherwise delete, through ON DELETE
    CASCADE, everything under them (the clients just moved, people, plans, actions…). The
    pragma works only outside a transaction; foreign_key_check proves nothing broke."""
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
        'clients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('first_name', sa.String(length=100), nullable=False),
        sa.Column('last_name', sa.String(length=100), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=True),
        sa.Column('birth_year', sa.Integer(), nullable=True),
        sa.Column('consent_client_on', sa.Date(), nullable=True),
        sa.Column('consent_parents_on', sa.Date(), nullable=True),
        sa.Column('consent_parents_names', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_clients_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_clients')),
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_case_id'), ['case_id'], unique=False)

    op.create_table(
        'referrers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_referrers_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_referrers_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrers')),
        sa.UniqueConstraint('case_id', name=op.f('uq_referrers_case_id')),
    )
    with op.batch_alter_table('referrers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrers_user_id'), ['user_id'], unique=False)

    op.create_table(
        'referrer_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('referrer_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('code_hash', sa.String(length=255), nullable=False),
        sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('code_attempts', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_referrer_links_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_referrer_links_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['referrer_id'], ['referrers.id'],
                                name=op.f('fk_referrer_links_referrer_id_referrers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referrer_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_referrer_links_token_hash')),
    )
    with op.batch_alter_table('referrer_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrer_links_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrer_links_referrer_id'), ['referrer_id'],
                              unique=False)

    op.create_table(
        'case_status_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('from_status', sa.Enum(*STATUSES, name='from_status', native_enum=False,
                                         create_constraint=True), nullable=True),
        sa.Column('to_status', sa.Enum(*STATUSES, name='to_status', native_enum=False,
                                       create_constraint=True), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('actor_label', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_status_changes_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_case_status_changes_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_status_changes')),
    )
    with op.batch_alter_table('case_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_status_changes_case_id'), ['case_id'],
                              unique=False)

    # Every case's one client moves to ``clients``, with its date of birth and consent.
    op.execute(
        "INSERT INTO clients (case_id, position, first_name, last_name, birth_date, birth_year,"
        " consent_client_on, consent_parents_on, consent_parents_names, created_at, row_version)"
        " SELECT id, 0, client_first_name, client_last_name, client_birth_date, NULL,"
        " consent_client_on, consent_parents_on, consent_parents_names, created_at, 1"
        " FROM cases")
    # A referrer who was a user becomes the case's referrer contact (the first one assigned).
    op.execute(
        "INSERT INTO referrers (case_id, name, organisation, role, email, phone, user_id,"
        " created_at, row_version)"
        " SELECT a.case_id, u.name, o.name, '', u.email, '', u.id, a.created_at, 1"
        " FROM case_assignments a JOIN users u ON u.id = a.user_id"
        " JOIN organisations o ON o.id = u.organisation_id"
        " WHERE a.role = 'referrer' AND a.id = (SELECT min(b.id) FROM case_assignments b"
        " WHERE b.case_id = a.case_id AND b.role = 'referrer')")

    _foreign_keys(False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.drop_column('consent_client_on')
        batch_op.drop_column('consent_parents_names')
        batch_op.drop_column('consent_parents_on')
        batch_op.drop_column('client_birth_date')

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_by_referrer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plans_decided_by_referrer_id_referrers'),
                                    'referrers', ['decided_by_referrer_id'], ['id'],
                                    ondelete='SET NULL')
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plans_decided_by_referrer_id_referrers'),
                                 type_='foreignkey')
        batch_op.drop_column('decided_by_referrer_id')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('consent_parents_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('consent_parents_names', sa.String(length=300),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('consent_client_on', sa.Date(), nullable=True))
        batch_op.drop_column('closed_reason')
    _foreign_keys(True)
    # The first client goes back to the case (the others cannot: a case had one client).
    op.execute(
        "UPDATE cases SET"
        " client_birth_date = (SELECT c.birth_date FROM clients c WHERE c.case_id = cases.id"
        " ORDER BY c.position, c.id LIMIT 1),"
        " consent_client_on = (SELECT c.consent_client_on FROM clients c"
        " WHERE c.case_id = cases.id ORDER BY c.position, c.id LIMIT 1),"
        " consent_parents_on = (SELECT c.consent_parents_on FROM clients c"
        " WHERE c.case_id = cases.id ORDER BY c.position, c.id LIMIT 1),"
        " consent_parents_names = COALESCE((SELECT c.consent_parents_names FROM clients c"
        " WHERE c.case_id = cases.id ORDER BY c.position, c.id LIMIT 1), '')")

    with op.batch_alter_table('case_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_status_changes_case_id'))
    op.drop_table('case_status_changes')
    with op.batch_alter_table('referrer_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrer_links_referrer_id'))
        batch_op.drop_index(batch_op.f('ix_referrer_links_case_id'))
    op.drop_table('referrer_links')
    with op.batch_alter_table('referrers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrers_user_id'))
    op.drop_table('referrers')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_case_id'))
    op.drop_table('clients')
