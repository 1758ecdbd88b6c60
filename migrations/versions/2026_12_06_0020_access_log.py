"""0020_access_log: placeholder reserved for issue 17 (single sign-on and the access log) (filled in by the work on that issue)

Revision ID: 0020_access_log
Revises: 0019_conference_day
Create Date: 2026-12-06 06:00:00

"""

# revision identifiers, used by Alembic.
revision = '0020_access_log'
down_revision = '0019_conference_day'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
