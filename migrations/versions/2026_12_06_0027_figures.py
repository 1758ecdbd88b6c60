"""0027_figures: reserved for issue 23 (figures, manager role)

Placeholder so that parallel work keeps one linear history; the issue's work fills it in.

Revision ID: 0027_figures
Revises: 0026_search
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0027_figures'
down_revision = '0026_search'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
