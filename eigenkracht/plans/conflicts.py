"""Two people editing the same plan or action: a stale save never loses either change.

When a save is refused because someone else saved in between, the audit log says what
they changed (each update event carries the ``row_version`` it produced). Field by field:

- they changed it and you did not: their value is put into your form ("taken over");
- you both changed it: your text stays in the form and theirs is shown next to it;
- only you changed it: nothing to say, your text stays.

The form then carries the current row version, so saving again stores the merged result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db

HISTORY_LIMIT = 100


@dataclass
class FieldConflict:
    name: str
    theirs: Any  # the saved value, as the page shows it
    taken_over: bool  # True: their value is now in the form; False: yours is kept


@dataclass
class StaleReport:
    by: str = ""
    at: datetime | None = None
    fields: list[FieldConflict] = field(default_factory=list)


def their_changes(object_type: str, object_id: int, since_version: int
                  ) -> tuple[dict[str, list[Any]], AuditEvent | None]:
    """``{field: [value before, value now]}`` over every update saved after
    ``since_version``, and the last of those events (who and when)."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == object_type,
                                 AuditEvent.object_id == str(object_id),
                                 AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc()).limit(HISTORY_LIMIT))
    later = [e for e in events if _version(e) > since_version]
    merged: dict[str, list[Any]] = {}
    for event in reversed(later):  # oldest first: keep the first "before"
        for name, value in (event.details or {}).items():
            if isinstance(value, list) and len(value) == 2 and name != "row_version":
                merged.setdefault(name, [value[0], value[1]])[1] = value[1]
    return merged, (later[0] if later else None)


def _version(event: AuditEvent) -> int:
    value = (event.details or {}).get("row_version")
    return value if isinstance(value, int) else -1


def reconcile(mine: dict[str, Any], saved: dict[str, Any], theirs: dict[str, list[Any]],
              last: AuditEvent | None) -> tuple[StaleReport, list[str]]:
    """Compare your input (``mine``) with what is saved, knowing what they changed.

    Returns the report and the names of the fields whose saved value should replace what
    is in your form. Fields without a known history are shown when they differ.
    """
    report = StaleReport(by=last.actor_label if last else "", at=last.created_at if last
                         else None)
    take: list[str] = []
    for name, now in saved.items():
        yours = mine.get(name)
        if yours == now:
            continue
        if name in theirs:
            before = theirs[name][0]
            if yours == before:
                take.append(name)
                report.fields.append(FieldConflict(name, now, taken_over=True))
            else:
                report.fields.append(FieldConflict(name, now, taken_over=False))
        elif not theirs:
            report.fields.append(FieldConflict(name, now, taken_over=False))
    return report, take
