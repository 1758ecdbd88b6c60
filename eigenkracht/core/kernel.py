"""The request kernel: one transaction per request, and one way to refuse a change.

Every view runs inside ``Eigenkracht.dispatch_request``:

- the view loads, checks, calls services and renders; it never commits or rolls back;
- after a view that answered below 400 the kernel commits; after any other answer, or any
  exception, it rolls back, so nothing half-saved ever stays behind — except the traces a
  view asked to keep (``core.traces``: the audit events of what was seen or tried), which
  are written again after the rollback;
- a refusal leaves the request through one path (``register``'s handlers): a broken rule
  (``RuleError``) is a 422 with its message, a stale edit (``StaleEdit``, or SQLAlchemy's
  ``StaleDataError`` from a version counter) a 409 that says someone else saved first, a
  locked record (``Locked``) a 409 that says why, and a write that could not get the
  database's lock (SQLite's "database is locked", PostgreSQL's deadlock or lock time-out)
  a 409 page that keeps what the person sent and lets them send it again. Views with a form
  catch the first three themselves with ``core.rules.refusals`` to show the form again.

The session does not expire what it loaded when it commits (``expire_on_commit=False`` in
``extensions``), so no page reloads what it just read. In the spirit of indico's
``RH.process``, in Flask's idiom: an app class whose ``dispatch_request`` wraps the view.
"""

from __future__ import annotations

import logging

from flask import Flask, Request, redirect
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.core import traces
from eigenkracht.core.errors import error_response
from eigenkracht.core.forms import FormTranslations
from eigenkracht.core.rules import STALE_MESSAGE, Locked, RuleError, StaleEdit
from eigenkracht.core.submissions import AlreadySubmitted
from eigenkracht.extensions import db

log = logging.getLogger(__name__)


class EigenkrachtRequest(Request):
    """A request whose forms word WTForms' own messages from catalogues read once per
    process (``core.forms.FormTranslations``): Flask-WTF takes ``wtforms_translations``
    from the request when it is there, and otherwise reads the catalogue from disk."""

    wtforms_translations = FormTranslations()


class Eigenkracht(Flask):
    """Flask, with one transaction around every view (see the module docstring)."""

    request_class = EigenkrachtRequest

    def dispatch_request(self):  # noqa: D102 - documented on the class
        try:
            rv = super().dispatch_request()
            response = self.make_response(rv)
            if response.status_code < 400:
                db.session.commit()
            else:
                db.session.rollback()
                traces.replay()
        except BaseException:
            _rollback_quietly()
            traces.replay()
            raise
        return response


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone; the error handler says so
        log.warning("rollback failed", exc_info=True)


# --- the one refusal path -----------------------------------------------------------------

def refused_by_rule(error: RuleError):
    return error_response(422, " ".join(message for _field, message in error.messages()))


def refused_as_stale(error: StaleEdit | StaleDataError):
    return error_response(409, str(STALE_MESSAGE))


def refused_as_locked(error: Locked):
    return error_response(409, error.message)


def sent_before(error: AlreadySubmitted):
    """A create form sent again: show what the first sending made, create nothing."""
    if error.result:
        return redirect(error.result, 303)
    return error_response(409, _("This form has already been sent. Nothing new has been "
                                 "saved. Go back and reload the page to see the result."))


def register(app: Flask) -> None:
    """Answer refusals the same way on every page (HTML) and in the API (problem JSON)."""
    app.register_error_handler(RuleError, refused_by_rule)
    app.register_error_handler(StaleEdit, refused_as_stale)
    app.register_error_handler(StaleDataError, refused_as_stale)
    app.register_error_handler(Locked, refused_as_locked)
    app.register_error_handler(AlreadySubmitted, sent_before)
