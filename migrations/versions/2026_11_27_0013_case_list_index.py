"""case list index: the list, search and count of 10,000 cases read the index, not the table

The index on (organisation_id, last_activity_at) gave the list its order but every filter
(status, kind) and every search term (reference, client name) was checked on the table row,
so a search or a count read every case of the organisation. The new index keeps the order
(id breaks ties) and holds the columns those filters look at.

Revision ID: 0013_case_list_index
Revises: 0012_api
Create Date: 2026-11-27 22:09:56.942591

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_case_list_index'
down_revision = '0012_api'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_org_activity')
        batch_op.create_index('ix_cases_list', [
            'organisation_id', 'last_activity_at', 'id', 'status', 'kind', 'reference',
            'client_first_name', 'client_last_name'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list')
        batch_op.create_index('ix_cases_org_activity', ['organisation_id', 'last_activity_at'],
                              unique=False)
