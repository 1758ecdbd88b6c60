"""A year of youth cases at every stage, so that the demo's figures page shows something real.

Forty families referred over the last twelve months: some closed without consent, some
still waiting, most with a conference (family, friends and a teacher invited, some in
Turkish, Arabic or Polish, an interpreter where needed), a plan accepted the first time or
after a revision, a review meeting that kept or adjusted the plan, a network saved at the
conference and again at the review, a few "this is not working" alerts and the
questionnaires' answers. Dates run back from today. Loaded once (``flask demo`` is safe to
repeat): the first family's case is the marker.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import (
    AssignmentRole,
    Case,
    CaseAssignment,
    CaseKind,
    CaseStatus,
    Client,
    ClosedReason,
    StatusChange,
)
from eigenkracht.cases.services import add_years, next_reference
from eigenkracht.conference.models import (
    Conference,
    ConferenceKind,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.core.clock import from_local, today
from eigenkracht.evaluation.models import EvaluationAnswer, QuestionnaireForm, RespondentRole
from eigenkracht.extensions import db
from eigenkracht.network.models import NetworkSnapshot, Person, Sector
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import Decision, Plan, PlanDecision, PlanStatus

FAMILIES = 40
MARKER = "Wat hebben de kinderen nodig om thuis veilig op te groeien? (jaaroverzicht)"
FIRST = ["Sem", "Lotte", "Daan", "Zoë", "Milan", "Sara", "Finn", "Noor", "Liam", "Yara",
         "Luuk", "Fenna", "Jayden", "Amira", "Thijs", "Lina", "Mees", "Eva", "Bram", "Ilse"]
LAST = ["de Boer", "Kaya", "Visser", "El Idrissi", "Smit", "Nowak", "Mulder", "Öztürk",
        "Bos", "Haddou", "Meijer", "Kowalski", "de Groot", "Yıldız", "Peters", "Benali"]
QUESTIONS = [MARKER, "Hoe krijgt het gezin weer rust en regelmaat?",
             "Wie helpt moeder de ochtenden door, zodat de kinderen op tijd op school zijn?",
             "Hoe blijft het contact met vader veilig voor de kinderen?"]


def add_figures_year(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Forty families of the past year (once)."""
    coordinator = db.session.scalar(select(User).where(
        User.organisation_id == organisation.id, User.role == Role.COORDINATOR))
    if coordinator is None or db.session.scalar(select(Case.id).where(
            Case.organisation_id == organisation.id, Case.central_question == MARKER)):
        return
    start = today() - timedelta(days=365)
    for i in range(FAMILIES):
        _family(organisation, coordinator, i, start + timedelta(days=9 * i))
    db.session.flush()


def _at(day: date, hour: int = 14) -> datetime:
    return from_local(day, time(hour, 0))


def _family(organisation: Organisation, coordinator: User, i: int, referred: date) -> None:
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    case = Case(organisation_id=organisation.id, kind=CaseKind.YOUTH,
                reference=next_reference(organisation.id, referred.year),
                client_first_name=first, client_last_name=last,
                central_question=QUESTIONS[i % len(QUESTIONS)],
                concerns="Zorgen over de thuissituatie en het schoolbezoek.",
                status=CaseStatus.REFERRAL, created_at=_at(referred, 10),
                last_activity_at=_at(referred, 10))
    case.clients.append(Client(position=0, first_name=first, last_name=last,
                               birth_year=2010 + i % 10, consent_parents_on=referred,
                               consent_parents_names=f"Ouders {last}"))
    case.assignments.append(CaseAssignment(user_id=coordinator.id,
                                           role=AssignmentRole.COORDINATOR))
    db.session.add(case)
    db.session.flush()
    if i % 10 == 0:  # no consent: closed at the referral
        _close(case, CaseStatus.REFERRAL, ClosedReason.NO_CONSENT, referred + timedelta(14))
        return
    language = ("tr", "ar", "pl", "nl", "nl", "nl")[i % 6]
    people = _network(case, language, i)
    held_on = referred + timedelta(days=21 + (i * 5) % 40)
    conference = Conference(case_id=case.id, kind=ConferenceKind.FIRST,
                            starts_at=_at(held_on), coordinator_id=coordinator.id,
                            languages=["nl"] if language == "nl" else ["nl", language],
                            interpreter_languages=[] if language == "nl" else [language],
                            interpreter_booked=language != "nl",
                            phase=Phase.PLANNED, venue_address="Wijkcentrum De Kroon")
    db.session.add(conference)
    db.session.flush()
    if held_on >= today():  # still to come
        case.status = CaseStatus.PREPARATION
        return
    _held(case, conference, people, i)
    _snapshot(case, people[:len(people) - 2], held_on)
    if i % 13 == 7:  # the plan was not accepted and the family stopped
        plan = _plan(case, conference, PlanStatus.NOT_ACCEPTED)
        _decide(plan, Decision.NOT_ACCEPTED, held_on + timedelta(days=1))
        _close(case, CaseStatus.CONFERENCE, ClosedReason.PLAN_NOT_ACCEPTED,
               held_on + timedelta(days=20))
        return
    plan = _plan(case, conference, PlanStatus.ACCEPTED)
    if i % 7 == 3:  # revised once
        _decide(plan, Decision.NOT_ACCEPTED, held_on + timedelta(days=1))
        accepted = held_on + timedelta(days=10 + i % 5)
    else:
        accepted = held_on + timedelta(days=i % 4)
    _decide(plan, Decision.ACCEPTED, accepted)
    conference.phase = Phase.CLOSED
    case.status = CaseStatus.FOLLOW_UP
    _answers(case, conference, held_on + timedelta(days=3), i)
    _review(case, coordinator, plan, people, accepted, i)


def _network(case: Case, language: str, i: int) -> list[Person]:
    made = [Person(case_id=case.id, is_client=True, name=case.client_first_name,
                   relation="hoofdpersoon", sector=Sector.FAMILY, ring=1)]
    specs = [("moeder", Sector.FAMILY, language), ("oma", Sector.FAMILY, language),
             ("oom", Sector.FAMILY, language), ("vriendin van moeder", Sector.FRIENDS, "nl"),
             ("buurvrouw", Sector.COMMUNITY, "nl"), ("juf", Sector.PROFESSIONALS, "nl")]
    if i % 3 == 0:
        specs.append(("trainer", Sector.SCHOOL_WORK, "nl"))
    for n, (relation, sector, lang) in enumerate(specs):
        made.append(Person(case_id=case.id, name=f"{relation.title()} {n + 1}",
                           relation=relation, sector=sector, language=lang,
                           ring=1 if sector == Sector.FAMILY else 2))
    db.session.add_all(made)
    db.session.flush()
    return made[1:]


def _held(case: Case, conference: Conference, people: list[Person], i: int) -> None:
    conference.phase = Phase.PRESENTATION
    conference.information_started_at = conference.starts_at
    case.status = CaseStatus.CONFERENCE
    for n, person in enumerate(people):
        role = (InvitationRole.INFORMATION_GIVER if person.sector == Sector.PROFESSIONALS
                else InvitationRole.FAMILY if person.sector == Sector.FAMILY
                else InvitationRole.NETWORK)
        status = InvitationStatus.DECLINED if (n + i) % 5 == 4 else InvitationStatus.ATTENDED
        db.session.add(Invitation(conference_id=conference.id, person_id=person.id,
                                  role=role, status=status))


def _plan(case: Case, conference: Conference, status: PlanStatus) -> Plan:
    plan = Plan(case_id=case.id, conference_id=conference.id, version=1, status=status,
                central_question=case.central_question)
    db.session.add(plan)
    db.session.flush()
    return plan


def _decide(plan: Plan, decision: Decision, on: date) -> None:
    db.session.add(PlanDecision(plan_id=plan.id, decision=decision, decided_at=_at(on, 16),
                                decided_by_name="Hélène Brouwer"))
    if decision != Decision.NOT_ACCEPTED:
        plan.decision, plan.decided_at = decision, _at(on, 16)


def _snapshot(case: Case, people: list[Person], on: date) -> None:
    data = {"people": [{"id": p.id, "name": p.name, "ring": p.ring,
                        "sector": p.sector.value} for p in people], "ties": []}
    db.session.add(NetworkSnapshot(case_id=case.id, label="Netwerk bij de conferentie",
                                   taken_at=_at(on, 18), data=data))


def _review(case: Case, coordinator: User, plan: Plan, people: list[Person],
            accepted: date, i: int) -> None:
    review_on = accepted + timedelta(days=90)
    wobbled = accepted + timedelta(days=30)
    if i % 6 == 4 and wobbled < today():  # someone with a task says it is not working
        db.session.add(PlanAlert(case_id=case.id, plan_id=plan.id, reporter_role="task",
                                 created_at=_at(wobbled)))
    if review_on >= today():
        return
    review = Conference(case_id=case.id, kind=ConferenceKind.REVIEW,
                        starts_at=_at(review_on), coordinator_id=coordinator.id,
                        languages=["nl"], phase=Phase.CLOSED,
                        information_started_at=_at(review_on), venue_address="Bij oma thuis")
    db.session.add(review)
    db.session.flush()
    _snapshot(case, people, review_on)  # two people more than at the conference
    if i % 4 == 1:  # adjusted at the review
        db.session.add(Plan(case_id=case.id, conference_id=review.id, version=2,
                            status=PlanStatus.ACCEPTED, previous_id=plan.id,
                            central_question=case.central_question))
        plan.status = PlanStatus.SUPERSEDED
    if i % 5 == 2:  # it wobbled before the review
        db.session.add(PlanAlert(case_id=case.id, plan_id=plan.id, reporter_role="monitor",
                                 created_at=_at(review_on - timedelta(days=20)),
                                 handled_at=_at(review_on - timedelta(days=19)),
                                 review_id=review.id))
    _answers(case, review, review_on + timedelta(days=2), i + 1)
    if i % 9 == 5:
        _close(case, CaseStatus.FOLLOW_UP, ClosedReason.PLAN_NOT_WORKING,
               review_on + timedelta(days=7))
    elif review_on + timedelta(days=60) < today() and i % 2 == 0:
        _close(case, CaseStatus.FOLLOW_UP, ClosedReason.GOALS_REACHED,
               review_on + timedelta(days=30))


def _answers(case: Case, conference: Conference, on: date, i: int) -> None:
    if on >= today():
        return
    for role, form, count in ((RespondentRole.CHILD, QuestionnaireForm.CHILD, 1),
                              (RespondentRole.FAMILY, QuestionnaireForm.ADULT, 2),
                              (RespondentRole.NETWORK, QuestionnaireForm.ADULT, 1),
                              (RespondentRole.PROFESSIONAL, QuestionnaireForm.PROFESSIONAL,
                               1)):
        for n in range(count):
            db.session.add(EvaluationAnswer(
                case_id=case.id, conference_id=conference.id, role=role, form=form,
                satisfaction_conference=3 + (i + n) % 3, satisfaction_plan=3 + (i + n + 1) % 3,
                felt_heard=4 if role != RespondentRole.CHILD else 3 + i % 3,
                scale=5 + (i + n) % 5, answered_on=on))


def _close(case: Case, from_status: CaseStatus, reason: ClosedReason, on: date) -> None:
    if on >= today():
        return
    case.status = CaseStatus.CLOSED
    case.closed_reason_code = reason.value
    case.closed_reason = "Afgesloten (jaaroverzicht demo)."
    case.closed_at = _at(on, 12)
    case.retention_until = add_years(on, case.organisation.retention_years)
    db.session.add(StatusChange(case_id=case.id, from_status=from_status,
                                to_status=CaseStatus.CLOSED, reason=case.closed_reason,
                                actor_label="demo", created_at=_at(on, 12)))
