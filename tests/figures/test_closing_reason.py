"""Closing a case asks why from a list, so that the figures can count it without free text."""

from __future__ import annotations

import pytest

from eigenkracht.cases.models import CaseStatus
from eigenkracht.extensions import db


def close(login_as, world, code: str):
    case = world.case
    return login_as("coordinator").post(f"/cases/{case.reference}/status", data={
        "status": "closed", "reason": "De familie wil geen conferentie.",
        "closed_reason_code": code, "row_version": case.row_version})


def test_the_reason_chosen_is_kept_beside_the_typed_one(login_as, world):
    close(login_as, world, "no_consent")
    db.session.refresh(world.case)
    assert world.case.status == CaseStatus.CLOSED
    assert world.case.closed_reason_code == "no_consent"
    assert world.case.closed_reason == "De familie wil geen conferentie."


def test_closing_without_choosing_leaves_it_not_recorded(login_as, world):
    close(login_as, world, "")
    db.session.refresh(world.case)
    assert (world.case.status, world.case.closed_reason_code) == (CaseStatus.CLOSED, "")


@pytest.mark.parametrize("code", ["because", "x" * 500, "<script>", "goals_reached "])
def test_a_reason_not_on_the_list_closes_nothing(login_as, world, code):
    response = close(login_as, world, code)
    db.session.refresh(world.case)
    assert world.case.status != CaseStatus.CLOSED
    page = login_as("coordinator").get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>" not in page


def test_reopening_clears_the_reason(login_as, world):
    close(login_as, world, "moved")
    db.session.refresh(world.case)
    login_as("coordinator").post(f"/cases/{world.case.reference}/status", data={
        "status": "follow_up", "reason": "Toch weer terug.",
        "row_version": world.case.row_version})
    db.session.refresh(world.case)
    assert (world.case.status, world.case.closed_reason_code) == (CaseStatus.FOLLOW_UP, "")


def test_the_case_page_offers_the_reasons(login_as, world):
    page = login_as("coordinator").get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert 'name="closed_reason_code"' in page
    assert "goals_reached" in page
