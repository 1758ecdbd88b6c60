"""The network map's blueprint and the small helpers its view modules share.

Routes live in ``views.py`` (map, people, ties), ``snapshot_views.py`` and ``io_views.py``;
importing ``views`` registers them all.
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from eigenkracht.cases.access import can_edit_case, get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.core.rules import RuleError
from eigenkracht.network import labels
from eigenkracht.network.models import Person
from eigenkracht.network.services import get_person

bp = Blueprint("network", __name__, url_prefix="/cases/<reference>")


@bp.app_context_processor
def network_template_helpers():
    """The labels for every page (the case page gets its count from ``summary``)."""
    return {"NETWORK_LABELS": labels}


def case_for(reference: str, *, edit: bool = False) -> Case:
    """The case of the URL, for viewing or (``edit``) changing: 404/403 otherwise."""
    return get_case_or_404(reference, current_user, for_edit=edit)


def person_for(case: Case, person_id: int) -> Person:
    """A person *of this case*, else 404."""
    person = get_person(case, person_id)
    if person is None:
        abort(404)
    return person


def editable(case: Case) -> bool:
    return can_edit_case(current_user, case)


def field_error(form, error: RuleError) -> None:
    """Put each message of ``error`` at its field, or above the form when it has none there."""
    for name, message in error.messages():
        field = form[name] if name and name in form else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def field_errors(form, problems: list[tuple[str, str]], limits: dict[str, int]) -> None:
    for name, code in problems:
        field_error(form, RuleError(code, name, limit=limits.get(name)))


def status_for(form) -> int:
    return 422 if request.method == "POST" and (form.errors or form.form_errors) else 200
