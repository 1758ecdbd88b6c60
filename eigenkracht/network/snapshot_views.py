"""Snapshot pages: save the map as of today, open an old one, compare two."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.core.forms import choices
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import db
from eigenkracht.network import analysis, picture, services
from eigenkracht.network.blueprint import bp, case_for, editable
from eigenkracht.network.forms import CompareForm, SnapshotForm
from eigenkracht.network.snapshots import (
    compare,
    get_snapshot,
    list_snapshots,
    map_data,
    snapshot_day,
    snapshot_people,
    snapshot_ties,
    take_snapshot,
)

CURRENT = "current"


@bp.route("/network/snapshots", endpoint="snapshots")
@login_required
def snapshot_list(reference: str):
    case = case_for(reference)
    return _list_page(case, SnapshotForm(), 200)


@bp.route("/network/snapshots", methods=["POST"], endpoint="take_snapshot")
@login_required
def save_snapshot(reference: str):
    """"Save the map as of today", with a label; the same form sent twice saves it once."""
    case = case_for(reference, edit=True)
    form = SnapshotForm()
    if form.validate_on_submit():
        claim_form(form)
        with refusals(form) as outcome:
            snapshot = take_snapshot(case, form.label.data or "", user=current_user,
                                     as_of=form.as_of_date)
        if outcome.ok:
            flash(_("The map has been saved as of %(day)s.",
                    day=format_date(snapshot_day(snapshot), "long"))
                  if snapshot.as_of else _("The map has been saved as it is today."),
                  "success")
            target = url_for("network.snapshots", reference=case.reference,
                             _anchor=f"snapshot-{snapshot.id}")
            remember_form(form, target)
            return redirect(target)
    return _list_page(case, form, 422)


def _list_page(case, form: SnapshotForm, status: int):
    snapshots = list_snapshots(case)
    user_ids = {s.taken_by_id for s in snapshots if s.taken_by_id}
    takers = {u.id: u.name for u in db.session.scalars(
        select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    compare_form = _compare_form(snapshots)
    record("view", case, case=case, summary=case.reference, details={"page": "snapshots"})
    page = render_template("network/snapshots.html", case=case, snapshots=snapshots,
                           takers=takers, form=form, compare_form=compare_form,
                           editable=editable(case))
    return page, status


def _name(snapshot) -> str:
    when = (format_date(snapshot.as_of, "medium") if snapshot.as_of
            else format_datetime(snapshot.taken_at, "short"))
    return f"{snapshot.label} ({when})" if snapshot.label else when


def _compare_form(snapshots, older: str = "", newer: str = CURRENT) -> CompareForm:
    form = CompareForm(formdata=None, older=older or (str(snapshots[0].id) if snapshots else ""),
                       newer=newer)
    options = [(str(s.id), _name(s)) for s in snapshots]
    form.older.choices = choices(options)
    form.newer.choices = choices([(CURRENT, _("The map as it is now")), *options])
    return form


@bp.route("/network/snapshots/<int:snapshot_id>")
@login_required
def snapshot(reference: str, snapshot_id: int):
    """An old snapshot, drawn from its JSON, with its figures and tables."""
    case = case_for(reference)
    snapshot = get_snapshot(case, snapshot_id) or abort(404)
    view = picture.view_of(request.args.get("view"))
    people, ties = snapshot_people(snapshot.data), snapshot_ties(snapshot.data)
    client = next((p["name"] for p in people if p.get("is_client")), case.client_name)
    svg = picture.draw_snapshot(snapshot.data, client, _name(snapshot), view)
    record("view", snapshot, case=case, summary=snapshot.label)
    page = render_template("network/snapshot.html", case=case, snapshot=snapshot,
                           title=_name(snapshot), view=view, svg=svg, people=people, ties=ties,
                           summary=analysis.summarise(people))
    return page


@bp.route("/network/compare", endpoint="compare")
@login_required
def compare_maps(reference: str):
    """Two maps side by side as a list of changes and one picture with the changes marked.

    ``?older=<snapshot id>&newer=<snapshot id or "current">``; without them, the newest
    snapshot against the map as it is now.
    """
    case = case_for(reference)
    snapshots = list_snapshots(case)
    older_key = request.args.get("older") or (str(snapshots[0].id) if snapshots else "")
    newer_key = request.args.get("newer") or CURRENT
    if not snapshots:
        flash(_("Save the map first: a comparison needs at least one saved map."), "info")
        return redirect(url_for("network.snapshots", reference=case.reference))
    older, older_name = _map_for(case, older_key)
    newer, newer_name = _map_for(case, newer_key)
    comparison = compare(older, newer)
    svg = picture.draw_comparison(comparison, case.client_name)
    record("view", case, case=case, summary=case.reference,
           details={"page": "compare", "older": older_key, "newer": newer_key})
    page = render_template("network/compare.html", case=case, comparison=comparison, svg=svg,
                           older_name=older_name, newer_name=newer_name,
                           compare_form=_compare_form(snapshots, older_key, newer_key))
    return page


def _map_for(case, key: str) -> tuple[dict, str]:
    """The snapshot (or the current map) that ``key`` names, within this case; else 404."""
    if key == CURRENT:
        return map_data(services.load_map(case)), _("the map as it is now")
    snapshot_id = parse_id(key) or abort(404)
    snapshot = get_snapshot(case, snapshot_id) or abort(404)
    return snapshot.data, _name(snapshot)
