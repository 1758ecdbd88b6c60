"""The request kernel: one transaction per request, and one way to refuse.

A small blueprint of test routes is mounted on an app of its own (built here, on the same
database and the same rolled-back test transaction), so each rule of the kernel is shown
on its own: what a view wrote stays after an answer below 400 and is gone after any other
answer or an exception; a broken rule, a stale edit, a lock and a database that keeps its
write lock each answer in one way.
"""

from __future__ import annotations

import pytest
from flask import Blueprint, render_template_string, request
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht import create_app
from eigenkracht.audit.models import AuditEvent
from eigenkracht.audit.services import record
from eigenkracht.auth.models import Organisation
from eigenkracht.core.rules import Locked, RuleError, StaleEdit
from eigenkracht.extensions import db
from tests.conftest import FreshContextClient

routes = Blueprint("kernel_test", __name__, url_prefix="/kernel-test")


def _add(slug: str) -> None:
    db.session.add(Organisation(slug=slug, name=slug))
    db.session.flush()


@routes.post("/ok")
def ok():
    _add("kept-by-ok")
    return "saved", 200


@routes.post("/redirect")
def redirected():
    _add("kept-by-redirect")
    return "", 303, {"Location": "/"}


@routes.post("/refused")
def refused():
    _add("gone-after-422")
    return "refused", 422


@routes.post("/boom")
def boom():
    _add("gone-after-exception")
    raise RuntimeError("something broke after a write")


@routes.post("/rule")
def rule():
    _add("gone-after-rule")
    raise RuleError("too_long", "text", limit=12)


@routes.post("/stale")
def stale():
    _add("gone-after-stale")
    raise StaleEdit(None)


@routes.post("/stale-row")
def stale_row():
    raise StaleDataError("UPDATE statement on table 'cases' expected to update 1 row(s)")


@routes.post("/locked")
def locked():
    raise Locked(None, "plan_private_time")


@routes.post("/busy")
def busy():
    raise OperationalError("INSERT …", {}, Exception("database is locked"))


@routes.get("/seen-then-refused")
def seen_then_refused():
    record("view", summary="kernel-test page")
    _add("gone-after-view")
    return render_template_string("refused"), 422


@routes.post("/echo-path")
def echo_path():
    return request.path


@pytest.fixture(scope="module")
def kernel_app(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    app.register_blueprint(routes)
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture
def client(kernel_app):
    return kernel_app.test_client()


def organisation_named(slug: str) -> bool:
    return db.session.scalar(select(func.count()).where(Organisation.slug == slug)) == 1


def test_what_a_view_wrote_is_saved_when_it_answers_200(client):
    assert client.post("/kernel-test/ok").status_code == 200
    assert organisation_named("kept-by-ok")


def test_what_a_view_wrote_is_saved_when_it_redirects(client):
    assert client.post("/kernel-test/redirect").status_code == 303
    assert organisation_named("kept-by-redirect")


def test_a_refused_answer_leaves_nothing_half_saved(client):
    assert client.post("/kernel-test/refused").status_code == 422
    assert not organisation_named("gone-after-422")


def test_an_exception_after_a_write_leaves_nothing_and_says_nothing_was_saved(client):
    response = client.post("/kernel-test/boom")
    assert response.status_code == 500
    assert "Nothing you entered in this request has been saved" in response.text
    assert not organisation_named("gone-after-exception")


def test_a_broken_rule_is_a_422_with_its_message_in_the_users_language(client):
    english = client.post("/kernel-test/rule")
    dutch = client.post("/kernel-test/rule", headers={"Accept-Language": "nl"})
    assert english.status_code == dutch.status_code == 422
    assert "Use at most 12 characters." in english.text
    assert "Gebruik maximaal 12 tekens." in dutch.text
    assert not organisation_named("gone-after-rule")


def test_a_broken_rule_in_the_api_is_problem_json(client):
    response = client.post("/kernel-test/rule", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "Use at most 12 characters."


def test_a_stale_edit_is_a_409_that_says_someone_else_saved(client):
    response = client.post("/kernel-test/stale")
    assert response.status_code == 409
    assert "Someone else saved this while you were editing it" in response.text
    assert not organisation_named("gone-after-stale")


def test_a_version_counter_that_moved_on_at_commit_is_the_same_409_never_a_500(client):
    response = client.post("/kernel-test/stale-row")
    assert response.status_code == 409
    assert "Someone else saved this" in response.text


def test_a_locked_record_is_a_409_that_says_why(client):
    response = client.post("/kernel-test/locked")
    assert response.status_code == 409
    assert "private family time" in response.text


def test_a_write_lock_not_obtained_answers_a_page_that_keeps_the_input_not_a_503(client):
    typed = "Oma belt elke zondag <b>om 18.00</b> & \"blijft\""
    response = client.post("/kernel-test/busy?next=/cases/",
                           data={"note": typed, "status": "done", "ids": ["1", "2"]})
    assert response.status_code == 409
    assert response.headers["Retry-After"] == "1"
    assert 'action="/kernel-test/busy?next=/cases/"' in response.text
    assert 'value="Oma belt elke zondag &lt;b&gt;om 18.00&lt;/b&gt; &amp; &#34;blijft&#34;"' \
        in response.text
    assert response.text.count('name="ids"') == 2
    assert "<b>om" not in response.text  # what was typed is shown as text, never as markup


def test_a_page_that_was_seen_stays_in_the_audit_log_when_the_request_is_refused(client):
    response = client.get("/kernel-test/seen-then-refused")
    assert response.status_code == 422
    assert not organisation_named("gone-after-view")  # the change is gone …
    seen = db.session.scalar(select(func.count()).where(
        AuditEvent.summary == "kernel-test page", AuditEvent.action == "view"))
    assert seen == 1  # … but that the page was seen is not
