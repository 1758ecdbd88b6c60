"""Six months of history for the demo jobseeker, Mariëlle Dijkstra.

A monthly snapshot on the first of each of the last six months (backdated), with the
network growing towards the map as it is now; about 25 contacts spread over those months,
with outcomes and a few overdue follow-ups; two goals with steps. A demo part, registered
for ``eigenkracht.demo`` by ``create_app`` after the network maps; each part is added only
when the case has none of it yet, so ``flask demo`` can run again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from eigenkracht.auth.models import Organisation, User
from eigenkracht.cases.models import AssignmentRole, Case
from eigenkracht.core import clock
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.jobs import contacts, services
from eigenkracht.jobs.models import ContactLog, Goal
from eigenkracht.jobs.progress import add_months, month_start, monthly_label
from eigenkracht.network.models import NetworkSnapshot
from eigenkracht.network.services import load_map
from eigenkracht.network.snapshots import map_data, snapshot_people, take_snapshot

JOBSEEKER = "Mariëlle"
MONTHS = 6

# (days ago, person, channel, what was asked, outcome, follow-up in days from the contact
#  or None, follow-up done)
CONTACTS: list[tuple[int, str, str, str, str, int | None, bool]] = [
    (172, "Erwin Bakker", "in_person", "Wie kent er iemand in de logistiek?", "advice",
     None, False),
    (168, "Mirjam de Jong", "phone", "Wil je naar mijn cv kijken?", "advice", 14, True),
    (160, "Ingrid Dijkstra", "message", "Weet jij of het ziekenhuis planners zoekt?",
     "no_answer", 7, True),
    (151, "Harm Wijnstra", "phone", "Wil je referent zijn?", "advice", 10, True),
    (144, "Wouter Postma", "email", "Zijn er vacatures bij Bouwmaterialen Noord?", "tip",
     None, False),
    (137, "Ruud Kramer", "in_person", "Kan ik een dag meelopen bij het transportbedrijf?",
     "not_now", 30, True),
    (128, "Bianca Ramdin", "social_media", "Hoe ben jij bij Westpoort binnengekomen?",
     "introduction", 14, True),
    (121, "Jelle Terpstra", "in_person", "Heeft Werkwijs planners in het bestand?", "tip",
     21, True),
    (113, "Annemiek Vos", "message", "Ken jij iemand bij de groothandel?", "no_answer", None,
     False),
    (104, "Peter Hoogland", "email", "Mag ik u als referentie opgeven?", "advice", None, False),
    (97, "Sandra Meijer", "phone", "Kan de gemeente een Excel-cursus vergoeden?", "advice",
     14, True),
    (88, "Mirjam de Jong", "in_person", "Oefengesprek voor de sollicitatie bij Vos", "advice",
     None, False),
    (80, "Harm Wijnstra", "phone", "Is er nieuws over de vacature bij Vos Logistiek?",
     "not_now", 28, True),
    (72, "Wouter Postma", "message", "Wil je mijn cv doorsturen naar jullie planner?",
     "introduction", 14, True),
    (63, "Hennie Visser", "in_person", "Wie van het koor werkt in transport?", "tip", None,
     False),
    (55, "Stefan Groen", "social_media", "Welke werkgevers zoeken nu planners?", "tip", 14,
     True),
    (47, "Bianca Ramdin", "phone", "Wil je me voorstellen aan je teamleider?",
     "introduction", 21, False),
    (40, "Ruud Kramer", "phone", "Nog plek voor een meeloopdag?", "no_answer", 7, False),
    (33, "Nadia Bouali", "in_person", "Hoe zoek jij vacatures in Friesland?", "tip", None,
     False),
    (26, "Jelle Terpstra", "email", "Nieuwe vacatures bij Werkwijs?", "tip", 10, False),
    (19, "Erwin Bakker", "in_person", "Ken jij iemand bij Installatiebedrijf Bakker?",
     "not_now", None, False),
    (12, "Stefan Groen", "message", "Oefengesprek voor de functie bij Noord?", "advice", 9,
     False),
    (8, "Harm Wijnstra", "phone", "Wil je de referentie mailen aan Westpoort?", "advice", 5,
     True),
    (4, "Mirjam de Jong", "phone", "Kun je me voorbereiden op het tweede gesprek?", "advice",
     8, False),
    (1, "Bianca Ramdin", "message", "Heb je al iets gehoord van je teamleider?", "no_answer",
     6, False),
]


def add_jobseeker_history(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Give the demo jobseeker six months of snapshots, contacts and two goals."""
    case = cases.get(JOBSEEKER)
    if case is None:
        return
    coach = _coach(case)
    _add_snapshots(case)
    _add_contacts(case, coach)
    _add_goals(case, coach)
    db.session.flush()


def _coach(case: Case) -> User | None:
    return next((a.user for a in case.assignments if a.role == AssignmentRole.JOBCOACH), None)


def _has(model, *where) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(model).where(*where)))


# --- snapshots ----------------------------------------------------------------------------

def _add_snapshots(case: Case) -> None:
    if _has(NetworkSnapshot, NetworkSnapshot.case_id == case.id,
            NetworkSnapshot.automatic.is_(True)):
        return
    final = map_data(load_map(case))
    intake = db.session.scalar(
        select(NetworkSnapshot).where(NetworkSnapshot.case_id == case.id,
                                      NetworkSnapshot.automatic.is_(False))
        .order_by(NetworkSnapshot.taken_at))
    intake_ids = [p["id"] for p in _ordered(intake.data)] if intake is not None else []
    final_people = _ordered(final, first=intake_ids)
    total = len(final_people)
    now = utcnow()
    this_month = month_start(clock.today())
    shown = 0
    for index in range(MONTHS):
        month = add_months(this_month, index - (MONTHS - 1))
        taken_at = min(datetime.combine(month, time(6, 0), tzinfo=clock.zone()),
                       now - timedelta(minutes=MONTHS - index))
        before_intake = intake is not None and taken_at < intake.taken_at
        source = intake.data if before_intake else final
        available = len(snapshot_people(source)) - 1  # the client is not counted
        wanted = round(total * (0.4 + 0.6 * index / (MONTHS - 1)))
        if index == MONTHS - 1:
            wanted = total - 1  # someone joined after this month's snapshot
        if not before_intake:
            wanted = max(wanted, len(intake_ids))
        shown = min(max(wanted, shown), available)
        snapshot = take_snapshot(case, monthly_label(month), automatic=True)
        snapshot.taken_at = taken_at
        snapshot.data = _first(source, _ordered(source, first=intake_ids), shown)
    db.session.flush()


def _ordered(data: dict[str, Any], first: list[int] | None = None) -> list[dict[str, Any]]:
    """The people besides the client: those in ``first`` in that order, then the others
    from close to far (a jobseeker names the people closest to them first)."""
    position = {pid: i for i, pid in enumerate(first or [])}
    others = [p for p in snapshot_people(data) if not p.get("is_client")]
    return sorted(others, key=lambda p: (position.get(p["id"], len(position)),
                                         p.get("ring") or 3, p["id"]))


def _first(data: dict[str, Any], ordered: list[dict[str, Any]], count: int) -> dict:
    """``data`` with the client and only the first ``count`` other people (and their ties)."""
    keep = {p["id"] for p in ordered[:count]}
    keep |= {p["id"] for p in snapshot_people(data) if p.get("is_client")}
    return {"people": [p for p in snapshot_people(data) if p["id"] in keep],
            "ties": [t for t in data.get("ties", []) if t.get("a") in keep
                     and t.get("b") in keep]}


# --- contacts and goals -------------------------------------------------------------------

def _add_contacts(case: Case, coach: User | None) -> None:
    if _has(ContactLog, ContactLog.case_id == case.id):
        return
    people = {p.name: p for p in load_map(case).others}
    today = clock.today()
    for days_ago, name, channel, asked, outcome, follow_up, done in CONTACTS:
        person = people.get(name)
        if person is None:
            continue
        on = today - timedelta(days=days_ago)
        contact = contacts.add_contact(case, contacts.ContactData(
            person_id=person.id, contacted_on=on, channel=channel, outcome=outcome,
            asked=asked, follow_up_on=on + timedelta(days=follow_up) if follow_up else None),
            coach)
        contact.created_at = datetime.combine(on, time(10, 0), tzinfo=clock.zone())
        if done:
            contacts.set_follow_up_done(case, contact, True)
            contact.follow_up_done_at = datetime.combine(contact.follow_up_on, time(16, 0),
                                                         tzinfo=clock.zone())


def _add_goals(case: Case, coach: User | None) -> None:
    if _has(Goal, Goal.case_id == case.id):
        return
    today = clock.today()
    june = date(today.year + (1 if today.month >= 6 else 0), 6, 30)
    goals = [
        ("Werk als logistiek planner binnen 30 km van Leeuwarden, uiterlijk eind juni.",
         june, [("Cv bijwerken met de Excel-cursus erop", -120),
                ("Harm Wijnstra vragen om een referentie", -90),
                ("Bianca Ramdin vragen om een introductie bij Distributiecentrum Westpoort",
                 14),
                ("Oefengesprek met Mirjam de Jong", 21)]),
        ("Elke week twee mensen uit het netwerk spreken over werk.",
         today + timedelta(days=90),
         [("Lijst maken van iedereen die in de logistiek of het transport werkt", -150),
          ("Jelle Terpstra van Werkwijs benaderen", -110),
          ("Stefan Groen via LinkedIn om vacaturetips vragen", 10)]),
    ]
    for text, target, steps in goals:
        goal = services.add_goal(case, services.GoalData(text=text, target_date=target), coach)
        for step_text, days in steps:
            step = services.add_step(case, goal, services.StepData(
                text=step_text, target_date=today + timedelta(days=days) if days > 0 else None))
            if days < 0:
                services.set_step_done(case, step, True)
                step.done_at = datetime.combine(today + timedelta(days=days), time(11, 0),
                                                tzinfo=clock.zone())
