"""Acceptance (issue 21): a job coach takes over a jobseeker and enters six months late —
snapshots as of past days while the map grows, contacts and steps with their past dates —
and the progress chart shows six filled months."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from eigenkracht.auth.models import Role
from eigenkracht.core.clock import today
from eigenkracht.jobs.progress import add_months, month_start
from tests.browser.conftest import Account, committed
from tests.factories import CaseAssignmentFactory, CaseFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def taken_over(live_app):
    """A job coach and a jobseeker whose map is still empty."""
    from eigenkracht.cases.models import CaseKind, CaseStatus

    with committed(live_app):
        organisation = OrganisationFactory(slug="werkplein", name="Werkplein Fryslân")
        user = UserFactory(organisation=organisation, role=Role.JOBCOACH, locale="en",
                           name="Fleur Hoekstra", email="fleur@werkplein.example")
        case = CaseFactory(organisation=organisation, kind=CaseKind.WORK,
                           status=CaseStatus.PREPARATION, client_first_name="Mariëlle",
                           client_last_name="Dijkstra", client_birth_date=None)
        CaseAssignmentFactory(case=case, user=user)
        facts = {"account": Account(email=user.email, name=user.name),
                 "reference": case.reference}
    return facts


def test_six_months_entered_late_fill_six_months_of_the_chart(page, taken_over, log_in):
    log_in(page, taken_over["account"])
    base = f"/cases/{taken_over['reference']}"
    this_month = month_start(today())
    months = [add_months(this_month, index - 5) for index in range(6)]
    for index, first_day in enumerate(months):
        # Someone new in the network that month, then the map as of the month's first day.
        page.goto(f"{base}/network")
        quick = page.locator("form.quick-add")
        quick.locator("[name=name]").fill(f"Collega {index + 1}")
        quick.locator("[name=relation]").fill("oud-collega")
        quick.locator("[name=ring]").select_option(str(1 + index % 3))
        quick.locator("button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{base}/network/snapshots")
        form = page.locator("form.snapshot-form")
        form.locator("[name=label]").fill(f"Maand {index + 1}")
        form.locator("[name=as_of]").fill(first_day.isoformat())
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash-success")).to_contain_text("saved as of")
        # A contact that month, backdated.
        page.goto(f"{base}/contacts/new")
        page.select_option("[name=person_id]", label=f"Collega {index + 1} (oud-collega)")
        page.fill("[name=contacted_on]", (first_day + timedelta(days=1)).isoformat()
                  if first_day + timedelta(days=1) <= today() else today().isoformat())
        page.check("input[name=channel][value=phone]")
        page.check("input[name=outcome][value=tip]")
        page.locator("form.contact-form button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()

    # A goal with a step entered as already done, and a step ticked off with a past date.
    page.goto(f"{base}/goals")
    page.fill("#add-goal [name=text]", "Werk als logistiek planner")
    page.locator("#add-goal button[type=submit]").click()
    step_form = page.locator("details.add-step").first
    step_form.locator("summary").click()
    step_form.locator("textarea").fill("Cv bijwerken")
    step_form.locator("[name$=target_date]").fill(months[1].isoformat())
    step_form.locator("[name$=done_on]").fill(months[1].isoformat())
    step_form.locator("button[type=submit]").click()
    expect(page.locator(".goal-step.is-done")).to_have_count(1)
    step_form = page.locator("details.add-step").first
    step_form.locator("summary").click()
    step_form.locator("textarea").fill("Harm om een referentie vragen")
    step_form.locator("button[type=submit]").click()
    open_step = page.locator(".goal-step:not(.is-done)").first
    open_step.locator("input[type=date]").fill(months[2].isoformat())
    open_step.locator("button", has_text="Mark as done").click()
    expect(page.locator(".goal-step.is-done")).to_have_count(2)

    page.goto(f"{base}/progress")
    rows = page.locator("table.progress-table tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("table.progress-table")).not_to_contain_text("No map saved")
    expect(page.locator(".progress-chart g.bar")).to_have_count(6)
    totals = page.locator(".progress-chart g.bar text.total").evaluate_all(
        "nodes => nodes.map(n => Number(n.textContent))")
    assert totals == [1, 2, 3, 4, 5, 6]
    contacts = rows.locator("td:nth-child(6)").all_inner_texts()
    assert contacts == ["1"] * 6  # each backdated contact in its own month
