"""0021_network_entry: several interpreter languages; every client in the map's centre

Issue 19, item 5: a conference has several interpreter languages.

``conferences.interpreter_language`` (one code, or "" for none) becomes
``interpreter_languages`` (a JSON list of codes). Every conference keeps its interpreter:
"tr" becomes ["tr"], "" becomes []. Downgrading keeps the first language of each list.

Issue 19, item 1: a case has several clients, and each is a person in the centre of the map.
``people.client_id`` says which client a person stands for (one person per client); the one
client person of before belongs to the case's first client. "One client per case" on the
people gives way to "one person per client". Downgrading keeps the first client person of
each case as the client; the others stay on the map as family.

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

PEOPLE = sa.table('people', sa.column('id', sa.Integer()), sa.column('case_id', sa.Integer()),
                  sa.column('is_client', sa.Boolean()), sa.column('client_id', sa.Integer()))
CLIENTS = sa.table('clients', sa.column('id', sa.Integer()), sa.column('case_id', sa.Integer()),
                   sa.column('position', sa.Integer()))
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
    _clients_up(connection)


def _clients_up(connection):
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('uq_people_one_client_per_case')
        batch_op.add_column(sa.Column('client_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_people_client_id'), ['client_id'])
        batch_op.create_foreign_key(batch_op.f('fk_people_client_id_clients'), 'clients',
                                    ['client_id'], ['id'], ondelete='SET NULL')
    first = {}
    for client_id, case_id, _position in connection.execute(
            sa.select(CLIENTS.c.id, CLIENTS.c.case_id, CLIENTS.c.position)
            .order_by(CLIENTS.c.case_id, CLIENTS.c.position, CLIENTS.c.id)):
        first.setdefault(case_id, client_id)
    for person_id, case_id in list(connection.execute(
            sa.select(PEOPLE.c.id, PEOPLE.c.case_id).where(PEOPLE.c.is_client.is_(True)))):
        if case_id in first:
            connection.execute(PEOPLE.update().where(PEOPLE.c.id == person_id)
                               .values(client_id=first.pop(case_id)))


def _clients_down(connection):
    seen = set()
    for person_id, case_id in list(connection.execute(
            sa.select(PEOPLE.c.id, PEOPLE.c.case_id).where(PEOPLE.c.is_client.is_(True))
            .order_by(PEOPLE.c.case_id, PEOPLE.c.id))):
        if case_id in seen:
            connection.execute(PEOPLE.update().where(PEOPLE.c.id == person_id)
                               .values(is_client=False))
        seen.add(case_id)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_people_client_id_clients'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_people_client_id'), type_='unique')
        batch_op.drop_column('client_id')
        batch_op.create_index('uq_people_one_client_per_case', ['case_id'], unique=True,
                              sqlite_where=sa.text('is_client'),
                              postgresql_where=sa.text('is_client'))


def downgrade():
    _clients_down(op.get_bind())
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
