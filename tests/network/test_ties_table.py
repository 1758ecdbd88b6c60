"""The ties table on the map page: many ties at once, and "parents of" / "children of"."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.network.models import Relationship, TieKind
from tests.factories import CaseFactory, PersonFactory


def _ties(db, case) -> set[tuple[int, str, int]]:
    return {(t.person_a_id, t.kind.value, t.person_b_id) for t in db.session.scalars(
        select(Relationship).where(Relationship.case_id == case.id))}


def _rows(*rows, key="ties-key-0123456789ab", **extra):
    data = {"submission": key, **extra}
    for n, row in enumerate(rows):
        for name, value in row.items():
            data[f"t-{n}-{name}"] = str(value)
    return data


def test_every_filled_row_becomes_a_tie(login_as, world, base, db):
    a, b, c = (PersonFactory(case=world.case, name=n) for n in ("Ad", "Bea", "Cor"))
    before = _ties(db, world.case)
    response = login_as("coordinator").post(f"{base}/ties/table", data=_rows(
        {"a": a.id, "kind": "partner", "b": b.id, "quality": "strong"},
        {"a": c.id, "kind": "friend", "b": a.id, "quality": "weak"},
        {"a": "", "kind": "parent", "b": ""}))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/network#ties-table")
    assert _ties(db, world.case) - before == {(a.id, "partner", b.id), (c.id, "friend", a.id)}


def test_bad_rows_come_back_with_their_messages_and_good_ones_stay(login_as, world, base,
                                                                    db):
    a, b = PersonFactory(case=world.case, name="Ad"), PersonFactory(case=world.case, name="Bea")
    stranger = PersonFactory(case=CaseFactory(organisation=world.case.organisation))
    response = login_as("coordinator").post(f"{base}/ties/table", data=_rows(
        {"a": a.id, "kind": "sibling", "b": b.id},
        {"a": a.id, "kind": "friend", "b": a.id},  # oneself
        {"a": a.id, "kind": "friend", "b": stranger.id},  # someone of another case
        {"a": a.id, "kind": "enemy", "b": b.id},  # no such kind
        {"a": b.id, "kind": "sibling", "b": a.id},  # the same tie again, the other way
        {"a": "", "kind": "friend", "b": b.id}))
    assert response.status_code == 200
    page = response.text
    assert "A person cannot have a tie with themselves." in page
    assert "Choose someone who is on this map." in page
    assert "Choose the kind of tie from the list." in page
    assert "This tie with Ad is already on the map." in page
    assert "Choose the other person of the tie." in page
    assert "1 tie has been added." in page
    assert (a.id, "sibling", b.id) in _ties(db, world.case)
    assert not any(stranger.id in (t[0], t[2]) for t in _ties(db, world.case))


def test_nothing_valid_is_a_422(login_as, world, base, db):
    a = PersonFactory(case=world.case, name="Ad")
    before = _ties(db, world.case)
    response = login_as("coordinator").post(f"{base}/ties/table", data=_rows(
        {"a": a.id, "kind": "friend", "b": "99999999999999999999"}))
    assert response.status_code == 422
    assert _ties(db, world.case) == before


def test_parents_of_makes_a_tie_from_each_parent_to_each_child(login_as, world, base, db):
    mother, father = PersonFactory(case=world.case, name="Moeder"), PersonFactory(
        case=world.case, name="Vader")
    kids = [PersonFactory(case=world.case, name=n) for n in ("Kind 1", "Kind 2", "Kind 3")]
    before = _ties(db, world.case)
    response = login_as("coordinator").post(f"{base}/ties/table", data=_rows(
        who=[str(mother.id), str(father.id)], how="parents_of",
        whom=[str(k.id) for k in kids]))
    assert response.status_code == 303
    made = _ties(db, world.case) - before
    assert made == {(p.id, "parent", k.id) for p in (mother, father) for k in kids}


def test_children_of_makes_child_ties_and_reports_the_ones_already_there(login_as, world,
                                                                        base, db):
    mother = PersonFactory(case=world.case, name="Moeder")
    kid, other = PersonFactory(case=world.case, name="Kind"), PersonFactory(
        case=world.case, name="Ander kind")
    client = login_as("coordinator")
    client.post(f"{base}/ties/table", data=_rows(
        {"a": mother.id, "kind": "parent", "b": kid.id}))
    response = client.post(f"{base}/ties/table", data=_rows(
        key="ties-key-second-sending", who=[str(kid.id), str(other.id)], how="children_of",
        whom=[str(mother.id)]))
    assert response.status_code == 200  # one made, one was there already
    assert "This tie with Moeder is already on the map." in response.text
    assert (other.id, TieKind.CHILD.value, mother.id) in _ties(db, world.case)


def test_a_shortcut_with_one_side_empty_says_what_is_missing(login_as, world, base, db):
    mother = PersonFactory(case=world.case, name="Moeder")
    response = login_as("coordinator").post(f"{base}/ties/table", data=_rows(
        who=[str(mother.id)], how="parents_of"))
    assert response.status_code == 422
    assert "Choose the people on both sides" in response.text


def test_the_same_sending_twice_adds_once(login_as, world, base, db):
    a, b = PersonFactory(case=world.case, name="Ad"), PersonFactory(case=world.case, name="Bea")
    client = login_as("coordinator")
    data = _rows({"a": a.id, "kind": "friend", "b": b.id})
    assert client.post(f"{base}/ties/table", data=data).status_code == 303
    again = client.post(f"{base}/ties/table", data=data)
    assert again.status_code == 303
    assert "already on the map" not in client.get(again.headers["Location"]).text


def test_someone_who_may_only_read_cannot_add_ties(login_as, world, base, db):
    a, b = PersonFactory(case=world.case, name="Ad"), PersonFactory(case=world.case, name="Bea")
    before = _ties(db, world.case)
    response = login_as("referrer").post(f"{base}/ties/table", data=_rows(
        {"a": a.id, "kind": "friend", "b": b.id}))
    assert response.status_code == 403
    assert _ties(db, world.case) == before
