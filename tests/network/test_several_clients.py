"""Issue 19, item 1 (the map's part): every client of the case is in the centre of the map."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import select

from eigenkracht.network import services
from eigenkracht.network.models import Person
from tests.factories import ClientFactory, PersonFactory, RelationshipFactory

SVG = "{http://www.w3.org/2000/svg}"


def _centre(db, case) -> list[Person]:
    return list(db.session.scalars(select(Person).where(
        Person.case_id == case.id, Person.is_client.is_(True)).order_by(Person.client_id)))


def test_each_client_is_a_person_in_the_centre(world, db):
    second = ClientFactory(case=world.case, position=1, first_name="Daan", last_name="Jansen",
                           birth_date=None, birth_year=2020)
    db.session.refresh(world.case)
    network = services.load_map(world.case)
    names = {p.name for p in network.people if p.is_client}
    assert names == {world.case.clients[0].name, "Daan Jansen"}
    assert network.client.client_id == world.case.clients[0].id  # the first is the anchor
    daan = next(p for p in network.people if p.client_id == second.id)
    assert (daan.is_client, daan.birth_year, daan.ring) == (True, 2020, 1)
    assert daan not in network.others  # not one of the network around the clients
    services.load_map(world.case)
    assert len(_centre(db, world.case)) == 2  # loading again makes no third


def test_the_map_draws_every_client_in_the_centre(login_as, world, base, db):
    ClientFactory(case=world.case, position=1, first_name="Daan", last_name="Jansen")
    db.session.refresh(world.case)
    svg = login_as("coordinator").get(f"{base}.svg").text
    root = ET.fromstring(svg)  # noqa: S314
    clients = [g for g in root.iter(f"{SVG}g") if "client" in (g.get("class") or "").split()]
    assert len(clients) == 2
    assert "Daan Jansen" in "".join(t.text or "" for g in clients for t in g.iter(f"{SVG}tspan"))


def test_a_client_can_be_tied_to_the_family(login_as, world, db):
    second = ClientFactory(case=world.case, position=1, first_name="Daan", last_name="Jansen")
    db.session.refresh(world.case)
    network = services.load_map(world.case)
    daan = next(p for p in network.people if p.client_id == second.id)
    mother = PersonFactory(case=world.case, name="Moeder")
    RelationshipFactory(person_a=mother, person_b=daan, kind="parent")
    assert daan.id in {t.person_b_id for t in services.load_map(world.case).ties}


def test_a_client_taken_off_the_case_stays_on_the_map_as_family(world, db):
    second = ClientFactory(case=world.case, position=1, first_name="Daan", last_name="Jansen")
    db.session.refresh(world.case)
    network = services.load_map(world.case)
    daan = next(p for p in network.people if p.client_id == second.id)
    db.session.delete(second)
    db.session.flush()
    db.session.expire_all()
    network = services.load_map(world.case)
    again = next(p for p in network.people if p.id == daan.id)
    assert not again.is_client and again in network.others
    assert [p.name for p in network.people if p.is_client] == [world.case.clients[0].name]


def test_the_centre_people_cannot_be_removed_or_moved(login_as, world, base, db):
    second = ClientFactory(case=world.case, position=1, first_name="Daan", last_name="Jansen")
    db.session.refresh(world.case)
    daan = next(p for p in services.load_map(world.case).people if p.client_id == second.id)
    client = login_as("coordinator")
    removed = client.post(f"{base}/people/{daan.id}/delete", follow_redirects=True)
    assert "cannot be removed" in removed.text
    assert db.session.get(Person, daan.id) is not None
