"""Import every feature's models so that metadata (and Alembic) sees all tables."""

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.conference.models import (
    CalendarFeed,
    ChecklistItem,
    Conference,
    InformationNote,
    Invitation,
)
from eigenkracht.plans.models import Action, ActionUpdate, Plan, PlanBottomLine
from eigenkracht.network.models import NetworkSnapshot, Person, Relationship
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.jobs.models import ContactLog, Goal, GoalStep
from eigenkracht.cases.models import (
    AssignmentRole,
    BottomLine,
    Case,
    CaseAssignment,
    CaseCounter,
    CaseKind,
    CaseStatus,
)

__all__ = [
    "ContactLog",
    "Goal",
    "GoalStep",
    "Action",
    "ActionUpdate",
    "Plan",
    "PlanBottomLine",
    "AssignmentRole",
    "AuditEvent",
    "BottomLine",
    "CalendarFeed",
    "Case",
    "CaseAssignment",
    "CaseCounter",
    "CaseKind",
    "CaseStatus",
    "ChecklistItem",
    "Conference",
    "InformationNote",
    "Invitation",
    "NetworkSnapshot",
    "OutboxMessage",
    "Organisation",
    "Person",
    "Relationship",
    "Role",
    "User",
]

from eigenkracht.family.models import AccessLink  # noqa: E402

__all__ += ["AccessLink"]

from eigenkracht.api.models import ApiToken  # noqa: E402

__all__ += ["ApiToken"]
