"""The privacy officer's review page: the log with filters, flags for unusual access, a CSV
export; and no case content anywhere for the privacy officer."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core import clock
from tests.factories import CaseFactory


def _rows(text: str) -> str:
    return text[text.index("<tbody>"):] if "<tbody>" in text else ""


def test_the_privacy_officer_sees_who_viewed_a_case_but_not_what_it_says(login_as, world):
    login_as("coordinator").get(f"/cases/{world.case.reference}")
    text = login_as("privacy_officer").get("/privacy/log/").text
    rows = _rows(text)
    assert world.coordinator.email in rows and world.case.reference in rows
    assert "Noëlle Jansen" in rows  # which client
    assert world.case.central_question not in text


def test_the_privacy_officer_cannot_open_case_pages(login_as, world):
    client = login_as("privacy_officer")
    assert client.get(f"/cases/{world.case.reference}").status_code == 404
    assert world.case.reference not in client.get("/cases/").text
    assert client.get("/cases/new").status_code == 403


def test_the_home_page_of_a_privacy_officer_is_the_review(login_as, world):
    response = login_as("privacy_officer").get("/")
    assert response.headers["Location"].endswith("/privacy/log/")


def test_refused_attempts_are_shown_and_can_be_filtered(login_as, world):
    login_as("unassigned_coordinator").get(f"/cases/{world.case.reference}")
    login_as("coordinator").get(f"/cases/{world.case.reference}")
    rows = _rows(login_as("privacy_officer").get("/privacy/log/?outcome=refused").text)
    assert world.unassigned_coordinator.email in rows
    assert world.coordinator.email not in rows
    assert "Refused" in rows


def test_filters_by_user_client_and_kind(login_as, world):
    login_as("coordinator").get(f"/cases/{world.case.reference}")
    login_as("referrer").get(f"/cases/{world.case.reference}")
    client = login_as("privacy_officer")
    rows = _rows(client.get(f"/privacy/log/?user={world.referrer.id}&kind=view").text)
    assert world.referrer.email in rows and world.coordinator.email not in rows
    assert world.case.reference in _rows(client.get("/privacy/log/?client=jansen").text)
    assert _rows(client.get("/privacy/log/?client=nobody-like-this").text) == ""
    assert _rows(client.get("/privacy/log/?kind=export").text) == ""


def test_access_at_night_in_local_time_is_flagged(login_as, world):
    # 23:30 in Amsterdam is 22:30 UTC in winter: night by the local clock.
    with clock.frozen(datetime(2026, 12, 1, 22, 30, tzinfo=UTC)):
        login_as("coordinator").get(f"/cases/{world.case.reference}")
    with clock.frozen(datetime(2026, 12, 2, 10, 0, tzinfo=UTC)):
        text = login_as("privacy_officer").get(
            "/privacy/log/?date_from=2026-11-30&flag=night").text
    rows = _rows(text)
    assert world.coordinator.email in rows and 'data-flag="night"' in rows
    assert "1 event at night" in text


def test_a_case_of_a_client_with_the_users_surname_is_flagged(login_as, world):
    namesake = CaseFactory(organisation=world.org, client_first_name="Kees",
                           client_last_name="Beheer")  # the admin is Anouk Beheer
    login_as("admin").get(f"/cases/{namesake.reference}")
    login_as("admin").get(f"/cases/{world.case.reference}")
    rows = _rows(login_as("privacy_officer").get("/privacy/log/?flag=same_surname").text)
    assert namesake.reference in rows and world.case.reference not in rows


def test_many_cases_outside_the_caseload_are_flagged(login_as, world, app):
    app.config["AUDIT_FLAG_OUTSIDE_CASELOAD"] = 3
    try:
        cases = [CaseFactory(organisation=world.org) for _ in range(3)]
        admin = login_as("admin")
        for case in cases:
            admin.get(f"/cases/{case.reference}")
        text = login_as("privacy_officer").get("/privacy/log/").text
    finally:
        app.config["AUDIT_FLAG_OUTSIDE_CASELOAD"] = 5
    assert "Anouk Beheer opened 3 cases outside their caseload" in text
    assert _rows(text).count('data-flag="outside_caseload"') == 3


def test_the_csv_export_is_safe_for_spreadsheets_and_logged(login_as, world, db):
    hostile = CaseFactory(organisation=world.org, client_first_name="=HYPERLINK(1)",
                          client_last_name="Test")
    login_as("admin").get(f"/cases/{hostile.reference}")
    response = login_as("privacy_officer").get("/privacy/log/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["When", "Who", "Role"]
    clients = [row[6] for row in rows[1:] if row[5] == hostile.reference]
    assert clients and clients[0].startswith("'=")
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "export", AuditEvent.object_type == "access_log")) is not None


def test_the_review_never_shows_another_organisations_events(login_as, world):
    login_as("other_coordinator").get(f"/cases/{world.other_case.reference}")
    assert world.other_coordinator.email not in login_as("privacy_officer").get(
        "/privacy/log/").text


def test_malformed_and_hostile_filters_give_the_page(login_as, world):
    client = login_as("privacy_officer")
    for query in ("user=abc", "date_from=31-31-2026", "client=" + "x" * 500, "page=zz",
                  "kind=<script>", "flag=drop", "outcome=maybe", "page=99999999999"):
        response = client.get(f"/privacy/log/?{query}")
        assert response.status_code == 200, query
        assert "<script>" not in _rows(response.text)
