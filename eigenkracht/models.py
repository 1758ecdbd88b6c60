"""Import every feature's models so that metadata (and Alembic) sees all tables."""

from eigenkracht.api.models import ApiToken
from eigenkracht.audit.models import AuditChain, AuditEvent
from eigenkracht.auth.models import (
    Organisation,
    RecoveryCode,
    Role,
    SecurityKey,
    TotpFactor,
    User,
    UserSession,
)
from eigenkracht.cases.models import (
    AssignmentRole,
    BottomLine,
    Case,
    CaseAssignment,
    CaseCounter,
    CaseKind,
    CaseStatus,
    Client,
    Referrer,
    StatusChange,
)
from eigenkracht.conference.models import (
    CalendarFeed,
    ChecklistItem,
    Conference,
    ConferenceChange,
    FollowUpCall,
    InformationNote,
    Invitation,
    NoteRevision,
    PhaseMove,
    ReferrerAttendance,
)
from eigenkracht.core.submissions import Submission
from eigenkracht.evaluation.models import EvaluationAnswer, EvaluationReceipt
from eigenkracht.figures.models import KeptFigures
from eigenkracht.family.models import AccessLink
from eigenkracht.jobs.models import ContactLog, Goal, GoalStep, Lead, Placement, PlacementCheck
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.network.models import MapDeparture, NetworkSnapshot, Person, Relationship
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import Action, ActionUpdate, Plan, PlanBottomLine, PlanDecision
from eigenkracht.privacy.models import AccessReport
from eigenkracht.referrers.models import ReferrerLink
from eigenkracht.search.models import SearchEntry
from eigenkracht.sso.models import SsoProvider
from eigenkracht.tasks.models import TaskRun

__all__ = [
    "AccessLink",
    "AccessReport",
    "Action",
    "ActionUpdate",
    "ApiToken",
    "AssignmentRole",
    "AuditChain",
    "AuditEvent",
    "BottomLine",
    "CalendarFeed",
    "Case",
    "CaseAssignment",
    "CaseCounter",
    "CaseKind",
    "CaseStatus",
    "ChecklistItem",
    "Client",
    "Conference",
    "ConferenceChange",
    "EvaluationAnswer",
    "EvaluationReceipt",
    "FollowUpCall",
    "ContactLog",
    "Goal",
    "GoalStep",
    "InformationNote",
    "Lead",
    "MapDeparture",
    "Invitation",
    "NoteRevision",
    "NetworkSnapshot",
    "Organisation",
    "OutboxMessage",
    "Person",
    "PhaseMove",
    "Placement",
    "PlacementCheck",
    "Plan",
    "PlanBottomLine",
    "PlanAlert",
    "PlanDecision",
    "ReferrerAttendance",
    "RecoveryCode",
    "Referrer",
    "ReferrerLink",
    "SearchEntry",
    "Relationship",
    "Role",
    "SecurityKey",
    "SsoProvider",
    "StatusChange",
    "Submission",
    "TaskRun",
    "TotpFactor",
    "User",
    "UserSession",
]
