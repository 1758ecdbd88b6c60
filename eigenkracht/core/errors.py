"""One place for error responses: HTML pages for people, JSON for API clients."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from eigenkracht.core.rules import BUSY_MESSAGE
from eigenkracht.extensions import db

log = logging.getLogger(__name__)

# PostgreSQL: serialization failure, deadlock, lock not available (lock_timeout).
_LOCK_STATES = {"40001", "40P01", "55P03"}

TITLES = {
    400: _l("The request could not be handled"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    409: _l("Not saved"),
    410: _l("This page is no longer available"),
    413: _l("What you sent is too large"),
    422: _l("This cannot be saved"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}

EXPLANATIONS = {
    400: _l("Something in the request was not right. Go back, reload the page and try again."),
    403: _l("Your account does not give you access to this page."),
    404: _l("The page does not exist, or you do not have access to it. Check the address."),
    405: _l("This page cannot be used in this way."),
    409: _l("Someone else changed this in the meantime. Nothing has been saved. Reload the "
            "page and try again."),
    410: _l("This page has been withdrawn."),
    413: _l("The file or text you sent is larger than we accept. Send something smaller."),
    422: _l("Something you entered does not meet the rules. Nothing has been saved."),
    429: _l("You tried too often in a short time. Wait a few minutes and try again."),
    500: _l("An error occurred. Nothing you entered in this request has been saved. "
            "Try again; if it keeps happening, contact your administrator."),
    503: _l("We cannot reach the database right now. Try again in a few minutes."),
}


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def error_response(code: int, explanation: str | None = None):
    title = str(TITLES.get(code, TITLES[500]))
    text = explanation or str(EXPLANATIONS.get(code, EXPLANATIONS[500]))
    if wants_json():
        body = {"type": "about:blank", "title": title, "status": code, "detail": text}
        response = jsonify(body)
        response.status_code = code
        response.mimetype = "application/problem+json"
        return response
    return render_template("errors/error.html", code=code, title=title, explanation=text), code


def handle_http_exception(error: HTTPException):
    code = error.code or 500
    if code not in TITLES:
        return error
    explanation = None
    if code == 429:
        explanation = str(EXPLANATIONS[429])
    return error_response(code, explanation)


def handle_csrf_error(error: CSRFError):
    from flask_babel import gettext as _

    return error_response(
        400,
        _("This form has expired or was not sent from this site. "
          "Go back, reload the page and send it again. Nothing has been saved."),
    )


def handle_database_unavailable(error: OperationalError):
    if is_lock_error(error):
        return busy(error)
    log.error("database unavailable: %s", error.__class__.__name__)
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the database is gone; nothing to roll back
        log.warning("rollback failed while the database is unavailable")
    _render_as_anonymous()
    _speak_the_familys_language()
    return error_response(503)


def _render_as_anonymous() -> None:
    """The error page must not touch the database to find out who is logged in."""
    from flask import g

    from eigenkracht.extensions import login_manager

    g._login_user = login_manager.anonymous_user()


def _speak_the_familys_language() -> None:
    """A family page cannot read the person's language from the database: answer in the
    one asked for (``?lang=``) or the phone's, as the page does for an unknown link."""
    if request.blueprint != "family":
        return
    from flask import current_app

    from eigenkracht.core.i18n import use_family_language

    languages = current_app.config["FAMILY_LANGUAGES"]
    asked = request.args.get("lang", "")
    use_family_language(asked if asked in languages
                        else request.accept_languages.best_match(languages))


def is_lock_error(error: BaseException) -> bool:
    """A write that could not get its lock in time: worth sending again, not an outage."""
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) in _LOCK_STATES:
        return True
    text = str(original or error).lower()
    return "database is locked" in text or "database table is locked" in text


def busy(error: OperationalError):
    """The database lock could not be had: keep what was sent, offer to send it again."""
    from flask_babel import gettext as _

    log.warning("write lock not obtained for %s %s", request.method, request.path)
    if wants_json() or request.method in ("GET", "HEAD"):
        response = error_response(409, str(BUSY_MESSAGE))
    else:
        fields = [(name, value) for name, values in request.form.lists() for value in values]
        response = Response(render_template("errors/busy.html", fields=fields,
                                            action=request.full_path.rstrip("?"),
                                            title=_("Not saved yet"),
                                            explanation=str(BUSY_MESSAGE)), 409)
    response.headers["Retry-After"] = "1"
    return response


def handle_unexpected(error: Exception):
    log.exception("unhandled error")
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001
        log.exception("rollback failed")
    return error_response(500)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
