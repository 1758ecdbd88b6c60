"""The embedded default keeps its database as a file under ``instance/``: after an erasure or a
purge, the file (and its write-ahead log) holds no byte of what was erased.

SQLite leaves a deleted or overwritten row in the file's free space and in old frames of the
log; erasure and ``flask purge`` compact the file (``privacy.files.compact_database``). This
module runs an app of its own on a SQLite file in an instance folder of the test (whatever
engine the rest of the run uses: it is the embedded default that keeps files), with real
commits, so it has no test transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht import create_app
from eigenkracht.extensions import db as ext_db
from eigenkracht.network.models import Person

NAME, EMAIL = "Chloë Vandersteeg", "chloe.vandersteeg@example.org"
# As the bytes may hold them: UTF-8, and JSON's escape of the ë.
TRACES = (b"Vandersteeg", "Chloë".encode(), b"Chlo\\u00eb", EMAIL.encode(), b"98765432")


@pytest.fixture
def db():
    """This module commits in a database of its own: no test transaction."""
    yield None


@pytest.fixture
def instance(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


@pytest.fixture
def embedded(instance):
    """An app on ``instance/eigenkracht.sqlite``, with the world and Chloë in it: her name in
    texts, written, changed and written again (so old copies sit in free space)."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance}/eigenkracht.sqlite",
                     PDF_CACHE_DIR=str(instance / "pdf-cache"))
    app.instance_path = str(instance)
    with app.app_context():
        ext_db.create_all()
        from tests.factories import PersonFactory
        from tests.fixtures.roles import build_world

        world = build_world()
        chloe = PersonFactory(case=world.case, name="Chloë V.", email=EMAIL,
                              phone="06-98765432", notes="Chloë woont naast Noëlle.")
        ext_db.session.commit()
        chloe.name = NAME  # the first name stays behind in the freed space of the old row
        world.case.concerns = f"{NAME} maakt zich zorgen. " * 40  # a long text: overflow
        ext_db.session.commit()
        yield app, world
        ext_db.session.remove()
        ext_db.engine.dispose()


def _traces(instance) -> list[str]:
    found = []
    for path in sorted(p for p in instance.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.name}: {trace!r}" for trace in TRACES if trace in data]
    return found


def test_before_the_erasure_the_file_holds_her(embedded, instance):
    assert _traces(instance)


def test_after_erasing_her_the_sqlite_file_holds_nothing_of_her(embedded, instance):
    from eigenkracht.privacy.erase import erase_person

    app, world = embedded
    with app.test_request_context():
        person = ext_db.session.scalar(select(Person).where(Person.name == NAME))
        erase_person(world.case, person)
        ext_db.session.commit()
    assert _traces(instance) == []


def test_after_a_purge_the_sqlite_file_holds_nothing_of_the_case(embedded, instance):
    app, world = embedded
    world.case.retention_until = date.today() - timedelta(days=1)
    ext_db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert _traces(instance) == []
