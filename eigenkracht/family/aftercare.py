"""What the family page shows of the plan's life after the conference (issue 20): the
questionnaire waiting for this person, "this is not working" for whom may say it, and the
person's own earlier notes on their tasks. The routes are in ``aftercare_views``; the rules
in ``plans.alerts`` and ``evaluation.services``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from eigenkracht.evaluation import services as evaluation
from eigenkracht.extensions import db
from eigenkracht.family.models import AccessLink
from eigenkracht.plans import alerts
from eigenkracht.plans.models import Action, ActionUpdate, Plan

OWN_NOTES_SHOWN = 10  # per task: the latest notes of the person, newest first


@dataclass(frozen=True)
class AftercareParts:
    """The family page's parts of this module, for the includes ``family/_aftercare_*``."""

    round: evaluation.Round | None = None  # the questionnaire open for this person
    may_alert: bool = False  # "this is not working" is offered
    own_notes: dict[int, list[ActionUpdate]] = field(default_factory=dict)  # per own task


def own_notes(plan: Plan, person, mine: list[Action]) -> dict[int, list[ActionUpdate]]:
    """The notes ``person`` wrote earlier on their own tasks (through their page), newest
    first, per task: they see their own voice; the monitor sees everyone's anyway."""
    ids = [action.id for action in mine]
    if not ids:
        return {}
    found: dict[int, list[ActionUpdate]] = defaultdict(list)
    for update in db.session.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id.in_(ids),
                                       ActionUpdate.author_person_id == person.id,
                                       ActionUpdate.note != "")
            .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())):
        if len(found[update.action_id]) < OWN_NOTES_SHOWN:
            found[update.action_id].append(update)
    return dict(found)


def page_parts(link: AccessLink, plan: Plan, mine: list[Action]) -> AftercareParts:
    person = link.person
    return AftercareParts(round=evaluation.current_round(link.case, person),
                          may_alert=alerts.reporter_role(plan, person) is not None,
                          own_notes=own_notes(plan, person, mine))


def questionnaire_round(link: AccessLink) -> evaluation.Round | None:
    return evaluation.current_round(link.case, link.person)
