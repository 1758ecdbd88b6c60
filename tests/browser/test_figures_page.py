"""Issue 23: the demo's year of cases on the figures page, as a manager sees it after
signing in — on a 1280 px screen and a 390 px phone: no sideways scroll, axe-core clean,
a screenshot of each for people to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from eigenkracht.auth.models import Role
from eigenkracht.figures.demo import add_figures_year
from tests.browser.accessibility import axe_violations, sideways_overflow
from tests.browser.conftest import Account, committed
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(live_app) -> Account:
    """A manager of an organisation with the demo's forty families of the past year."""
    with committed(live_app):
        organisation = OrganisationFactory(slug="rijnmond", name="Jeugdzorg Rijnmond")
        UserFactory(organisation=organisation, role=Role.COORDINATOR, name="Sjoerd de Vries",
                    team="Noord")
        user = UserFactory(organisation=organisation, role=Role.MANAGER, name="Mirjam de Graaf",
                           email="manager@rijnmond.example", locale="nl")
        add_figures_year(organisation, {})
        account = Account(email=user.email, name=user.name)
    return account


def _sign_in(page: Page, account: Account) -> None:
    page.goto("/login")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.press("#password", "Enter")
    page.wait_for_url("**/figures/")  # a manager lands on the figures


@pytest.mark.parametrize("screen", ["page", "phone"])
def test_the_figures_page_reads_on_a_screen_and_a_phone(screen, request, manager, artifacts):
    page: Page = request.getfixturevalue(screen)
    _sign_in(page, manager)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cijfers")
    expect(page.get_by_role("heading", name="Het pad: van aanmelding tot een plan dat "
                                             "standhoudt")).to_be_visible()
    assert page.locator("svg.figures-chart").count() >= 8
    assert page.locator("table.figures-table").count() >= 12
    page.select_option("#scope", label="Team Noord")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**scope=team*")
    expect(page.locator("p.lead")).to_contain_text("Team Noord")
    assert sideways_overflow(page) == []
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / f"figures-{screen}.png"), full_page=True)
