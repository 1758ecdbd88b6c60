"""Fixtures of the conference tests: the world's conference and its addresses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db as _db


@pytest.fixture
def conference(world) -> Conference:
    """The planned conference of ``world.case`` (coordinated by ``world.coordinator``),
    with the neighbour Fatma invited as an information giver."""
    return _db.session.get(Conference, world.extra_ids["conference"])


@pytest.fixture
def base(world) -> str:
    """The address of the world's conference."""
    return f"/cases/{world.case.reference}/conferences/{world.extra_ids['conference']}"


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def in_phase(conference: Conference, *phases) -> Conference:
    """Walk ``conference`` through ``phases`` with the state machine, as on the day."""
    from eigenkracht.conference import phases as machine

    for phase in phases:
        machine.move(conference, phase)
    _db.session.flush()
    return conference
