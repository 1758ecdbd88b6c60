"""Helpers for the network map tests: the map's URL and the people on it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eigenkracht.network.models import Person


@pytest.fixture
def base(world) -> str:
    """``/cases/EK-2026-0001/network``: the map of the world's case."""
    return f"/cases/{world.case.reference}/network"


@pytest.fixture
def people_named(db):
    """``people_named(case)``: the names on the map of ``case``, besides the client."""

    def names(case) -> list[str]:
        return sorted(db.session.scalars(select(Person.name).where(
            Person.case_id == case.id, Person.is_client.is_(False))))

    return names
