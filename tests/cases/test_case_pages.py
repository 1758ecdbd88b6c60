"""Viewing and editing one case: access, stale edits, status, bottom lines."""

from __future__ import annotations

import re

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import BottomLine, Case, CaseStatus
from tests.cases.case_form import edit_data


def _edit_data(case, **overrides):
    return edit_data(case, **overrides)


class TestAccess:
    def test_a_coordinator_of_another_organisation_gets_404_by_link(self, app, world):
        from tests.fixtures.roles import log_in

        client = log_in(app.test_client(), world.other_coordinator)
        assert client.get(f"/cases/{world.case.reference}").status_code == 404

    def test_guessed_references_of_another_organisation_give_404(self, login_as, world):
        client = login_as("coordinator")
        for guess in (world.other_case.reference, world.other_case.reference.lower(),
                      f" {world.other_case.reference} ", str(world.other_case.id),
                      "EK-2026-9999", "../admin", "x" * 300):
            assert client.get(f"/cases/{guess}").status_code == 404, guess

    def test_the_404_page_says_the_same_as_for_a_case_that_does_not_exist(self, login_as,
                                                                         world):
        client = login_as("coordinator")
        hidden = client.get(f"/cases/{world.other_case.reference}").text
        missing = client.get("/cases/EK-2026-9999").text

        def main(text):
            return text[text.index("<main"):text.index("</main>")]

        assert main(hidden) == main(missing)

    def test_a_referrer_may_read_but_not_edit(self, login_as, world):
        client = login_as("referrer")
        assert client.get(f"/cases/{world.case.reference}").status_code == 200
        assert client.get(f"/cases/{world.case.reference}/edit").status_code == 403

    def test_viewing_a_case_is_in_the_audit_log(self, login_as, world, db):
        login_as("coordinator").get(f"/cases/{world.case.reference}")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "view"))
        assert event.actor_id == world.coordinator.id
        assert event.case_reference == world.case.reference
        assert event.ip_address == "127.0.0.1"


class TestEditing:
    def test_a_coordinator_changes_the_central_question(self, login_as, world, db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/edit",
            data=_edit_data(world.case, central_question="Nieuwe vraag?"))
        assert response.status_code == 302
        assert db.session.get(Case, world.case.id).central_question == "Nieuwe vraag?"

    def test_a_change_is_audited_with_old_and_new_values(self, login_as, world, db):
        login_as("coordinator").post(f"/cases/{world.case.reference}/edit",
                                     data=_edit_data(world.case, concerns="Nieuw"))
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update"))
        assert event.details["concerns"] == ["Zorgen over school.", "Nieuw"]

    def test_a_stale_edit_is_refused_and_keeps_both_versions_visible(self, login_as, world, db):
        client = login_as("coordinator")
        stale = _edit_data(world.case, central_question="Mijn versie")
        first = client.post(f"/cases/{world.case.reference}/edit",
                            data=_edit_data(world.case, central_question="Hun versie"))
        assert first.status_code == 302
        response = client.post(f"/cases/{world.case.reference}/edit", data=stale)
        assert response.status_code == 409
        assert "Someone else saved this case" in response.text
        assert "Mijn versie" in response.text and "Hun versie" in response.text
        assert db.session.get(Case, world.case.id).central_question == "Hun versie"

    def test_a_missing_or_malformed_version_is_treated_as_stale(self, login_as, world, db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/edit",
            data=_edit_data(world.case, row_version="abc", central_question="Zomaar"))
        assert response.status_code == 409
        assert db.session.get(Case, world.case.id).central_question != "Zomaar"


class TestStatus:
    def test_moving_to_preparation_needs_the_consent_the_age_requires(self, login_as, world,
                                                                       db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/status",
            data={"status": "preparation", "row_version": world.case.row_version},
            follow_redirects=True)
        assert "Record the consent that the client" in response.text
        assert db.session.get(Case, world.case.id).status == CaseStatus.REFERRAL

    def test_with_consent_the_case_moves_to_preparation(self, login_as, world, db):
        from datetime import date

        world.case.clients[0].consent_parents_on = date(2026, 9, 1)
        world.case.clients[0].consent_parents_names = "Ouders"
        db.session.flush()
        login_as("coordinator").post(f"/cases/{world.case.reference}/status",
                                     data={"status": "preparation", "reason": "Toestemming rond",
                                           "row_version": world.case.row_version})
        assert db.session.get(Case, world.case.id).status == CaseStatus.PREPARATION

    def test_a_case_cannot_skip_steps(self, login_as, world, db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/status",
            data={"status": "follow_up", "row_version": world.case.row_version},
            follow_redirects=True)
        assert "cannot move to that status" in response.text
        assert db.session.get(Case, world.case.id).status == CaseStatus.REFERRAL

    def test_closing_sets_the_retention_date_from_the_organisation(self, login_as, world, db):
        login_as("coordinator").post(f"/cases/{world.case.reference}/status",
                                     data={"status": "closed", "reason": "Hulp elders",
                                           "row_version": world.case.row_version})
        case = db.session.get(Case, world.case.id)
        assert case.status == CaseStatus.CLOSED
        assert case.retention_until.year == case.closed_at.year + world.org.retention_years


class TestBottomLines:
    def _lines(self, db, case):
        return [b.text for b in db.session.scalars(
            select(BottomLine).where(BottomLine.case_id == case.id)
            .order_by(BottomLine.position))]

    def test_add_edit_reorder_and_remove(self, login_as, world, db):
        client = login_as("coordinator")
        base = f"/cases/{world.case.reference}/bottom-lines"
        client.post(base, data={"text": "Geen geweld in huis."})
        assert self._lines(db, world.case) == ["Noëlle gaat elke dag naar school.",
                                               "Geen geweld in huis."]
        second = db.session.scalar(select(BottomLine).where(
            BottomLine.text == "Geen geweld in huis."))
        client.post(f"{base}/{second.id}/move", data={"direction": "up"})
        assert self._lines(db, world.case)[0] == "Geen geweld in huis."
        client.post(f"{base}/{second.id}", data={"text": "Nooit geweld in huis."})
        assert self._lines(db, world.case)[0] == "Nooit geweld in huis."
        client.post(f"{base}/{second.id}/delete")
        assert self._lines(db, world.case) == ["Noëlle gaat elke dag naar school."]

    def test_an_empty_bottom_line_gets_a_message(self, login_as, world, db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/bottom-lines", data={"text": "   "})
        assert response.status_code == 422
        assert "Enter the bottom line." in response.text

    def test_an_oversized_bottom_line_is_refused(self, login_as, world, db):
        response = login_as("coordinator").post(
            f"/cases/{world.case.reference}/bottom-lines", data={"text": "x" * 1001})
        assert response.status_code == 422
        assert len(self._lines(db, world.case)) == 1

    def test_a_bottom_line_of_another_case_cannot_be_touched(self, login_as, world, db):
        from tests.factories import BottomLineFactory

        foreign = BottomLineFactory(case=world.other_case, text="Van een ander")
        client = login_as("coordinator")
        base = f"/cases/{world.case.reference}/bottom-lines/{foreign.id}"
        assert client.post(f"{base}/delete").status_code == 404
        assert client.post(base, data={"text": "Overgenomen"}).status_code == 404
        assert db.session.get(BottomLine, foreign.id).text == "Van een ander"

    def _seen(self, page: str) -> str:
        return re.search(r'name="row_version" type="hidden" value="([0-9]+)"', page).group(1)

    def test_saving_over_someone_elses_change_is_refused_and_shows_their_text(
            self, login_as, world, db):
        first = world.case.bottom_lines[0]
        url = f"/cases/{world.case.reference}/bottom-lines/{first.id}"
        mine, theirs = login_as("coordinator"), login_as("admin")
        seen = self._seen(mine.get(url).text)
        theirs.post(url, data={"text": "Noëlle gaat elke schooldag naar school.",
                               "row_version": self._seen(theirs.get(url).text)})
        response = mine.post(url, data={"text": "Noëlle is elke dag op school.",
                                        "row_version": seen})
        assert response.status_code == 409
        assert "Someone else changed this bottom line" in response.text
        assert "Noëlle gaat elke schooldag naar school." in response.text  # their text, shown
        assert "Noëlle is elke dag op school." in response.text  # mine, kept in the box
        assert self._lines(db, world.case) == ["Noëlle gaat elke schooldag naar school."]
        # The page now starts from their text: saving again goes through.
        again = mine.post(url, data={"text": "Noëlle is elke dag op school.",
                                     "row_version": self._seen(response.text)})
        assert again.status_code == 302
        assert self._lines(db, world.case) == ["Noëlle is elke dag op school."]

    def test_typing_what_someone_else_already_saved_is_no_conflict(self, login_as, world, db):
        first = world.case.bottom_lines[0]
        url = f"/cases/{world.case.reference}/bottom-lines/{first.id}"
        client = login_as("coordinator")
        seen = self._seen(client.get(url).text)
        login_as("admin").post(url, data={"text": "Elke dag naar school.", "row_version": seen})
        response = client.post(url, data={"text": "Elke dag naar school.", "row_version": seen})
        assert response.status_code == 302
        assert self._lines(db, world.case) == ["Elke dag naar school."]

    def test_an_oversized_or_hostile_fingerprint_saves_nothing(self, login_as, world, db):
        first = world.case.bottom_lines[0]
        url = f"/cases/{world.case.reference}/bottom-lines/{first.id}"
        client = login_as("coordinator")
        response = client.post(url, data={"text": "Anders", "row_version": "x" * 65})
        assert response.status_code == 422
        response = client.post(url, data={"text": "Anders",
                                          "row_version": "<script>alert(1)</script>"})
        assert response.status_code == 409 and "<script>alert(1)" not in response.text
        assert self._lines(db, world.case) == ["Noëlle gaat elke dag naar school."]

    def test_moving_the_first_line_up_changes_nothing(self, login_as, world, db):
        first = world.case.bottom_lines[0]
        login_as("coordinator").post(
            f"/cases/{world.case.reference}/bottom-lines/{first.id}/move",
            data={"direction": "up"})
        assert self._lines(db, world.case) == ["Noëlle gaat elke dag naar school."]
