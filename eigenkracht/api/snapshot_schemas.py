"""What the API reads and writes about snapshots of the network map.

A snapshot's people and ties are given *as stored* (the snapshot format of
``eigenkracht.network.snapshots``): choices are plain strings, because an old snapshot may
hold a value the map no longer offers.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from eigenkracht.api.schemas import LinksSchema, StrictSchema, _no_nul
from eigenkracht.network.snapshots import MAX_LABEL


class SnapshotPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True)
    relation = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)
    ring = fields.Integer(allow_none=True)
    support = fields.List(fields.String(), allow_none=True)
    support_direction = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    birth_year = fields.Integer(allow_none=True)
    deceased = fields.Boolean(allow_none=True)
    is_client = fields.Boolean(allow_none=True)
    language = fields.String(allow_none=True)
    contact_frequency = fields.String(allow_none=True)


class SnapshotTieSchema(Schema):
    a = fields.Integer(required=True, metadata={"description": "person id"})
    b = fields.Integer(required=True, metadata={"description": "person id"})
    kind = fields.String(required=True)
    quality = fields.String(allow_none=True)


class SnapshotSummarySchema(Schema):
    id = fields.Integer(required=True)
    label = fields.String(required=True)
    taken_at = fields.DateTime(required=True)
    taken_by_id = fields.Integer(allow_none=True, required=True)
    automatic = fields.Boolean(required=True)


class SnapshotSchema(SnapshotSummarySchema):
    people = fields.List(fields.Nested(SnapshotPersonSchema), required=True)
    ties = fields.List(fields.Nested(SnapshotTieSchema), required=True)


class SnapshotPageSchema(Schema):
    items = fields.List(fields.Nested(SnapshotSummarySchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    links = fields.Nested(LinksSchema, required=True)


class SnapshotInputSchema(StrictSchema):
    """Save the map as it is now, with an optional label."""

    label = fields.String(validate=[validate.Length(max=MAX_LABEL), _no_nul])


class CompareArgsSchema(StrictSchema):
    with_ = fields.String(data_key="with", load_default="current",
                          validate=validate.Regexp(r"^(current|[0-9]{1,10})$"),
                          metadata={"description": 'a snapshot id of the same case, or '
                                                   '"current" (the map as it is now)'})


class RingMoveSchema(Schema):
    person_id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    before = fields.Integer(allow_none=True, required=True)
    after = fields.Integer(allow_none=True, required=True)


class SectorMoveSchema(Schema):
    person_id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    before = fields.String(allow_none=True, required=True)
    after = fields.String(allow_none=True, required=True)


class SupportChangeSchema(Schema):
    person_id = fields.Integer(required=True)
    name = fields.String(allow_none=True, required=True)
    kinds = fields.List(fields.String(), required=True)


class ComparisonSchema(Schema):
    """From ``older`` to ``newer`` (``newer`` is null for the map as it is now)."""

    older = fields.Nested(SnapshotSummarySchema, required=True)
    newer = fields.Nested(SnapshotSummarySchema, allow_none=True, required=True)
    nothing_changed = fields.Boolean(required=True)
    added = fields.List(fields.Nested(SnapshotPersonSchema), required=True)
    removed = fields.List(fields.Nested(SnapshotPersonSchema), required=True)
    closer = fields.List(fields.Nested(RingMoveSchema), required=True)
    further = fields.List(fields.Nested(RingMoveSchema), required=True)
    sector_changed = fields.List(fields.Nested(SectorMoveSchema), required=True)
    support_gained = fields.List(fields.Nested(SupportChangeSchema), required=True)
    support_lost = fields.List(fields.Nested(SupportChangeSchema), required=True)
