"""The search index follows every write of a case or a person: inserts, edits, moves,
erasure and purge (an erased name is not findable, in the rows nor in SQLite's FTS5 index)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from eigenkracht.extensions import db
from eigenkracht.privacy.erase import erase_person
from eigenkracht.search.index import rebuild
from eigenkracht.search.models import SearchEntry
from eigenkracht.search.services import search
from tests.factories import CaseFactory, PersonFactory


def _found(user, typed) -> list[str]:
    found = search(user, typed)
    return [h.label for h in found.cases + found.people]


def _in_fts(word: str) -> int:
    """SQLite: how many rows the FTS5 index itself finds for ``word`` (0 elsewhere)."""
    if db.session.get_bind().dialect.name != "sqlite":
        return 0
    return db.session.scalar(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"),
                             {"m": f'"{word}"'})


def test_a_new_person_is_findable_after_the_flush(world, way):
    PersonFactory(case=world.case, name="Goedele Wouters", relation="buurvrouw")
    assert _found(world.coordinator, "goedele") == ["Goedele Wouters"]


def test_a_renamed_person_is_found_by_the_new_name_only(world, way):
    person = PersonFactory(case=world.case, name="Goedele Wouters")
    person.name = "Greetje Wouters"
    db.session.flush()
    assert _found(world.coordinator, "goedele") == []
    assert _found(world.coordinator, "greetje") == ["Greetje Wouters"]
    assert db.session.scalar(select(func.count()).select_from(SearchEntry).where(
        SearchEntry.person_id == person.id)) == 1


def test_a_changed_relation_is_what_is_found(world, way):
    person = PersonFactory(case=world.case, name="Goedele Wouters", relation="buurvrouw")
    person.relation = "peettante"
    db.session.flush()
    assert _found(world.coordinator, "goedele peettante") == ["Goedele Wouters"]
    assert _found(world.coordinator, "goedele buurvrouw") == []


def test_a_renamed_client_renames_the_case_in_the_index(world, login_as, way):
    world.case.client_first_name = "Roosmarijn"
    db.session.flush()
    assert _found(world.coordinator, "roosmarijn") == ["Roosmarijn Jansen"]
    assert "Noëlle Jansen" not in _found(world.coordinator, "noelle")


def test_a_deleted_person_is_gone_from_the_index(world, way):
    person = PersonFactory(case=world.case, name="Goedele Wouters")
    db.session.delete(person)
    db.session.flush()
    assert _found(world.coordinator, "goedele") == []
    assert _in_fts("goedele") == 0


def test_an_erased_person_is_not_findable(world, way):
    person = PersonFactory(case=world.case, name="Goedele Wouters", relation="buurvrouw")
    assert _in_fts("goedele") in (0, 1)
    erase_person(world.case, person)
    db.session.flush()
    assert _found(world.coordinator, "goedele") == []
    assert _found(world.coordinator, "wouters") == []
    assert _in_fts("goedele") == 0 and _in_fts("wouters") == 0
    assert db.session.scalar(select(func.count()).select_from(SearchEntry).where(
        SearchEntry.label.contains("Goedele"))) == 0


def test_a_purged_case_is_not_findable(app, world, way):
    PersonFactory(case=world.case, name="Goedele Wouters")
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert _found(world.admin, "goedele") == [] and _found(world.admin, "noelle") == []
    assert _in_fts("goedele") == 0 and _in_fts("jansen") == 0
    assert db.session.scalar(select(func.count()).select_from(SearchEntry).where(
        SearchEntry.case_id == world.case.id)) == 0


def test_the_rebuild_writes_the_same_rows(world):
    PersonFactory(case=world.case, name="Goedele Wouters", relation="buurvrouw")
    CaseFactory(organisation=world.org, client_first_name="Bas", client_last_name="Smit")
    before = _rows()
    rebuild()
    after = _rows()
    assert after == before
    assert _found(world.coordinator, "goedele") == ["Goedele Wouters"]


def _rows():
    return sorted(db.session.execute(select(
        SearchEntry.case_id, func.coalesce(SearchEntry.person_id, 0), SearchEntry.kind,
        SearchEntry.folded)).all())


@pytest.mark.parametrize("name", ["Ayşe Kaya", "فاطمة الزهراء"])
def test_the_fts_index_holds_the_folded_name(world, name):
    PersonFactory(case=world.case, name=name)
    if db.session.get_bind().dialect.name == "sqlite":
        assert _in_fts("ayse" if name.startswith("A") else "فاطمة") == 1


def test_rows_written_as_tables_are_findable_after_reindex_case(world, way):
    """What the import does (``privacy.importing``: rows inserted as tables, then
    ``reindex_case``)."""
    from sqlalchemy import insert

    from eigenkracht.network.models import Person
    from eigenkracht.search.index import reindex_case

    db.session.execute(insert(Person).values(case_id=world.case.id, name="Goedele Wouters",
                                             relation="buurvrouw", sector="family", ring=2,
                                             support=[], can_help_with=[]))
    assert _found(world.coordinator, "goedele") == []  # bypassed the ORM: not yet
    reindex_case(world.case.id)
    assert _found(world.coordinator, "goedele") == ["Goedele Wouters"]
