"""The case page runs a fixed number of SQL statements, however big the case is.

The page reads each feature's overview through the feature's public ``summary(case)``; none
of them loads a collection to count it, so the count stays the same for 2 or 40 people, 1
or 5 conferences and 1 or 30 actions.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from eigenkracht.cases.models import AssignmentRole, CaseKind
from eigenkracht.conference.models import ChecklistKey
from eigenkracht.core.db import utcnow
from eigenkracht.plans.models import PlanStatus
from tests.factories import (
    ActionFactory,
    BottomLineFactory,
    CaseAssignmentFactory,
    CaseFactory,
    ChecklistItemFactory,
    ConferenceFactory,
    ContactLogFactory,
    GoalFactory,
    InvitationFactory,
    PersonFactory,
    PlanBottomLineFactory,
    PlanFactory,
    UserFactory,
)

# The user with their organisation, and their session; the case, its staff with their names,
# its bottom lines, its clients, its status history (the referrer joined to the case); the
# audit row; one summary each of the map, the conferences, the plan, the referrer's link and
# (for a jobseeker) the goals and contacts. (Before the summaries: 15 to 21, growing with the
# case.) At the commit, three more seal the audit row into the organisation's hash chain
# (audit/chain.py: lock and read the chain's head, the event's seal, the new head).
MOST_STATEMENTS = 16


def _case(world, reference, *, kind=CaseKind.YOUTH, people, conferences, actions):
    """A case with ``people`` on the map (and a member of staff and a bottom line for every
    ten), ``conferences`` each inviting everyone, and an accepted and a draft plan version
    with ``actions`` each (and as many goals and contacts for a jobseeker)."""
    case = CaseFactory(organisation=world.org, reference=reference, kind=kind)
    CaseAssignmentFactory(case=case, user=world.coordinator)
    CaseAssignmentFactory(case=case, user=world.referrer, role=AssignmentRole.REFERRER)
    for _ in range(people // 10):
        CaseAssignmentFactory(case=case, user=UserFactory(organisation=world.org))
    for position in range(max(1, people // 10)):
        BottomLineFactory(case=case, position=position)
    everyone = [PersonFactory(case=case) for _ in range(people)]
    for number in range(conferences):
        conference = ConferenceFactory(case=case,
                                       starts_at=utcnow() + timedelta(days=7 + number))
        for key in list(ChecklistKey)[:number + 1]:
            ChecklistItemFactory(conference=conference, key=key)
        for person in everyone:
            InvitationFactory(conference=conference, person=person)
    accepted = PlanFactory(case=case, version=1, status=PlanStatus.ACCEPTED,
                           decided_at=utcnow())
    draft = PlanFactory(case=case, version=2, central_question="")
    for plan in (accepted, draft):
        PlanBottomLineFactory(plan=plan, how_met="")
        for number in range(actions):
            ActionFactory(plan=plan, people=everyone[number % len(everyone):][:1])
    if kind == CaseKind.WORK:
        for _ in range(actions):
            GoalFactory(case=case)
            ContactLogFactory(case=case, person=everyone[0])
    return case


def _statements(client, count_queries, reference):
    client.get(f"/cases/{reference}")  # a first visit: templates and catalogues are read
    with count_queries() as statements:
        response = client.get(f"/cases/{reference}")
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize("kind", [CaseKind.YOUTH, CaseKind.WORK])
def test_the_case_page_runs_as_many_statements_for_a_big_case_as_for_a_small_one(
        login_as, world, count_queries, kind):
    _case(world, "EK-2026-0201", kind=kind, people=2, conferences=1, actions=1)
    _case(world, "EK-2026-0202", kind=kind, people=40, conferences=5, actions=30)
    client = login_as("coordinator")
    small = _statements(client, count_queries, "EK-2026-0201")
    big = _statements(client, count_queries, "EK-2026-0202")
    assert len(small) == len(big), "\n\n".join(big)
    assert len(big) <= MOST_STATEMENTS, "\n\n".join(big)


def test_the_big_case_page_still_shows_every_count(login_as, world):
    case = _case(world, "EK-2026-0202", people=40, conferences=5, actions=30)
    page = login_as("coordinator").get(f"/cases/{case.reference}").text
    assert "40 people on the map around the client." in page
    # The next conference is the first of the five: one step of eight ticked, and the map
    # and the bottom lines tick themselves; 40 invited.
    assert "Preparation: 3 of 8 done" in page
    assert page.count("<td>40</td>") == 5
    # Ticked by hand: the first 1 … 5 steps, of which "map made" (the second) no longer
    # counts; the two automatic steps are true for every conference of the case.
    for done in (3, 3, 4, 5, 6):
        assert f"<td>{done} of 8</td>" in page
    # Version 2 is a draft without central question, monitor or evaluation date and with
    # a bottom line not yet answered.
    assert "4 sections still empty" in page
    assert "The family follows version 1" in page
