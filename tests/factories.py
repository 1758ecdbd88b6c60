"""factory-boy factories for every model, on the test's database session."""

from __future__ import annotations

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.cases.models import (
    AssignmentRole,
    BottomLine,
    Case,
    CaseAssignment,
    CaseKind,
    CaseStatus,
    Client,
    Referrer,
)
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db

PASSWORD = "zeven gele olifanten dansen op het dak"
# A cheap scrypt cost for fixtures only, so that logging in does not dominate the suite.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Jeugdzorg Organisatie {n}")


class UserFactory(BaseFactory):
    class Meta:
        model = User

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"Medewerker {n}")
    role = Role.COORDINATOR
    locale = "en"
    password_hash = _PASSWORD_HASH


class CaseFactory(BaseFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"EK-2026-{n + 1:04d}")
    kind = CaseKind.YOUTH
    status = CaseStatus.REFERRAL
    client_first_name = factory.Sequence(lambda n: f"Noëlle{n}")
    client_last_name = "de Vries"
    central_question = "Wat is er nodig zodat Noëlle veilig kan opgroeien?"
    concerns = "Zorgen over school."
    last_activity_at = factory.LazyFunction(utcnow)

    class Params:
        client_birth_date = date(2015, 5, 1)  # of the one client the case is made with

    # One client, named as the case (``CaseFactory(clients=None)``: none).
    clients = factory.RelatedFactory(
        "tests.factories.ClientFactory", factory_related_name="case",
        first_name=factory.SelfAttribute("..client_first_name"),
        last_name=factory.SelfAttribute("..client_last_name"),
        birth_date=factory.SelfAttribute("..client_birth_date"))


class ClientFactory(BaseFactory):
    class Meta:
        model = Client

    case = factory.SubFactory(CaseFactory, clients=None)
    position = 0
    first_name = factory.Sequence(lambda n: f"Daan{n}")
    last_name = "de Vries"
    birth_date = date(2017, 8, 1)


class ReferrerFactory(BaseFactory):
    class Meta:
        model = Referrer

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Sanne Bakker {n}")
    organisation = "Jeugdbescherming Regio"
    role = "jeugdbeschermer"
    email = factory.Sequence(lambda n: f"verwijzer{n}@jb.example")
    phone = "010 123 45 67"


class CaseAssignmentFactory(BaseFactory):
    class Meta:
        model = CaseAssignment

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    role = AssignmentRole.COORDINATOR


class BottomLineFactory(BaseFactory):
    class Meta:
        model = BottomLine

    case = factory.SubFactory(CaseFactory)
    text = factory.Sequence(lambda n: f"Voorwaarde {n}")
    position = factory.Sequence(lambda n: n)


class AuditEventFactory(BaseFactory):
    class Meta:
        model = AuditEvent

    action = "view"
    object_type = "case"
    object_id = "1"
    actor_label = "system"
    summary = ""
    created_at = factory.LazyFunction(utcnow)


# --- network map --------------------------------------------------------------------------

from eigenkracht.network.models import (  # noqa: E402
    NetworkSnapshot,
    Person,
    Relationship,
    Sector,
    TieKind,
    TieQuality,
)


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory)
    is_client = False
    name = factory.Sequence(lambda n: f"Riëtte van Dijk {n}")
    relation = "tante"
    sector = Sector.FAMILY
    ring = 2
    support = factory.LazyFunction(list)
    can_help_with = factory.LazyFunction(list)


class RelationshipFactory(BaseFactory):
    class Meta:
        model = Relationship

    person_a = factory.SubFactory(PersonFactory)
    person_b = factory.SubFactory(PersonFactory, case=factory.SelfAttribute("..person_a.case"))
    case_id = factory.SelfAttribute("person_a.case_id")
    kind = TieKind.SIBLING
    quality = TieQuality.ORDINARY


class NetworkSnapshotFactory(BaseFactory):
    class Meta:
        model = NetworkSnapshot

    class Params:
        case = factory.SubFactory(CaseFactory)

    case_id = factory.SelfAttribute("case.id")
    label = factory.Sequence(lambda n: f"Maand {n}")
    taken_at = factory.LazyFunction(utcnow)
    automatic = False
    data = factory.LazyFunction(lambda: {"people": [], "ties": []})


# --- conferences --------------------------------------------------------------------------

from datetime import timedelta  # noqa: E402

from eigenkracht.conference.models import (  # noqa: E402
    ChecklistItem,
    ChecklistKey,
    Conference,
    ConferenceKind,
    InformationNote,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
    VenueKind,
)


def _in_two_weeks():
    moment = utcnow() + timedelta(days=14)
    return moment.replace(hour=13, minute=0, second=0, microsecond=0)


class ConferenceFactory(BaseFactory):
    class Meta:
        model = Conference

    case = factory.SubFactory(CaseFactory)
    case_id = factory.SelfAttribute("case.id")
    kind = ConferenceKind.FIRST
    starts_at = factory.LazyFunction(_in_two_weeks)
    duration_minutes = 180
    venue_kind = VenueKind.ADDRESS
    venue_address = "Buurthuis De Schakel\nMaasboulevard 12, Rotterdam"
    meeting_link = ""
    languages = factory.LazyFunction(lambda: ["nl"])
    phase = Phase.PLANNED


class InvitationFactory(BaseFactory):
    class Meta:
        model = Invitation

    conference = factory.SubFactory(ConferenceFactory)
    person = factory.SubFactory(PersonFactory,
                                case=factory.SelfAttribute("..conference.case"))
    role = InvitationRole.FAMILY
    status = InvitationStatus.TO_INVITE
    participation = Participation.IN_PERSON


class ChecklistItemFactory(BaseFactory):
    class Meta:
        model = ChecklistItem

    conference = factory.SubFactory(ConferenceFactory)
    key = ChecklistKey.MET_CLIENT
    done_at = factory.LazyFunction(utcnow)


class InformationNoteFactory(BaseFactory):
    class Meta:
        model = InformationNote

    class Params:
        invitation = factory.SubFactory(InvitationFactory,
                                        role=InvitationRole.INFORMATION_GIVER)

    conference_id = factory.SelfAttribute("invitation.conference_id")
    invitation_id = factory.SelfAttribute("invitation.id")
    text = "Zorgen over het schoolverzuim van Noëlle."
    created_at = factory.LazyFunction(utcnow)


# --- mail ---------------------------------------------------------------------------------

from eigenkracht.mail.models import OutboxMessage, OutboxStatus  # noqa: E402
from eigenkracht.mail.services import Attachment  # noqa: E402


class OutboxMessageFactory(BaseFactory):
    class Meta:
        model = OutboxMessage

    class Params:
        organisation = factory.SubFactory(OrganisationFactory)

    organisation_id = factory.SelfAttribute("organisation.id")
    to = factory.Sequence(lambda n: f"oma.truus{n}@example.org")
    subject = "Uitnodiging voor de Eigen Kracht-conferentie"
    text_body = "Beste Oma Truus,\n\nU bent uitgenodigd.\n"
    html_body = "<p>Beste Oma Truus,</p><p>U bent uitgenodigd.</p>"
    attachments = factory.LazyFunction(lambda: [Attachment(
        filename="eigen-kracht-conferentie.ics", content_type="text/calendar",
        data=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").as_json()])
    language = "nl"
    status = OutboxStatus.QUEUED
    attempts = 0
    created_at = factory.LazyFunction(utcnow)


# --- job coaches --------------------------------------------------------------------------

from eigenkracht.jobs.models import (  # noqa: E402
    ContactChannel,
    ContactLog,
    ContactOutcome,
    Goal,
    GoalStatus,
    GoalStep,
)


class GoalFactory(BaseFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory, kind=CaseKind.WORK)
    text = factory.Sequence(lambda n: f"Werk vinden als logistiek planner ({n})")
    position = factory.Sequence(lambda n: n)
    status = GoalStatus.OPEN


class GoalStepFactory(BaseFactory):
    class Meta:
        model = GoalStep

    goal = factory.SubFactory(GoalFactory)
    text = factory.Sequence(lambda n: f"Stap {n}: cv laten lezen door Sanne")
    position = factory.Sequence(lambda n: n)


class ContactLogFactory(BaseFactory):
    """A contact with someone on the map of a work case: pass ``case``, and a ``person``
    of that case (one is made on its map when left out)."""

    class Meta:
        model = ContactLog

    case = factory.SubFactory(CaseFactory, kind=CaseKind.WORK)
    person = factory.SubFactory(PersonFactory, case=factory.SelfAttribute("..case"))
    person_name = factory.SelfAttribute("person.name")
    contacted_on = factory.LazyFunction(lambda: utcnow().date())
    channel = ContactChannel.PHONE
    asked = "Weet je vacatures voor planners?"
    outcome = ContactOutcome.TIP
    note = ""


# --- plans --------------------------------------------------------------------------------

from eigenkracht.plans.models import (  # noqa: E402
    Action,
    ActionStatus,
    ActionUpdate,
    Plan,
    PlanBottomLine,
    PlanStatus,
)


class PlanFactory(BaseFactory):
    """A draft plan (version 1) of a case, its sections filled in; no bottom lines or
    actions unless given (``PlanBottomLineFactory``, ``ActionFactory``)."""

    class Meta:
        model = Plan

    case = factory.SubFactory(CaseFactory)
    conference = None
    version = 1
    status = PlanStatus.DRAFT
    central_question = factory.SelfAttribute("case.central_question")
    going_well = "Oma komt elke week langs; Noëlle zit graag op turnen."
    concerns = factory.SelfAttribute("case.concerns")
    agreements = ""
    contingency = "Als het niet lukt, belt oma de coördinator en komt het netwerk samen."
    childs_view = "Ik wil dat mama weer blij is."
    recipients = "Moeder, oma, de verwijzer"
    evaluation_date = None


class PlanBottomLineFactory(BaseFactory):
    class Meta:
        model = PlanBottomLine

    plan = factory.SubFactory(PlanFactory)
    bottom_line = None
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Voorwaarde {n}")
    how_met = "Oma brengt Noëlle naar school als mama dat niet kan."


class ActionFactory(BaseFactory):
    """An open action of a plan; give ``people`` (persons of the plan's case)."""

    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    what = factory.Sequence(lambda n: f"Oma brengt Noëlle op dinsdag naar school ({n})")
    when_date = None
    when_text = "elke dinsdag"
    support_needed = ""
    serves_concern = ""
    status = ActionStatus.OPEN
    people = factory.LazyFunction(list)


class ActionUpdateFactory(BaseFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author_label = "Sjoerd Coördinator"
    note = "Het ging goed deze week."
    status_from = None
    status_to = None
    created_at = factory.LazyFunction(utcnow)


from eigenkracht.api.models import ApiToken  # noqa: E402  (appended with the API)
from eigenkracht.api.services import hash_token  # noqa: E402


class ApiTokenFactory(BaseFactory):
    """An API token of a user; its secret is ``"ek_test_" + name`` (hashed as in the app)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(f"ek_test_{o.name}"))
    read_only = False


# --- personal links (family page) -------------------------------------------------------------

from datetime import timedelta as _timedelta  # noqa: E402

from eigenkracht.family.models import AccessLink  # noqa: E402
from eigenkracht.family.services import hash_token as _hash_link_token  # noqa: E402


class AccessLinkFactory(BaseFactory):
    """A working personal link; its raw token is ``token`` (give one to open the page)."""

    class Meta:
        model = AccessLink

    class Params:
        token = factory.Sequence(lambda n: f"test-link-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")

    person = factory.SubFactory(PersonFactory)
    case = factory.SelfAttribute("person.case")
    token_hash = factory.LazyAttribute(lambda o: _hash_link_token(o.token))
    code_hash = ""
    scope = "plan"
    expires_at = factory.LazyFunction(lambda: utcnow() + _timedelta(days=30))
    revoked_at = None
    last_used_at = None
    created_by = None


# --- the referrer's personal link -----------------------------------------------------------

from eigenkracht.referrers.models import ReferrerLink  # noqa: E402


def _hash_referrer_token(token: str) -> str:
    from eigenkracht.referrers.services import hash_token

    return hash_token(token)


class ReferrerLinkFactory(BaseFactory):
    """A working referrer's link; its raw token is ``token``."""

    class Meta:
        model = ReferrerLink

    class Params:
        token = factory.Sequence(lambda n: f"test-referrer-token-{n:04d}-abcdefghijklmnopqrstu")

    referrer = factory.SubFactory(ReferrerFactory)
    case = factory.SelfAttribute("referrer.case")
    token_hash = factory.LazyAttribute(lambda o: _hash_referrer_token(o.token))
    code_hash = ""
    code_attempts = 0
    expires_at = factory.LazyFunction(lambda: utcnow() + _timedelta(days=30))
