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
    client_birth_date = date(2015, 5, 1)
    central_question = "Wat is er nodig zodat Noëlle veilig kan opgroeien?"
    concerns = "Zorgen over school."
    last_activity_at = factory.LazyFunction(utcnow)


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
