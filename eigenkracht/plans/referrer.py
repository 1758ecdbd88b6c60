"""The referrer knows: a presented plan puts "decision waiting" on the referrer's to-do list
and in the case list, and sends the referrer an e-mail (through the outbox,
``mail.services.queue``).

The e-mail names the case reference and the plan version and links to the decision page
(which asks for a login); it carries no names or content of the case.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.access import visible_cases
from eigenkracht.cases.models import AssignmentRole, Case, CaseAssignment
from eigenkracht.conference.todo import DecisionWaiting
from eigenkracht.core.links import public_url
from eigenkracht.extensions import db
from eigenkracht.mail import services as mail
from eigenkracht.plans.models import Plan, PlanStatus


def decision_url(plan: Plan, *, external: bool = False) -> str:
    values = {"reference": plan.case.reference, "version": plan.version}
    if external:
        return public_url("plans.decide", **values)
    return url_for("plans.decide", **values)


def tell_referrers(plan: Plan) -> int:
    """E-mail every active referrer of the case that the plan waits for their decision (a
    referrer contact without an account: to decide through their personal link); returns
    how many messages were queued."""
    queued = 0
    told: set[str] = set()
    for user in plan.case.staff(AssignmentRole.REFERRER):
        if not user.active or not user.email:
            continue
        language = user.locale or "nl"
        with force_locale(language):
            facts = {"reference": plan.case.reference, "version": plan.version,
                     "name": user.name, "link": decision_url(plan, external=True),
                     "organisation": plan.case.organisation.name}
            subject = _("A family plan is waiting for your decision (%(reference)s)",
                        reference=plan.case.reference)
            # without the request's context processors: the CLI (flask demo) presents too
            body = current_app.jinja_env.get_template("plans/decision_waiting.txt") \
                .render(**facts)
        mail.queue(plan.case.organisation_id, to=user.email, subject=subject, text_body=body,
                   language=language)
        queued += 1
        told.add(user.email.casefold())
        record("notify", plan, case=plan.case, summary=f"v{plan.version}",
               details={"to_user": user.id, "about": "decision_waiting"})
    contact = plan.case.referrer
    if contact is not None and contact.email and contact.email.casefold() not in told \
            and contact.user_id is None:
        queued += _tell_contact(plan, contact)
    return queued


def _tell_contact(plan: Plan, contact) -> int:
    """The referrer from another organisation decides through the personal link the
    coordinator sent them (it asks for a one-time code); the e-mail carries no link of its
    own, and no names or content of the case."""
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        subject = _("A family plan is waiting for your decision (%(reference)s)",
                    reference=plan.case.reference)
        body = current_app.jinja_env.get_template("plans/decision_waiting_link.txt").render(
            name=contact.name, reference=plan.case.reference, version=plan.version,
            organisation=plan.case.organisation.name)
    mail.queue(plan.case.organisation_id, to=contact.email, subject=subject, text_body=body,
               language=language)
    record("notify", plan, case=plan.case, summary=f"v{plan.version}",
           details={"to_referrer": contact.id, "about": "decision_waiting"})
    return 1


def _waiting(user: User):
    """The presented plans of the cases where ``user`` is the referrer."""
    referred = select(CaseAssignment.case_id).where(
        CaseAssignment.user_id == user.id, CaseAssignment.role == AssignmentRole.REFERRER)
    visible = visible_cases(user).with_only_columns(Case.id)
    return (select(Plan).join(Case, Case.id == Plan.case_id)
            .where(Plan.status == PlanStatus.PRESENTED,
                   Plan.case_id.in_(referred.scalar_subquery()),
                   Plan.case_id.in_(visible.scalar_subquery()))
            .order_by(Plan.presented_at, Plan.id))


def decisions_waiting(user: User) -> list[DecisionWaiting]:
    """For the to-do list (registered by ``create_app`` as a decision check)."""
    return [DecisionWaiting(case=plan.case, version=plan.version,
                            presented_at=plan.presented_at, url=decision_url(plan))
            for plan in db.session.scalars(_waiting(user))]


def waiting_cases(case_ids: list[int]) -> dict[int, str]:
    """For the case list: which of these cases have a plan waiting for a decision."""
    if not case_ids:
        return {}
    ids = db.session.scalars(select(Plan.case_id).where(
        Plan.case_id.in_(case_ids), Plan.status == PlanStatus.PRESENTED).distinct())
    label = _("Decision waiting")
    return {case_id: label for case_id in ids}
