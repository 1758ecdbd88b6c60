"""Where the plan plugs into other features: the network's "person is used elsewhere"
checks and the conference to-do's review dates. Registered once, when the blueprint is."""

from __future__ import annotations


def register() -> None:
    from eigenkracht.conference.todo import REVIEW_CHECKS
    from eigenkracht.network.services import USAGE_CHECKS
    from eigenkracht.plans.actions import person_uses
    from eigenkracht.plans.followup import plan_reviews

    if person_uses not in USAGE_CHECKS:
        USAGE_CHECKS.append(person_uses)
    if plan_reviews not in REVIEW_CHECKS:
        REVIEW_CHECKS.append(plan_reviews)
