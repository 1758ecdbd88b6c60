"""0026_search: reserved for issue 24 (search indexes)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0026_search
Revises: 0025_work_day
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0026_search'
down_revision = '0025_work_day'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
