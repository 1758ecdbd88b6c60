"""access_log: NEN 7513's fields and a hash chain per organisation in the access log; the
privacy officer; single sign-on through each organisation's OpenID Connect provider

``audit_events`` gains the role the actor acted in, the outcome (allowed or refused) and its
place in its organisation's hash chain (``chain_id``, ``chain_seq``, ``personal_digest``,
``entry_hash``); ``audit_chains`` holds each chain's head. The events already there are
sealed here, oldest first, with the same canonical form as ``eigenkracht.audit.chain`` (v1,
copied below so that this script never changes with the app).

``users.role`` accepts ``privacy_officer``; ``users.sso_subject`` links an account to its
single sign-on identity; ``sso_providers`` holds one organisation's provider settings.

Revision ID: 0020_access_log
Revises: 0019_conference_day
Create Date: 2026-12-06 06:00:00

"""
import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_access_log'
down_revision = '0019_conference_day'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'coordinator', 'jobcoach', 'referrer')
NEW_ROLES = (*OLD_ROLES, 'privacy_officer')


def _roles(batch_op, values):
    """The role column's CHECK constraint and width for ``values``."""
    batch_op.drop_constraint(op.f('ck_users_user_role'), type_='check')
    batch_op.alter_column('role', existing_type=sa.String(length=11),
                          type_=sa.String(length=max(len(v) for v in values)),
                          existing_nullable=False)
    batch_op.create_check_constraint(
        op.f('ck_users_user_role'), sa.column('role').in_(values))


def _foreign_keys(on):
    """SQLite: switch foreign keys off while ``users`` is copied into a new table (batch
    mode): dropping the old one would otherwise delete, through ON DELETE CASCADE, every
    session, assignment and API token, and empty the audit log's actors. The pragma works
    only between transactions, so the migration's transaction is committed around it."""
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
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        _roles(batch_op, NEW_ROLES)
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=400), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_sso_subject'), ['sso_subject'])
    _foreign_keys(True)

    op.create_table(
        'audit_chains',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('length', sa.Integer(), server_default='0', nullable=False),
        sa.Column('head_hash', sa.String(length=64), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chains')),
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_role', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=10),
                                      server_default='allowed', nullable=False))
        batch_op.add_column(sa.Column('chain_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('personal_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_chain_id_chain_seq'),
                                          ['chain_id', 'chain_seq'])

    op.create_table(
        'sso_providers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('enabled', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('issuer', sa.String(length=300), nullable=False),
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('client_secret', sa.Text(), nullable=False),
        sa.Column('email_claim', sa.String(length=60), nullable=False),
        sa.Column('groups_claim', sa.String(length=60), nullable=False),
        sa.Column('role_mapping', sa.JSON(), nullable=False),
        sa.Column('create_users', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('mfa_amr', sa.String(length=200), nullable=False),
        sa.Column('mfa_acr', sa.String(length=300), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_sso_providers_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_providers')),
        sa.UniqueConstraint('organisation_id', name=op.f('uq_sso_providers_organisation_id')),
    )
    _seal_existing_events()


# --- sealing the events of before this version (audit.chain's canonical form v1) -----------

def _text(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(',', ':'),
                      default=str)


def _moment(value):
    if value is None:
        return ''
    if isinstance(value, str):  # SQLite without the app's column type
        from datetime import datetime
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%f')


def _seal_existing_events():
    connection = op.get_bind()
    events = sa.table(
        'audit_events', *(sa.column(name) for name in (
            'id', 'created_at', 'organisation_id', 'actor_id', 'actor_label', 'actor_role',
            'action', 'object_type', 'object_id', 'case_id', 'case_reference', 'summary',
            'ip_address', 'outcome', 'chain_id', 'chain_seq', 'personal_digest',
            'entry_hash')), sa.column('details', sa.JSON()))
    chains = sa.table('audit_chains', sa.column('id'), sa.column('length'),
                      sa.column('head_hash'))
    heads = {}
    for row in connection.execute(sa.select(events).order_by(events.c.id)).mappings():
        chain_id = row['organisation_id'] or 0
        length, previous = heads.get(chain_id, (0, '0' * 64))
        length += 1
        details = row['details']
        if isinstance(details, str):
            details = json.loads(details)
        digest = hashlib.sha256(_text([row['summary'] or '', details or {},
                                       row['actor_label'] or '', row['ip_address']])
                                .encode('utf-8')).hexdigest()
        canonical = _text(['v1', row['id'], chain_id, length, _moment(row['created_at']),
                           row['organisation_id'], row['actor_id'], row['actor_role'],
                           row['action'], row['object_type'], row['object_id'],
                           row['case_id'], row['case_reference'], row['outcome'], digest])
        entry = hashlib.sha256((previous + canonical).encode('utf-8')).hexdigest()
        connection.execute(sa.update(events).where(events.c.id == row['id']).values(
            chain_id=chain_id, chain_seq=length, personal_digest=digest, entry_hash=entry))
        heads[chain_id] = (length, entry)
    for chain_id, (length, entry) in heads.items():
        connection.execute(sa.insert(chains).values(id=chain_id, length=length,
                                                    head_hash=entry))


def downgrade():
    op.drop_table('sso_providers')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_chain_id_chain_seq'), type_='unique')
        batch_op.drop_column('entry_hash')
        batch_op.drop_column('personal_digest')
        batch_op.drop_column('chain_seq')
        batch_op.drop_column('chain_id')
        batch_op.drop_column('outcome')
        batch_op.drop_column('actor_role')
    op.drop_table('audit_chains')
    op.execute("UPDATE users SET role = 'referrer', active = false "
               "WHERE role = 'privacy_officer'")  # kept (the log names them), locked out
    _foreign_keys(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_sso_subject'), type_='unique')
        batch_op.drop_column('sso_subject')
        _roles(batch_op, OLD_ROLES)
    _foreign_keys(True)
