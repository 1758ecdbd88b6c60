"""0025_work_day: reserved for issue 21b (the coach's day, work case form)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0025_work_day
Revises: 0024_work_history
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0025_work_day'
down_revision = '0024_work_history'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
