"""The map page's grid (many people at once) and ties table (many ties at once).

Both are plain multi-row forms that work without JavaScript; ``static/js/network-entry.js``
adds rows from the keyboard (Enter, or Tab out of a filled last row). A sending saves every
valid row and comes back with the others, each with its messages (``network.entry``):

- everything saved: a redirect to the map (303), with a message;
- some rows saved, some kept: the map page again, 200 (the saved rows are committed), the
  kept rows with their messages and a fresh one-time key;
- nothing saved: the map page again, 422, nothing changed.

The one-time key is claimed together with what was sent (as the quick add does), so the same
sending twice saves once, and the map page kept by the browser can still send other rows.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.core.forms import new_submission_key
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.network import entry
from eigenkracht.network.blueprint import bp, case_for
from eigenkracht.network.grid import (
    BLANK_ROWS,
    MORE_ROWS,
    EntryForm,
    grid_state,
    ties_state,
)
from eigenkracht.network.views import bind_key_to_content, map_page


def _fresh_key(form: EntryForm) -> None:
    """A page shown again after some rows were saved sends the rest with a new key."""
    form.submission.data = new_submission_key()


def _map_url(case: Case, anchor: str, **args) -> str:
    return url_for("network.map", reference=case.reference, _anchor=anchor, **args)


@bp.route("/network/grid", methods=["POST"])
@login_required
def save_grid(reference: str):
    """Save the grid's rows (see the module docstring)."""
    case = case_for(reference, edit=True)
    form = EntryForm()
    form.validate_on_submit()
    rows = entry.read_person_rows(request.form, case.kind == CaseKind.WORK)
    editing = request.form.get("editing") == "1"
    more = request.form.get("more") == "1"
    if form.form_errors or form.errors:  # no CSRF token: the kernel's 400 comes first
        return map_page(case, status=422, grid=grid_state([], editing, rows, form))
    bind_key_to_content(form, [[r.person_id, r.row_version, r.values, r.confirmed]
                               for r in rows if not r.blank])
    claim_form(form)
    result = entry.save_person_rows(case, rows)
    saved = len(result.saved)
    if saved:
        flash(ngettext("%(num)s person has been saved.", "%(num)s people have been saved.",
                       saved), "success")
    if not result.needs_attention and not more:
        target = _map_url(case, "grid", edit="grid" if editing else None)
        remember_form(form, target)
        return redirect(target, 303)
    remember_form(form, _map_url(case, "grid"))
    _fresh_key(form)
    if result.needs_attention:
        flash(ngettext("%(num)s row needs your attention: see the messages in the grid.",
                       "%(num)s rows need your attention: see the messages in the grid.",
                       len(result.kept)), "error")
    blanks = MORE_ROWS if more else BLANK_ROWS
    return map_page(case, status=200 if saved or not result.needs_attention else 422,
                    grid=lambda people: grid_state(people, editing, result.kept, form,
                                                   blanks))


@bp.route("/network/ties/table", methods=["POST"])
@login_required
def save_ties_table(reference: str):
    """Save the ties table's rows and its "parents of" / "children of" shortcut."""
    case = case_for(reference, edit=True)
    form = EntryForm()
    form.validate_on_submit()
    rows = entry.read_tie_rows(request.form)
    shortcut = {"who": request.form.getlist("who")[:entry.MAX_ROWS],
                "how": request.form.get("how", ""),
                "whom": request.form.getlist("whom")[:entry.MAX_ROWS],
                "quality": request.form.get("shortcut_quality", "")}
    more = request.form.get("more") == "1"
    if form.form_errors or form.errors:
        return map_page(case, status=422, ties=ties_state(rows, form))
    bind_key_to_content(form, [[r.a, r.kind, r.b, r.quality] for r in rows if not r.blank]
                        + [shortcut])
    claim_form(form)
    result = entry.save_tie_rows(case, rows, shortcut)
    if result.added:
        flash(ngettext("%(num)s tie has been added.", "%(num)s ties have been added.",
                       result.added), "success")
    problems = bool(result.kept or result.shortcut_messages)
    if not problems and not more:
        if not result.added:
            flash(_("There were no ties to add: fill in a row first."), "info")
        target = _map_url(case, "ties-table")
        remember_form(form, target)
        return redirect(target, 303)
    remember_form(form, _map_url(case, "ties-table"))
    _fresh_key(form)
    state = ties_state(result.kept, form, shortcut if result.shortcut_messages else None,
                       result.shortcut_messages, MORE_ROWS if more else BLANK_ROWS)
    return map_page(case, status=200 if result.added or not problems else 422, ties=state)
