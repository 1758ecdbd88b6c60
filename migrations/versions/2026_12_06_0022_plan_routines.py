"""0022_plan_routines: reserved for issue 20a (routines, contacts, reminders, signatures)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0022_plan_routines
Revises: 0021_network_entry
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0022_plan_routines'
down_revision = '0021_network_entry'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
