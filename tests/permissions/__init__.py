"""The permission matrix: every registered route × every role and anonymous.

Each feature has a module here with ``ROUTES``: endpoint → ``Route(method, path, rule)``.
``path`` is formatted with the ``world`` fixture's objects (``{case}``, ``{line}``, …);
``rule`` maps each role to what it must get. A registered route missing here fails the test.

The "password only" columns are browsers that gave the right password and not yet the
second factor their account needs (``PASSWORD_ONLY``): one whose user has an authenticator
app (asked for a code), one whose user has none while their role requires one (led to set
it up). They get the second step (``SECOND_STEP``) everywhere a user must be logged in,
unless a route says otherwise in ``Route.password_only``; pages that do not depend on who
is logged in (public pages, the token-authenticated API) answer them as anyone.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

ALLOW = "allow"  # any answer but a login redirect, 403 or 404
LOGIN = "login"  # a redirect to the login page
FORBIDDEN = 403
NOT_FOUND = 404

SECOND_STEP = "second step"  # a redirect to the second step of logging in (or its set-up)
PASSWORD_ONLY = ("password_only", "password_only_enrolling")

ROLES = ("anonymous", "admin", "coordinator", "unassigned_coordinator", "jobcoach", "referrer",
         "other_coordinator", "privacy_officer", "manager")


def rule(default, **roles):
    return {role: roles.get(role, default) for role in ROLES}


PUBLIC = rule(ALLOW)
LOGGED_IN = rule(ALLOW, anonymous=LOGIN)
ADMIN_ONLY = rule(FORBIDDEN, anonymous=LOGIN, admin=ALLOW)
CASE_VIEW = rule(NOT_FOUND, anonymous=LOGIN, admin=ALLOW, coordinator=ALLOW, referrer=ALLOW)
CASE_EDIT = rule(NOT_FOUND, anonymous=LOGIN, admin=ALLOW, coordinator=ALLOW, referrer=FORBIDDEN)
CASE_CREATE = rule(ALLOW, anonymous=LOGIN, referrer=FORBIDDEN, privacy_officer=FORBIDDEN,
                   manager=FORBIDDEN)
# The privacy officer sees the access log and no case content.
PRIVACY_OFFICER_ONLY = rule(FORBIDDEN, anonymous=LOGIN, privacy_officer=ALLOW)
# The organisation's figures: administrators and managers (aggregates, no case content).
FIGURES = rule(FORBIDDEN, anonymous=LOGIN, admin=ALLOW, manager=ALLOW)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    rule: dict
    data: dict | None = None
    # What each "password only" column gets, where it is not the default (see above).
    password_only: dict | None = None

    def after_password_alone(self, column: str):
        if self.password_only and column in self.password_only:
            return self.password_only[column]
        if self.rule["anonymous"] != LOGIN:
            return self.rule["anonymous"]
        return SECOND_STEP


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
