"""0017_tasks: placeholder reserved for issue 18 (filled in by the work on that issue)

Revision ID: 0017_tasks
Revises: 0016_sign_in
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0017_tasks'
down_revision = '0016_sign_in'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
