"""0019_conference_day: placeholder reserved for issue 25 (filled in by the work on that issue)

Revision ID: 0019_conference_day
Revises: 0018_clients
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0019_conference_day'
down_revision = '0018_clients'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
