"""``GET /api/v1/figures``: the organisation's figures, the same numbers as the figures page.

For a token of an administrator or a manager (403 otherwise). ``?period=`` a year, quarter
or month (default this year), ``?scope=`` ``all``, ``user:<id>`` or ``team:<name>``. A figure
built from fewer than five cases is ``null`` with ``"suppressed": true``. Every read is in
the audit log.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp
from eigenkracht.api.openapi import operation
from eigenkracht.api.problems import fail
from eigenkracht.audit.services import record
from eigenkracht.figures.periods import default_period, parse_period, parse_scope
from eigenkracht.figures.report import as_json
from eigenkracht.figures.services import kept_figures


@bp.get("/figures")
@operation("The organisation's figures for a period (aggregates; administrators and "
           "managers)", response=None, errors=(400, 403))
def read_figures():
    user = api_user()
    if not user.sees_figures:
        fail(403, _("Only administrators and managers read the figures."))
    raw = (request.args.get("period") or "").strip()
    period = parse_period(raw) if raw else default_period()
    if period is None:
        fail(400, _("Choose a period from the list: a year (2026), a quarter (2026-Q3) or a "
                    "month (2026-11)."))
    scope = parse_scope(request.args.get("scope"), user.organisation_id)
    if scope is None:
        fail(400, _("Choose whose cases from the list: the whole organisation, a coordinator "
                    "or job coach, or a team."))
    result = kept_figures(user.organisation_id, period, scope)
    record("view", object_type="figures", summary=f"figures {period.key} {scope.key} (api)",
           details={"period": period.key, "scope": scope.key, "format": "api"})
    return jsonify(as_json(result))
