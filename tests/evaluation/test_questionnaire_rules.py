"""Who gets the questionnaire, when, in which version; once per person per round; answers
kept per role, never with the person."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from eigenkracht.conference.models import ConferenceKind, InvitationStatus, Phase
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from eigenkracht.evaluation import services
from eigenkracht.evaluation.models import (
    EvaluationAnswer,
    EvaluationReceipt,
    QuestionnaireForm,
    RespondentRole,
)
from eigenkracht.extensions import db
from tests.factories import ConferenceFactory, InvitationFactory

GOOD = {"satisfaction_conference": "5", "satisfaction_plan": "4", "felt_heard": "5",
        "scale": "7", "comment": "Fijn dat iedereen er was."}


def at(day: date):
    return clock.frozen(datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC))


def round_of(held, person, day=date(2026, 3, 10)):
    with at(day):
        return services.current_round(held.conference.case, person)


# --- when ----------------------------------------------------------------------------------

def test_the_questionnaire_opens_on_the_day_the_conference_closed(held):
    assert round_of(held, held.oma, date(2026, 3, 2)).conference == held.conference


def test_not_before_the_conference_is_closed(held):
    held.conference.phase, held.conference.closed_at = Phase.DECISION, None
    assert round_of(held, held.oma, date(2026, 3, 2)) is None


def test_it_stays_open_28_days_and_closes_the_day_after(held):
    assert round_of(held, held.oma, date(2026, 3, 30)) is not None  # 2 March + 28 days
    assert round_of(held, held.oma, date(2026, 3, 31)) is None


def test_the_review_replaces_the_conference_questionnaire(held):
    review = ConferenceFactory(case=held.conference.case, kind=ConferenceKind.REVIEW,
                               starts_at=datetime(2026, 3, 20, 9, tzinfo=UTC),
                               phase=Phase.CLOSED,
                               closed_at=datetime(2026, 3, 20, 12, tzinfo=UTC))
    InvitationFactory(conference=review, person=held.oma, status=InvitationStatus.ATTENDED)
    found = round_of(held, held.oma, date(2026, 3, 21))
    assert found.conference == review and found.review


def test_after_the_review_who_was_not_there_gets_none(held):
    review = ConferenceFactory(case=held.conference.case, kind=ConferenceKind.REVIEW,
                               starts_at=datetime(2026, 3, 20, 9, tzinfo=UTC),
                               phase=Phase.CLOSED,
                               closed_at=datetime(2026, 3, 20, 12, tzinfo=UTC))
    InvitationFactory(conference=review, person=held.buurman, status=InvitationStatus.ABSENT)
    assert round_of(held, held.buurman, date(2026, 3, 21)) is None


# --- who and which version ----------------------------------------------------------------

def test_only_who_attended_gets_it(held):
    assert round_of(held, held.absent) is None


@pytest.mark.parametrize(("who", "role", "form"), [
    ("oma", RespondentRole.FAMILY, QuestionnaireForm.ADULT),
    ("noor", RespondentRole.CHILD, QuestionnaireForm.CHILD),
    ("buurman", RespondentRole.NETWORK, QuestionnaireForm.ADULT),
    ("juf", RespondentRole.PROFESSIONAL, QuestionnaireForm.PROFESSIONAL),
])
def test_each_gets_the_version_of_their_role(held, who, role, form):
    found = round_of(held, getattr(held, who))
    assert (found.role, found.form) == (role, form)


def test_a_child_turns_at_most_15_in_the_year_of_the_conference(held):
    held.noor.birth_year = 2026 - 15
    assert round_of(held, held.noor).form == QuestionnaireForm.CHILD
    held.noor.birth_year = 2026 - 16
    assert round_of(held, held.noor).form == QuestionnaireForm.ADULT


def test_someone_of_the_professionals_sector_gets_the_professionals_version(held):
    from eigenkracht.network.models import Sector

    held.buurman.sector = Sector.PROFESSIONALS
    assert round_of(held, held.buurman).form == QuestionnaireForm.PROFESSIONAL


# --- once, and anonymous ------------------------------------------------------------------

def test_an_answer_is_kept_once_per_person_per_round(held):
    with at(date(2026, 3, 10)):
        found = services.current_round(held.conference.case, held.oma)
        services.submit(found, held.oma, GOOD, "nl")
        again = services.current_round(held.conference.case, held.oma)
        assert again.answered
        with pytest.raises(RuleError) as refused:
            services.submit(again, held.oma, GOOD, "nl")
    assert refused.value.code == "evaluation_answered"
    assert db.session.scalar(select(EvaluationAnswer.id).where(
        EvaluationAnswer.conference_id == held.conference.id).limit(2)) is not None
    assert len(db.session.scalars(select(EvaluationAnswer)).all()) == 1


def test_the_answer_holds_the_role_and_never_the_person(held):
    columns = {column.key for column in inspect(EvaluationAnswer).columns}
    assert not {"person_id", "invitation_id", "link_id", "name"} & columns
    receipt_columns = {column.key for column in inspect(EvaluationReceipt).columns}
    assert receipt_columns == {"id", "conference_id", "person_id", "answered_at"}
    with at(date(2026, 3, 10)):
        answer = services.submit(round_of(held, held.noor), held.noor, GOOD, "tr")
    assert answer.role == RespondentRole.CHILD and answer.answered_on == date(2026, 3, 10)


def test_the_summary_is_per_role_with_averages(held):
    with at(date(2026, 3, 10)):
        services.submit(round_of(held, held.oma), held.oma, GOOD, "nl")
        services.submit(round_of(held, held.buurman), held.buurman,
                        {**GOOD, "scale": "3", "satisfaction_plan": "2"}, "nl")
        services.submit(round_of(held, held.juf), held.juf, {"scale": "6"}, "nl")
    by_role = {row.role: row for row in services.summary(held.conference)}
    assert set(by_role) == {RespondentRole.FAMILY, RespondentRole.NETWORK,
                            RespondentRole.PROFESSIONAL}
    assert by_role[RespondentRole.PROFESSIONAL].scale == 6.0
    assert by_role[RespondentRole.PROFESSIONAL].felt_heard is None
    assert services.answered_count(held.conference) == 3
    figures = {row.role: row for row in services.scores_by_role(
        [held.conference.case_id], since=date(2026, 3, 10), until=date(2026, 3, 10))}
    assert figures[RespondentRole.NETWORK].satisfaction_plan == 2.0
    assert services.scores_by_role([held.conference.case_id], since=date(2026, 3, 11)) == []
    assert services.scores_by_role(review=True) == []


def test_comments_carry_only_the_role(held):
    with at(date(2026, 3, 10)):
        services.submit(round_of(held, held.buurman), held.buurman,
                        {"comment": "Goed gesprek"}, "nl")
    assert services.comments(held.conference) == [(RespondentRole.NETWORK, "Goed gesprek")]


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "field", "code"), [
    ({"satisfaction_conference": "6"}, "satisfaction_conference", "evaluation_choice"),
    ({"satisfaction_conference": "0"}, "satisfaction_conference", "evaluation_choice"),
    ({"scale": "11"}, "scale", "evaluation_choice"),
    ({"scale": "-1"}, "scale", "evaluation_choice"),
    ({"scale": "7.5"}, "scale", "evaluation_choice"),
    ({"felt_heard": "<script>"}, "felt_heard", "evaluation_choice"),
    ({"comment": "x" * 1001}, "comment", "evaluation_comment_too_long"),
    ({"comment": "a\x00b"}, "comment", "evaluation_comment_control_characters"),
    ({}, "satisfaction_conference", "evaluation_empty"),
    ({"comment": "   "}, "satisfaction_conference", "evaluation_empty"),
])
def test_bad_answers_are_refused_and_nothing_is_kept(held, values, field, code):
    with at(date(2026, 3, 10)), pytest.raises(RuleError) as refused:
        services.submit(round_of(held, held.oma), held.oma, values, "nl")
    assert (refused.value.field, refused.value.code) == (field, code)
    assert db.session.scalars(select(EvaluationReceipt)).all() == []


def test_the_limits_themselves_are_accepted(held):
    with at(date(2026, 3, 10)):
        answer = services.submit(round_of(held, held.oma), held.oma,
                                 {"satisfaction_conference": "1", "scale": "0",
                                  "felt_heard": "5", "comment": "x" * 1000}, "nl")
    assert (answer.scale, answer.satisfaction_conference, len(answer.comment)) == (0, 1, 1000)


def test_the_day_closed_is_the_local_day(held):
    held.conference.closed_at = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on 3 March
    assert round_of(held, held.oma, date(2026, 3, 2)) is None
    assert round_of(held, held.oma, date(2026, 3, 3)) is not None
    assert round_of(held, held.oma, date(2026, 3, 3) + timedelta(days=28)) is not None
