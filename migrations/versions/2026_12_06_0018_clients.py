"""0018_clients: placeholder reserved for issue 19 (filled in by the work on that issue)

Revision ID: 0018_clients
Revises: 0017_tasks
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0018_clients'
down_revision = '0017_tasks'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
