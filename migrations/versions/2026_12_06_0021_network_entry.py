"""0021_network_entry: placeholder reserved for issue 19 (the network in one sitting) (filled in by the work on that issue)

Revision ID: 0021_network_entry
Revises: 0020_access_log
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0021_network_entry'
down_revision = '0020_access_log'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
