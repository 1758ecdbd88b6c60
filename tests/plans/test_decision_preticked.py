"""The referrer's decision page starts with the actions the coordinator linked to each
bottom line ticked (issue 20); an earlier decision's choice wins; unticking all is kept."""

from __future__ import annotations

import re

from eigenkracht.extensions import db
from tests.factories import ActionFactory
from tests.plans.conftest import plan_of


def ticked(page: str, line_id: int) -> set[int]:
    found = set()
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="actions_{line_id}"' in tag and re.search(r"\schecked", tag):
            found.add(int(re.search(r'value="(\d+)"', tag).group(1)))
    return found


def test_actions_linked_to_a_bottom_line_start_ticked(world, login_as, presented, base):
    line = presented.bottom_lines[0]
    serving = ActionFactory(plan=presented, people=list(presented.actions[0].people),
                            what="Oma brengt haar op vrijdag", serves=line)
    db.session.flush()
    page = login_as("referrer").get(f"{base}/v1/decision").get_data(as_text=True)
    assert ticked(page, line.id) == {serving.id}


def test_an_earlier_decision_names_the_actions_it_named(world, login_as, presented, base):
    line = presented.bottom_lines[0]
    line.meeting_actions = [presented.actions[0]]
    ActionFactory(plan=presented, people=list(presented.actions[0].people), serves=line)
    db.session.flush()
    page = login_as("referrer").get(f"{base}/v1/decision").get_data(as_text=True)
    assert ticked(page, line.id) == {presented.actions[0].id}


def test_the_referrer_may_untick_them_all(world, login_as, presented, base):
    line = presented.bottom_lines[0]
    ActionFactory(plan=presented, people=list(presented.actions[0].people), serves=line)
    db.session.flush()
    response = login_as("referrer").post(f"{base}/v1/decision", data={
        "row_version": presented.row_version, f"met_{line.id}": "no",
        "decision": "not_accepted", "reason": "Nog niet genoeg."})
    assert response.status_code == 302
    assert plan_of(world.case).bottom_lines[0].meeting_actions == []
