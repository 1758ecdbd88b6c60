"""Import every feature's models so that metadata (and Alembic) sees all tables."""

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth.models import Organisation, Role, User
from eigenkracht.conference.models import (
    ChecklistItem,
    Conference,
    InformationNote,
    Invitation,
)
from eigenkracht.plans.models import Action, ActionUpdate, Plan, PlanBottomLine
from eigenkracht.network.models import NetworkSnapshot, Person, Relationship
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
    "Action",
    "ActionUpdate",
    "Plan",
    "PlanBottomLine",
    "AssignmentRole",
    "AuditEvent",
    "BottomLine",
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
    "Organisation",
    "Person",
    "Relationship",
    "Role",
    "User",
]
