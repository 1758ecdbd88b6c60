"""0026_search: the search index of cases and the people on their maps (issue 24)

``search_entries`` holds one row per case (its clients' names) and per person on a map, with
the name folded for searching (lower case, no accents or punctuation: ``core.names.indexed``)
and the organisation's id, so that a search reads its own organisation's rows only.

- PostgreSQL: the contrib extensions ``pg_trgm`` and ``btree_gin`` (created IF NOT EXISTS;
  production needs the contrib package, see docs/operations.md) and one GIN index of
  ``(organisation_id, folded gin_trgm_ops)``; a btree index on ``case_id``.
- SQLite: the same indexes as plain ones, and an FTS5 table with the ``trigram`` tokenizer
  over ``folded`` (external content), kept in step by three triggers.

The rows of the cases and people already there are written here, from their names as they
are now (``flask search rebuild`` writes them again at any time). Downgrade drops all of it
(the extensions stay: other databases of the server may use them).

Revision ID: 0026_search
Revises: 0025_work_day
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op

from eigenkracht.core.names import indexed

# revision identifiers, used by Alembic.
revision = '0026_search'
down_revision = '0025_work_day'
branch_labels = None
depends_on = None

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(folded, "
    "content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, "
    "old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, "
    "old.folded); INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gin')
    entries = op.create_table(
        'search_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('relation', sa.String(length=100), nullable=False),
        sa.Column('folded', sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_search_entries_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_search_entries_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_search_entries_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
        sa.UniqueConstraint('person_id', name=op.f('uq_search_entries_person_id')),
    )
    op.create_index('ix_search_entries_case_id', 'search_entries', ['case_id'])
    op.create_index('ix_search_entries_trigram', 'search_entries',
                    ['organisation_id', 'folded'], postgresql_using='gin',
                    postgresql_ops={'folded': 'gin_trgm_ops'})
    if bind.dialect.name == 'sqlite':
        for statement in FTS_DDL:
            op.execute(statement)
    _fill(bind, entries)


def _fill(bind, entries, batch=5000):
    """The rows of the cases and people already there."""
    cases = sa.table('cases', sa.column('id'), sa.column('organisation_id'),
                     sa.column('client_first_name'), sa.column('client_last_name'))
    people = sa.table('people', sa.column('id'), sa.column('case_id'), sa.column('name'),
                      sa.column('relation'), sa.column('is_client'))
    rows = []

    def flush():
        if rows:
            bind.execute(entries.insert(), rows)
            rows.clear()

    for case_id, org, first, last in bind.execute(sa.select(
            cases.c.id, cases.c.organisation_id, cases.c.client_first_name,
            cases.c.client_last_name)):
        label = f"{first or ''} {last or ''}".strip()
        rows.append({'organisation_id': org, 'case_id': case_id, 'person_id': None,
                     'kind': 'case', 'label': label[:200], 'relation': '',
                     'folded': indexed(first, last)[:400]})
        if len(rows) >= batch:
            flush()
    for person_id, case_id, org, name, relation in bind.execute(sa.select(
            people.c.id, people.c.case_id, cases.c.organisation_id, people.c.name,
            people.c.relation).join(cases, cases.c.id == people.c.case_id)
            .where(people.c.is_client == sa.false())):
        rows.append({'organisation_id': org, 'case_id': case_id, 'person_id': person_id,
                     'kind': 'person', 'label': (name or '')[:200],
                     'relation': (relation or '')[:100],
                     'folded': indexed(name, relation)[:400]})
        if len(rows) >= batch:
            flush()
    flush()


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TABLE IF EXISTS search_fts')  # its triggers go with search_entries
    op.drop_index('ix_search_entries_trigram', table_name='search_entries')
    op.drop_index('ix_search_entries_case_id', table_name='search_entries')
    op.drop_table('search_entries')
