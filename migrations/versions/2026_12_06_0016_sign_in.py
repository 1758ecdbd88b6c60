"""0016_sign_in: placeholder reserved for issue 17 (filled in by the work on that issue)

Revision ID: 0016_sign_in
Revises: 0015_sessions
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0016_sign_in'
down_revision = '0015_sessions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
