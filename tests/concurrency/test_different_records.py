"""Eight relatives say how their task goes while colleagues add eight people to the map of
the same case, all in the same instant: different records, so every change is saved and
nobody is told that someone else saved first (issue 15, "Concurrency without loss")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Action, ActionStatus, ActionUpdate
from tests.concurrency.conftest import STAFF
from tests.concurrency.served import (
    Send,
    Visitor,
    at_once,
    database,
    server_errors,
    statuses,
)

pytestmark = pytest.mark.concurrency

QUICK_ADDS = 8


def family_note(n: int) -> str:
    return f"Gelukt op dag {n + 1}, Noëlle was blij (bericht {chr(ord('A') + n)})."


def family_status(n: int) -> ActionStatus:
    return ActionStatus.DONE if n % 2 else ActionStatus.IN_PROGRESS


def test_family_updates_and_quick_adds_on_one_case_at_once_are_all_saved(served_app,
                                                                         busy_case,
                                                                         staff_visitor):
    sends = []
    for n, link in enumerate(busy_case.links):
        relative = Visitor(served_app, name=link.person)
        form = relative.open_form(link.page, link.update)
        sends.append(Send(relative, "POST", link.update,
                          {**form, "status": family_status(n).value, "note": family_note(n)},
                          label=f"task update of {link.person}"))
    colleagues = [staff_visitor(n) for n in range(STAFF)]
    add = f"{busy_case.url}/network/people"
    for n in range(QUICK_ADDS):
        colleague = colleagues[n % STAFF]
        # Each quick-add from a map page of its own, as a person adds one after another.
        form = colleague.open_form(f"{busy_case.url}/network", add)
        sends.append(Send(colleague, "POST", add,
                          {**form, "name": f"Buurvrouw {chr(ord('A') + n)}",
                           "relation": "buurvrouw",
                           # "Buurvrouw A" and "Buurvrouw B" are one letter apart: the
                           # duplicate question (issue 19) is answered "someone else".
                           "confirm_duplicate": "y"},
                          label=f"quick-add {n} by {colleague.name}"))

    answers = at_once(sends)

    assert not server_errors(served_app, sends, answers), server_errors(served_app, sends,
                                                                         answers)
    assert served_app.most_at_once > 1, "the requests did not overlap"
    # Different records: every change goes through (a redirect back to the page), none is
    # refused as stale, none is asked to be sent again.
    refused = [answer for answer in answers if not answer.redirected]
    assert not refused, "Not saved:\n" + statuses(sends, answers)
    with database(served_app) as session:
        case = session.scalar(select(Case).where(Case.reference == busy_case.reference))
        added = session.scalars(select(Person.name).where(
            Person.case_id == case.id, Person.name.like("Buurvrouw %"))).all()
        assert sorted(added) == [f"Buurvrouw {chr(ord('A') + n)}" for n in range(QUICK_ADDS)]
        for n, link in enumerate(busy_case.links):
            action = session.get(Action, link.action_id)
            assert action.status == family_status(n), link.person
            notes = session.scalars(select(ActionUpdate.note).where(
                ActionUpdate.action_id == link.action_id)).all()
            assert notes == [family_note(n)], link.person
