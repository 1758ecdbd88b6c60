"""Who may see which case: the one helper every case lookup goes through.

``get_case_or_404`` loads a case by its reference for the current user and answers 404
when the case does not exist *or* the user may not see it, so that guessing references
tells nothing. ``visible_cases`` is the same rule as a query, for lists and searches.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort
from sqlalchemy import Select, false, select
from sqlalchemy.orm.interfaces import ORMOption

from eigenkracht.audit.services import refused
from eigenkracht.auth.models import Role, User
from eigenkracht.cases.models import AssignmentRole, Case, CaseAssignment, CaseStatus
from eigenkracht.extensions import db

STAFF_ROLES = (AssignmentRole.COORDINATOR, AssignmentRole.JOBCOACH)
# Roles that see no case at all: the privacy officer (the access log) and the manager (the
# organisation's figures, aggregates only).
NO_CASE_CONTENT = (Role.PRIVACY_OFFICER, Role.MANAGER)


def _assigned(user: User, roles: tuple[AssignmentRole, ...] | None = None):
    """The cases ``user`` is assigned to, as ``Case.id IN (…)``.

    Not a correlated ``EXISTS``, which ran a sub-query for every case of the organisation
    (10,000 in a big one): the few assigned ids are read once, from the index on
    ``case_assignments.user_id``, and each case is checked against that list.
    """
    assigned = select(CaseAssignment.case_id).where(CaseAssignment.user_id == user.id)
    if roles:
        assigned = assigned.where(CaseAssignment.role.in_(roles))
    return Case.id.in_(assigned)


def visible_cases(user: User) -> Select:
    """A query of the cases ``user`` may see: never across organisations."""
    query = select(Case).where(Case.organisation_id == user.organisation_id)
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.REFERRER:
        return query.where(_assigned(user, (AssignmentRole.REFERRER,)))
    if user.role in NO_CASE_CONTENT:  # the access log or the figures, never case content
        return query.where(false())
    return query.where(_assigned(user))


def can_view_case(user: User, case: Case) -> bool:
    if not user.is_authenticated or not user.active or case.organisation_id != user.organisation_id:
        return False
    if user.role == Role.ADMIN:
        return True
    roles = {a.role for a in case.assignments if a.user_id == user.id}
    if user.role == Role.REFERRER:
        return AssignmentRole.REFERRER in roles
    if user.role in NO_CASE_CONTENT:
        return False
    return bool(roles)


def can_edit_case(user: User, case: Case) -> bool:
    """Admins and the assigned coordinators and job coaches change a case; referrers read."""
    if not can_view_case(user, case):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.COORDINATOR, Role.JOBCOACH) and any(
        a.user_id == user.id and a.role in STAFF_ROLES for a in case.assignments
    )


# The referrer's bottom lines are theirs to write before the conference.
BOTTOM_LINES_OPEN = (CaseStatus.REFERRAL, CaseStatus.PREPARATION)


def can_write_bottom_lines(user: User, case: Case) -> bool:
    """Who edits the case, and the case's referrer with an account before the conference
    (without an account the referrer uses their personal link: ``referrers``)."""
    if can_edit_case(user, case):
        return True
    return user.role == Role.REFERRER and case.status in BOTTOM_LINES_OPEN and \
        can_view_case(user, case)


def get_case_or_404(reference: str, user: User, *, for_edit: bool = False,
                    load: Sequence[ORMOption] = ()) -> Case:
    """The case with ``reference`` that ``user`` may see (or edit), else 404 (or 403).

    Raises 404 for a case that does not exist, belongs to another organisation or is not
    assigned to the user; 403 only when the user can see the case but not change it. Every
    refusal is in the access log (NEN 7513), outcome ``refused``, kept after the rollback.
    ``load``: loader options for what the page shows of the case (its staff, say), so
    that it is read with the case instead of lazily from the template.
    """
    reference = (reference or "").strip().upper()
    action = "update" if for_edit else "view"
    if len(reference) > 20:
        refused(action, case_reference=reference[:20], summary="reference too long")
        abort(404)
    case = db.session.scalar(visible_cases(user).where(Case.reference == reference)
                             .options(*load))
    if case is None:
        own = db.session.scalar(select(Case).where(  # a case of the own organisation?
            Case.organisation_id == user.organisation_id, Case.reference == reference))
        refused(action, case=own, case_reference=reference,
                summary="not assigned" if own is not None else "no such case")
        abort(404)
    if for_edit and not can_edit_case(user, case):
        refused(action, case=case, summary="may not change")
        abort(403)
    return case
