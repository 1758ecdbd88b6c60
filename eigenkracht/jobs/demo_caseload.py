"""The demo job coach's caseload: eleven more jobseekers besides Mariëlle Dijkstra, at
different stages, with leads from their networks and placements with their checks, so that
the caseload, the follow-ups and the figures look like a real coach's.

A demo part registered after ``add_jobseeker_history``. A jobseeker is only created when the
demo has no case for that first name yet, and leads only when Mariëlle has none, so
``flask demo`` can run again. Dates are counted back from today; people's "in the network
since" dates are backdated, so each chart fills its months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.clients import ClientData
from eigenkracht.cases.models import Case, CaseKind, CaseStatus
from eigenkracht.cases.services import CaseData, create_case
from eigenkracht.cases.status import change_status
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.jobs import contacts, leads, placements
from eigenkracht.jobs.models import Lead, LeadStage
from eigenkracht.network.models import Sector
from eigenkracht.network.services import add_person, load_map
from eigenkracht.network.validation import PersonData

STAGE_PATH = (LeadStage.ASKED, LeadStage.INTRODUCED, LeadStage.INTERVIEW, LeadStage.HIRED)


@dataclass
class Seeker:
    first: str
    last: str
    born: int
    question: str
    # (name, relation, ring, occupation, employer, days in the network)
    people: list[tuple[str, str, int, str, str, int]]
    # (person index, kind, title, employer, days ago it came up, stage reached, days ago)
    leads: list[tuple[int, str, str, str, int, str, int]] = field(default_factory=list)
    # (employer, job, days ago it started, hours, contract, lead index or None,
    #  checks answered: True held, False not held)
    placement: tuple | None = None
    # (days ago, person index, channel, outcome, follow-up in days or None)
    contacts: list[tuple[int, int, str, str, int | None]] = field(default_factory=list)
    status: CaseStatus = CaseStatus.PREPARATION


SEEKERS = [
    Seeker("Kevin", "de Boer", 1996, "Wie helpt Kevin aan een baan in de bouw?",
           [("Gerrit de Boer", "oom", 1, "Timmerman", "Bouwbedrijf Hiemstra", 150),
            ("Lotte Smit", "buurvrouw", 2, "Uitvoerder", "Bouwgroep Noord", 120),
            ("Ahmed Yousef", "vriend", 2, "Stukadoor", "", 90)],
           leads=[(0, "introduction", "Leerling-timmerman", "Bouwbedrijf Hiemstra", 80,
                   "hired", 60), (1, "vacancy", "Hulpuitvoerder", "Bouwgroep Noord", 70,
                                  "closed", 50)],
           placement=("Bouwbedrijf Hiemstra", "Leerling-timmerman", 55, 38, "fixed_term", 0,
                      [True]),
           contacts=[(85, 0, "phone", "introduction", None), (62, 0, "in_person", "hired",
                                                               None)],
           status=CaseStatus.FOLLOW_UP),
    Seeker("Fatima", "Ouali", 1988, "Wie kent werk in de kinderopvang?",
           [("Samira Ouali", "zus", 1, "Pedagogisch medewerker", "Kinderopvang Zonnetje", 200),
            ("Els Kuipers", "oud-collega", 2, "Leidinggevende", "Kinderopvang Zonnetje", 160),
            ("Rachid Amrani", "buurman", 3, "", "", 100)],
           leads=[(0, "introduction", "Pedagogisch medewerker", "Kinderopvang Zonnetje", 190,
                   "hired", 150)],
           placement=("Kinderopvang Zonnetje", "Pedagogisch medewerker", 140, 24, "permanent",
                      0, [True, True]),
           contacts=[(180, 1, "email", "interview_planned", None),
                     (160, 1, "in_person", "offer", None)],
           status=CaseStatus.FOLLOW_UP),
    Seeker("Johan", "Visser", 1971, "Hoe komt Johan na de reorganisatie weer aan de slag?",
           [("Klaas Visser", "broer", 1, "Chauffeur", "Transport Visser", 300),
            ("Mieke Jansen", "oud-collega", 2, "HR-adviseur", "Gemeente", 250),
            ("Tom Bakker", "voetbalvriend", 2, "Eigenaar", "Garage Bakker", 200)],
           leads=[(2, "vacancy", "Magazijnmedewerker", "Garage Bakker", 290, "hired", 260)],
           placement=("Garage Bakker", "Magazijnmedewerker", 380, 32, "permanent", 0,
                      [True, True, True, True]),
           status=CaseStatus.CLOSED),
    Seeker("Sanne", "Hoekstra", 1999, "Wie helpt Sanne aan een eerste baan als kapper?",
           [("Linda Hoekstra", "moeder", 1, "", "", 60),
            ("Joyce de Vries", "vriendin", 1, "Kapper", "Salon Joyce", 45),
            ("Marco Brouwer", "oom", 2, "Verkoper", "Kruidvat", 30)],
           leads=[(1, "introduction", "Junior kapper", "Salon Joyce", 25, "interview", 5),
                  (2, "vacancy", "Verkoper", "Kruidvat", 20, "asked", 15)],
           contacts=[(25, 1, "message", "interview_planned", 10),
                     (5, 1, "in_person", "interview_held", 7)]),
    Seeker("Dennis", "Meijer", 1985, "Welk werk past bij Dennis na zijn ziekteperiode?",
           [("Petra Meijer", "partner", 1, "Administratief medewerker", "UWV", 90),
            ("Henk Dijkstra", "buurman", 3, "Beheerder", "Sportpark Noord", 40)],
           leads=[(1, "introduction", "Terreinmedewerker", "Sportpark Noord", 35, "introduced",
                   20)],
           contacts=[(35, 1, "phone", "introduction", 14)]),
    Seeker("Agnieszka", "Nowak", 1990, "Wie helpt Agnieszka aan werk in de zorg?",
           [("Marta Nowak", "zus", 1, "Verzorgende", "Zorggroep Meander", 180),
            ("Ineke Vos", "taalmaatje", 2, "Teamleider", "Zorggroep Meander", 130),
            ("Piotr Zieliński", "vriend", 2, "Chauffeur", "", 100)],
           leads=[(1, "introduction", "Helpende zorg", "Zorggroep Meander", 120, "hired", 100),
                  (0, "vacancy", "Huishoudelijke hulp", "Thuiszorg Noord", 150, "closed",
                   125)],
           placement=("Zorggroep Meander", "Helpende zorg", 95, 28, "trial", 0, [True, False]),
           contacts=[(110, 1, "phone", "hired", None)],
           status=CaseStatus.FOLLOW_UP),
    Seeker("Bram", "Kok", 2001, "Wie kent een leerwerkplek in de techniek?",
           [("Wim Kok", "vader", 1, "Monteur", "Installatietechniek Kok", 30)],
           leads=[(0, "introduction", "Leerwerkplek monteur", "Installatietechniek Kok", 10, "idea",
                   10)]),
    Seeker("Esther", "Mulder", 1979, "Hoe vindt Esther weer werk als administratief "
           "medewerker?",
           [("Karin Mulder", "schoonzus", 2, "Boekhouder", "Accountants Noord", 200),
            ("Frank de Wit", "oud-leidinggevende", 2, "Controller", "Zuivel BV", 170),
            ("Nel Postma", "kerk", 3, "", "", 140),
            ("Youssef Idrissi", "buurman", 3, "Uitzendconsulent", "Start People", 110)],
           leads=[(3, "vacancy", "Administratief medewerker", "Start People", 100, "interview",
                   70), (1, "introduction", "Crediteurenadministratie", "Zuivel BV", 90,
                         "closed", 60),
                  (0, "vacancy", "Boekhoudkundig medewerker", "Accountants Noord", 30,
                   "asked", 20)],
           contacts=[(70, 3, "phone", "interview_held", None), (60, 1, "email", "not_hired",
                                                                 None),
                     (20, 0, "phone", "tip", 10)]),
    Seeker("Mohamed", "Benali", 1993, "Wie helpt Mohamed aan werk als chauffeur?",
           [("Karim Benali", "broer", 1, "Chauffeur", "PostNL", 220),
            ("Jan Hofstra", "oud-collega", 2, "Planner", "Hofstra Transport", 160)],
           leads=[(0, "introduction", "Pakketbezorger", "PostNL", 210, "hired", 200)],
           placement=("PostNL", "Pakketbezorger", 195, 36, "temp_agency", 0,
                      [True, True, False])),
    Seeker("Lisa", "van Dam", 1997, "Wat heeft Lisa nodig om werk te houden?",
           [("Anouk van Dam", "zus", 1, "", "", 20)],
           status=CaseStatus.REFERRAL),
    Seeker("Rik", "Smits", 1983, "Wie helpt Rik aan werk in de groenvoorziening?",
           [("Gerda Smits", "moeder", 1, "", "", 75),
            ("Sjoerd Wiersma", "vriend", 2, "Hovenier", "Groen & Co", 60)],
           leads=[(1, "introduction", "Medewerker groen", "Groen & Co", 50, "asked", 40)],
           contacts=[(40, 1, "in_person", "introduction", 7)]),
]


def add_caseload(organisation: Organisation, cases: dict[str, Case]) -> None:
    """Eleven more jobseekers for the demo job coach, and leads for Mariëlle."""
    coach = db.session.scalar(select(User).where(User.organisation_id == organisation.id,
                                                 User.role == Role.JOBCOACH))
    if coach is None:
        return
    for seeker in SEEKERS:
        if seeker.first not in cases:
            cases[seeker.first] = _add_seeker(seeker, coach)
    marielle = cases.get("Mariëlle")
    if marielle is not None:
        _add_marielle_leads(marielle, coach)
    db.session.flush()


def _add_seeker(seeker: Seeker, coach: User) -> Case:
    today = clock.today()
    consent = None if seeker.status == CaseStatus.REFERRAL else today - timedelta(days=400)
    case = create_case(CaseData(
        kind=CaseKind.WORK,
        clients=[ClientData(first_name=seeker.first, last_name=seeker.last,
                            birth_date=date(seeker.born, 5, 1), consent_client_on=consent)],
        central_question=seeker.question, staff_ids=[coach.id]), coach)
    people = []
    for name, relation, ring, occupation, employer, days in seeker.people:
        people.append(add_person(case, PersonData(
            name=name, relation=relation, ring=ring, occupation=occupation, employer=employer,
            sector=Sector.SCHOOL_WORK if employer else Sector.FAMILY,
            on_map_since=today - timedelta(days=days)), how="demo"))
    for days_ago, index, channel, outcome, follow_up in seeker.contacts:
        on = today - timedelta(days=days_ago)
        contacts.add_contact(case, contacts.ContactData(
            person_id=people[index].id, contacted_on=on, channel=channel, outcome=outcome,
            follow_up_on=on + timedelta(days=follow_up) if follow_up else None), coach)
    made = [_add_lead(case, coach, people[spec[0]], spec) for spec in seeker.leads]
    if seeker.placement is not None:
        employer, job, days_ago, hours, contract, lead_index, answers = seeker.placement
        placement = placements.add_placement(case, placements.PlacementData(
            employer=employer, job_title=job, started_on=today - timedelta(days=days_ago),
            hours_per_week=hours, contract=contract,
            lead_id=made[lead_index].id if lead_index is not None else None), coach)
        for check, held in zip(placement.checks, answers, strict=False):
            done_on = min(check.due_on + timedelta(days=2), today)
            placements.set_check_done(case, check, done_on, held)
    _move_to(case, seeker.status)
    db.session.flush()
    return case


def _add_lead(case: Case, coach: User, person, spec) -> Lead:
    _index, kind, title, employer, noted_days, stage, stage_days = spec
    today = clock.today()
    lead = leads.add_lead(case, leads.LeadData(
        person_id=person.id, kind=kind, title=title, employer=employer,
        noted_on=today - timedelta(days=noted_days)), coach)
    target = LeadStage(stage)
    on = today - timedelta(days=stage_days)
    if target == LeadStage.CLOSED:
        leads.move_lead(case, lead, LeadStage.ASKED, on)
        leads.move_lead(case, lead, LeadStage.CLOSED, on)
    elif target != LeadStage.IDEA:
        for step in STAGE_PATH[:STAGE_PATH.index(target) + 1]:
            leads.move_lead(case, lead, step, on)
    return lead


def _move_to(case: Case, status: CaseStatus) -> None:
    """From preparation (where the first person on the map put it) to ``status``."""
    path = {CaseStatus.FOLLOW_UP: (CaseStatus.CONFERENCE, CaseStatus.FOLLOW_UP),
            CaseStatus.CLOSED: (CaseStatus.CONFERENCE, CaseStatus.FOLLOW_UP,
                                CaseStatus.CLOSED)}.get(status, ())
    for step in path:
        change_status(case, step, case.row_version, "Demo: zo ver is dit traject.",
                      "goals_reached" if step == CaseStatus.CLOSED else "")
        db.session.flush()


MARIELLE_LEADS = [
    ("Bianca Ramdin", "introduction", "Logistiek planner", "Distributiecentrum Westpoort", 128,
     "interview", 6),
    ("Jelle Terpstra", "vacancy", "Planner binnendienst", "Uitzendbureau Werkwijs", 121,
     "asked", 26),
    ("Wouter Postma", "introduction", "Planner", "Bouwmaterialen Noord", 72, "introduced",
     60),
    ("Harm Wijnstra", "vacancy", "Planner", "Vos Logistiek", 80, "closed", 50),
]


def _add_marielle_leads(case: Case, coach: User) -> None:
    if db.session.scalar(select(func.count(Lead.id)).where(Lead.case_id == case.id)):
        return
    people = {p.name: p for p in load_map(case).others}
    for name, *spec in MARIELLE_LEADS:
        person = people.get(name)
        if person is not None:
            _add_lead(case, coach, person, (0, *spec))
