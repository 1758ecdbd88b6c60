"""Every value of an imported case is checked (issue 16, finding 7: the rows' side).

An unknown choice, a bad date, two clients, ``case.json = []``, a NUL byte: each used to end
in a 500 (or, on SQLite, in a row no page could show). Each is now a 422 that names the row,
the column and the problem, and nothing is imported, however far the import had come. A
reference the app could never open is never stored: the case gets a new one. Lengths and
ranges are tested at their limit and one past it.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.privacy import import_schema, importing
from eigenkracht.privacy.import_archive import ImportRefused
from eigenkracht.privacy.import_schema import MAX_TEXT
from tests.hostile.conftest import row_counts
from tests.privacy.import_files import (
    case_ids,
    full_case,
    imported_case,
    members_of,
    upload,
    zipped,
)


@pytest.fixture
def members(world):
    return members_of(world.case)


def _refused(client, data: bytes) -> str:
    before = row_counts()
    response = upload(client, data)
    assert response.status_code == 422, response.get_data(as_text=True)[:2000]
    assert row_counts() == before
    return response.get_data(as_text=True)


def _imported(client, world, data: bytes) -> Case:
    known = case_ids(world.org.id)
    response = upload(client, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case = imported_case(world.org.id, known)
    assert response.headers["Location"].endswith(f"/cases/{case.reference}")
    return case


def _set(members, where: str, column: str, value) -> None:
    row = members["case.json"] if where == "case" else members[f"tables/{where}.json"][0]
    row[column] = value


# --- one bad value: a 422 that says where and what ----------------------------------------

@pytest.mark.parametrize(("where", "column", "value", "expected"), [
    ("people", "sector", "aliens", "Row 1 of people: sector is not one of the allowed values."),
    ("case", "kind", "YOUTH", "Row 1 of cases: kind is not one of the allowed values."),
    ("case", "status", None, "Row 1 of cases: status may not be empty."),
    ("plans", "status", 3, "Row 1 of plans: status is not one of the allowed values."),
    ("people", "support", ["practical", "magic"], "support is not one of the allowed values"),
    ("people", "support", "practical", "support does not have the form"),
    ("people", "support", ["practical", "practical"], "support does not have the form"),
    ("conferences", "languages", ["nl", "klingon"], "languages is not one of the allowed"),
    ("conferences", "interpreter_languages", ["tr", "xx"], "interpreter_languages is not one of"),
    ("clients", "birth_date", "2026-02-30", "birth_date is not a date (YYYY-MM-DD)"),
    ("clients", "birth_date", "31-12-2015", "birth_date is not a date (YYYY-MM-DD)"),
    ("clients", "birth_date", "20150501", "birth_date is not a date (YYYY-MM-DD)"),
    ("clients", "birth_date", 20150501, "birth_date is not a date (YYYY-MM-DD)"),
    ("clients", "birth_date", "9999-12-31", "birth_date is not between 1900 and 2199"),
    ("clients", "birth_date", "0001-01-01", "birth_date is not between 1900 and 2199"),
    ("case", "created_at", "2026-01-01T00:00:00", "created_at is not a date and time with a "
                                                  "time zone"),
    ("case", "created_at", "2026-01-01", "created_at is not a date and time with a time zone"),
    ("case", "created_at", "0001-01-01T00:00:00+01:00", "created_at is not between 1900"),
    ("case", "created_at", {"$date": 1}, "created_at is not a date and time with a time zone"),
    ("people", "ring", 4, "Row 1 of people: ring is outside the allowed range."),
    ("people", "ring", 0, "ring is outside the allowed range"),
    ("people", "ring", 2**31, "ring is outside the allowed range"),
    ("people", "ring", "2", "ring is not a whole number"),
    ("people", "ring", 2.0, "ring is not a whole number"),
    ("people", "ring", True, "ring is not a whole number"),
    ("people", "row_version", 0, "row_version is outside the allowed range"),
    ("people", "birth_year", 1899, "birth_year is outside the allowed range"),
    ("clients", "birth_year", 1899, "Row 1 of clients: birth_year is outside the allowed range"),
    ("clients", "first_name", "a\x00b", "first_name contains invisible control characters"),
    ("conferences", "duration_minutes", 10**6, "duration_minutes is outside the allowed range"),
    ("people", "deceased", "yes", "deceased is not true or false"),
    ("people", "deceased", 0, "deceased is not true or false"),
    ("people", "notes", "a\x00b", "notes contains invisible control characters"),
    ("people", "notes", "x\udfffy", "notes contains invisible control characters"),
    ("people", "notes", ["a"], "notes is not text"),
    ("case", "client_last_name", "a\x1b[31m", "client_last_name contains invisible control"),
    ("people", "name", "", "Row 1 of people, name:"),
    ("people", "email", "not an address", "Row 1 of people, email:"),
    ("people", "language", "xx", "Row 1 of people, language:"),
    ("people", "id", "1", "Row 1 of people: id is not a whole number."),
    ("network_snapshots", "data", [], "data does not have the form this application stores"),
    ("network_snapshots", "data", {"people": [], "ties": [], "x": 1}, "data does not have"),
    ("network_snapshots", "data", {"people": [{"name": "x"}], "ties": []}, "data does not"),
    ("network_snapshots", "data", {"people": [{"id": 1, "name": "x", "ring": 9}], "ties": []},
     "data does not have the form"),
    ("network_snapshots", "data", {"people": [{"id": 1, "name": "x"}],
                                   "ties": [{"a": 1, "b": 2, "kind": "friend"}]},
     "data refers to a row that is not in this export"),
    ("network_snapshots", "data", {"people": [{"id": 1, "name": "x"}, {"id": 1, "name": "y"}],
                                   "ties": []}, "data repeats a value of another row"),
])
def test_a_bad_value_is_refused_with_its_row_column_and_problem(login_as, members, where,
                                                                column, value, expected):
    _set(members, where, column, value)
    assert expected in _refused(login_as("admin"), zipped(members))


@pytest.mark.parametrize("content", [[], None, "EK-2026-0001", 1, [{}], {}])
def test_a_case_file_that_is_not_one_case_is_refused(login_as, members, content):
    members["case.json"] = content
    text = _refused(login_as("admin"), zipped(members))
    assert ("Row 1 of cases: id is missing." if content == {}
            else "case.json must hold the case as one JSON object.") in text


@pytest.mark.parametrize("content", [{}, None, "rows", [[]], [1]])
def test_a_table_that_is_not_a_list_of_rows_is_refused(login_as, members, content):
    members["tables/people.json"] = content
    members["manifest.json"]["tables"]["people"] = len(content) if isinstance(content,
                                                                               list) else 4
    text = _refused(login_as("admin"), zipped(members))
    assert ("people must hold a list of rows." in text
            or "Row 1 of people is not a row (a JSON object)." in text)


def test_two_clients_are_refused(login_as, members):
    for person in members["tables/people.json"][:2]:
        person["is_client"] = True
    assert "more than one client on the network map" in _refused(login_as("admin"),
                                                                 zipped(members))


def test_a_missing_optional_column_is_empty_and_a_missing_required_one_is_refused(
        login_as, world, members):
    members["tables/people.json"][0].pop("birth_year")
    case = _imported(login_as("admin"), world, zipped(members))
    assert case is not None
    members["tables/people.json"][0].pop("name")
    assert "Row 1 of people: name is missing." in _refused(login_as("admin"), zipped(members))


@pytest.mark.parametrize(("table", "column", "copy"), [
    ("people", "id", "people"),
    ("relationships", "kind", "relationships"),
    ("invitations", "person_id", "invitations"),
    ("action_people", "person_id", "action_people"),
])
def test_a_row_repeated_where_the_database_wants_it_once_is_refused(login_as, members, table,
                                                                    column, copy):
    rows = members[f"tables/{table}.json"]
    twin = dict(rows[0])
    if "id" in twin and column != "id":
        twin["id"] = max(row["id"] for row in rows) + 100
    rows.append(twin)
    members["manifest.json"]["tables"][table] = len(rows)
    assert f"of {table}:" in (text := _refused(login_as("admin"), zipped(members)))
    assert "repeats a value of another row" in text


def test_a_tie_of_a_person_with_themselves_is_refused(login_as, members):
    tie = members["tables/relationships.json"][0]
    tie["person_b_id"] = tie["person_a_id"]
    assert "person_b_id refers to its own row" in _refused(login_as("admin"), zipped(members))


# --- lengths at their limits --------------------------------------------------------------

@pytest.mark.parametrize(("where", "column", "limit"), [
    ("case", "client_first_name", 100),  # a column of its own length
    ("people", "name", 200),  # the map's own limit
    ("plans", "going_well", MAX_TEXT),  # a text without a length
    ("people", "notes", 5000),  # the map's limit below the column's
])
@pytest.mark.parametrize("extra", [0, 1])
def test_a_text_at_its_limit_is_imported_and_one_character_more_is_not(
        login_as, world, members, where, column, limit, extra):
    _set(members, where, column, "é" * (limit + extra))
    if extra:
        text = _refused(login_as("admin"), zipped(members))
        assert f"{column}" in text and str(limit) in text
    else:
        _imported(login_as("admin"), world, zipped(members))


# --- the reference --------------------------------------------------------------------------

def _fresh(reference: str) -> bool:
    return reference.startswith(f"EK-{clock.today().year}-") and len(reference) == 12


@pytest.mark.parametrize("reference", [
    "ek-2099-0001", "x" * 300, "EK-2026-001", "EK-2026-00001", "EK-\u0662\u0660\u0662\u0666-0001",
    " EK-2026-0001", "EK-2026-0001\n", "EK-2026-0000", "EK-1999-0001", "EK-2099-0001",
    "EK-2026-0001/../x", "", None, 123, ["EK-2026-0001"],
])
def test_a_reference_the_app_could_not_open_is_replaced_and_the_case_opens(
        login_as, world, members, reference):
    members["case.json"]["reference"] = reference
    client = login_as("admin")
    case = _imported(client, world, zipped(members))
    assert case.reference != reference and _fresh(case.reference)
    assert client.get(f"/cases/{case.reference}").status_code == 200


@pytest.mark.parametrize("offset", [0, 1])
def test_a_free_reference_of_this_or_next_year_is_kept(login_as, world, members, offset):
    reference = f"EK-{clock.today().year + offset}-0420"
    members["case.json"]["reference"] = reference
    client = login_as("admin")
    case = _imported(client, world, zipped(members))
    assert case.reference == reference
    assert client.get(f"/cases/{reference}").status_code == 200


def test_the_next_case_made_after_a_kept_reference_skips_it(world, members):
    year = clock.today().year
    taken = db.session.scalar(select(func.count(Case.id)).where(
        Case.organisation_id == world.org.id, Case.reference.like(f"EK-{year}-%")))
    ahead = f"EK-{year}-{taken + 1:04d}"
    members["case.json"]["reference"] = ahead
    case = importing.import_case(zipped(members), world.org)
    assert case.reference == ahead
    assert importing.reference_for(ahead, world.org) not in (ahead, world.case.reference)


# --- nothing half-imported ------------------------------------------------------------------

def test_a_bad_row_in_the_last_table_leaves_nothing_of_the_earlier_ones(login_as, world):
    members = members_of(full_case(world))
    members["tables/action_updates.json"][0]["status_to"] = "exploded"
    assert "Row 1 of action_updates: status_to" in _refused(login_as("admin"),
                                                            zipped(members))


def test_a_refused_import_leaves_the_session_clean_without_the_kernel(world):
    members = members_of(full_case(world))
    members["tables/action_updates.json"][0]["status_to"] = "exploded"
    before = row_counts()
    with pytest.raises(ImportRefused):
        importing.import_case(zipped(members), world.other_org)
    assert row_counts() == before


def test_a_conflict_the_checks_missed_is_a_message_and_leaves_nothing(monkeypatch, login_as,
                                                                      world, members):
    """Should a unique rule of the database ever go unchecked, the database's refusal is a
    422 too; the savepoint keeps the session usable (PostgreSQL) and nothing stays."""
    monkeypatch.setattr(import_schema, "_unique", lambda *args: None)
    rows = members["tables/invitations.json"]
    rows.append({**rows[0], "id": rows[0]["id"] + 100, "token_hash": None})
    members["manifest.json"]["tables"]["invitations"] = 2
    text = _refused(login_as("admin"), zipped(members))
    assert "contradict each other" in text


def test_a_case_imported_in_full_can_be_opened_exported_and_erased(app, login_as, world):
    from eigenkracht.privacy.purge import erase_case

    members = members_of(full_case(world))
    client = login_as("admin")
    case = _imported(client, world, zipped(members))
    app.config["EXPORT_PLAN_PDFS"] = False
    try:
        for path in ("", "/network", "/network/snapshots", "/export"):
            assert client.get(f"/cases/{case.reference}{path}").status_code == 200, path
    finally:
        app.config.pop("EXPORT_PLAN_PDFS")
    assert [c.birth_date for c in case.clients] == [date(2015, 5, 1), None]
    assert case.clients[1].birth_year == 2019
    assert case.referrer.organisation == "Jeugdbescherming Regio"
    assert case.referrer.user_id is None  # accounts are not carried over
    erase_case(case)
    assert db.session.get(Case, case.id) is None


@pytest.mark.parametrize(("old", "kept"), [("tr", ["tr"]), ("", [])])
def test_an_export_from_before_several_interpreters_keeps_its_interpreter(
        login_as, world, members, old, kept):
    from eigenkracht.conference.models import Conference

    row = members["tables/conferences.json"][0]
    row.pop("interpreter_languages")
    row["interpreter_language"] = old
    case = _imported(login_as("admin"), world, zipped(members))
    [conference] = db.session.scalars(select(Conference).where(Conference.case_id == case.id))
    assert conference.interpreter_languages == kept


def test_an_old_export_with_an_unknown_interpreter_language_is_refused(login_as, members):
    row = members["tables/conferences.json"][0]
    row.pop("interpreter_languages")
    row["interpreter_language"] = "xx"
    assert "interpreter_languages is not one of" in _refused(login_as("admin"), zipped(members))


def test_an_export_from_before_several_clients_keeps_its_client_and_consent(login_as, world,
                                                                          members):
    client = members["tables/clients.json"][0]
    case_row = members["case.json"]
    case_row.update(client_birth_date=client["birth_date"], consent_client_on=None,
                    consent_parents_on="2026-09-01", consent_parents_names="Chloë de Vries")
    case_row.pop("closed_reason", None)
    del members["tables/clients.json"]
    del members["manifest.json"]["tables"]["clients"]
    case = _imported(login_as("admin"), world, zipped(members))
    [only] = case.clients
    assert (only.first_name, only.birth_date) == (case.client_first_name, date(2015, 5, 1))
    assert only.consent_parents_on == date(2026, 9, 1)
    assert only.consent_parents_names == "Chloë de Vries"


def test_an_old_client_column_next_to_the_clients_table_is_refused(login_as, world, members):
    members["case.json"]["client_birth_date"] = "2015-05-01"
    text = _refused(login_as("admin"), zipped(members))
    assert "client_birth_date" in text
