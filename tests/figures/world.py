"""A small organisation with known figures for 2026 (the numbers are in ``EXPECTED``).

Coordinator Ann (team Noord) has nine cases referred in 2026, Bob four (the cell of four);
a case referred in 2025 had its conference in 2026; five jobseekers of 2025 had contacts in
2026; another organisation's case never counts. Times are at noon UTC, days apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import (
    AssignmentRole,
    Case,
    CaseKind,
    CaseStatus,
    ClosedReason,
    StatusChange,
)
from eigenkracht.conference.models import (
    ConferenceKind,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.evaluation.models import EvaluationAnswer, QuestionnaireForm, RespondentRole
from eigenkracht.extensions import db
from eigenkracht.jobs.models import (
    ContactOutcome,
    ContractKind,
    Lead,
    LeadKind,
    LeadStage,
    Placement,
    PlacementCheck,
)
from eigenkracht.network.models import Sector
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import Decision, PlanDecision, PlanStatus
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    CaseAssignmentFactory,
    CaseFactory,
    ConferenceFactory,
    ContactLogFactory,
    InvitationFactory,
    NetworkSnapshotFactory,
    OrganisationFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


@dataclass
class FiguresWorld:
    org: Organisation
    ann: User
    bob: User
    admin: User
    manager: User
    cases: dict[str, Case] = field(default_factory=dict)
    conferences: dict[str, object] = field(default_factory=dict)


def _case(world: FiguresWorld, name: str, created: datetime, owner: User,
          kind: CaseKind = CaseKind.YOUTH, org: Organisation | None = None) -> Case:
    made = CaseFactory(organisation=org or world.org, created_at=created, kind=kind,
                       status=CaseStatus.REFERRAL)
    CaseAssignmentFactory(case=made, user=owner,
                          role=AssignmentRole.JOBCOACH if kind == CaseKind.WORK
                          else AssignmentRole.COORDINATOR)
    world.cases[name] = made
    return made


def _close(case: Case, from_status: CaseStatus, reason: ClosedReason) -> None:
    case.status = CaseStatus.CLOSED
    case.closed_reason_code = reason.value
    case.closed_at = NOW - timedelta(days=1)
    db.session.add(StatusChange(case=case, from_status=from_status,
                                to_status=CaseStatus.CLOSED, reason="x",
                                created_at=NOW - timedelta(days=1)))


def _conference(case: Case, starts: datetime, friend_language: str, *,
                interpreter: bool = False, kind: ConferenceKind = ConferenceKind.FIRST,
                phase: Phase = Phase.CLOSED):
    conference = ConferenceFactory(case=case, kind=kind, starts_at=starts, phase=phase,
                                   interpreter_booked=interpreter)
    if kind == ConferenceKind.REVIEW or phase == Phase.PLANNED:
        return conference
    family = PersonFactory(case=case, sector=Sector.FAMILY, language="nl")
    friend = PersonFactory(case=case, sector=Sector.FRIENDS, language=friend_language)
    teacher = PersonFactory(case=case, sector=Sector.PROFESSIONALS, language="nl")
    InvitationFactory(conference=conference, person=family, role=InvitationRole.FAMILY,
                      status=InvitationStatus.ATTENDED)
    InvitationFactory(conference=conference, person=friend, role=InvitationRole.NETWORK,
                      status=InvitationStatus.ATTENDED)
    InvitationFactory(conference=conference, person=teacher,
                      role=InvitationRole.INFORMATION_GIVER, status=InvitationStatus.INVITED)
    return conference


def _decide(plan, decision: Decision, at: datetime) -> None:
    db.session.add(PlanDecision(plan=plan, decision=decision, decided_at=at))


def _work(case: Case, i: int) -> None:
    """W1…W5: a lead each in 2026 (W1, W2 hired, W3 at the interview, W4 asked, W5
    closed; W1 another on New Year's Eve 2025); a placement each, started in January, held
    at 1 month by W1…W4, at 3 months by all, checked at 6 months by four (W5's still
    open), the 12-month check due in 2027."""
    stage = (None, LeadStage.HIRED, LeadStage.HIRED, LeadStage.INTERVIEW, LeadStage.ASKED,
             LeadStage.CLOSED)[i]
    db.session.add(Lead(case_id=case.id, kind=LeadKind.VACANCY, title="Planner",
                        stage=stage, noted_on=date(2026, 1, 5), stage_on=date(2026, 1, 9)))
    if i == 1:
        db.session.add(Lead(case_id=case.id, kind=LeadKind.INTRODUCTION, title="Magazijn",
                            stage=LeadStage.HIRED, noted_on=date(2025, 12, 31),
                            stage_on=date(2025, 12, 31)))
    placement = Placement(case_id=case.id, employer="Van Dijk Logistiek",
                          started_on=date(2026, 1, 10), hours_per_week=32,
                          contract=ContractKind.FIXED_TERM)
    for months, due, held in ((1, date(2026, 2, 10), i <= 4), (3, date(2026, 4, 10), True),
                              (6, date(2026, 7, 10), True if i <= 4 else None),
                              (12, date(2027, 1, 10), None)):
        placement.checks.append(PlacementCheck(
            case_id=case.id, months=months, due_on=due, held=held,
            done_on=due if held is not None else None))
    db.session.add(placement)


def _routines(world: FiguresWorld) -> None:
    """Weekly routines running in 2026: A1 (three occurrences marked, one more in 2025),
    A2 (two), A3 (one), A4 (none), A6 (one); not running: A5's (ended in 2025), A2's second
    (starts in 2027) and A1's one-off action."""
    def routine(name: str, starts: date, until: date | None = None, done=(), repeat="weekly"):
        made = ActionFactory(plan=world.conferences[f"P{name[1:]}"], when_date=starts,
                             repeat=repeat, repeat_until=until)
        for day in done:
            ActionUpdateFactory(action=made, occurrence_on=day)

    weeks = [date(2026, 3, 1) + timedelta(weeks=n) for n in range(3)]
    routine("A1", date(2025, 12, 7), done=[date(2025, 12, 7), *weeks])
    routine("A1", date(2026, 3, 1), repeat="")  # one-off
    routine("A2", date(2026, 3, 1), done=weeks[:2])
    routine("A2", date(2027, 1, 3))
    routine("A3", date(2026, 3, 1), done=weeks[:1])
    routine("A4", date(2026, 3, 1))
    routine("A5", date(2025, 6, 1), until=date(2025, 12, 31), done=[date(2025, 6, 1)])
    routine("A6", date(2026, 7, 1), done=[date(2026, 7, 1)])


def _alerts_and_answers(world: FiguresWorld) -> None:
    """Seven alerts in 2026 from five cases (A1 and A2 also by their monitor; A1's led to a
    review; A3…A5 still open) and one on New Year's Eve 2025. Questionnaires: children of
    A1…A4, family of A1…A6, professionals of A1…A5; one answer of 2025."""
    july = noon(date(2026, 7, 1))
    for i in range(1, 6):
        case, plan = world.cases[f"A{i}"], world.conferences[f"P{i}"]
        handled = None if i >= 3 else july + timedelta(days=2)
        db.session.add(PlanAlert(case_id=case.id, plan_id=plan.id, reporter_role="task",
                                 created_at=july, handled_at=handled,
                                 review_id=world.conferences["R1"].id if i == 1 else None))
        if i <= 2:
            db.session.add(PlanAlert(case_id=case.id, plan_id=plan.id,
                                     reporter_role="monitor", created_at=july,
                                     handled_at=july + timedelta(days=1)))
    db.session.add(PlanAlert(case_id=world.cases["A1"].id, plan_id=world.conferences["P1"].id,
                             created_at=datetime(2025, 12, 31, 22, 0, tzinfo=UTC)))

    def answer(name: str, role: RespondentRole, on: date, **scores) -> None:
        db.session.add(EvaluationAnswer(
            case_id=world.cases[name].id, conference_id=world.conferences[name].id, role=role,
            form=QuestionnaireForm.CHILD if role == RespondentRole.CHILD
            else QuestionnaireForm.ADULT, answered_on=on, **scores))

    for i in range(1, 5):
        answer(f"A{i}", RespondentRole.CHILD, date(2026, 5, 1), scale=8)
    for i, scale in zip(range(1, 7), (6, 7, 8, 9, 10, 5), strict=True):
        answer(f"A{i}", RespondentRole.FAMILY, date(2026, 5, 1), scale=scale,
               satisfaction_conference=4, satisfaction_plan=5 if i <= 5 else None)
    for i in range(1, 6):
        answer(f"A{i}", RespondentRole.PROFESSIONAL, date(2026, 5, 1), scale=8)
    answer("A1", RespondentRole.FAMILY, date(2025, 12, 31), scale=0)


def build() -> FiguresWorld:
    org = OrganisationFactory(slug="cijfers", name="Cijfers")
    other = OrganisationFactory(slug="anders", name="Anders")
    world = FiguresWorld(
        org=org,
        ann=UserFactory(organisation=org, role=Role.COORDINATOR, name="Ann", team="Noord"),
        bob=UserFactory(organisation=org, role=Role.COORDINATOR, name="Bob", team="Zuid"),
        admin=UserFactory(organisation=org, role=Role.ADMIN),
        manager=UserFactory(organisation=org, role=Role.MANAGER))
    _anns_cases(world)
    _the_others(world, other)
    db.session.flush()
    return world


def _anns_cases(world: FiguresWorld) -> None:
    """A1…A7: conferences held 10, 20, … 70 days after referral; A8 planned; A9 closed."""
    start = date(2026, 2, 1)
    for i in range(1, 10):
        _case(world, f"A{i}", noon(start + timedelta(days=i)), world.ann)
    for i in range(1, 8):
        case = world.cases[f"A{i}"]
        held = case.created_at + timedelta(days=10 * i)
        world.conferences[f"A{i}"] = _conference(case, held, "tr" if i <= 5 else "nl",
                                                 interpreter=i <= 5)
        case.status = CaseStatus.CONFERENCE
        if i <= 3:  # two neighbours more: five people, four sectors (and the client)
            PersonFactory(case=case, sector=Sector.COMMUNITY)
            PersonFactory(case=case, sector=Sector.COMMUNITY)
            PersonFactory(case=case, is_client=True)
        plan = PlanFactory(case=case, status=PlanStatus.ACCEPTED)
        if i <= 5:  # accepted the first time, 1…5 days after the conference
            accepted = held + timedelta(days=i)
            _decide(plan, Decision.ACCEPTED, accepted)
        elif i == 6:  # not accepted, revised, accepted 14 days after the conference
            _decide(plan, Decision.NOT_ACCEPTED, held + timedelta(days=1))
            accepted = held + timedelta(days=14)
            _decide(plan, Decision.ACCEPTED_WITH_CHANGES, accepted)
        else:  # A7: not accepted, closed
            plan.status = PlanStatus.NOT_ACCEPTED
            _decide(plan, Decision.NOT_ACCEPTED, held + timedelta(days=1))
            _close(case, CaseStatus.CONFERENCE, ClosedReason.PLAN_NOT_ACCEPTED)
            continue
        case.status = CaseStatus.FOLLOW_UP
        review = _conference(case, accepted + timedelta(days=60), "nl",
                             kind=ConferenceKind.REVIEW)
        world.conferences[f"R{i}"] = review
        world.conferences[f"P{i}"] = plan
        if i == 1:  # adjusted at the review: a new version accepted there
            PlanFactory(case=case, version=2, conference=review, status=PlanStatus.ACCEPTED)
        if i == 2:  # a new version made at the review, not decided yet
            PlanFactory(case=case, version=2, conference=review, status=PlanStatus.DRAFT)
    _close(world.cases["A5"], CaseStatus.FOLLOW_UP, ClosedReason.PLAN_NOT_WORKING)
    _close(world.cases["A6"], CaseStatus.FOLLOW_UP, ClosedReason.GOALS_REACHED)
    _conference(world.cases["A8"], noon(date(2027, 1, 10)), "nl", phase=Phase.PLANNED)
    _close(world.cases["A9"], CaseStatus.REFERRAL, ClosedReason.NO_CONSENT)


def _the_others(world: FiguresWorld, other: Organisation) -> None:
    # Bob: four cases, conferences held 100 days after referral, friends speak Polish.
    for i in range(1, 5):
        case = _case(world, f"B{i}", noon(date(2026, 3, 1) + timedelta(days=i)), world.bob)
        _conference(case, case.created_at + timedelta(days=100), "pl")
    # Referred in 2025, conference in 2026; maps saved in 2025 only.
    late = _case(world, "X", noon(date(2025, 12, 15)), world.ann)
    _conference(late, noon(date(2026, 1, 10)), "nl")
    NetworkSnapshotFactory(case=late, taken_at=noon(date(2025, 12, 20)),
                           data={"people": [{"id": 1}, {"id": 2}], "ties": []})
    NetworkSnapshotFactory(case=late, taken_at=noon(date(2025, 12, 30)),
                           data={"people": [{"id": n} for n in range(4)], "ties": []})
    # Maps of A1…A5: two people, then 5, 5, 5, 2, 1; B1 has one map only.
    for i, last in zip(range(1, 6), (5, 5, 5, 2, 1), strict=True):
        case = world.cases[f"A{i}"]
        NetworkSnapshotFactory(case=case, taken_at=noon(date(2026, 2, 10)),
                               data={"people": [{"id": 1}, {"id": 2}], "ties": []})
        NetworkSnapshotFactory(case=case, taken_at=noon(date(2026, 6, 1)),
                               data={"people": [{"id": n} for n in range(last)], "ties": []})
    NetworkSnapshotFactory(case=world.cases["B1"], taken_at=noon(date(2026, 6, 1)))
    # Jobseekers referred in 2025: two contacts each in 2026, one on New Year's Eve 2025.
    for i in range(1, 6):
        case = _case(world, f"W{i}", noon(date(2025, 6, 1)), world.ann, kind=CaseKind.WORK)
        outcomes = ((ContactOutcome.TIP, ContactOutcome.INTRODUCTION) if i <= 4
                    else (ContactOutcome.NO_ANSWER, ContactOutcome.NO_ANSWER))
        for day, outcome in zip((date(2026, 1, 1), date(2026, 5, 1)), outcomes, strict=True):
            ContactLogFactory(case=case, contacted_on=day, outcome=outcome)
        if i == 1:
            ContactLogFactory(case=case, contacted_on=date(2025, 12, 31))
        _work(case, i)
    _alerts_and_answers(world)
    _routines(world)
    # Another organisation's case: never counted.
    stranger = UserFactory(organisation=other, role=Role.COORDINATOR)
    _case(world, "O", noon(date(2026, 2, 2)), stranger, org=other)
