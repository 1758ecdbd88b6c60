"""Demo data: one organisation, four users and a few realistic cases. Safe to run again.

Other features add their part (maps, a jobseeker's history, a plan, conferences): ``create_app``
registers these parts, in a fixed order, as ``app.extensions[DEMO_PARTS]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select

from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.auth.passwords import generate_password, hash_password, verify_password
from eigenkracht.cases.clients import ClientData
from eigenkracht.cases.models import Case, CaseKind, CaseStatus
from eigenkracht.cases.services import CaseData, ReferrerData, create_case
from eigenkracht.cases.status import change_status
from eigenkracht.extensions import db

DEMO_SLUG = "demo"
DEMO_USERS = [
    ("admin@demo.example", "Anouk van den Bergh", Role.ADMIN, "nl"),
    ("coordinator@demo.example", "Sjoerd Tjeerdsma", Role.COORDINATOR, "nl"),
    ("jobcoach@demo.example", "Fleur Hoekstra", Role.JOBCOACH, "nl"),
    ("referrer@demo.example", "Hélène Brouwer", Role.REFERRER, "nl"),
    ("privacy@demo.example", "Priya Verhoef", Role.PRIVACY_OFFICER, "nl"),
    ("manager@demo.example", "Mirjam de Graaf", Role.MANAGER, "nl"),
]

# Other features' parts: each gets (organisation, cases by client first name).
DemoPart = Callable[[Organisation, dict[str, Case]], None]
DEMO_PARTS = "demo.parts"


@dataclass
class DemoResult:
    emails: list[str] = field(default_factory=list)
    password_shown: str | None = None


def _demo_password() -> tuple[str, bool]:
    """The demo password: from the environment, else generated once and kept in instance/."""
    configured = current_app.config.get("DEMO_PASSWORD") or os.environ.get(
        "EIGENKRACHT_DEMO_PASSWORD", "")
    if configured:
        return configured, False
    path = os.path.join(current_app.instance_path, "demo-password.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return fh.read().strip(), True
    password = generate_password()
    os.makedirs(current_app.instance_path, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password)
    return password, True


def load_demo(parts: Iterable[DemoPart] | None = None) -> DemoResult:
    """Load the demo; ``parts`` are the features' parts (default: those ``create_app``
    registered), run in their order after the organisation, users and cases."""
    if parts is None:
        parts = current_app.extensions.get(DEMO_PARTS, ())
    password, show = _demo_password()
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG))
    if organisation is None:
        organisation = Organisation(slug=DEMO_SLUG, name="Eigen Kracht Demo Rijnmond")
        db.session.add(organisation)
        db.session.flush()
    if organisation.second_factor_roles is None:
        # The demo logs in with the password alone (``make run`` stays two commands); its
        # administrator can ask for a second factor on the admin page "Second factor".
        organisation.second_factor_roles = ""
    users = {}
    for email, name, role, locale in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(organisation=organisation, email=email, name=name, role=role,
                        locale=locale, password_hash=hash_password(password))
            db.session.add(user)
        elif not verify_password(user.password_hash, password):
            user.password_hash = hash_password(password)
        users[role] = user
    db.session.flush()
    cases = _demo_cases(organisation, users)
    for part in parts:
        part(organisation, cases)
    return DemoResult(emails=[u[0] for u in DEMO_USERS], password_shown=password if show else None)


def _demo_cases(organisation: Organisation, users: dict[Role, User]) -> dict[str, Case]:
    """The demo's cases, by their first client's first name (as the other parts ask)."""
    existing = {c.clients[0].first_name: c for c in db.session.scalars(
        select(Case).where(Case.organisation_id == organisation.id)) if c.clients}
    coordinator, jobcoach, referrer = users[Role.COORDINATOR], users[Role.JOBCOACH], \
        users[Role.REFERRER]
    specs = [
        # A family: two children, and a referrer from a youth-protection agency without an
        # account here (a personal link: docs/referrers.md).
        CaseData(
            kind=CaseKind.YOUTH,
            clients=[ClientData(first_name="Noëlle", last_name="Jansen",
                                birth_date=date(2017, 4, 12),
                                consent_parents_on=date(2026, 9, 14),
                                consent_parents_names="Chloë Jansen"),
                     ClientData(first_name="Daniël", last_name="Jansen", birth_year=2022,
                                consent_parents_on=date(2026, 9, 14),
                                consent_parents_names="Chloë Jansen")],
            central_question="Wat is er nodig zodat Noëlle en haar broertje Daniël veilig "
                             "thuis kunnen opgroeien?",
            concerns="Moeder (Chloë) is sinds de scheiding vaak somber en komt 's ochtends "
                     "moeilijk op gang. Noëlle komt regelmatig te laat of zonder ontbijt op "
                     "school. Daniël (4) gaat niet naar de peuteropvang.",
            referrer=ReferrerData(name="Sanne Bakker", organisation="Jeugdbescherming Rotterdam",
                                  role="Jeugdbeschermer", email="s.bakker@jbr.example",
                                  phone="010 123 45 67"),
            staff_ids=[coordinator.id],
            bottom_lines=["Noëlle gaat elke schooldag op tijd naar school.",
                          "Er is elke dag een volwassene die voor de kinderen zorgt als "
                          "moeder dat niet kan.",
                          "Moeder houdt haar afspraken bij de huisarts en de POH-GGZ."]),
        CaseData(
            kind=CaseKind.YOUTH,
            clients=[ClientData(first_name="Emre", last_name="Yılmaz",
                                birth_date=date(2012, 10, 3),
                                consent_client_on=date(2026, 10, 1),
                                consent_parents_on=date(2026, 10, 1),
                                consent_parents_names="Ayşe en Mehmet Yılmaz")],
            central_question="Hoe zorgen we er samen voor dat Emre weer naar school gaat en "
                             "thuis rust vindt?",
            concerns="Emre verzuimt sinds maart veel. Vader werkt in ploegendienst; de "
                     "grootouders in Rotterdam-Zuid spreken vooral Turks.",
            staff_ids=[coordinator.id], referrer_ids=[referrer.id],
            bottom_lines=["Emre is minstens vier dagen per week op school.",
                          "Er is geen geweld in huis."]),
        CaseData(
            kind=CaseKind.YOUTH,
            clients=[ClientData(first_name="Yasmina", last_name="El Amrani",
                                birth_date=date(2009, 6, 21),
                                consent_client_on=date(2026, 11, 2))],
            central_question="Wat heeft Yasmina nodig om na haar achttiende zelfstandig te "
                             "wonen, met haar familie om zich heen?",
            concerns="Yasmina woont in een gezinshuis. Haar tantes en oma spreken Arabisch en "
                     "willen graag helpen, maar het contact met moeder is gespannen.",
            staff_ids=[coordinator.id], referrer_ids=[referrer.id],
            bottom_lines=["Yasmina heeft een vaste plek om te slapen."]),
        CaseData(
            kind=CaseKind.WORK,
            clients=[ClientData(first_name="Mariëlle", last_name="Dijkstra",
                                birth_date=date(1982, 1, 30),
                                consent_client_on=date(2026, 6, 1))],
            central_question="Wie in Mariëlles netwerk kan helpen om binnen een half jaar "
                             "werk als logistiek planner te vinden?",
            concerns="Twee jaar zonder werk na een reorganisatie; weinig zelfvertrouwen bij "
                     "sollicitaties.",
            staff_ids=[jobcoach.id]),
    ]
    for spec in specs:
        first = spec.clients[0].first_name
        if first in existing:
            continue
        creator = jobcoach if spec.kind == CaseKind.WORK else coordinator
        case = create_case(spec, creator)
        existing[first] = case
        if first in ("Noëlle", "Emre", "Mariëlle"):
            change_status(case, CaseStatus.PREPARATION, case.row_version,
                          "Toestemming is rond; de coördinator begint met de voorbereiding.")
            db.session.flush()
    return existing
