"""The permission matrix: every registered route × every role and anonymous.

Each feature has a module here with ``ROUTES``: endpoint → ``Route(method, path, rule)``.
``path`` is formatted with the ``world`` fixture's objects (``{case}``, ``{line}``, …);
``rule`` maps each role to what it must get. A registered route missing here fails the test.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

ALLOW = "allow"  # any answer but a login redirect, 403 or 404
LOGIN = "login"  # a redirect to the login page
FORBIDDEN = 403
NOT_FOUND = 404

ROLES = ("anonymous", "admin", "coordinator", "unassigned_coordinator", "jobcoach", "referrer",
         "other_coordinator")


def rule(default, **roles):
    return {role: roles.get(role, default) for role in ROLES}


PUBLIC = rule(ALLOW)
LOGGED_IN = rule(ALLOW, anonymous=LOGIN)
ADMIN_ONLY = rule(FORBIDDEN, anonymous=LOGIN, admin=ALLOW)
CASE_VIEW = rule(NOT_FOUND, anonymous=LOGIN, admin=ALLOW, coordinator=ALLOW, referrer=ALLOW)
CASE_EDIT = rule(NOT_FOUND, anonymous=LOGIN, admin=ALLOW, coordinator=ALLOW, referrer=FORBIDDEN)
CASE_CREATE = rule(ALLOW, anonymous=LOGIN, referrer=FORBIDDEN)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    rule: dict
    data: dict | None = None


def fill_path(template: str, world) -> str:
    """A matrix path (or value) with the ``world`` fixture's objects filled in."""
    return template.format(
        case=world.case.reference,
        other_case=world.other_case.reference,
        line=world.case.bottom_lines[0].id,
        user=world.coordinator.id,
        **getattr(world, "extra_ids", {}),
    )


def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        routes.update(module.ROUTES)
    return routes
