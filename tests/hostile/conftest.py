"""Shared checks of the hostile tests: the row counts of every table, and what an answer to
hostile input may never look like."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus

import pytest
from sqlalchemy import func, select

from eigenkracht.extensions import db
from tests.hostile.routes import (
    FORMS,
    MATRIX,
    fields_of_form,
    fill,
    filled,
    merge,
    methods_of,
    role_for,
)

# Audit events that record an attempt, not a change: a refused form is shown again (a
# view), a wrong access code or password is logged on purpose.
TRACES = ("view", "download", "unlock_failed", "login_failed", "login_throttled")


def row_counts() -> dict[str, int]:
    """The number of rows in every table, in one statement. A refused request may leave a
    trace in the audit log (``TRACES``), never a change."""
    tables = db.metadata.sorted_tables
    counts = []
    for table in tables:
        count = select(func.count()).select_from(table)
        if table.name == "audit_events":
            count = count.where(table.c.action.not_in(TRACES), table.c.outcome != "refused")
        if table.name == "audit_chains":  # the log's hash chain begins with its first trace
            count = count.where(table.c.length < 0)
        counts.append(count.scalar_subquery())
    row = db.session.execute(select(*counts)).one()
    return {table.name: number for table, number in zip(tables, row, strict=True)}


def assert_answered_calmly(response, before: dict[str, int], what: str) -> None:
    """Never a 500 or a traceback; a refusal (4xx) leaves every table as it was."""
    body = response.get_data()
    assert response.status_code < 500, f"{what}: {response.status_code}\n{body[:800]!r}"
    assert b"Traceback (most recent call last)" not in body, what
    if 400 <= response.status_code < 500:
        after = row_counts()
        changed = {name: (before[name], after[name]) for name in before
                   if before[name] != after[name]}
        assert changed == {}, f"{what}: refused with {response.status_code} but saved {changed}"


def encode_form(pairs: list[tuple[str, str]]) -> bytes:
    """A urlencoded body; lone surrogates go out as the (invalid) bytes they stand for."""
    return "&".join(
        quote_plus(name.encode("utf-8", "surrogatepass")) + "="
        + quote_plus(value.encode("utf-8", "surrogatepass"))
        for name, value in pairs).encode("ascii")


@dataclass
class FormTarget:
    client: object
    path: str
    method: str
    valid: list[tuple[str, str]]
    file_field: str | None


@pytest.fixture
def form_target(app, world, login_as):
    """``form_target(endpoint)``: a logged-in client, the address and valid data of a form."""

    from eigenkracht.cases.models import Case
    from eigenkracht.network.services import client_person

    # The centre of a map is made when a map is first shown: make it now, not in a request
    # whose row counts are compared.
    for case in db.session.scalars(db.select(Case)):
        client_person(case)
    db.session.flush()

    def build(endpoint: str) -> FormTarget:
        form = FORMS[endpoint]
        route = MATRIX[endpoint]
        role = form.role or role_for(endpoint)
        client = login_as(role)
        path = fill(form.path or route.path, world)
        methods = methods_of(app)[endpoint]
        method = "POST" if "POST" in methods else sorted(methods - {"GET"})[0]
        from_page: list[tuple[str, str]] = []
        if "GET" in methods:
            page = client.get(path)
            if page.status_code == 200 and page.mimetype == "text/html":
                from_page = fields_of_form(page.get_data(as_text=True), path)
        valid = merge(from_page, filled(route.data, world), filled(form.data, world))
        return FormTarget(client, path, method, valid, form.file_field)

    return build
