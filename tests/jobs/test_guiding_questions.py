"""The guiding questions for the map's quick-add form, shown for jobseekers only."""

from __future__ import annotations

from flask import render_template_string

PARTIAL = '{% include "jobs/_guiding_questions.html" %}'


def test_the_questions_are_shown_for_a_jobseeker(app, jobseeker):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string(PARTIAL, case=jobseeker.case)
    assert "Who knows you are looking for work?" in html
    assert "Who do you know at a company you would like to work for?" in html


def test_the_questions_are_not_shown_for_a_youth_case(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(PARTIAL, case=world.case).strip() == ""
