"""What the map tells: pure functions over people in the snapshot format."""

from __future__ import annotations

from eigenkracht.network.analysis import summarise
from eigenkracht.network.models import Sector, Support


def person(pid, sector="family", ring=2, support=(), direction=None, **more):
    return {"id": pid, "name": f"P{pid}", "sector": sector, "ring": ring,
            "support": list(support), "support_direction": direction, **more}


CLIENT = person(0, ring=1, support=["emotional"], is_client=True)


def test_people_are_counted_per_sector_and_ring_without_the_client():
    summary = summarise([CLIENT, person(1, "family", 1), person(2, "family", 3),
                         person(3, "friends", 1)])
    assert summary.total == 3
    assert summary.by_sector[Sector.FAMILY] == 2
    assert summary.by_ring == {1: 2, 2: 0, 3: 1}
    assert summary.by_sector_and_ring[Sector.FAMILY] == {1: 1, 2: 0, 3: 1}


def test_each_kind_of_support_is_counted_once_per_person():
    summary = summarise([person(1, support=["practical", "practical", "advice"]),
                         person(2, support=["practical"], direction="both")])
    assert summary.support_given[Support.PRACTICAL] == 2
    assert summary.support_given[Support.ADVICE] == 1


def test_a_kind_of_support_nobody_gives_is_a_gap():
    summary = summarise([person(1, support=["practical", "company", "advice"])])
    assert summary.support_gaps == [Support.EMOTIONAL]


def test_support_only_from_the_client_is_not_support_given():
    summary = summarise([person(1, support=["emotional"], direction="from_client")])
    assert Support.EMOTIONAL in summary.support_gaps


def test_a_deceased_person_gives_no_support_any_more():
    summary = summarise([person(1, support=["emotional"], deceased=True)])
    assert summary.support_given[Support.EMOTIONAL] == 0
    assert summary.deceased == 1


def test_an_empty_sector_is_a_gap():
    summary = summarise([person(1, "family"), person(2, "friends"), person(3, "community"),
                         person(4, "school_work")])
    assert summary.empty_sectors == [Sector.PROFESSIONALS]


def test_the_people_the_client_supports_in_return_are_counted():
    summary = summarise([person(1, direction="from_client"), person(2, direction="both"),
                         person(3, direction="to_client"), person(4)])
    assert summary.client_supports == 2


def test_an_empty_map_has_every_sector_empty_and_no_support():
    summary = summarise([CLIENT])
    assert summary.total == 0
    assert len(summary.empty_sectors) == 5 and len(summary.support_gaps) == 4


def test_unknown_values_in_an_old_snapshot_are_ignored_not_fatal():
    summary = summarise([person(1, sector="mars", ring=9, support=["money"])])
    assert summary.total == 1 and sum(summary.by_sector.values()) == 0
