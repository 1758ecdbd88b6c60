"""Where each field that is shown again is tested against script injection.

Two sweeps cover every page at once: tests/hostile/test_security_headers.py types markup
into every free-text column of the world and visits every page and picture (HTML and SVG)
of the permission matrix; test_generated_form_input.py posts markup to every form. The
table below names the feature tests that follow a field to each place it is shown again
(page, SVG, PDF, e-mail, CSV, JSON); the test here keeps the table honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
SWEEP = "hostile/test_security_headers.py::test_every_page_has_strict_headers_and_no_inline_code"

COVERED = {
    "every free-text field, every page and SVG": [SWEEP],
    "case: client, central question, concerns (case page)": [
        "cases/test_creating_cases.py::test_hostile_text_is_shown_as_text"],
    "case search term (case list)": [
        "cases/test_case_list.py::test_search_treats_wildcards_and_quotes_as_plain_text"],
    "person name and relation (map page, SVG)": [
        "network/test_map_page.py::test_a_hostile_name_is_plain_text_on_the_page",
        "network/test_map_page.py::test_a_hostile_name_is_plain_text_in_the_svg",
        "network/test_drawing.py::test_a_hostile_name_appears_only_as_escaped_text"],
    "person name (person page)": [
        "network/test_people.py::test_a_hostile_name_is_plain_text_on_the_person_page"],
    "person name (CSV and JSON export)": [
        "network/test_import_export.py::test_a_hostile_name_is_plain_text_in_the_csv",
        "network/test_import_export.py::test_cells_that_look_like_formulas_are_neutralised",
        "network/test_import_export.py::test_a_hostile_name_is_plain_text_in_the_json",
        "hostile/test_script_injection.py::test_a_dde_formula_starts_with_a_quote_in_every_csv"
        "_export"],
    "client name (caseload CSV)": [
        "jobs/test_caseload_export.py::test_a_name_that_looks_like_a_formula_is_neutralised",
        "hostile/test_script_injection.py::test_a_dde_formula_starts_with_a_quote_in_every_csv"
        "_export"],
    "goal and step text, contact notes (jobs pages, progress SVG)": [
        "jobs/test_goals.py::test_hostile_goal_text_is_shown_as_text",
        "jobs/test_goal_order_and_step_edits.py::test_hostile_step_text_is_shown_as_text",
        "jobs/test_contacts.py::test_hostile_text_is_shown_as_text",
        "jobs/test_progress_chart.py::test_a_hostile_name_is_escaped_in_the_chart"],
    "conference notes, suggestions, answers (conference pages)": [
        "conference/test_planning.py::test_hostile_text_is_stored_as_text_and_shown_escaped",
        "conference/test_day.py::test_hostile_text_in_a_note_is_shown_escaped",
        "conference/test_invitations.py::test_hostile_suggestions_are_kept_as_text_and_shown"
        "_escaped",
        "conference/test_answer.py::test_hostile_input_stays_plain_text",
        "conference/test_sending_partial.py::test_the_answer_and_needs_are_shown"],
    "meeting link (javascript: refused, and never a link when stored)": [
        "conference/test_planning.py::test_a_javascript_link_is_refused",
        "hostile/test_script_injection.py::test_a_stored_javascript_meeting_link_is_never_a_link"],
    "plan text and actions (plan pages)": [
        "plans/test_plan_pages.py::test_hostile_text_is_shown_as_text",
        "plans/test_actions.py::test_oversized_and_hostile_action_text_is_handled"],
    "plan text and actions (plan PDF)": [
        "pdf/test_safety.py::test_hostile_plan_text_is_printed_as_text_and_fetches_nothing",
        "pdf/test_pieces.py::test_typed_text_inside_a_sentence_is_escaped_and_isolated",
        "hostile/test_script_injection.py::test_hostile_plan_text_is_printed_as_text_and_makes"
        "_no_link"],
    "family's note (family page)": [
        "family/test_updates.py::test_a_hostile_note_is_shown_as_plain_text"],
    "invitation e-mail (HTML part) and the outbox": [
        "hostile/test_script_injection.py::test_the_invitation_email_shows_typed_text_escaped",
        "mail/test_outbox.py::test_the_html_version_is_shown_as_source_never_rendered"],
    "API: snapshot label": ["api/test_snapshots.py::test_a_label_with_markup_is_kept_as_text"],
}


@pytest.mark.parametrize("field", sorted(COVERED))
def test_the_tests_named_for_a_field_exist(field):
    for reference in COVERED[field]:
        path, name = reference.split("::")
        source = (TESTS / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, reference
