"""sessions: one record per sign-in, so that a session can be ended on the server; API
tokens and calendar addresses of before a password change stop

``user_sessions`` holds a row per sign-in (the SHA-256 of the cookie's random secret, when
it started and was last seen, the browser and address). Sessions signed in before this
version carry no such secret: everyone signs in once more after the upgrade.

API tokens made before their owner's last password change, and those of inactive users, are
revoked; so are (deleted) their calendar addresses: from now on a password change and a
deactivation do this at once.

Revision ID: 0015_sessions
Revises: 0014_version_counters
Create Date: 2026-12-06 05:00:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_sessions'
down_revision = '0014_version_counters'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ip_address', sa.String(length=64), nullable=True),
        sa.Column('user_agent', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_user_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_user_sessions_secret_hash')),
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_last_seen_at'), ['last_seen_at'],
                              unique=False)

    now = sa.bindparam('now', value=datetime.now(UTC), type_=sa.DateTime(timezone=True))
    no = sa.bindparam('no', value=False, type_=sa.Boolean())
    stale_tokens = (
        "UPDATE api_tokens SET revoked_at = :now WHERE revoked_at IS NULL AND user_id IN ("
        "SELECT users.id FROM users WHERE users.id = api_tokens.user_id AND ("
        "users.active = :no OR (users.password_changed_at IS NOT NULL AND "
        "api_tokens.created_at <= users.password_changed_at)))")
    op.execute(sa.text(stale_tokens).bindparams(now, no))
    stale_feeds = (
        "DELETE FROM calendar_feeds WHERE user_id IN ("
        "SELECT users.id FROM users WHERE users.id = calendar_feeds.user_id AND ("
        "users.active = :no OR (users.password_changed_at IS NOT NULL AND "
        "calendar_feeds.created_at <= users.password_changed_at)))")
    op.execute(sa.text(stale_feeds).bindparams(no))


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_last_seen_at'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
