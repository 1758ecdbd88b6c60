"""Demo conferences: one being prepared for Noëlle, one already held for Emre.

A demo part, registered for ``eigenkracht.demo`` by ``create_app`` after the network maps
(it invites people of those maps). A case that already has a conference is left alone, so
``flask demo`` can run again without planning anything twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import Case
from eigenkracht.conference import checklist, invitations, phases, services
from eigenkracht.conference.models import (
    ChecklistKey,
    Conference,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.core.clock import from_local, today
from eigenkracht.extensions import db
from eigenkracht.network.models import Person

# Noëlle's conference: who is invited, as what, and how far along they are.
NOELLE_GUESTS = [
    ("Chloë Jansen", InvitationRole.FAMILY, InvitationStatus.CONFIRMED, {}),
    ("Marijke Jansen-Smit", InvitationRole.FAMILY, InvitationStatus.CONFIRMED,
     {"needs_diet": "suikervrij (diabetes)", "needs_access": "slecht ter been: graag een stoel "
                                                            "met armleuningen"}),
    ("Anouk Jansen", InvitationRole.FAMILY, InvitationStatus.INVITED,
     {"suggestions": "Oom Ruben (broer van Chloë) zou er graag bij zijn."}),
    ("Sven de Boer", InvitationRole.FAMILY, InvitationStatus.CONFIRMED,
     {"participation": Participation.VIDEO}),
    ("Eline Verbeek", InvitationRole.NETWORK, InvitationStatus.INVITED, {}),
    ("Fatma Öztürk", InvitationRole.NETWORK, InvitationStatus.CONFIRMED,
     {"needs_diet": "halal"}),
    ("Ilse Mulder", InvitationRole.INFORMATION_GIVER, InvitationStatus.CONFIRMED, {}),
    ("Bram Hofman", InvitationRole.INFORMATION_GIVER, InvitationStatus.TO_INVITE, {}),
]
NOELLE_DONE = (ChecklistKey.MET_CLIENT, ChecklistKey.MAP_MADE,
               ChecklistKey.BOTTOM_LINES_RECEIVED, ChecklistKey.VENUE_BOOKED,
               ChecklistKey.INFORMATION_GIVERS_BRIEFED)

EMRE_GUESTS = [
    ("Mehmet Yılmaz", InvitationRole.FAMILY, InvitationStatus.ATTENDED),
    ("Ayşe Yılmaz", InvitationRole.FAMILY, InvitationStatus.ATTENDED),
    ("Elif Yılmaz", InvitationRole.FAMILY, InvitationStatus.ATTENDED),
    ("Fatma Yılmaz", InvitationRole.FAMILY, InvitationStatus.ATTENDED),
    ("Ahmet Yılmaz", InvitationRole.FAMILY, InvitationStatus.ABSENT),
    ("Ricardo Martins", InvitationRole.NETWORK, InvitationStatus.ATTENDED),
    ("Jeroen Visser", InvitationRole.INFORMATION_GIVER, InvitationStatus.ATTENDED),
    ("Sandra Koster", InvitationRole.INFORMATION_GIVER, InvitationStatus.ATTENDED),
]


def add_conferences(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Noëlle's conferences get their guests and checklist (the plan's demo may have made
    them already); Emre gets a conference held a month ago."""
    coordinator = db.session.scalar(select(User).where(
        User.organisation_id == organisation.id, User.role == Role.COORDINATOR))
    if coordinator is None:
        return
    noelle, emre = cases.get("Noëlle"), cases.get("Emre")
    if noelle is not None:
        _prepare_noelle(noelle, coordinator)
    if emre is not None and not services.conferences_of(emre):
        _hold_emre(emre, coordinator)


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    return from_local(today() + timedelta(days=days), time(hour, minute))


def _people(case: Case) -> dict[str, Person]:
    return {p.name: p for p in db.session.scalars(select(Person).where(
        Person.case_id == case.id))}


def _prepare_noelle(case: Case, coordinator: User) -> None:
    """Plan a conference if there is none; fill every conference that has no guests yet."""
    if not services.conferences_of(case):
        services.create_conference(case, services.ConferenceData(
            starts_at=_at(23, 14), duration_minutes=210,
            venue_address="Wijkcentrum De Kroon, zaal 2\nKerkstraat 12\n3011 AB Rotterdam",
            languages=["nl", "tr"],
            childs_advocate="Mirjam de Wit (vertrouwenspersoon school)",
            practical_notes="Soep en broodjes om 16.00 uur. Kinderopvang voor Daniël in de "
                            "speelkamer. Parkeren achter het wijkcentrum.",
            coordinator_id=coordinator.id), coordinator)
    for conference in services.conferences_of(case):
        if conference.invitations or not phases.recording_allowed(conference):
            continue
        held = conference.phase != Phase.PLANNED
        _invite(conference, case, [(n, r) for n, r, _s, _x in NOELLE_GUESTS])
        by_name = {i.person.name: i for i in conference.invitations}
        for name, _role, status, extra in NOELLE_GUESTS:
            invitation = by_name.get(name)
            if invitation is None:
                continue
            if held:
                status = InvitationStatus.ABSENT if name == "Bram Hofman" \
                    else InvitationStatus.ATTENDED
            invitations.set_status(conference, invitation, status)
            for field, value in extra.items():
                setattr(invitation, field, value)
        for key in (tuple(ChecklistKey) if held else NOELLE_DONE):
            checklist.set_step(conference, key, True, coordinator)
    db.session.flush()


def _hold_emre(case: Case, coordinator: User) -> None:
    starts = _at(-33, 10)
    conference = services.create_conference(case, services.ConferenceData(
        starts_at=starts, duration_minutes=240,
        venue_address="Buurthuis Het Klooster\nPretorialaan 90\n3072 EN Rotterdam",
        languages=["nl", "tr"], interpreter_languages=["tr", "ar"], interpreter_booked=True,
        practical_notes="Tolk Turks: mevrouw Şahin.", coordinator_id=coordinator.id),
        coordinator)
    _invite(conference, case, [(n, r) for n, r, _s in EMRE_GUESTS])
    for key in ChecklistKey:
        checklist.set_step(conference, key, True, coordinator)
    by_name = {i.person.name: i for i in conference.invitations}
    for name, _role, status in EMRE_GUESTS:
        if name in by_name:
            invitations.set_status(conference, by_name[name], status)
    for offset, phase in ((0, Phase.INFORMATION), (50, Phase.PRIVATE_TIME),
                          (150, Phase.PRESENTATION), (190, Phase.DECISION),
                          (215, Phase.CLOSED)):
        phases.move(conference, phase, at=starts + timedelta(minutes=offset))
    db.session.flush()


def _invite(conference: Conference, case: Case, guests) -> None:
    people = _people(case)
    for name, role in guests:
        if name in people:
            invitations.invite(conference, [people[name].id], role)
