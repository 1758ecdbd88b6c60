"""The demo cases get realistic maps, and loading the demo twice adds nobody twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from eigenkracht.cases.models import Case
from eigenkracht.demo import load_demo
from eigenkracht.network.demo import MAPS
from eigenkracht.network.models import NetworkSnapshot, Person, Relationship


@pytest.fixture
def demo(app, db, monkeypatch):
    # The demo users' passwords are not what these tests are about: hash them cheaply.
    monkeypatch.setattr("eigenkracht.demo.hash_password",
                        lambda password: generate_password_hash(password, "scrypt:1024:8:1"))
    app.config["DEMO_PASSWORD"] = "een lang en veilig demowachtwoord 2026"
    try:
        load_demo()
        db.session.flush()
        yield {c.clients[0].first_name: c for c in db.session.scalars(select(Case))}
    finally:
        app.config["DEMO_PASSWORD"] = ""


def _people(db, case, **where):
    query = select(Person).where(Person.case_id == case.id, Person.is_client.is_(False))
    for name, value in where.items():
        query = query.where(getattr(Person, name) == value)
    return list(db.session.scalars(query))


def test_every_demo_case_has_15_to_30_people(demo, db):
    for name in ("Noëlle", "Emre", "Yasmina", "Mariëlle"):
        assert 15 <= len(_people(db, demo[name])) <= 30, name


def test_the_yilmaz_family_has_turkish_speaking_relatives(demo, db):
    assert len(_people(db, demo["Emre"], language="tr")) >= 3


def test_the_el_amrani_family_has_arabic_speaking_relatives(demo, db):
    assert len(_people(db, demo["Yasmina"], language="ar")) >= 3


def test_the_jobseeker_has_work_contacts(demo, db):
    contacts = [p for p in _people(db, demo["Mariëlle"]) if p.employer and p.can_help_with]
    assert len(contacts) >= 5


def test_each_map_has_a_deceased_grandparent_and_family_ties_for_a_genogram(demo, db):
    for case in (demo[name] for name in MAPS):  # the maps of this part of the demo
        assert _people(db, case, deceased=True), case.client_first_name
        kinds = set(db.session.scalars(select(Relationship.kind).where(
            Relationship.case_id == case.id)))
        assert {"parent", "partner", "sibling"} <= {k.value for k in kinds}


def test_names_keep_their_diacritics(demo, db):
    names = {p.name for case in demo.values() for p in _people(db, case)}
    assert {"Chloë Jansen", "Hüseyin Yılmaz", "Ayşe Yılmaz"} <= names


def test_the_jobseeker_map_has_an_older_snapshot_to_compare_with(demo, db):
    labels = set(db.session.scalars(select(NetworkSnapshot.label).where(
        NetworkSnapshot.case_id == demo["Mariëlle"].id)))
    assert "Intake" in labels


def test_loading_the_demo_again_adds_nobody_twice(demo, db):
    before = db.session.scalar(select(func.count(Person.id)))
    ties = db.session.scalar(select(func.count(Relationship.id)))
    load_demo()
    db.session.flush()
    assert db.session.scalar(select(func.count(Person.id))) == before
    assert db.session.scalar(select(func.count(Relationship.id))) == ties
