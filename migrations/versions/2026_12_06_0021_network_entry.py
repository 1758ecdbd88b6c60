"""0021_network_entry: a conference has several interpreter languages (issue 19, item 5)

``conferences.interpreter_language`` (one code, or "" for none) becomes
``interpreter_languages`` (a JSON list of codes). Every conference keeps its interpreter:
"tr" becomes ["tr"], "" becomes []. Downgrading keeps the first language of each list.

Revision ID: 0021_network_entry
Revises: 0020_access_log
Create Date: 2026-12-06 06:00:00

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_network_entry'
down_revision = '0020_access_log'
branch_labels = None
depends_on = None

CONFERENCES = sa.table('conferences', sa.column('id', sa.Integer()),
                       sa.column('interpreter_language', sa.String(10)),
                       sa.column('interpreter_languages', sa.JSON()))


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter_languages', sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(CONFERENCES.c.id, CONFERENCES.c.interpreter_language))
    for conference_id, language in list(rows):
        connection.execute(CONFERENCES.update().where(CONFERENCES.c.id == conference_id)
                           .values(interpreter_languages=[language] if language else []))
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.alter_column('interpreter_languages', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('interpreter_language')


def downgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter_language', sa.String(length=10),
                                      nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(CONFERENCES.c.id, CONFERENCES.c.interpreter_languages))
    for conference_id, languages in list(rows):
        if isinstance(languages, str):
            languages = json.loads(languages)
        first = languages[0] if languages else ""
        connection.execute(CONFERENCES.update().where(CONFERENCES.c.id == conference_id)
                           .values(interpreter_language=first[:10]))
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.alter_column('interpreter_language', existing_type=sa.String(length=10),
                              nullable=False)
        batch_op.drop_column('interpreter_languages')
