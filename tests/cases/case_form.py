"""The case form as a browser sends it: one client's fields are ``clients-0-…``."""

from __future__ import annotations

from typing import Any

# the name a test uses → the field of the first client
FIRST_CLIENT = {
    "client_first_name": "clients-0-first_name",
    "client_last_name": "clients-0-last_name",
    "client_birth_date": "clients-0-birth_date",
    "client_birth_year": "clients-0-birth_year",
    "consent_client_on": "clients-0-consent_client_on",
    "consent_parents_on": "clients-0-consent_parents_on",
    "consent_parents_names": "clients-0-consent_parents_names",
}


def one_client(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a single client's fields named as the form names them (None: left out)."""
    return {FIRST_CLIENT.get(k, k): v for k, v in data.items() if v is not None}


def edit_data(case, **overrides) -> dict[str, Any]:
    """What the edit form of ``case`` sends, with ``overrides``."""
    data: dict[str, Any] = {
        "kind": case.kind.value, "central_question": case.central_question,
        "concerns": case.concerns,
        "staff_ids": [str(a.user_id) for a in case.assignments if a.role.value != "referrer"],
        "referrer_ids": [str(a.user_id) for a in case.assignments if a.role.value == "referrer"],
        "row_version": str(case.row_version),
    }
    if case.referrer is not None:
        data.update({f"referrer_{name}": getattr(case.referrer, name)
                     for name in ("name", "organisation", "role", "email", "phone")})
    for index, client in enumerate(case.clients):
        prefix = f"clients-{index}-"
        data.update({prefix + "id": str(client.id), prefix + "first_name": client.first_name,
                     prefix + "last_name": client.last_name,
                     prefix + "birth_date": client.birth_date.isoformat()
                     if client.birth_date else "",
                     prefix + "birth_year": str(client.birth_year or ""),
                     prefix + "consent_client_on": client.consent_client_on.isoformat()
                     if client.consent_client_on else "",
                     prefix + "consent_parents_on": client.consent_parents_on.isoformat()
                     if client.consent_parents_on else "",
                     prefix + "consent_parents_names": client.consent_parents_names})
    data.update(overrides)
    return data
