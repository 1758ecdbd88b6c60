"""0023_plan_changes: reserved for issue 20b (changes, this-is-not-working, evaluation)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0023_plan_changes
Revises: 0022_plan_routines
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0023_plan_changes'
down_revision = '0022_plan_routines'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
