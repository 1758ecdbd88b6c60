"""A body above the limit gets a clear 413 in the visitor's language (a page for people,
problem+json for the API), before any work is done; the uploads that need more get more."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eigenkracht.core.security import UPLOAD_LIMITS
from eigenkracht.privacy.importing import MAX_BYTES as IMPORT_MAX_BYTES
from tests.factories import ApiTokenFactory
from tests.hostile.conftest import row_counts
from tests.hostile.routes import FORMS, MATRIX, fill, role_for

TOO_MUCH = 2 * 1024 * 1024 + 1


def _multipart(content: bytes, filename: str):
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(content), filename=filename)})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def test_a_form_that_is_too_large_gets_a_clear_page_and_saves_nothing(login_as, world):
    client = login_as("coordinator")
    before = row_counts()
    response = client.post("/cases/new", data={
        "kind": "work", "clients-0-first_name": "Piet", "concerns": "x" * TOO_MUCH})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "What you sent is too large" in response.get_data(as_text=True)
    assert row_counts() == before


def test_the_page_speaks_the_visitors_language(client, world):
    response = client.post("/login", data={"email": "x" * TOO_MUCH},
                           headers={"Accept-Language": "nl"})
    assert response.status_code == 413
    assert "Wat je hebt verstuurd, is te groot" in response.get_data(as_text=True)


def test_the_api_answers_problem_json(client, world):
    token = ApiTokenFactory(user=world.coordinator, name="big")
    response = client.post("/api/v1/cases", data=b'{"kind": "' + b"x" * TOO_MUCH + b'"}',
                           content_type="application/json",
                           headers={"Authorization": f"Bearer ek_test_{token.name}"})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 413


def test_a_too_large_form_is_refused_before_the_csrf_check(app, login_as, world):
    client = login_as("coordinator")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/cases/new", data={"concerns": "x" * TOO_MUCH})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 413


def test_every_form_refuses_a_body_that_is_too_large(login_as, world):
    clients: dict[str, object] = {}
    answers = {}
    body = b"a=" + b"x" * TOO_MUCH
    for endpoint in sorted(set(FORMS) - set(UPLOAD_LIMITS)):
        role = FORMS[endpoint].role or role_for(endpoint)
        client = clients.setdefault(role, login_as(role))
        path = fill(FORMS[endpoint].path or MATRIX[endpoint].path, world)
        response = client.post(path, data=body,
                               content_type="application/x-www-form-urlencoded")
        answers[endpoint] = response.status_code
    assert {endpoint for endpoint, code in answers.items() if code != 413} == set()


def test_the_network_csv_keeps_its_own_message_for_a_file_over_its_limit(login_as, world):
    content = b"name\n" + b"Piet Jansen\n" * 130_000  # 1.5 MB: over the CSV limit of 1 MB
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/network/import", **_multipart(content, "mensen.csv"))
    assert response.status_code == 422
    assert "What you sent is too large" not in response.get_data(as_text=True)


def test_the_case_import_accepts_an_export_larger_than_a_form(login_as, world):
    assert UPLOAD_LIMITS["privacy.import_page"] > IMPORT_MAX_BYTES
    response = login_as("admin").post("/admin/import",
                                      **_multipart(b"PK" + b"\x00" * TOO_MUCH, "zaak.zip"))
    assert response.status_code == 422
    assert "not a case export" in response.get_data(as_text=True)


def test_the_case_import_refuses_more_than_its_own_limit(login_as, world):
    response = login_as("admin").post(
        "/admin/import", **_multipart(b"\x00" * UPLOAD_LIMITS["privacy.import_page"], "z.zip"))
    assert response.status_code == 413


def test_the_case_import_limit_holds_before_the_csrf_check_reads_the_form(app, login_as, world):
    client = login_as("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/admin/import",
                               **_multipart(b"PK" + b"\x00" * TOO_MUCH, "zaak.zip"))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400  # no token in this form: the CSRF page, not a 413
    assert "not sent from this site" in response.get_data(as_text=True)
