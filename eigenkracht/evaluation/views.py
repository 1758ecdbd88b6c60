"""The coordinator's summary of the questionnaire of one conference or review meeting:
per role, how many answered and the average scores, and the comments with their role only.
Who answered what is never shown (the answers do not know it)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.conference.services import get_conference
from eigenkracht.evaluation import services
from eigenkracht.evaluation.labels import ROLE_LABELS

bp = Blueprint("evaluation", __name__,
               url_prefix="/cases/<reference>/conferences/<int:conference_id>")


@bp.route("/evaluation")
@login_required
def summary(reference: str, conference_id: int):
    case = get_case_or_404(reference, current_user, for_edit=True)
    conference = get_conference(case, conference_id)
    if conference is None:
        abort(404)
    record("view", conference, case=case, summary=case.reference,
           details={"page": "evaluation"})
    return render_template(
        "evaluation/summary.html", case=case, conference=conference,
        rows=services.summary(conference), comments=services.comments(conference),
        answered=services.answered_count(conference), role_labels=ROLE_LABELS,
        open_days=services.OPEN_DAYS, closed_on=services.closed_on(conference))
