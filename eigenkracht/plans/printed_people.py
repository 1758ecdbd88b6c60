"""Small orderings the plan documents need on top of the plan's own grouping.

(``eigenkracht.plans.actions.group_actions`` groups the actions by person and by bottom
line; these only number them and list people once.) Plain functions over model objects or
anything with the same attributes: no database, no request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def numbered(actions: Iterable[Any]) -> dict[int, int]:
    """Action id -> the number the documents show (1, 2, …, in the plan's order)."""
    ordered = sorted(actions, key=lambda a: (a.position, a.id or 0))
    return {action.id: index for index, action in enumerate(ordered, start=1)}


def unique_people(people: Iterable[Any], key: Callable[[Any], Any] = lambda p: p.id) -> list[Any]:
    """``people`` without repeats or Nones, the first occurrence kept."""
    seen: set[Any] = set()
    kept = []
    for person in people:
        if person is None or key(person) in seen:
            continue
        seen.add(key(person))
        kept.append(person)
    return kept
