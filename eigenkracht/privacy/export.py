"""Export of one whole case as a ZIP of JSON files (AVG/GDPR articles 15 and 20).

The layout is documented in docs/data-export.md: ``manifest.json``, ``case.json``, one
``tables/<table>.json`` per table with rows of the case (every record under it, found from
the metadata by ``CaseScope``), ``audit_events.json`` and, when the PDF service is there,
``plans/plan-v<N>.pdf`` for every plan version.
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import record
from eigenkracht.cases.models import Case
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.privacy.scope import CaseScope

FORMAT = "eigenkracht-case-export"
FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(table, where) -> list[dict[str, Any]]:
    keys = list(table.primary_key.columns) or list(table.c)
    result = db.session.execute(select(table).where(where).order_by(*keys)).mappings()
    return [{name: plain(value) for name, value in row.items()} for row in result]


def case_tables(case: Case) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table that belongs to ``case``, by table name."""
    tables = {"cases": _rows(Case.__table__, Case.__table__.c.id == case.id)}
    for table, where in CaseScope.of(case.id).tables():
        tables[table.name] = _rows(table, where)
    tables["audit_events"] = _rows(AuditEvent.__table__, AuditEvent.__table__.c.case_id == case.id)
    return tables


def _plan_pdfs(case: Case) -> dict[str, bytes]:
    try:
        from eigenkracht.plans.printed import render_plan
    except ImportError:
        return {}
    from eigenkracht.plans.services import plans_of

    return {f"plans/plan-v{plan.version}.pdf": render_plan(case, plan, "nl")
            for plan in plans_of(case)}


def export_case(case: Case, *, with_pdf: bool = True) -> bytes:
    """The ZIP of ``case``; records an ``export`` audit event."""
    tables = case_tables(case)
    manifest = {"format": FORMAT, "version": FORMAT_VERSION,
                "exported_at": utcnow().isoformat(), "case_reference": case.reference,
                "tables": {name: len(rows) for name, rows in tables.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        archive.writestr("case.json", _json(tables.pop("cases")[0]))
        archive.writestr("audit_events.json", _json(tables.pop("audit_events")))
        for name, rows in tables.items():
            archive.writestr(f"tables/{name}.json", _json(rows))
        if with_pdf:
            for path, pdf in _plan_pdfs(case).items():
                archive.writestr(path, pdf)
    record("export", case, case=case, summary=case.reference,
           details={"tables": manifest["tables"]})
    return buffer.getvalue()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
