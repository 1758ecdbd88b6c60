"""Snapshots: save the map as of today, open an old one, compare two."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817, S405 - parsing our own output in a test

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.rules import RuleError
from eigenkracht.network.models import NetworkSnapshot, Sector
from eigenkracht.network.snapshots import compare, take_snapshot
from tests.factories import NetworkSnapshotFactory, PersonFactory

SNAPSHOT_KEYS = {"id", "name", "relation", "sector", "ring", "support", "support_direction",
                 "gender", "birth_year", "deceased", "is_client", "language",
                 "contact_frequency"}


def p(pid, name, ring=2, sector="family", support=()):
    return {"id": pid, "name": name, "ring": ring, "sector": sector, "support": list(support),
            "is_client": False}


OLDER = {"people": [{**p(1, "Client"), "is_client": True}, p(2, "Oma", 2, support=["company"]),
                    p(3, "Buurman", 1), p(4, "Juf", 3, "school_work"), p(5, "Oom", 2)],
         "ties": [{"a": 2, "b": 5, "kind": "parent", "quality": "strong"}]}
NEWER = {"people": [{**p(1, "Client"), "is_client": True},
                    p(2, "Oma", 1, support=["company", "practical"]), p(3, "Buurman", 3),
                    p(4, "Juf", 3, "professionals"), p(6, "Nieuwe vriendin", 2, "friends")],
         "ties": []}


class TestTaking:
    def test_a_snapshot_freezes_people_and_ties_in_the_agreed_format(self, world, db):
        snapshot = take_snapshot(world.case, "Intake", user=world.coordinator)
        people = snapshot.data["people"]
        assert {frozenset(person) for person in people} == {frozenset(SNAPSHOT_KEYS)}
        assert {person["name"] for person in people} >= {"Oma Truus", "Tante Riëtte"}
        assert any(person["is_client"] for person in people)
        assert snapshot.data["ties"] == [{"a": world.extra_ids["person"],
                                          "b": world.extra_ids["other_person"],
                                          "kind": "parent", "quality": "ordinary"}]

    def test_a_snapshot_does_not_change_when_the_map_changes(self, world, db):
        snapshot = take_snapshot(world.case, "Intake")
        PersonFactory(case=world.case, name="Later toegevoegd")
        db.session.expire_all()
        names = {person["name"] for person in db.session.get(NetworkSnapshot,
                                                             snapshot.id).data["people"]}
        assert "Later toegevoegd" not in names

    def test_the_cron_can_take_an_automatic_snapshot_without_a_user(self, world, db):
        snapshot = take_snapshot(world.case, "Maandelijks", automatic=True)
        assert snapshot.automatic and snapshot.taken_by_id is None
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "network_snapshot")).details["automatic"] is True

    def test_a_label_that_is_too_long_is_refused(self, world):
        with pytest.raises(RuleError):
            take_snapshot(world.case, "x" * 201)

    def test_saving_on_the_page_lists_the_new_snapshot(self, login_as, base, db):
        client = login_as("coordinator")
        response = client.post(f"{base}/snapshots", data={"label": "Na het gesprek"})
        assert response.status_code == 302
        page = client.get(f"{base}/snapshots").text
        assert "Na het gesprek" in page and "Intake" in page

    def test_an_oversized_label_on_the_page_gets_a_message_and_saves_nothing(
            self, login_as, world, base, db):
        before = db.session.query(NetworkSnapshot).count()
        response = login_as("coordinator").post(f"{base}/snapshots", data={"label": "x" * 300})
        assert response.status_code == 422
        assert "Use at most 200 characters for the label." in response.text
        assert db.session.query(NetworkSnapshot).count() == before

    def test_a_referrer_may_look_but_not_save(self, login_as, base):
        client = login_as("referrer")
        assert client.get(f"{base}/snapshots").status_code == 200
        assert client.post(f"{base}/snapshots", data={"label": "x"}).status_code == 403


class TestOpening:
    def test_an_old_snapshot_is_drawn_from_its_json(self, login_as, world, base):
        snapshot = NetworkSnapshotFactory(case=world.case, label="Vorige maand", data=OLDER)
        page = login_as("coordinator").get(f"{base}/snapshots/{snapshot.id}").text
        assert "<svg" in page and "Vorige maand" in page
        table = page[page.index("people-table"):]
        assert "Buurman" in table and "Juf" in table

    def test_a_snapshot_of_another_case_is_not_found(self, login_as, world, base):
        other = NetworkSnapshotFactory(case=world.other_case, data=OLDER)
        assert login_as("coordinator").get(f"{base}/snapshots/{other.id}").status_code == 404

    def test_a_damaged_snapshot_still_opens(self, login_as, world, base):
        snapshot = NetworkSnapshotFactory(case=world.case, data={"people": [{"name": "x"}, 3,
                                                                            {"id": "abc"}],
                                                                 "ties": "nonsense"})
        assert login_as("coordinator").get(f"{base}/snapshots/{snapshot.id}").status_code == 200


class TestComparing:
    def test_additions_and_removals_are_listed(self):
        result = compare(OLDER, NEWER)
        assert [x["name"] for x in result.added] == ["Nieuwe vriendin"]
        assert [x["name"] for x in result.removed] == ["Oom"]

    def test_moves_closer_and_further_are_listed_with_their_rings(self):
        result = compare(OLDER, NEWER)
        assert [(m.person["name"], m.before, m.after) for m in result.closer] == [("Oma", 2, 1)]
        assert [(m.person["name"], m.before, m.after) for m in result.further] == [
            ("Buurman", 1, 3)]

    def test_a_move_to_another_sector_is_listed(self):
        result = compare(OLDER, NEWER)
        assert [(m.person["name"], m.before, m.after) for m in result.sector_changed] == [
            ("Juf", "school_work", "professionals")]

    def test_support_gained_and_lost_is_listed_per_person(self):
        newer = {"people": [p(2, "Oma", 2, support=["practical"])], "ties": []}
        result = compare(OLDER, newer)
        assert [(c.person["name"], c.kinds) for c in result.support_gained] == [
            ("Oma", ["practical"])]
        assert [(c.person["name"], c.kinds) for c in result.support_lost] == [
            ("Oma", ["company"])]

    def test_people_are_matched_by_id_not_by_name(self):
        renamed = {"people": [p(2, "Oma Fatma", 2, support=["company"])], "ties": []}
        result = compare({"people": [p(2, "Oma", 2, support=["company"])]}, renamed)
        assert result.nothing_changed

    def test_a_support_change_is_marked_as_changed(self):
        newer = {"people": [p(2, "Oma", 2, support=["practical"])], "ties": []}
        assert compare(OLDER, newer).highlight()[2] == "changed"

    def test_the_picture_marks_each_change_and_draws_removed_people(self):
        result = compare(OLDER, NEWER)
        assert result.highlight() == {6: "added", 5: "removed", 2: "moved", 3: "moved",
                                      4: "moved"}
        assert 5 in {x["id"] for x in result.people}
        assert {"a": 2, "b": 5, "kind": "parent", "quality": "strong"} in result.ties

    def test_the_comparison_page_lists_the_changes_and_marks_the_picture(
            self, login_as, world, base):
        older = NetworkSnapshotFactory(case=world.case, label="Januari", data=OLDER)
        newer = NetworkSnapshotFactory(case=world.case, label="Februari", data=NEWER)
        page = login_as("coordinator").get(
            f"{base}/compare?older={older.id}&newer={newer.id}").text
        for text in ("Added", "Nieuwe vriendin", "Removed", "Oom", "Moved closer",
                     "Oma: from ring 2 to ring 1", "Moved further away",
                     "Buurman: from ring 1 to ring 3", "Moved to another sector",
                     "Juf: from School and work to Professionals", "Support gained",
                     "Oma now gives: Practical help"):
            assert text in page, text
        svg = page[page.index("<svg"):page.index("</svg>") + 6]
        root = ET.fromstring(svg)  # noqa: S314
        marked = {g.get("data-person-id"): g.get("data-highlight") for g in root.iter()
                  if g.get("data-highlight")}
        assert marked == {"6": "added", "5": "removed", "2": "moved", "3": "moved",
                          "4": "moved"}

    def test_by_default_the_newest_snapshot_is_compared_with_the_map_now(
            self, login_as, world, base, db):
        take_snapshot(world.case, "Vorige week")
        PersonFactory(case=world.case, name="Nieuwe buurvrouw", sector=Sector.COMMUNITY)
        page = login_as("coordinator").get(f"{base}/compare").text
        added = page[page.index("change-added"):]
        assert "Nieuwe buurvrouw" in added[:added.index("</ul>")]

    def test_comparing_without_any_snapshot_explains_what_to_do(self, login_as, world, base,
                                                               db):
        db.session.delete(db.session.get(NetworkSnapshot, world.extra_ids["snapshot"]))
        db.session.flush()
        response = login_as("coordinator").get(f"{base}/compare", follow_redirects=True)
        assert "Save the map first" in response.text

    @pytest.mark.parametrize("query", ["older=abc", "older=99999999", "newer=-1",
                                       "older=1&newer=" + "9" * 40])
    def test_a_bad_or_foreign_snapshot_in_the_address_is_not_found(self, login_as, base,
                                                                   query):
        assert login_as("coordinator").get(f"{base}/compare?{query}").status_code == 404

    def test_a_snapshot_of_another_case_cannot_be_compared(self, login_as, world, base):
        other = NetworkSnapshotFactory(case=world.other_case, data=OLDER)
        response = login_as("coordinator").get(f"{base}/compare?older={other.id}")
        assert response.status_code == 404


def test_the_client_is_never_listed_as_a_change():
    older = {"people": [{**p(1, "Client", 1), "is_client": True}]}
    newer = {"people": [{**p(1, "Client", 1), "is_client": True}, p(2, "Oma")]}
    result = compare(older, newer)
    assert [x["name"] for x in result.added] == ["Oma"]
