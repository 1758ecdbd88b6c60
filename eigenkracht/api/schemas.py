"""What the API reads and writes, as marshmallow schemas (also the source of the OpenAPI)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from eigenkracht.cases.models import CaseKind, CaseStatus
from eigenkracht.core.ids import MAX_ID
from eigenkracht.network.models import Sector, TieKind, TieQuality
from eigenkracht.plans.models import ActionStatus, PlanStatus


def _no_nul(value: str) -> bool:
    """Text with a NUL character cannot be stored (PostgreSQL refuses it)."""
    if "\x00" in value:
        raise ValidationError("Text may not contain NUL characters.")
    return True


def _not_blank(value: str) -> bool:
    if not value.strip():
        raise ValidationError("This may not be empty.")
    return True


NAME = [validate.Length(min=1, max=100), _no_nul, _not_blank]
SHORT = [validate.Length(max=100), _no_nul]
TEXT = [validate.Length(max=10000), _no_nul]


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class LinksSchema(Schema):
    self = fields.String(required=True)
    first = fields.String()
    last = fields.String()
    next = fields.String()
    prev = fields.String()


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    # A person added under a name like someone's on the map (409): who that may be.
    candidates = fields.List(fields.Nested(lambda: CandidateSchema()))


class CandidateSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ClientSchema(Schema):
    id = fields.Integer(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(allow_none=True, required=True)
    birth_year = fields.Integer(allow_none=True, required=True, attribute="year_of_birth",
                                metadata={"description": "from birth_date when it is known"})
    consent_client_on = fields.Date(allow_none=True, required=True)
    consent_parents_on = fields.Date(allow_none=True, required=True)
    consent_parents_names = fields.String(required=True)


class ReferrerSchema(Schema):
    name = fields.String(required=True)
    organisation = fields.String(required=True)
    role = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(required=True)
    has_account = fields.Function(lambda referrer: referrer.user_id is not None,
                                  metadata={"type": "boolean"}, required=True)


class CaseSchema(Schema):
    reference = fields.String(required=True)
    kind = fields.Enum(CaseKind, by_value=True, required=True)
    status = fields.Enum(CaseStatus, by_value=True, required=True)
    client_first_name = fields.String(required=True, metadata={
        "description": "the case's name: the first names of its clients"})
    client_last_name = fields.String(required=True, metadata={
        "description": "the case's name: the last names of its clients"})
    clients = fields.List(fields.Nested(ClientSchema), required=True)
    referrer = fields.Nested(ReferrerSchema, allow_none=True, required=True)
    central_question = fields.String(required=True)
    concerns = fields.String(required=True)
    bottom_lines = fields.Function(lambda case: [b.text for b in case.bottom_lines],
                                   metadata={"type": "array", "items": {"type": "string"}},
                                   required=True)
    closed_reason = fields.String(required=True)
    retention_until = fields.Date(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    last_activity_at = fields.DateTime(required=True)
    row_version = fields.Integer(required=True, data_key="version", metadata={
        "description": "the version counter, also sent as ETag (If-Match on changes)"})


class ClientInputSchema(StrictSchema):
    """One client; with ``id`` an existing client of the case, without it a new one."""

    id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    first_name = fields.String(required=True, validate=NAME)
    last_name = fields.String(validate=SHORT)
    birth_date = fields.Date(allow_none=True)
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(min=1900, max=2199))
    consent_client_on = fields.Date(allow_none=True)
    consent_parents_on = fields.Date(allow_none=True)
    consent_parents_names = fields.String(validate=[validate.Length(max=300), _no_nul])


class ReferrerInputSchema(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), _no_nul,
                                                  _not_blank])
    organisation = fields.String(validate=[validate.Length(max=200), _no_nul])
    role = fields.String(validate=[validate.Length(max=200), _no_nul])
    email = fields.Email(validate=validate.Length(max=254))
    phone = fields.String(validate=[validate.Length(max=40), _no_nul])


class CaseUpdateSchema(StrictSchema):
    """The fields of a case to change; the rest stays as it is. ``clients`` replaces the
    list (clients left out are removed); ``referrer: null`` removes the contact."""

    kind = fields.Enum(CaseKind, by_value=True)
    clients = fields.List(fields.Nested(ClientInputSchema),
                          validate=validate.Length(min=1, max=12))
    referrer = fields.Nested(ReferrerInputSchema, allow_none=True)
    central_question = fields.String(validate=TEXT)
    concerns = fields.String(validate=TEXT)


class CaseInputSchema(CaseUpdateSchema):
    """A new case: ``kind`` and at least one client are required."""

    kind = fields.Enum(CaseKind, by_value=True, required=True)
    clients = fields.List(fields.Nested(ClientInputSchema), required=True,
                          validate=validate.Length(min=1, max=12))
    bottom_lines = fields.List(fields.String(validate=[validate.Length(min=1, max=2000), _no_nul]),
                               validate=validate.Length(max=50))


class CasePageSchema(Schema):
    items = fields.List(fields.Nested(CaseSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    links = fields.Nested(LinksSchema, required=True)


class CaseListArgsSchema(StrictSchema):
    status = fields.String(validate=validate.OneOf([*CaseStatus._value2member_map_, "all"]))
    kind = fields.Enum(CaseKind, by_value=True)
    q = fields.String(validate=SHORT)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class PersonSchema(Schema):
    id = fields.Integer(required=True)
    is_client = fields.Boolean(required=True)
    name = fields.String(required=True)
    relation = fields.String(required=True)
    sector = fields.Enum(Sector, by_value=True, required=True)
    ring = fields.Integer(required=True)
    support = fields.List(fields.String(), required=True)
    language = fields.String(required=True)
    phone = fields.String(required=True)
    email = fields.String(required=True)
    birth_year = fields.Integer(allow_none=True, required=True)
    deceased = fields.Boolean(required=True)
    notes = fields.String(required=True)
    occupation = fields.String(required=True)
    employer = fields.String(required=True)
    can_help_with = fields.List(fields.String(), required=True)


class PersonInputSchema(StrictSchema):
    """Someone to add to the map; only ``name`` is required. A name like someone already on
    the map is refused (409, with ``candidates``) unless ``confirm_duplicate`` is true."""

    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), _no_nul,
                                                  _not_blank])
    relation = fields.String(validate=[validate.Length(max=100), _no_nul])
    sector = fields.Enum(Sector, by_value=True)
    ring = fields.Integer(validate=validate.Range(min=1, max=3))
    support = fields.List(fields.String(validate=SHORT), validate=validate.Length(max=10))
    language = fields.String(validate=[validate.Length(max=10), _no_nul])
    phone = fields.String(validate=[validate.Length(max=40), _no_nul])
    email = fields.String(validate=[validate.Length(max=254), _no_nul])
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=9999))
    notes = fields.String(validate=[validate.Length(max=5000), _no_nul])
    occupation = fields.String(validate=[validate.Length(max=200), _no_nul])
    employer = fields.String(validate=[validate.Length(max=200), _no_nul])
    can_help_with = fields.List(fields.String(validate=SHORT), validate=validate.Length(max=10))
    confirm_duplicate = fields.Boolean(load_default=False)


class TieSchema(Schema):
    id = fields.Integer(required=True)
    person_a_id = fields.Integer(required=True)
    person_b_id = fields.Integer(required=True)
    kind = fields.Enum(TieKind, by_value=True, required=True)
    quality = fields.Enum(TieQuality, by_value=True, required=True)


class PeopleSchema(Schema):
    items = fields.List(fields.Nested(PersonSchema), required=True)


class TiesSchema(Schema):
    items = fields.List(fields.Nested(TieSchema), required=True)


class ActionUpdateSchema(Schema):
    id = fields.Integer(required=True)
    action_id = fields.Integer(required=True)
    status_from = fields.Enum(ActionStatus, by_value=True, allow_none=True, required=True)
    status_to = fields.Enum(ActionStatus, by_value=True, allow_none=True, required=True)
    note = fields.String(required=True)
    author_label = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class ActionSchema(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    what = fields.String(required=True)
    when_date = fields.Date(allow_none=True, required=True)
    when_text = fields.String(required=True)
    support_needed = fields.String(required=True)
    status = fields.Enum(ActionStatus, by_value=True, required=True)
    people = fields.Function(lambda action: [p.id for p in action.people],
                             metadata={"type": "array", "items": {"type": "integer"}},
                             required=True)
    updates = fields.List(fields.Nested(ActionUpdateSchema), required=True)


class PlanSchema(Schema):
    version = fields.Integer(required=True)
    status = fields.Enum(PlanStatus, by_value=True, required=True)
    central_question = fields.String(required=True)
    going_well = fields.String(required=True)
    concerns = fields.String(required=True)
    agreements = fields.String(required=True)
    contingency = fields.String(required=True)
    childs_view = fields.String(required=True)
    monitor_id = fields.Integer(allow_none=True, required=True)
    evaluation_date = fields.Date(allow_none=True, required=True)
    presented_at = fields.DateTime(allow_none=True, required=True)
    actions = fields.List(fields.Nested(ActionSchema), required=True)


class PlansSchema(Schema):
    items = fields.List(fields.Nested(PlanSchema), required=True)


class ActionUpdateInputSchema(StrictSchema):
    status = fields.Enum(ActionStatus, by_value=True, allow_none=True)
    note = fields.String(validate=[validate.Length(max=2000), _no_nul])


class PageArgsSchema(StrictSchema):
    """``?page=&per_page=`` of the lists inside a case."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))
