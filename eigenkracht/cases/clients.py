"""The clients of a case: who they are, when they were born, and their consent.

A case has one or more clients (a family's children, or an adult). Each has a date of birth
or only a year of birth, and the consent their own age requires (``cases.consent``). The
case's name in lists and searches (``client_first_name``, ``client_last_name``) is kept from
its clients here (``name_case``). Services flush and audit; the request kernel commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from eigenkracht.audit.services import changes, record
from eigenkracht.cases.consent import Consenter, given_consent, required_for
from eigenkracht.cases.models import Case, CaseKind, Client
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db

MAX_CLIENTS = 12
NAME_MAX = 100
CLIENT_FIELDS = ["first_name", "last_name", "birth_date", "birth_year", "consent_client_on",
                 "consent_parents_on", "consent_parents_names"]


@dataclass
class ClientData:
    """One client as a form or the API sends it; ``id`` names a client being edited."""

    first_name: str
    last_name: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    consent_client_on: date | None = None
    consent_parents_on: date | None = None
    consent_parents_names: str = ""
    id: int | None = None

    @classmethod
    def of(cls, client: Client) -> ClientData:
        return cls(id=client.id, **{name: getattr(client, name) for name in CLIENT_FIELDS})


# Consent was recorded, but not all of it: the message says what the age requires.
CONSENT_INCOMPLETE = {
    frozenset({Consenter.PARENTS}): "consent_parents_required",
    frozenset({Consenter.CLIENT, Consenter.PARENTS}): "consent_child_and_parents_required",
    frozenset({Consenter.CLIENT}): "consent_client_required",
}


def validate_clients(clients: list[ClientData], kind: CaseKind, on: date) -> None:
    """Raise ``RuleError`` for the first rule a client breaks, at that client's field
    (``clients-<n>-<field>``); ``on`` is today on the organisation's clock."""
    if not clients:
        raise RuleError("client_required", "clients-0-first_name")
    if len(clients) > MAX_CLIENTS:
        raise RuleError("too_many_clients", "clients", max=MAX_CLIENTS)
    for index, client in enumerate(clients):
        _validate_client(client, kind, on, f"clients-{index}-")


def _validate_client(client: ClientData, kind: CaseKind, on: date, at: str) -> None:
    if not client.first_name.strip():
        raise RuleError("client_first_name_required", at + "first_name")
    for name in ("first_name", "last_name"):
        if len(getattr(client, name)) > NAME_MAX:
            raise RuleError("too_long", at + name, limit=NAME_MAX)
    _validate_birth(client, kind, on, at)
    _validate_consent(client, on, at)


def _validate_birth(client: ClientData, kind: CaseKind, on: date, at: str) -> None:
    if kind == CaseKind.YOUTH and client.birth_date is None and client.birth_year is None:
        raise RuleError("birth_date_required", at + "birth_date")
    oldest = on - timedelta(days=125 * 365)
    if client.birth_date and not oldest < client.birth_date <= on:
        raise RuleError("birth_date_range", at + "birth_date")
    if client.birth_year is not None:
        if not 1900 <= client.birth_year <= on.year:  # as on the map (network)
            raise RuleError("birth_year_range", at + "birth_year")
        if client.birth_date and client.birth_date.year != client.birth_year:
            raise RuleError("birth_year_mismatch", at + "birth_year")


def _validate_consent(client: ClientData, on: date, at: str) -> None:
    earliest = client.birth_date or (date(client.birth_year, 1, 1) if client.birth_year
                                     else None)
    for name in ("consent_client_on", "consent_parents_on"):
        day = getattr(client, name)
        if day and day > on:
            raise RuleError("consent_in_future", at + name)
        if day and earliest and day < earliest:
            raise RuleError("consent_before_birth", at + name)
    if client.consent_parents_on and not client.consent_parents_names.strip():
        raise RuleError("parents_names_required", at + "consent_parents_names")
    required, given = required_for(client, on), given_consent(client)
    if given and not required <= given:
        missing = "consent_client_on" if Consenter.CLIENT in required - given \
            else "consent_parents_on"
        raise RuleError(CONSENT_INCOMPLETE[required], at + missing)


def set_clients(case: Case, clients: list[ClientData]) -> dict[str, list]:
    """Make the case's clients those of ``clients``, in that order; return what changed.

    A client with an ``id`` of this case is updated, one without is added, one no longer
    sent is removed. Each change is audited; the case's name follows (``name_case``).
    """
    current = {c.id: c for c in case.clients}
    kept: set[int] = set()
    added: list[Client] = []
    diff: dict[str, list] = {}
    for position, data in enumerate(clients):
        values = {name: _clean(getattr(data, name)) for name in CLIENT_FIELDS}
        if data.birth_date is not None:
            values["birth_year"] = None  # the date says the year
        client = current.get(data.id) if data.id is not None else None
        if client is None:
            client = Client(position=position, **values)
            case.clients.append(client)
            added.append(client)
            diff.setdefault("added", []).append(client.name)
            continue
        kept.add(client.id)
        if _update_client(case, client, position, values):
            diff.setdefault("updated", []).append(client.name)
    for client_id, client in current.items():
        if client_id not in kept:
            record("delete", client, case=case, summary=client.name)
            case.clients.remove(client)
            diff.setdefault("removed", []).append(client.name)
    name_case(case)
    if added:
        db.session.flush()  # their ids, for the audit events
        for client in added:
            record("create", client, case=case, summary=client.name)
    return diff


def _update_client(case: Case, client: Client, position: int, values: dict) -> bool:
    """Save ``values`` on ``client`` (audited); True when something changed."""
    if client.position != position:
        client.position = position
    changed = changes(client, CLIENT_FIELDS, values)
    if not changed:
        return False
    for name, value in values.items():
        setattr(client, name, value)
    record("update", client, case=case, summary=client.name, details=changed)
    return True


def name_case(case: Case) -> None:
    """The case's name from its clients: "Noor, Daan" and "de Vries" (distinct last names
    joined), within the columns' 100 characters."""
    firsts = [c.first_name.strip() for c in case.clients if c.first_name.strip()]
    lasts: list[str] = []
    for client in case.clients:
        last = client.last_name.strip()
        if last and last not in lasts:
            lasts.append(last)
    case.client_first_name = ", ".join(firsts)[:NAME_MAX] or "?"
    case.client_last_name = ", ".join(lasts)[:NAME_MAX]


def get_client(case: Case, client_id) -> Client | None:
    """The client ``client_id`` *of this case*, else None."""
    client_id = parse_id(client_id)
    return next((c for c in case.clients if c.id == client_id), None)


def _clean(value):
    return value.strip() if type(value) is str else value
