"""The questionnaire after a conference and after each review meeting.

Rules:

- **Who.** Everyone who attended the meeting (invitation status *attended*) and has a
  personal link to the family page. A round is a conference or a review meeting that has
  been held and closed.
- **When.** From the day the meeting closed until ``OPEN_DAYS`` days after it (that day
  included, on the organisation's clock). Only the latest closed round the person attended
  is offered: after the review, the review's questionnaire replaces the conference's.
- **Once.** One answer per person per round (``EvaluationReceipt``, unique in the database
  too): a second sending is refused and changes nothing.
- **Which version.** Professionals (information givers, the child's advocate, interpreters,
  or someone of the professionals' sector) get the professionals' version; a child (someone
  who turns at most ``CHILD_MAX_AGE`` in the year of the meeting) the child's version with
  faces and simple words; everyone else the adult version.
- **Anonymous.** An answer is kept with its round, the respondent's *role* and the day —
  never the person (``evaluation.models``). The coordinator sees the summary per role;
  nobody sees who answered what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import (
    Conference,
    ConferenceKind,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.evaluation.models import (
    EvaluationAnswer,
    EvaluationReceipt,
    QuestionnaireForm,
    RespondentRole,
)
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, Sector

OPEN_DAYS = 28  # the questionnaire stays open this many days after the meeting closed
CHILD_MAX_AGE = 15  # turns at most this age in the year of the meeting: the child's version
COMMENT_MAX = 1000
SCORES = ("satisfaction_conference", "satisfaction_plan", "felt_heard")  # 1 … 5
SCALE = "scale"  # 0 … 10
PROFESSIONAL_ROLES = (InvitationRole.INFORMATION_GIVER, InvitationRole.INTERPRETER,
                      InvitationRole.CHILDS_ADVOCATE)
FORM_OF_ROLE = {RespondentRole.CHILD: QuestionnaireForm.CHILD,
                RespondentRole.FAMILY: QuestionnaireForm.ADULT,
                RespondentRole.NETWORK: QuestionnaireForm.ADULT,
                RespondentRole.PROFESSIONAL: QuestionnaireForm.PROFESSIONAL}


@dataclass(frozen=True)
class Round:
    """The questionnaire a person may answer now: about ``conference``, in ``form``."""

    conference: Conference
    invitation: Invitation
    role: RespondentRole
    form: QuestionnaireForm
    closes_on: date
    answered: bool

    @property
    def review(self) -> bool:
        return self.conference.kind == ConferenceKind.REVIEW


# --- who, when, which version -------------------------------------------------------------

def closed_on(conference: Conference) -> date | None:
    """The (local) day the meeting was closed, if it was."""
    if conference.phase != Phase.CLOSED or conference.closed_at is None:
        return None
    return clock.local_date(conference.closed_at)


def respondent_role(invitation: Invitation, person: Person, day: date) -> RespondentRole:
    """How an answer of ``person`` counts: professional, child, family or network."""
    if invitation.role in PROFESSIONAL_ROLES or person.sector == Sector.PROFESSIONALS:
        return RespondentRole.PROFESSIONAL
    if person.birth_year is not None and day.year - person.birth_year <= CHILD_MAX_AGE:
        return RespondentRole.CHILD
    if invitation.role == InvitationRole.FAMILY or person.sector == Sector.FAMILY \
            or person.is_client:
        return RespondentRole.FAMILY
    return RespondentRole.NETWORK


def current_round(case: Case, person: Person, today: date | None = None) -> Round | None:
    """The questionnaire ``person`` may answer today, answered already or not; None when no
    round is open for them (not attended, not closed yet, or closed too long ago)."""
    today = today or clock.today()
    rows = db.session.execute(
        select(Conference, Invitation)
        .join(Invitation, Invitation.conference_id == Conference.id)
        .where(Conference.case_id == case.id, Invitation.person_id == person.id,
               Conference.phase == Phase.CLOSED, Conference.closed_at.is_not(None))
        .order_by(Conference.closed_at.desc(), Conference.id.desc())).all()
    if not rows:
        return None
    conference, invitation = rows[0]  # the latest held round: it replaces earlier ones
    if invitation.status != InvitationStatus.ATTENDED:
        return None
    start = closed_on(conference)
    closes = start + timedelta(days=OPEN_DAYS)
    if not start <= today <= closes:
        return None
    role = respondent_role(invitation, person, clock.local_date(conference.starts_at))
    answered = db.session.scalar(select(EvaluationReceipt.id).where(
        EvaluationReceipt.conference_id == conference.id,
        EvaluationReceipt.person_id == person.id)) is not None
    return Round(conference=conference, invitation=invitation, role=role,
                 form=FORM_OF_ROLE[role], closes_on=closes, answered=answered)


# --- answering ----------------------------------------------------------------------------

def _score(name: str, value, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise RuleError("evaluation_choice", name) from None
    if not low <= number <= high or str(number) != str(value).strip():
        raise RuleError("evaluation_choice", name)
    return number


def check_answers(values: dict) -> dict:
    """The answers cleaned, or ``RuleError`` (several at once) for choices that are not on
    the form, an over-long comment or control characters, and for a form left empty."""
    problems, cleaned = [], {}
    for name in SCORES:
        try:
            cleaned[name] = _score(name, values.get(name), 1, 5)
        except RuleError as error:
            problems.append((name, error.code))
    try:
        cleaned[SCALE] = _score(SCALE, values.get(SCALE), 0, 10)
    except RuleError as error:
        problems.append((SCALE, error.code))
    try:
        cleaned["comment"] = clean_text("comment", values.get("comment"), COMMENT_MAX)
    except RuleError as error:
        problems.append(("comment", "evaluation_comment_" + error.code))
    if problems:
        raise RuleError.several(problems)
    if all(cleaned[name] is None for name in (*SCORES, SCALE)) and not cleaned["comment"]:
        raise RuleError("evaluation_empty", SCORES[0])
    return cleaned


def submit(round_: Round, person: Person, values: dict, language: str) -> EvaluationAnswer:
    """Keep ``person``'s answers to ``round_`` (once): the answer without the person, and a
    receipt that they answered. A second answer is refused (``evaluation_answered``)."""
    if round_.answered or db.session.scalar(select(EvaluationReceipt.id).where(
            EvaluationReceipt.conference_id == round_.conference.id,
            EvaluationReceipt.person_id == person.id)) is not None:
        raise RuleError("evaluation_answered")
    cleaned = check_answers(values)
    conference = round_.conference
    answer = EvaluationAnswer(case_id=conference.case_id, conference_id=conference.id,
                              role=round_.role, form=round_.form, language=language[:10],
                              answered_on=clock.today(), **cleaned)
    db.session.add(answer)
    db.session.add(EvaluationReceipt(conference_id=conference.id, person_id=person.id,
                                     answered_at=clock.now()))
    db.session.flush()
    # The audit log says that someone answered, not what (nor which answer is theirs).
    record("evaluation_answered", conference, case=conference.case,
           summary=conference.kind.value, details={"role": round_.role.value})
    return answer


# --- the summary ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RoleScores:
    """The answers of one role: how many, and the average of each question (None when
    nobody of the role answered it)."""

    role: RespondentRole
    answers: int
    satisfaction_conference: float | None
    satisfaction_plan: float | None
    felt_heard: float | None
    scale: float | None


def _scores(where) -> list[RoleScores]:
    columns = [getattr(EvaluationAnswer, name) for name in (*SCORES, SCALE)]
    rows = db.session.execute(
        select(EvaluationAnswer.role, func.count(EvaluationAnswer.id),
               *[func.avg(column) for column in columns])
        .where(*where).group_by(EvaluationAnswer.role)).all()
    found = {row[0]: row for row in rows}
    result = []
    for role in RespondentRole:
        row = found.get(role)
        if row is None:
            continue
        averages = [None if value is None else round(float(value), 1) for value in row[2:]]
        result.append(RoleScores(role, int(row[1]), *averages))
    return result


def summary(conference: Conference) -> list[RoleScores]:
    """Per role, for the coordinator: how many answered and the average scores."""
    return _scores([EvaluationAnswer.conference_id == conference.id])


def comments(conference: Conference) -> list[tuple[RespondentRole, str]]:
    """The comments of a round with their role only, in an order that says nothing of who
    answered first (by role, then by the text)."""
    rows = db.session.execute(
        select(EvaluationAnswer.role, EvaluationAnswer.comment)
        .where(EvaluationAnswer.conference_id == conference.id, EvaluationAnswer.comment != "")
    ).all()
    order = list(RespondentRole)
    return sorted(((row[0], row[1]) for row in rows),
                  key=lambda item: (order.index(item[0]), item[1].casefold()))


def answered_count(conference: Conference) -> int:
    return db.session.scalar(select(func.count(EvaluationReceipt.id)).where(
        EvaluationReceipt.conference_id == conference.id)) or 0


def scores_by_role(case_ids: Select | list[int] | None = None, *, since: date | None = None,
                   until: date | None = None,
                   review: bool | None = None) -> list[RoleScores]:
    """For the figures: the answers per role over many cases (``case_ids`` a list or a
    ``select`` of case ids; None: every case), answered between ``since`` and ``until``
    (days, both included), of conferences only (``review=False``), of review meetings only
    (``review=True``) or both. Never names nor persons, only counts and averages."""
    where = []
    if case_ids is not None:
        where.append(EvaluationAnswer.case_id.in_(
            case_ids.scalar_subquery() if isinstance(case_ids, Select) else list(case_ids)))
    if since is not None:
        where.append(EvaluationAnswer.answered_on >= since)
    if until is not None:
        where.append(EvaluationAnswer.answered_on <= until)
    if review is not None:
        kinds = select(Conference.id).where(
            (Conference.kind == ConferenceKind.REVIEW) if review
            else (Conference.kind != ConferenceKind.REVIEW))
        where.append(EvaluationAnswer.conference_id.in_(kinds.scalar_subquery()))
    return _scores(where)
