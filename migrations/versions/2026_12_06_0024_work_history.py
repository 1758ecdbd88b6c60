"""0024_work_history: reserved for issue 21a (dated history, outcomes, placements, leads)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0024_work_history
Revises: 0023_plan_changes
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0024_work_history'
down_revision = '0023_plan_changes'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
