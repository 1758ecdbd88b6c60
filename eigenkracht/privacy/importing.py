"""Import of a case export ZIP into another organisation (or installation).

Every row gets a new identifier; references between rows are remapped through the
foreign keys of the metadata. References to users (staff of the other organisation) are
cleared; rows that cannot exist without such a user (assignments, who read a plan) are
left out. Secrets (token hashes) are replaced by random ones, so imported links are dead.
The case keeps its reference when it is free in the organisation, else gets the next one.
(The module is not called ``import.py``: that name cannot be imported in Python.)
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, TypeDecorator, insert, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import record
from eigenkracht.auth.models import Organisation
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import next_reference
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.privacy.export import FORMAT

MAX_BYTES = 50 * 1024 * 1024


class ImportRefused(ValueError):
    """The file is not a case export this installation can read."""


def _read(data: bytes) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_BYTES:
            raise ImportRefused("too_large")
        manifest = json.loads(archive.read("manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ImportRefused("format")
        tables = {"cases": [json.loads(archive.read("case.json"))],
                  "audit_events": json.loads(archive.read("audit_events.json"))}
        for name in manifest["tables"]:
            if name not in tables:
                tables[name] = json.loads(archive.read(f"tables/{name}.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise ImportRefused("unreadable") from error
    return manifest, tables


def _value(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


class _Mapper:
    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.ids: dict[str, dict[int, int]] = {}

    def row(self, table: Table, row: dict[str, Any]) -> dict[str, Any] | None:
        """The row for this installation, or None if it cannot exist here."""
        values = {}
        for name, value in row.items():
            if name not in table.c or (name == "id" and table.c[name].primary_key):
                continue
            column = table.c[name]
            value = self._reference(column, value)
            if value is _SKIP:
                return None
            values[name] = _value(table, name, value)
        if "token_hash" in values:
            values["token_hash"] = secrets.token_hex(32)
        return values

    def _reference(self, column, value):
        if value is None or not column.foreign_keys:
            return value
        target = next(iter(column.foreign_keys)).column.table.name
        if target == "organisations":
            return self.organisation.id
        if target == "users":
            return None if column.nullable else _SKIP
        mapped = self.ids.get(target, {}).get(value)
        if mapped is None:
            return None if column.nullable else _SKIP
        return mapped


_SKIP = object()


def _insert(mapper: _Mapper, table: Table, rows: list[dict[str, Any]]) -> None:
    ids = mapper.ids.setdefault(table.name, {})
    has_id = "id" in table.c and table.c.id.primary_key
    for row in sorted(rows, key=lambda r: r.get("id") or 0):
        values = mapper.row(table, row)
        if values is None:
            continue
        if table.name == "network_snapshots":
            values["data"] = _remap_snapshot(values.get("data") or {}, mapper.ids.get("people", {}))
        if has_id:
            new_id = db.session.execute(insert(table).values(**values)
                                        .returning(table.c.id)).scalar_one()
            ids[row["id"]] = new_id
        else:
            db.session.execute(insert(table).values(**values))


def _remap_snapshot(data: dict[str, Any], people: dict[int, int]) -> dict[str, Any]:
    data = dict(data)
    data["people"] = [{**p, "id": people.get(p.get("id"), p.get("id"))}
                      for p in data.get("people", [])]
    data["ties"] = [{**t, "a": people.get(t.get("a"), t.get("a")),
                     "b": people.get(t.get("b"), t.get("b"))} for t in data.get("ties", [])]
    return data


def import_case(data: bytes, organisation: Organisation) -> Case:
    """Create the exported case in ``organisation``; returns the new case."""
    manifest, tables = _read(data)
    mapper = _Mapper(organisation)
    case_row = dict(tables.pop("cases")[0])
    reference = case_row["reference"]
    taken = db.session.scalar(select(Case.id).where(Case.organisation_id == organisation.id,
                                                    Case.reference == reference))
    if taken is not None:
        case_row["reference"] = next_reference(organisation.id, clock.today().year)
    _insert(mapper, Case.__table__, [case_row])
    audit = tables.pop("audit_events")
    for table in db.metadata.sorted_tables:
        if table.name in tables:
            _insert(mapper, table, tables[table.name])
    case = db.session.get(Case, mapper.ids["cases"][case_row["id"]])
    for row in audit:
        values = mapper.row(AuditEvent.__table__, row) or {}
        values.update(case_id=case.id, case_reference=case.reference,
                      organisation_id=organisation.id)
        db.session.execute(insert(AuditEvent.__table__).values(**values))
    record("import", case, case=case, summary=case.reference,
           details={"from": manifest.get("case_reference"), "tables": manifest.get("tables")})
    return case
