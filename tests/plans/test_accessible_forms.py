"""The plan's forms as assistive technology meets them (issue 26, point 9): every problem
at once, the error summary in the page's order, buttons that say what they act on."""

from __future__ import annotations

import re

from tests.plans.test_actions import _action_data, _count_actions
from tests.plans.test_decision import _marks


def _summary_links(html: str) -> list[str]:
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([^"]+)"', summary)


def test_an_action_with_three_problems_names_all_three_at_once(world, login_as, plan, base,
                                                              conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, what="", person_ids=[], when_date="", when_text=""))
    assert response.status_code == 422
    links = _summary_links(response.get_data(as_text=True))
    assert links == ["what", "person_ids", "when_date"], links
    assert _count_actions(plan) == 1  # nothing half-saved


def test_one_problem_is_still_one_message(world, login_as, plan, base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new",
                                            data=_action_data(world, conference, what=""))
    assert response.status_code == 422
    assert _summary_links(response.get_data(as_text=True)) == ["what"]


def test_the_decision_summary_follows_the_page_bottom_lines_first(world, login_as, presented,
                                                                 base, at_presentation):
    data = {**_marks(presented, met=""), "decision": "", "reason": "x" * 5000}
    response = login_as("referrer").post(f"{base}/v1/decision", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    links = _summary_links(html)
    line = presented.bottom_lines[0]
    assert links[0] == f"met_{line.id}", links
    order_on_page = [html.index(f'id="{name}"') for name in links]
    assert order_on_page == sorted(order_on_page), links


def test_move_and_remove_buttons_say_which_action(world, login_as, complete_plan, base):
    html = login_as("coordinator").get(f"{base}/v1").get_data(as_text=True)
    for label in ("Move down", "Move up", "Remove"):
        for action in complete_plan.actions:
            pattern = re.escape(label) + r'<span class="visually-hidden">: <span lang="nl" ' \
                r'dir="auto">' + re.escape(action.what[:20])
            if label == "Move down" and action is complete_plan.actions[-1]:
                continue
            if label == "Move up" and action is complete_plan.actions[0]:
                continue
            assert re.search(pattern, html), (label, action.what)


def test_the_maps_picture_is_named_by_its_title_and_described_by_its_description(
        world, login_as):
    html = login_as("coordinator").get(f"/cases/{world.case.reference}/network").get_data(
        as_text=True)
    svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>", html).group(0)
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    described = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
    assert labelled.endswith("-title") and " " not in labelled
    assert described.endswith("-desc")
