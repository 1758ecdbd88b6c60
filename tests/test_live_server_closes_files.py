"""The browser tests' live server never leaves a static file open, even when the browser
drops the connection before the response is closed (the CI run of 2026-12-06 failed on a
``favicon.svg`` left open that way)."""

import gc
import warnings

from werkzeug.test import create_environ

from tests.fixtures.live_server import closed_before_sending


def _abandoned_request(wsgi_app, headers=None) -> list[warnings.WarningMessage]:
    """Fetch a static file and drop the response without closing it, as werkzeug's server
    does when the client resets the connection; return the warnings the collector raises."""
    environ = create_environ("/static/favicon.svg", headers=headers or {})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = wsgi_app(environ, lambda status, headers, exc_info=None: None)
        del response
        gc.collect()
    return [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_static_file_is_closed_even_when_the_browser_hangs_up(app):
    assert _abandoned_request(closed_before_sending(app)) == []


def test_a_not_modified_answer_closes_its_file_too(app):
    etag = app.test_client().get("/static/favicon.svg").headers["ETag"]
    assert _abandoned_request(closed_before_sending(app), {"If-None-Match": etag}) == []


def test_the_development_server_alone_would_leave_it_open(app):
    # What the wrapper is for: without it the dropped response keeps its file open.
    assert _abandoned_request(app) != []
