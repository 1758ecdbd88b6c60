"""sign_in: a second factor for staff (authenticator apps, recovery codes, security keys)

``totp_factors`` holds a user's authenticator-app secret and the time step of the last code
accepted; ``recovery_codes`` the SHA-256 of the one-time codes; ``security_keys`` the WebAuthn
credentials. ``user_sessions`` notes whether and how a sign-in passed its second factor, and
``organisations.second_factor_roles`` which roles must (NULL: the configuration's default).

Sessions that exist at the upgrade passed no second factor: their users are asked for one on
their next request, where their role requires it.

Revision ID: 0016_sign_in
Revises: 0015_sessions
Create Date: 2026-12-06 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_sign_in'
down_revision = '0015_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('second_factor_roles', sa.String(length=200),
                                      nullable=True))
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('second_factor', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('second_factor_at', sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        'totp_factors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_step', sa.BigInteger(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_totp_factors_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_totp_factors')),
        sa.UniqueConstraint('user_id', name=op.f('uq_totp_factors_user_id')),
    )
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_recovery_codes_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'security_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('credential_id', sa.LargeBinary(length=1024), nullable=False),
        sa.Column('public_key', sa.LargeBinary(length=2048), nullable=False),
        sa.Column('sign_count', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('transports', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_security_keys_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_security_keys')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_security_keys_credential_id')),
    )
    with op.batch_alter_table('security_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_security_keys_user_id'), ['user_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('security_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_security_keys_user_id'))
    op.drop_table('security_keys')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))
    op.drop_table('recovery_codes')
    op.drop_table('totp_factors')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_column('second_factor_at')
        batch_op.drop_column('second_factor')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('second_factor_roles')
