"""What other features show of a case's network map: ``summary(case)``, one statement."""

from __future__ import annotations

from dataclasses import dataclass

from eigenkracht.cases.models import Case
from eigenkracht.network.services import people_count


@dataclass(frozen=True)
class NetworkSummary:
    """The map at a glance: how many people stand around the client."""

    people: int


def summary(case: Case) -> NetworkSummary:
    """The case page's view of the map: one count."""
    return NetworkSummary(people=people_count(case))
