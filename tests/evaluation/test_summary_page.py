"""The coordinator's summary of a round: per role, never with names; only case editors."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.evaluation import services
from eigenkracht.extensions import db
from tests.evaluation.test_questionnaire_rules import GOOD, at, round_of
from tests.fixtures.roles import log_in


def test_the_summary_shows_roles_and_averages_but_no_names(app, held):
    with at(date(2026, 3, 10)):
        services.submit(round_of(held, held.oma), held.oma, GOOD, "nl")
        services.submit(round_of(held, held.noor), held.noor,
                        {"satisfaction_conference": "5", "scale": "9",
                         "comment": "Ik vond het fijn"}, "nl")
    coordinator = db.session.scalar(select(User).where(
        User.email == "coordinator@rijnmond.example"))
    client = log_in(app.test_client(), coordinator)
    conference = held.conference
    page = client.get(f"/cases/{conference.case.reference}/conferences/{conference.id}"
                      "/evaluation?lang=en").get_data(as_text=True)
    assert "Children" in page and "Family" in page and "Ik vond het fijn" in page
    assert "2 people have answered." in page
    for name in ("Oma Truus", "Buurman Kees", "Juf Anna"):
        assert name not in page
