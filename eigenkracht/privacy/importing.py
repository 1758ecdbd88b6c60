"""Import of a case export ZIP into another organisation (or installation).

The ZIP is read within fixed bounds (``import_archive``) and every table is checked against
its schema (``import_schema``): only the tables of one case are imported, every value is
checked, every reference must point at a row of the same export, staff references are
dropped, unknown tables and columns are refused. Every row gets a new identifier; references
are remapped. Secrets (token hashes) are replaced by random ones, so imported links are dead.
The audit log of the file is not imported: the import writes one ``import`` event, by the
importer, through the audit service.

The case keeps its reference when it has the app's form (``EK-YYYY-NNNN``, upper case, a year
from 2000 to next year) and is free in the organisation; otherwise it gets the next reference
from the organisation's counter, so a reference that could not be opened is never stored.

A refusal raises ``ImportRefused`` (its ``message`` says what is wrong) and leaves nothing
behind: the rows are written in a savepoint that is rolled back, and the page answers 422,
after which the request kernel rolls back the rest.
(The module is not called ``import.py``: that name cannot be imported in Python.)
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError

from eigenkracht.audit.services import record
from eigenkracht.auth.models import Organisation
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import next_reference
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.privacy.export import FORMAT, FORMAT_VERSION
from eigenkracht.privacy.import_archive import MAX_BYTES, Archive, ImportRefused
from eigenkracht.privacy.import_schema import (
    CASE,
    CASE_RULE,
    IMPORTED,
    LEFT_OUT,
    MAX_ROWS,
    ORGANISATION,
    STAFF,
    Checked,
    Rule,
    check_table,
    target,
)
from eigenkracht.search.index import reindex_case

__all__ = ["MAX_BYTES", "ImportRefused", "import_case", "reference_for"]

REFERENCE = re.compile(r"EK-([0-9]{4})-([0-9]{4,6})")
FIRST_REFERENCE_YEAR = 2000


def import_case(data: bytes, organisation: Organisation) -> Case:
    """Create the exported case in ``organisation``; returns the new case.

    Raises ``ImportRefused`` for a file that is not a case export this installation imports.
    """
    archive = Archive(data)
    counts = _manifest(archive)
    case_row = archive.json("case.json")
    if not isinstance(case_row, dict):
        raise ImportRefused("not_case")
    case_row, extra = _one_client_to_clients(case_row, counts)
    checked = check_table(Case.__table__, CASE_RULE, [case_row], {})
    case_id, case_values = checked.rows[0]
    try:
        with db.session.begin_nested():
            return _write(archive, counts, organisation, case_id, case_values,
                          case_row.get("reference"), extra)
    except (IntegrityError, DataError) as error:  # what the checks did not foresee
        raise ImportRefused("conflict") from error


def _manifest(archive: Archive) -> dict[str, int]:
    """The manifest's row count per table; every table named in it or in the ZIP is known."""
    manifest = archive.json("manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ImportRefused("manifest")
    version = manifest.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRefused("version", version=version, supported=FORMAT_VERSION)
    counts = _counts(manifest.get("tables"))
    for member in archive.names():
        if member.startswith("tables/"):
            name = member.removeprefix("tables/").removesuffix(".json")
            if (name not in counts or name in (CASE, "audit_events")
                    or member != f"tables/{name}.json"):
                raise ImportRefused("unknown_table", table=name)
    return counts


def _counts(counts: Any) -> dict[str, int]:
    if not isinstance(counts, dict):
        raise ImportRefused("manifest")
    for name, count in counts.items():
        if name != CASE and name not in IMPORTED and name not in LEFT_OUT:
            raise ImportRefused("unknown_table", table=name)
        if type(count) is not int or count < 0:
            raise ImportRefused("manifest")
        if count > MAX_ROWS:
            raise ImportRefused("too_many_rows", table=name, limit=MAX_ROWS)
    if counts.get(CASE, 1) != 1:
        raise ImportRefused("count_mismatch", table=CASE, expected=counts[CASE], count=1)
    return counts


# What a case row held of its one client before a case had several (migration 0018).
OLD_CLIENT_COLUMNS = {"client_birth_date": "birth_date", "consent_client_on": "consent_client_on",
                      "consent_parents_on": "consent_parents_on",
                      "consent_parents_names": "consent_parents_names"}


def _one_client_to_clients(case_row: dict[str, Any], counts: dict[str, int]
                           ) -> tuple[dict[str, Any], dict[str, list]]:
    """An export made before a case had several clients keeps its one client in the case
    row: that client becomes the case's only row of ``clients`` (checked like any other)."""
    if "clients" in counts or not any(name in case_row for name in OLD_CLIENT_COLUMNS):
        return case_row, {}  # today's form (old columns beside it are unknown: refused)
    row = dict(case_row)
    client = {new: row.pop(old) for old, new in OLD_CLIENT_COLUMNS.items() if old in row}
    row.setdefault("closed_reason", "")  # a column of the same change
    counts["clients"] = 1
    client.update(id=1, case_id=row.get("id"), position=0,
                  first_name=row.get("client_first_name"),
                  last_name=row.get("client_last_name", ""), birth_year=None,
                  created_at=row.get("created_at"), row_version=1)
    client.setdefault("consent_parents_names", "")
    return row, {"clients": [client]}


def _write(archive: Archive, counts: dict[str, int], organisation: Organisation,
           case_id: int, case_values: dict[str, Any], reference: Any,
           extra: dict[str, list] | None = None) -> Case:
    case = _insert_case(case_values, reference, organisation)
    ids: dict[str, dict[int, int]] = {CASE: {case_id: case.id}}
    known: dict[str, set[int]] = {CASE: {case_id}}
    imported: dict[str, int] = {}
    strangers: dict[int, int] = {}
    # Saved maps name people by id: they come after the people, whatever the metadata says.
    tables = sorted(db.metadata.sorted_tables, key=lambda t: t.name == "network_snapshots")
    for table in tables:
        rule = IMPORTED.get(table.name)
        if rule is None or table.name not in counts:
            continue
        rows = (extra or {}).get(table.name) or archive.json(f"tables/{table.name}.json")
        if isinstance(rows, list) and len(rows) != counts[table.name]:
            raise ImportRefused("count_mismatch", table=table.name,
                                expected=counts[table.name], count=len(rows))
        checked = check_table(table, rule, rows, known, case_id)
        del rows
        _insert(checked, rule, ids, strangers)
        known[table.name] = {own for own, _ in checked.rows if own is not None}
        imported[table.name] = len(checked.rows)
    reindex_case(case.id)  # the rows went in as tables: the search index follows here
    origin = reference if isinstance(reference, str) and _canonical(reference) else None
    record("import", case, case=case, summary=case.reference,
           details={"from": origin, "tables": imported})
    return case


def reference_for(reference: Any, organisation: Organisation) -> str:
    """``reference`` when it has the app's form and is free here, else the next one."""
    if isinstance(reference, str) and _canonical(reference):
        taken = db.session.scalar(select(Case.id).where(
            Case.organisation_id == organisation.id, Case.reference == reference))
        if taken is None:
            return reference
    return next_reference(organisation.id, clock.today().year)


def _canonical(reference: str) -> bool:
    """``EK-YYYY-NNNN`` exactly as ``next_reference`` writes it."""
    match = REFERENCE.fullmatch(reference)
    if match is None:
        return False
    year, number = int(match[1]), int(match[2])
    return (FIRST_REFERENCE_YEAR <= year <= clock.today().year + 1 and number >= 1
            and match[2] == f"{number:04d}")


def _insert_case(values: dict[str, Any], reference: Any, organisation: Organisation) -> Case:
    table = Case.__table__
    values = {**values, "organisation_id": organisation.id, "created_by_id": None,
              "reference": reference_for(reference, organisation)}
    new_id = db.session.execute(insert(table).values(**values)
                                .returning(table.c.id)).scalar_one()
    return db.session.get(Case, new_id)


def _insert(checked: Checked, rule: Rule, ids: dict[str, dict[int, int]],
            strangers: dict[int, int]) -> None:
    """Write the rows of one table with new identifiers; record the new ids in ``ids``."""
    table = checked.table
    if not checked.rows:
        ids[table.name] = {}
        return
    earlier = [c.name for c in table.c if target(c) == table.name]
    rows = [_mapped(table, rule, values, ids, strangers) for _, values in checked.rows]
    if "id" not in table.c or not table.c.id.primary_key:
        db.session.execute(insert(table), rows)
        return
    new_ids = db.session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
    mapping = ids[table.name] = {own: new for (own, _), new in zip(checked.rows, new_ids,
                                                                      strict=True)}
    kept = [c.name for c in table.c if c.onupdate is not None]  # stamps stay as exported
    for name in earlier:  # a plan's previous version, an action's origin: written afterwards
        links = [{"row": mapping[own], "to": mapping[values[name]],
                  **{f"kept_{k}": values[k] for k in kept}}
                 for own, values in checked.rows if values[name] is not None]
        if links:
            db.session.execute(
                update(table).where(table.c.id == bindparam("row"))
                .values({name: bindparam("to"), **{k: bindparam(f"kept_{k}") for k in kept}}),
                links)


def _mapped(table, rule: Rule, values: dict[str, Any], ids: dict[str, dict[int, int]],
            strangers: dict[int, int]) -> dict[str, Any]:
    row = {}
    for name, value in values.items():
        pointed = target(table.c[name])
        if pointed == table.name or pointed in (STAFF, ORGANISATION):
            value = None
        elif pointed is not None and value is not None:
            value = ids[pointed][value]
        if name in rule.secrets and value is not None:
            value = secrets.token_hex(32)
        row[name] = value
    if table.name == "network_snapshots":
        row["data"] = _remap_snapshot(row["data"], ids.get("people", {}), strangers)
    return row


def _remap_snapshot(data: dict[str, Any], people: dict[int, int],
                    strangers: dict[int, int]) -> dict[str, Any]:
    """The saved map with the new ids of its people; people no longer on the map (deleted
    before the export) get negative ids, the same in every saved map, so that they can never
    be taken for a person of this installation."""

    def new(old: int) -> int:
        if old in people:
            return people[old]
        return strangers.setdefault(old, -1 - len(strangers))

    return {"people": [{**p, "id": new(p["id"])} for p in data["people"]],
            "ties": [{**t, "a": new(t["a"]), "b": new(t["b"])} for t in data["ties"]]}
