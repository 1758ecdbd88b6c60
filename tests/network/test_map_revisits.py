"""A revisit of an unchanged map is a 304; any change of the map makes a new page.

The map page and its picture carry a weak ETag of the map's version and are revalidated by
the browser (``Cache-Control: private, no-cache``). A revisit with a fitting
``If-None-Match`` is answered 304 without loading or drawing the map, but after the access
check (another organisation's user gets 404, not 304) and with the audit event (NEN 7513
logs every view). Every change of people or ties — add, edit, move, remove, erase, a tie
added or removed — and of the client's name gives another ETag. A drawing is kept per
content, so someone else's visit of the same map does not draw it again.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.network import picture, services
from eigenkracht.network.models import Person, Relationship, TieKind
from tests.failures.browser import open_form
from tests.factories import PersonFactory, RelationshipFactory


@pytest.fixture
def drawings(monkeypatch):
    """Counts the maps actually drawn (not taken from the kept drawings)."""
    picture.DRAWN.clear()
    drawn: list[str] = []
    draw = picture._draw

    def counting(view, *args, **kwargs):
        drawn.append(view)
        return draw(view, *args, **kwargs)

    monkeypatch.setattr(picture, "_draw", counting)
    yield drawn
    picture.DRAWN.clear()


def _revisit(client, path: str, tag: str):
    return client.get(path, headers={"If-None-Match": tag})


def _views(world) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == world.case.id, AuditEvent.action == "view")
        .order_by(AuditEvent.id)))


# --- 304 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/cases/EK-2026-0001/network",
                                  "/cases/EK-2026-0001/network?view=genogram",
                                  "/cases/EK-2026-0001/network.svg",
                                  "/cases/EK-2026-0001/network.svg?view=genogram"])
def test_a_revisit_of_an_unchanged_map_is_a_304_without_drawing(login_as, world, drawings,
                                                                 path):
    coordinator = login_as("coordinator")
    first = coordinator.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert len(drawings) == 1

    again = _revisit(coordinator, path, first.headers["ETag"])
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "private, no-cache"
    assert len(drawings) == 1


def test_a_revisit_is_still_logged_as_a_view(login_as, world):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    tag = coordinator.get(base).headers["ETag"]
    before = len(_views(world))
    assert _revisit(coordinator, base, tag).status_code == 304
    events = _views(world)
    assert len(events) == before + 1
    assert events[-1].details == {"page": "network", "view": "circle", "not_modified": True}
    assert events[-1].actor_id == world.coordinator.id


def test_a_map_page_without_a_fitting_etag_is_drawn_again(login_as, world):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    response = _revisit(coordinator, base, 'W/"something-else"')
    assert response.status_code == 200 and "<svg" in response.text


def test_another_organisations_user_gets_404_not_304(login_as, world):
    base = f"/cases/{world.case.reference}/network"
    page_tag = login_as("coordinator").get(base).headers["ETag"]
    svg_tag = login_as("coordinator").get(f"{base}.svg").headers["ETag"]
    stranger = login_as("other_coordinator")
    assert _revisit(stranger, base, page_tag).status_code == 404
    assert _revisit(stranger, f"{base}.svg", svg_tag).status_code == 404
    assert _revisit(login_as("anonymous"), base, page_tag).status_code == 302  # to log in


def test_an_unassigned_colleague_gets_404_not_304(login_as, world):
    base = f"/cases/{world.case.reference}/network.svg"
    tag = login_as("coordinator").get(base).headers["ETag"]
    assert _revisit(login_as("unassigned_coordinator"), base, tag).status_code == 404


def test_the_page_of_someone_else_has_its_own_etag(login_as, world):
    """The page shows who is logged in and what they may do: another user's copy never fits."""
    base = f"/cases/{world.case.reference}/network"
    tag = login_as("coordinator").get(base).headers["ETag"]
    for role in ("admin", "referrer"):
        other = login_as(role)
        response = _revisit(other, base, tag)
        assert response.status_code == 200
        assert response.headers["ETag"] != tag


def test_a_page_that_shows_a_message_is_not_kept(login_as, world):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    added = coordinator.post(f"{base}/people", data={"name": "Juf Ans", "relation": "juf",
                                                     "sector": "school_work", "ring": "2"},
                             follow_redirects=True)
    assert "Juf Ans has been added" in added.text
    assert "ETag" not in added.headers
    assert added.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["", ".svg"])
def test_another_language_gives_another_etag(login_as, world, path):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network{path}"
    tag = coordinator.get(base).headers["ETag"]
    world.coordinator.locale = "nl" if world.coordinator.locale != "nl" else "en"
    db.session.commit()
    other = _revisit(coordinator, base, tag)
    assert other.status_code == 200 and other.headers["ETag"] != tag


# --- every change makes a new page --------------------------------------------------------

def _changed(client, path: str, tag: str) -> str:
    """Revisit ``path`` with the ETag from before a change: the page is sent again (200)
    with another ETag, which is returned. The first page after a change may show its flashed
    message, and is then not kept (no ETag): the next visit is."""
    after = _revisit(client, path, tag)
    assert after.status_code == 200
    if "ETag" not in after.headers:
        assert 'class="flash' in after.text
        after = _revisit(client, path, tag)
        assert after.status_code == 200
    assert after.headers["ETag"] != tag
    return after.headers["ETag"]


def _add(client, world, base):
    assert client.post(f"{base}/people", data={"name": "Buurman Joop", "relation": "buurman",
                                                "sector": "community", "ring": "3"}
                       ).status_code == 302


def _edit(client, world, base):
    person = f"{base}/people/{world.extra_ids['person']}"
    form = open_form(client, person)
    form["notes"] = "Komt elke zondag langs."
    assert client.post(person, data=form).status_code == 302


def _edit_invisibly(client, world, base):
    """A change the picture does not show (a note) still changes the page's tables' data."""
    person = db.session.get(Person, world.extra_ids["person"])
    person.phone = "010 123 45 67"
    db.session.commit()


def _move(client, world, base):
    response = client.post(f"{base}/people/{world.extra_ids['person']}/move",
                           data={"ring": "3", "sector": "friends"})
    assert response.status_code == 302


def _add_tie(client, world, base):
    response = client.post(f"{base}/people/{world.extra_ids['person']}/ties",
                           data={"other_id": str(world.extra_ids["other_person"]),
                                 "kind": "friend", "quality": "strong"})
    assert response.status_code == 302


def _remove_tie(client, world, base):
    response = client.post(f"{base}/ties/{world.extra_ids['tie']}/delete", data={})
    assert response.status_code == 302


def _rename_client(client, world, base):
    world.case.client_first_name = "Noa"
    db.session.commit()


CHANGES = {"add": _add, "edit": _edit, "edit a field the picture does not show":
           _edit_invisibly, "move": _move, "add a tie": _add_tie, "remove a tie": _remove_tie,
           "rename the client": _rename_client}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("path", ["", ".svg"])
def test_every_change_of_the_map_gives_a_new_page(login_as, world, change, path):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    tag = coordinator.get(base + path).headers["ETag"]
    assert _revisit(coordinator, base + path, tag).status_code == 304
    CHANGES[change](coordinator, world, base)
    new_tag = _changed(coordinator, base + path, tag)
    assert _revisit(coordinator, base + path, new_tag).status_code == 304


@pytest.mark.parametrize("path", ["", ".svg"])
def test_removing_someone_gives_a_new_page(login_as, world, path):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    person = PersonFactory(case=world.case, name="Tijdelijk")
    db.session.commit()
    tag = coordinator.get(base + path).headers["ETag"]
    assert _revisit(coordinator, base + path, tag).status_code == 304
    assert coordinator.post(f"{base}/people/{person.id}/delete").status_code == 302
    _changed(coordinator, base + path, tag)
    assert "Tijdelijk" not in coordinator.get(base + path).text


@pytest.mark.parametrize("path", ["", ".svg"])
def test_erasing_someone_gives_a_new_page(login_as, world, path):
    admin = login_as("admin")
    base = f"/cases/{world.case.reference}/network"
    person = PersonFactory(case=world.case, name="Zebediah Quackenbush")
    RelationshipFactory(person_a=person, person_b=db.session.get(
        Person, world.extra_ids["person"]), kind=TieKind.FRIEND)
    db.session.commit()
    tag = admin.get(base + path).headers["ETag"]
    assert _revisit(admin, base + path, tag).status_code == 304
    erased = admin.post(f"/cases/{world.case.reference}/people/{person.id}/erase",
                        data={"confirm": "yes"})
    assert erased.status_code == 302
    _changed(admin, base + path, tag)
    assert "Zebediah" not in admin.get(base + path).text


def test_removing_the_newest_person_and_adding_another_gives_a_new_page(login_as, world):
    """SQLite may hand the removed row's id to the next one: the time still moves."""
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    newest = PersonFactory(case=world.case, name="Eerste")
    db.session.commit()
    tag = coordinator.get(base).headers["ETag"]
    coordinator.post(f"{base}/people/{newest.id}/delete")
    _add(coordinator, world, base)
    assert _revisit(coordinator, base, tag).status_code == 200


def test_the_version_read_on_a_revisit_is_the_version_of_the_loaded_map(world):
    from eigenkracht.network import versions

    RelationshipFactory(person_a=db.session.get(Person, world.extra_ids["person"]),
                        person_b=PersonFactory(case=world.case), kind=TieKind.FRIEND)
    db.session.commit()
    network = services.load_map(world.case)
    db.session.commit()
    assert versions.asked(world.case) == versions.of_map(network)
    assert versions.of_map(network)[0] == len(network.people)
    assert versions.of_map(network)[4] == db.session.query(Relationship).filter_by(
        case_id=world.case.id).count()


# --- the kept drawings ----------------------------------------------------------------------

def test_someone_elses_visit_of_the_same_map_is_not_drawn_again(login_as, world, drawings):
    base = f"/cases/{world.case.reference}/network"
    assert login_as("coordinator").get(base).status_code == 200
    assert login_as("admin").get(base).status_code == 200
    assert login_as("referrer").get(f"{base}.svg").status_code == 200
    assert drawings == ["circle"]
    login_as("admin").get(f"{base}?view=genogram")
    assert drawings == ["circle", "genogram"]


def test_a_changed_map_is_drawn_again(login_as, world, drawings):
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    coordinator.get(base)
    _move(coordinator, world, base)
    page = coordinator.get(base)
    assert len(drawings) == 2
    assert page.text.count("Oma Truus") >= 2


def test_the_kept_drawings_are_bounded():
    kept = picture.Drawings(entries=3, size=100)
    for n in range(5):
        assert kept.get(n, lambda n=n: f"svg {n}") == f"svg {n}"
    assert len(kept) == 3
    assert kept.get(0, lambda: "drawn again") == "drawn again"
    kept.get("big", lambda: "x" * 90)
    assert len(kept) <= 2
    assert kept.get("huge", lambda: "y" * 500) == "y" * 500  # too big to keep
    assert kept.get("huge", lambda: "drawn again") == "drawn again"


# --- the one-time key of a kept page -------------------------------------------------------

def test_two_copies_of_the_kept_page_add_two_different_people(login_as, world, db):
    """A 304 (or the back button) shows the same copy, with the same one-time key, twice."""
    coordinator = login_as("coordinator")
    base = f"/cases/{world.case.reference}/network"
    form = open_form(coordinator, base, "/network/people")
    for name in ("Juf Ans", "Meester Bas", "Juf Ans"):
        coordinator.post(f"{base}/people", data={**form, "name": name, "relation": "",
                                                 "sector": "school_work", "ring": "2"})
    names = list(db.session.scalars(select(Person.name).where(
        Person.case_id == world.case.id, Person.name.in_(["Juf Ans", "Meester Bas"]))))
    assert sorted(names) == ["Juf Ans", "Meester Bas"]

