"""The API's snapshots of the network map: list, read, take one, compare two.

The same services as the snapshot pages (``eigenkracht.network.snapshots``); a snapshot is
always looked up within its case.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for

from eigenkracht.api import snapshot_schemas as schemas
from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp, json_body, load
from eigenkracht.api.map_views import viewed
from eigenkracht.api.openapi import operation
from eigenkracht.api.paging import page_of, page_response
from eigenkracht.api.problems import fail
from eigenkracht.api.schemas import PageArgsSchema
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.network import snapshots as saved
from eigenkracht.network.models import NetworkSnapshot
from eigenkracht.network.services import load_map

SUMMARY, SNAPSHOT = schemas.SnapshotSummarySchema(), schemas.SnapshotSchema()
COMPARISON = schemas.ComparisonSchema()
BASE = "/cases/<reference>/snapshots"

# The keys of a stored person and the type each must have to be given out as it is.
PERSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "name": str, "relation": str, "sector": str, "ring": int, "support": list,
    "support_direction": str, "gender": str, "birth_year": int, "deceased": bool,
    "is_client": bool, "language": str, "contact_frequency": str,
}


def stored_person(person: dict[str, Any]) -> dict[str, Any]:
    """A person of a snapshot as stored; a value of an unexpected type becomes null."""
    result: dict[str, Any] = {"id": person["id"]}
    for key, kind in PERSON_TYPES.items():
        value = person.get(key)
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if ok and kind is list:
            value = [str(v) for v in value]
        result[key] = value if ok else None
    return result


def stored_tie(tie: dict[str, Any]) -> dict[str, Any]:
    quality = tie.get("quality")
    return {"a": tie["a"], "b": tie["b"], "kind": str(tie["kind"]),
            "quality": quality if isinstance(quality, str) else None}


def snapshot_json(snapshot: NetworkSnapshot) -> dict[str, Any]:
    return SNAPSHOT.dump({
        "id": snapshot.id, "label": snapshot.label, "taken_at": snapshot.taken_at,
        "taken_by_id": snapshot.taken_by_id, "automatic": snapshot.automatic,
        "people": [stored_person(p) for p in saved.snapshot_people(snapshot.data)],
        "ties": [stored_tie(t) for t in saved.snapshot_ties(snapshot.data)],
    })


def snapshot_for(case: Case, snapshot_id: int) -> NetworkSnapshot:
    """A snapshot *of this case*, else 404."""
    snapshot = saved.get_snapshot(case, snapshot_id)
    if snapshot is None:
        fail(404)
    return snapshot


@bp.get(BASE)
@operation("The saved maps of a case, newest first", response=schemas.SnapshotPageSchema,
           query=PageArgsSchema)
def list_snapshots(reference: str):
    case = get_case_or_404(reference, api_user())
    args = load(PageArgsSchema(), request.args.to_dict())
    snapshots = saved.list_snapshots(case)
    items = SUMMARY.dump(page_of(snapshots, args), many=True)
    viewed(case, "snapshots")
    return page_response(items, args, len(snapshots), "api.list_snapshots",
                         reference=case.reference)


@bp.get(f"{BASE}/<int:snapshot_id>")
@operation("One saved map, with its people and ties as they were",
           response=schemas.SnapshotSchema)
def read_snapshot(reference: str, snapshot_id: int):
    case = get_case_or_404(reference, api_user())
    snapshot = snapshot_for(case, snapshot_id)
    payload = snapshot_json(snapshot)
    viewed(case, "snapshot")
    return jsonify(payload)


@bp.post(BASE)
@operation("Save the map as it is now, with an optional label",
           response=schemas.SnapshotSchema, status=201, body=schemas.SnapshotInputSchema,
           errors=(415,))
def create_snapshot(reference: str):
    user = api_user()
    case = get_case_or_404(reference, user, for_edit=True)
    values = load(schemas.SnapshotInputSchema(), json_body())
    snapshot = saved.take_snapshot(case, values.get("label", ""), user=user)
    response = jsonify(snapshot_json(snapshot))
    response.status_code = 201
    response.headers["Location"] = url_for("api.read_snapshot", reference=case.reference,
                                           snapshot_id=snapshot.id)
    return response


@bp.get(f"{BASE}/<int:snapshot_id>/compare")
@operation("What changed from this saved map to another one (or to the map as it is now)",
           response=schemas.ComparisonSchema, query=schemas.CompareArgsSchema)
def compare_snapshots(reference: str, snapshot_id: int):
    case = get_case_or_404(reference, api_user())
    older = snapshot_for(case, snapshot_id)
    args = load(schemas.CompareArgsSchema(), request.args.to_dict())
    if args["with_"] == "current":
        newer, newer_data = None, saved.map_data(load_map(case))
    else:
        newer = snapshot_for(case, int(args["with_"]))
        newer_data = newer.data
    payload = comparison_json(saved.compare(older.data, newer_data), older, newer)
    viewed(case, "snapshot comparison")
    return jsonify(payload)


def comparison_json(comparison: saved.Comparison, older: NetworkSnapshot,
                    newer: NetworkSnapshot | None) -> dict[str, Any]:
    def moves(items):
        return [{"person_id": m.person["id"], "name": m.person.get("name"),
                 "before": m.before, "after": m.after} for m in items]

    def sector_moves(items):
        return [{"person_id": m.person["id"], "name": m.person.get("name"),
                 "before": _text(m.before), "after": _text(m.after)} for m in items]

    def support(items):
        return [{"person_id": s.person["id"], "name": s.person.get("name"),
                 "kinds": [str(k) for k in s.kinds]} for s in items]

    return COMPARISON.dump({
        "older": older, "newer": newer,
        "nothing_changed": comparison.nothing_changed,
        "added": [stored_person(p) for p in comparison.added],
        "removed": [stored_person(p) for p in comparison.removed],
        "closer": moves(comparison.closer), "further": moves(comparison.further),
        "sector_changed": sector_moves(comparison.sector_changed),
        "support_gained": support(comparison.support_gained),
        "support_lost": support(comparison.support_lost),
    })


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
