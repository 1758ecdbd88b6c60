"""Which rows of which tables belong to one case, found from the table metadata.

A table belongs to a case through ``case_id``, or through a parent that does (a plan, an
action, a conference, an invitation, an information note, a goal); a table with both,
through either. Tables added later by other features are covered as long as they hang off
one of these; the audit log is handled on its own, the search index is made again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table, or_, select
from sqlalchemy.sql.elements import ColumnElement

from eigenkracht.audit.models import AuditEvent
from eigenkracht.conference.models import Conference, InformationNote, Invitation
from eigenkracht.extensions import db
from eigenkracht.jobs.models import Goal
from eigenkracht.plans.models import Action, Plan
from eigenkracht.search.models import SearchEntry

# The search index is made from the case's rows (``search.index``): never exported or
# imported, and gone with its case or person (``ON DELETE CASCADE``).
SKIPPED = {AuditEvent.__tablename__, "cases", SearchEntry.__tablename__}


@dataclass
class CaseScope:
    case_id: int
    parents: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, case_id: int) -> CaseScope:
        plans = set(db.session.scalars(select(Plan.id).where(Plan.case_id == case_id)))
        conferences = set(db.session.scalars(
            select(Conference.id).where(Conference.case_id == case_id)))
        return cls(case_id, {
            "plan_id": plans,
            "action_id": set(db.session.scalars(
                select(Action.id).where(Action.plan_id.in_(plans)))) if plans else set(),
            "conference_id": conferences,
            "invitation_id": set(db.session.scalars(
                select(Invitation.id).where(Invitation.conference_id.in_(conferences))))
            if conferences else set(),
            # a note's earlier words (its corrections)
            "note_id": set(db.session.scalars(select(InformationNote.id).where(
                InformationNote.conference_id.in_(conferences)))) if conferences else set(),
            "goal_id": set(db.session.scalars(select(Goal.id).where(Goal.case_id == case_id))),
        })

    def where(self, table: Table) -> ColumnElement[bool] | None:
        """The rows of ``table`` that belong to the case, or None if it has none."""
        if table.name in SKIPPED:
            return None
        ways = [table.c.case_id == self.case_id] if "case_id" in table.c else []
        for name, ids in self.parents.items():
            if name in table.c:
                ways.append(table.c[name].in_(ids or {-1}))
                if "case_id" not in table.c:
                    break  # the first parent says it (a plan's actions are the plan's)
        # A row whose ``case_id`` may be empty (an outbox message queued before messages
        # were tagged) still belongs to the case through its parent.
        return or_(*ways) if len(ways) > 1 else (ways[0] if ways else None)

    def tables(self) -> list[tuple[Table, ColumnElement[bool]]]:
        result = []
        for table in db.metadata.sorted_tables:
            where = self.where(table)
            if where is not None:
                result.append((table, where))
        return result
