"""The search: a results page (``/search?q=``, works without JavaScript) and the header
box's suggestions (``/search/suggest?q=``, an HTML fragment for ``static/js/search.js``).

Every search is an audit event (NEN 7513 lists searches): the text as searched (the case
list does the same; the erasure and purge scrub names out of it, ``audit.searches_of``),
its shape and how much it found. See docs/operations.md, "Search".
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import NO_CASE_CONTENT
from eigenkracht.search.services import MAX_QUERY, Results, search

bp = Blueprint("search", __name__, url_prefix="/search")

SUGGESTED = 5  # hits per group in the header box


def _searched(via: str, shown: int) -> Results:
    if current_user.role in NO_CASE_CONTENT:  # the access log or the figures, no cases
        abort(403)
    results = search(current_user, request.args.get("q", ""), shown=shown)
    if results.text:
        record("search", object_type="case", summary=results.text[:200],
               details={"q": results.text, "via": via, "results": results.count,
                        "shape": results.shape})
    return results


@bp.route("")
@login_required
def results():
    found = _searched("page", shown=20)
    return render_template("search/results.html", results=found, max_query=MAX_QUERY)


@bp.route("/suggest")
@login_required
def suggest():
    """JSON: the options of the header box's list (HTML made here, in the user's language)
    and what the live region says; not a page of its own."""
    found = _searched("box", shown=SUGGESTED)
    return jsonify(count=found.count, summary=_summary(found),
                   html=render_template("search/_suggestions.html", results=found))


def _summary(found: Results) -> str:
    if found.problem == "too_short":
        return _("Type at least 3 letters or a case number.")
    if not found.count:
        return _("Nothing found.")
    return ngettext("%(num)s result", "%(num)s results", found.count)
