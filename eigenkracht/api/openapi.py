"""The OpenAPI 3.1 description, generated from the routes and marshmallow schemas.

Views carry their operation with ``@operation(...)``; ``build_spec`` walks the API's url
rules, turns ``<converter:name>`` into ``{name}`` and asks apispec for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from eigenkracht.api import conference_schemas, schemas, snapshot_schemas
from eigenkracht.core.ids import MAX_ID

PROBLEM = {"application/problem+json": {"schema": schemas.ProblemSchema}}
ERRORS = {
    "401": {"description": "No valid token", "content": PROBLEM},
    "403": {"description": "Not allowed with this token", "content": PROBLEM},
    "404": {"description": "Not found or not visible", "content": PROBLEM},
}

# The schemas named in the description's components, by module.
COMPONENTS = (
    (schemas, ("Problem", "PersonInput", "Links", "ActionUpdate", "Action", "Plan", "Plans",
               "Person", "People", "Tie", "Ties", "Case", "CasePage", "CaseUpdate", "CaseInput",
               "CaseListArgs", "ActionUpdateInput", "PageArgs")),
    (snapshot_schemas, ("SnapshotPerson", "SnapshotTie", "SnapshotSummary", "Snapshot",
                        "SnapshotPage", "SnapshotInput", "CompareArgs", "RingMove",
                        "SectorMove", "SupportChange", "Comparison")),
    (conference_schemas, ("Conference", "ConferencePage", "ConferenceUpdate",
                          "ConferenceInput", "PhaseInput", "Invitation", "InvitationPage",
                          "InvitationInput", "InvitationUpdate")),
)


def operation(summary: str, *, response: str | None, status: int = 200,
              body: str | None = None, query: str | None = None,
              errors: tuple[int, ...] = (), headers: tuple[str, ...] = ()) -> Callable:
    """Describe a view for the OpenAPI document."""

    def decorate(view: Callable) -> Callable:
        responses: dict[str, Any] = dict(ERRORS)
        ok: dict[str, Any] = {"description": summary}
        if response:
            ok["content"] = {"application/json": {"schema": response}}
        if "ETag" in headers:
            ok["headers"] = {"ETag": {"schema": {"type": "string"}}}
        responses[str(status)] = ok
        for code in (*errors, 422) if body or query else errors:
            responses[str(code)] = {"description": str(code), "content": PROBLEM}
        spec: dict[str, Any] = {"summary": summary, "responses": responses,
                                "security": [{"bearer": []}]}
        if body:
            spec["requestBody"] = {"required": True,
                                   "content": {"application/json": {"schema": body}}}
        if query:
            spec["parameters"] = [{"in": "query", "schema": query}]
        if "If-Match" in headers:
            spec.setdefault("parameters", []).append(
                {"in": "header", "name": "If-Match", "required": False,
                 "schema": {"type": "string"},
                 "description": 'The ETag of what you changed, e.g. "3" (428 without it)'})
        view._openapi = spec  # type: ignore[attr-defined]
        return view

    return decorate


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def build_spec(app: Flask) -> dict[str, Any]:
    """The description as a dict; built once per application."""
    cached = app.extensions.get("eigenkracht_openapi")
    if cached is None:
        cached = app.extensions["eigenkracht_openapi"] = _build(app)
    return cached


def _build(app: Flask) -> dict[str, Any]:
    spec = APISpec(title="eigenkracht API", version="1", openapi_version="3.1.0",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Cases, network maps and family plans. "
                                        "See docs/api.md."},
                   servers=[{"url": "/"}])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module, names in COMPONENTS:
        for name in names:
            spec.components.schema(name, schema=getattr(module, name + "Schema"))
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "_openapi", None)
        if meta is None:
            continue
        path = _CONVERTER.sub(r"{\2}", rule.rule)
        parameters = [{"in": "path", "name": name, "required": True,
                       "schema": {"type": "integer" if conv == "int" else "string",
                                  **({"minimum": 0, "maximum": MAX_ID} if conv == "int"
                                     else {})}}
                      for conv, name in _CONVERTER.findall(rule.rule)]
        operations = {}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operations[method.lower()] = {**meta, "operationId": rule.endpoint.split(".")[1],
                                          "parameters": [*parameters,
                                                         *meta.get("parameters", [])]}
        spec.path(path=path, operations=operations)
    return spec.to_dict()
