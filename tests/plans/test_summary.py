"""The plan's ``summary(case)`` for the case page: the latest version, the one followed, and
the empty sections counted in SQL by the same rule as ``services.missing_sections``."""

from __future__ import annotations

from datetime import date

import pytest

from eigenkracht.cases.models import CaseKind
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.plans.models import PlanStatus
from eigenkracht.plans.services import missing_sections
from eigenkracht.plans.summary import summary
from tests.factories import (
    ActionFactory,
    CaseFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
)

TEXTS = ("central_question", "going_well", "concerns", "contingency", "childs_view",
         "recipients")


def _complete_plan(kind=CaseKind.YOUTH, **values):
    case = CaseFactory(kind=kind)
    plan = PlanFactory(case=case, monitor=PersonFactory(case=case),
                       evaluation_date=date(2027, 6, 1), **values)
    PlanBottomLineFactory(plan=plan)
    ActionFactory(plan=plan)
    db.session.flush()
    return plan


def _counted(plan) -> int:
    db.session.expire_all()
    return summary(plan.case).missing


@pytest.mark.parametrize("kind", list(CaseKind))
def test_a_complete_plan_misses_nothing(kind):
    plan = _complete_plan(kind)
    assert _counted(plan) == len(missing_sections(plan)) == 0


@pytest.mark.parametrize("kind", list(CaseKind))
@pytest.mark.parametrize("name", TEXTS)
@pytest.mark.parametrize("empty", ["", "  \n\t "])
def test_an_empty_text_counts_as_the_plan_page_counts_it(kind, name, empty):
    plan = _complete_plan(kind, **{name: empty})
    assert _counted(plan) == len(missing_sections(plan))


def test_an_unanswered_bottom_line_no_actions_no_monitor_and_no_date_count_once_each():
    plan = _complete_plan()
    PlanBottomLineFactory(plan=plan, how_met=" ")
    PlanBottomLineFactory(plan=plan, how_met="")
    for action in list(plan.actions):
        db.session.delete(action)
    plan.monitor_id = None
    plan.evaluation_date = None
    db.session.flush()
    db.session.refresh(plan)
    assert _counted(plan) == len(missing_sections(plan)) == 4


def test_the_summary_names_the_latest_version_and_the_accepted_one_followed():
    accepted = _complete_plan(status=PlanStatus.ACCEPTED, decided_at=utcnow())
    PlanFactory(case=accepted.case, version=2, central_question="")
    db.session.flush()
    overview = summary(accepted.case)
    assert (overview.latest.version, overview.latest.status) == (2, PlanStatus.DRAFT)
    assert overview.current.version == 1 and overview.current.decided_at is not None
    assert overview.missing > 0


def test_an_accepted_latest_version_is_not_shown_twice_and_misses_nothing():
    accepted = _complete_plan(status=PlanStatus.ACCEPTED, decided_at=utcnow(),
                              recipients="")
    overview = summary(accepted.case)
    assert overview.latest.version == 1 and overview.current is None
    assert overview.missing == 0


def test_a_case_without_a_plan_has_an_empty_summary():
    overview = summary(CaseFactory())
    assert overview.latest is None and overview.current is None and overview.missing == 0
