"""Demo plan: Noëlle Jansen's conference, six weeks ago, ended with an accepted plan
(version 1) that the family has been following; at the review meeting a draft version 2
was made from it, with an action added, one changed, one dropped and one done.

A demo part, registered for ``eigenkracht.demo`` by ``create_app``; a case that already has
a plan is left alone, so ``flask demo`` can run again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import Case
from eigenkracht.conference import phases
from eigenkracht.conference.models import Conference, ConferenceKind, Phase
from eigenkracht.conference.services import ConferenceData, create_conference, create_review
from eigenkracht.core.clock import from_local, local_date, today
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.services import client_person
from eigenkracht.plans import actions, decision, routines, services, versions
from eigenkracht.plans.models import ActionStatus, Decision

CASE = "Noëlle"
WEEKS_AGO = 6

SECTIONS = {
    "going_well": "Noëlle zit met plezier op turnen en heeft een beste vriendin, Noor. Oma "
                  "Marijke en tante Anouk wonen dichtbij en willen graag helpen. Chloë zegt "
                  "zelf dat ze hulp wil.",
    "agreements": "Als iemand een afspraak niet kan nakomen, belt hij of zij zelf oma "
                  "Marijke, die een ander vraagt.",
    "contingency": "Gaat het twee weken achter elkaar mis met school, dan belt oma de "
                   "coördinator en komt het netwerk binnen een week bij elkaar.",
    "childs_view": "Ik wil dat mama weer vrolijk is. Ik vind het leuk als oma me naar school "
                   "brengt, maar niet elke dag.",
    "recipients": "Chloë, oma Marijke, tante Anouk, Fatma Öztürk, Eline Verbeek, de "
                  "verwijzer (Sanne Bakker, Jeugdbescherming Rotterdam).",
}
HOW_MET = [
    "Oma Marijke brengt Noëlle drie ochtenden naar school, buurvrouw Fatma de andere twee.",
    "Tante Anouk en oma vangen de kinderen op; Daniël gaat twee dagen naar de peuteropvang.",
    "Eline gaat mee naar de eerste afspraken bij de POH-GGZ en belt Chloë elke week.",
]
# (what, people, days after the conference or None, repeating moment, bottom line, status,
#  updates as (days after the conference, status, note))
ACTIONS = [
    ("Oma brengt Noëlle op maandag, dinsdag en donderdag naar school.",
     ["Marijke Jansen-Smit"], None, "ma, di en do om 8.00 uur", 0, ActionStatus.IN_PROGRESS,
     [(7, ActionStatus.IN_PROGRESS, "De eerste week ging goed, één keer te laat.")]),
    ("Fatma brengt Noëlle op woensdag en vrijdag naar school.",
     ["Fatma Öztürk"], None, "wo en vr om 8.15 uur", 0, ActionStatus.IN_PROGRESS, []),
    ("Chloë zet 's avonds samen met Noëlle de schooltas en het ontbijt klaar.",
     ["Chloë Jansen", "client"], None, "elke avond", 0, ActionStatus.OPEN, []),
    ("Tante Anouk haalt Daniël op dinsdag en donderdag op en zoekt mee naar peuteropvang.",
     ["Anouk Jansen"], 14, "", 1, ActionStatus.DONE,
     [(12, ActionStatus.DONE, "Daniël kan bij De Vlinder terecht.")]),
    ("Intakegesprek voor Daniël bij de peuteropvang.",
     ["Chloë Jansen", "Karin Bos"], 21, "", 1, ActionStatus.DONE,
     [(21, ActionStatus.DONE, "Daniël begint op maandag.")]),
    ("Chloë maakt een afspraak bij de POH-GGZ; Eline gaat mee.",
     ["Chloë Jansen", "Eline Verbeek"], 10, "", 2, ActionStatus.DONE,
     [(9, ActionStatus.DONE, "Afspraak gemaakt en samen geweest.")]),
    ("Eline belt Chloë om te horen hoe het gaat.",
     ["Eline Verbeek"], None, "elke zondagavond", 2, ActionStatus.IN_PROGRESS, []),
    ("Sven belt Chloë om de weekenden met de kinderen af te spreken.",
     ["Sven de Boer"], WEEKS_AGO * 7 - 5, "", None, ActionStatus.OPEN, []),
    ("Gesprek op school met juf Ilse over hoe het met Noëlle gaat.",
     ["Ilse Mulder", "Chloë Jansen"], WEEKS_AGO * 7 + 3, "", 0, ActionStatus.OPEN, []),
]


ROUTINE = "Eline belt Chloë om te horen hoe het gaat."
MISSED_WEEK = 3  # the routine's fourth Sunday was missed


def _routine_kept(made, coordinator: User) -> None:
    """Eline's weekly call, marked done every Sunday but one ("5 of the last 6 weeks")."""
    for action, *_rest in made:
        if action.what != ROUTINE or action.when_date is None:
            continue
        for week, sunday in enumerate(routines.occurrences(action, action.when_date,
                                                           today() - timedelta(days=1))):
            if week == MISSED_WEEK or routines.next_in_pattern(action, sunday) > today():
                continue
            update = routines.mark_occurrence_done(action, sunday, user=coordinator)
            update.created_at = from_local(sunday, time(20, 0))


def add_demo_plan(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Noëlle's accepted plan (version 1) and its draft review version (version 2)."""
    case = cases.get(CASE)
    if case is None or services.latest_plan(case) is not None:
        return
    users = {u.role: u for u in db.session.scalars(
        select(User).where(User.organisation_id == organisation.id))}
    coordinator, referrer = users.get(Role.COORDINATOR), users.get(Role.REFERRER)
    if coordinator is None or referrer is None:
        return
    conference = _held_conference(case, coordinator)
    plan = services.create_plan(case, coordinator, conference)
    day = local_date(conference.starts_at)
    people = _people(case)
    services.update_plan(plan, services.PlanData(
        central_question=case.central_question, concerns=case.concerns, **SECTIONS,
        monitor_id=people["Marijke Jansen-Smit"].id if "Marijke Jansen-Smit" in people
        else None, evaluation_date=day + timedelta(weeks=WEEKS_AGO),
        how_met={line.id: HOW_MET[i % len(HOW_MET)] for i, line in
                 enumerate(plan.bottom_lines)}), plan.row_version)
    made = _actions(plan, people, day)
    services.present(plan, plan.row_version, confirm_missing=True)
    _decide(plan, made, referrer)
    _follow(made, coordinator, people, day)
    _routine_kept(made, coordinator)
    review = create_review(case, from_local(today(), time(14, 0)), coordinator)
    _review_version(plan, review, coordinator, people)


def _held_conference(case: Case, coordinator: User) -> Conference:
    """The case's first conference, held six weeks ago up to the plan presentation."""
    held = datetime.now(UTC)
    conference = db.session.scalar(select(Conference).where(
        Conference.case_id == case.id, Conference.kind == ConferenceKind.FIRST,
        Conference.starts_at <= held,
        Conference.phase.in_((Phase.PLANNED, Phase.INFORMATION, Phase.PRIVATE_TIME,
                              Phase.PRESENTATION)))
        .order_by(Conference.starts_at).limit(1))
    starts = from_local(today() - timedelta(weeks=WEEKS_AGO), time(13, 0))
    if conference is None:
        conference = create_conference(case, ConferenceData(
            starts_at=starts, venue_address="Buurthuis De Schakel\nMaasboulevard 12, Rotterdam",
            languages=["nl"], coordinator_id=coordinator.id), coordinator)
    start = conference.starts_at
    for minutes, phase in ((0, Phase.INFORMATION), (50, Phase.PRIVATE_TIME),
                           (130, Phase.PRESENTATION)):
        if phases.allowed(conference.phase, phase):
            phases.move(conference, phase, at=start + timedelta(minutes=minutes))
    return conference  # its phases moved the case to the conference (cases.status)


def _people(case: Case) -> dict[str, Person]:
    people = {p.name: p for p in db.session.scalars(
        select(Person).where(Person.case_id == case.id, Person.deceased.is_(False)))}
    people["client"] = client_person(case)
    return people


def _actions(plan, people: dict[str, Person], day: date) -> list:
    made = []
    for what, names, days, moment, line, status, updates in ACTIONS:
        chosen = [people[n].id for n in names if n in people] or [people["client"].id]
        serves = plan.bottom_lines[line].id if line is not None and \
            line < len(plan.bottom_lines) else None
        weekly = what == ROUTINE  # a routine since the first Sunday after the conference
        when = day + timedelta(days=6 - day.weekday() or 7) if weekly else \
            (day + timedelta(days=days) if days is not None else None)
        action = actions.create_action(plan, actions.ActionData(
            what=what, person_ids=chosen, when_text=moment, serves_id=serves,
            when_date=when, repeat="weekly" if weekly else ""))
        made.append((action, status, updates))
    return made


def _decide(plan, made, referrer: User) -> None:
    lines = {}
    for index, line in enumerate(plan.bottom_lines):
        ids = [a.id for a, *_ in made if a.serves_id == line.id]
        lines[line.id] = decision.LineMark(met=True, action_ids=ids,
                                           note="Goed uitgewerkt." if index == 0 else "")
    external = plan.case.referrer if plan.case.referrer is not None and \
        plan.case.referrer.user_id is None else None  # through their personal link
    decision.decide(plan, decision.DecisionData(
        decision=Decision.ACCEPTED, reason="", lines=lines),
        None if external else referrer, plan.row_version, by_referrer=external)
    plan.decided_at = plan.conference.starts_at + timedelta(minutes=165) \
        if plan.conference else plan.decided_at


def _follow(made, coordinator: User, people: dict[str, Person], day: date) -> None:
    for action, status, updates in made:
        for days, to, note in updates:
            update = actions.add_update(action, to, note, user=coordinator)
            update.created_at = from_local(day + timedelta(days=days), time(18, 0))
        if action.status != status:
            actions.add_update(action, status, "", user=coordinator)


def _review_version(plan, review: Conference, coordinator: User,
                    people: dict[str, Person]) -> None:
    """At the review meeting: version 2, with an action added, changed, dropped, done."""
    draft = versions.new_version(plan, coordinator, review)
    by_what = {a.what: a for a in draft.actions}
    dropped = by_what.get(ACTIONS[4][0])
    if dropped is not None:
        actions.delete_action(dropped)
    changed = by_what.get(ACTIONS[1][0])
    if changed is not None:
        data = actions.ActionData(
            what=changed.what, person_ids=[p.id for p in changed.people],
            when_text="alleen op vrijdag om 8.15 uur", serves_id=changed.serves_id)
        actions.update_action(changed, data, changed.row_version)
    grandma = people.get("Marijke Jansen-Smit") or people["client"]
    actions.create_action(draft, actions.ActionData(
        what="Noëlle gaat op woensdagmiddag naar oma.", person_ids=[grandma.id],
        when_text="elke woensdagmiddag",
        serves_id=draft.bottom_lines[1].id if len(draft.bottom_lines) > 1 else None))
    talk = by_what.get(ACTIONS[-1][0])
    if talk is not None:
        actions.add_update(talk, ActionStatus.DONE, "Gesprek gevoerd: het gaat beter.",
                           user=coordinator)
