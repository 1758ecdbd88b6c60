""""This is not working": when the plan wobbles, the family says so from their page.

Rules:

- **Who may say it.** On the accepted plan: its monitor and every person with a task (an
  action of the plan names them). Nobody else: the family page does not offer it, and the
  service refuses (``alert_not_allowed``).
- **Which contingency applies.** The "if it does not work" agreement of the accepted plan
  the person is looking at (the newest accepted version), as it reads at that moment; it is
  kept with the alert. A plan without one: the agreement is to call the coordinator
  (``contingency_for`` answers an empty text, and the page names the coordinator).
- **Who is alerted.** The case's coordinators (and job coaches) on their to-do list and by
  e-mail; the case's referrers (accounts, and a referrer contact without one, by e-mail)
  too when the plan says so (``Plan.alert_referrer``). The e-mail names the case reference
  and the plan version only, and links to the case's follow-up page (which asks for a
  login): no names, no note.
- **Note.** At most ``NOTE_MAX`` characters, no control characters; it may be empty.
- **Handled.** The alert stays on the to-do list until the coordinator plans a review
  meeting from it (one step, ``plan_review``) or marks it handled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.access import STAFF_ROLES, visible_cases
from eigenkracht.cases.models import AssignmentRole, Case, CaseStatus
from eigenkracht.cases.services import touch
from eigenkracht.conference.models import Conference
from eigenkracht.core import clock
from eigenkracht.core.links import public_url
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db
from eigenkracht.mail import services as mail
from eigenkracht.mail.delivery import deliver_soon
from eigenkracht.network.models import Person
from eigenkracht.plans.alert_models import PlanAlert
from eigenkracht.plans.models import Plan, PlanStatus

NOTE_MAX = 500


def reporter_role(plan: Plan, person: Person) -> str | None:
    """``monitor`` or ``task`` when ``person`` may say "this is not working" about
    ``plan`` (the accepted plan), else None."""
    if plan.status != PlanStatus.ACCEPTED:
        return None
    if plan.monitor_id is not None and plan.monitor_id == person.id:
        return "monitor"
    if any(person.id == someone.id for action in plan.actions for someone in action.people):
        return "task"
    return None


def contingency_for(plan: Plan) -> str:
    """The contingency agreement that applies now: the plan's "if it does not work"."""
    return (plan.contingency or "").strip()


def raise_alert(plan: Plan, person: Person, note: str) -> PlanAlert:
    """``person`` says the plan is not working: keep the alert with the agreement that
    applies, and alert the coordinator (and the referrer where the plan says so) by e-mail;
    the to-do list shows it from now on."""
    role = reporter_role(plan, person)
    if role is None:
        raise RuleError("alert_not_allowed")
    note = clean_text("note", note, NOTE_MAX)
    alert = PlanAlert(case_id=plan.case_id, plan_id=plan.id, person_id=person.id,
                      reporter_role=role, note=note, contingency=contingency_for(plan),
                      referrer_alerted=bool(plan.alert_referrer), created_at=clock.now())
    db.session.add(alert)
    db.session.flush()
    record("plan_alert", plan, case=plan.case, summary=f"v{plan.version}",
           details={"alert": alert.id, "by": role, "referrer": alert.referrer_alerted})
    alert.queued = _tell(alert)  # delivered by ``send_after_commit``
    touch(plan.case)
    return alert


def send_after_commit(alert: PlanAlert) -> None:
    """Deliver the alert's e-mails by the task queue once the request has committed. Call
    it after ``refusals``: a savepoint's commit would hand them to the queue too early."""
    for message in getattr(alert, "queued", ()):
        deliver_soon(message)


# --- who is told ---------------------------------------------------------------------------

def coordinators_of(case: Case) -> list[User]:
    users = {a.user_id: a.user for a in case.assignments if a.role in STAFF_ROLES}
    return [user for user in users.values() if user.active and user.email]


def referrers_of(case: Case) -> list[User]:
    return [user for user in case.staff(AssignmentRole.REFERRER) if user.active and user.email]


def alerts_url(case: Case) -> str:
    return public_url("plans.alerts_page", reference=case.reference)


def _tell(alert: PlanAlert) -> list:
    plan, case = alert.plan, alert.case
    queued = []
    people = [(user, "coordinator") for user in coordinators_of(case)]
    if alert.referrer_alerted:
        people += [(user, "referrer") for user in referrers_of(case)]
    told: set[str] = set()
    for user, as_role in people:
        if user.email.casefold() in told:
            continue
        told.add(user.email.casefold())
        queued.append(_mail(alert, user.email, user.name, user.locale or "nl",
                            link=alerts_url(case)))
        record("notify", plan, case=case, summary=f"v{plan.version}",
               details={"to_user": user.id, "about": "plan_alert", "as": as_role})
    contact = case.referrer
    if alert.referrer_alerted and contact is not None and contact.user_id is None \
            and contact.email and contact.email.casefold() not in told:
        queued.append(_mail(alert, contact.email, contact.name,
                            current_app.config["BABEL_DEFAULT_LOCALE"], link=""))
        record("notify", plan, case=case, summary=f"v{plan.version}",
               details={"to_referrer": contact.id, "about": "plan_alert"})
    return queued


def _mail(alert: PlanAlert, to: str, name: str, language: str, *, link: str):
    case = alert.case
    with force_locale(language):
        subject = _("The family says the plan is not working (%(reference)s)",
                    reference=case.reference)
        body = current_app.jinja_env.get_template("plans/alert.txt").render(
            name=name, reference=case.reference, version=alert.plan.version, link=link,
            organisation=case.organisation.name, monitor=alert.reporter_role == "monitor")
    return mail.queue(case.organisation_id, to=to, subject=subject, text_body=body,
                      language=language, case_id=case.id)


# --- handling ------------------------------------------------------------------------------

def alerts_of(case: Case, *, open_only: bool = False) -> list[PlanAlert]:
    query = select(PlanAlert).where(PlanAlert.case_id == case.id)
    if open_only:
        query = query.where(PlanAlert.handled_at.is_(None))
    return list(db.session.scalars(query.order_by(PlanAlert.created_at.desc(),
                                                  PlanAlert.id.desc())))


def alert_of_case(case: Case, alert_id) -> PlanAlert | None:
    try:
        alert_id = int(alert_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(select(PlanAlert).where(PlanAlert.id == alert_id,
                                                     PlanAlert.case_id == case.id))


def mark_handled(alert: PlanAlert, user: User, review: Conference | None = None) -> bool:
    """The alert leaves the to-do list; False when it was handled already."""
    if alert.handled_at is not None:
        return False
    alert.handled_at = clock.now()
    alert.handled_by_id = user.id
    if review is not None:
        alert.review_id = review.id
    db.session.flush()
    record("update", alert.plan, case=alert.case, summary=f"v{alert.plan.version}",
           details={"alert": alert.id, "handled": True,
                    "review": review.id if review is not None else None})
    return True


def plan_review(alert: PlanAlert, starts_at: datetime, user: User) -> Conference:
    """One step: a review meeting at ``starts_at`` (the conference feature's, with the
    people who attended the last meeting invited), and the alert handled by it."""
    from eigenkracht.conference.services import create_review

    if alert.handled_at is not None:
        raise RuleError("alert_handled")
    review = create_review(alert.case, starts_at, user)
    mark_handled(alert, user, review)
    return review


# --- the to-do list and the figures -----------------------------------------------------------

@dataclass(frozen=True)
class AlertWaiting:
    """An open "this is not working" for the to-do list."""

    alert: PlanAlert
    case: Case
    created_at: datetime


def alerts_waiting(user: User) -> list[AlertWaiting]:
    """Open alerts of the cases ``user`` coordinates (registered by ``create_app`` as an
    alert check of the to-do list)."""
    from eigenkracht.cases.models import CaseAssignment

    mine = select(CaseAssignment.case_id).where(CaseAssignment.user_id == user.id,
                                                CaseAssignment.role.in_(STAFF_ROLES))
    visible = visible_cases(user).where(Case.status != CaseStatus.CLOSED) \
        .with_only_columns(Case.id)
    alerts = db.session.scalars(
        select(PlanAlert).where(PlanAlert.handled_at.is_(None),
                                PlanAlert.case_id.in_(mine.scalar_subquery()),
                                PlanAlert.case_id.in_(visible.scalar_subquery()))
        .order_by(PlanAlert.created_at, PlanAlert.id))
    return [AlertWaiting(alert=a, case=a.case, created_at=a.created_at) for a in alerts]


@dataclass(frozen=True)
class AlertCounts:
    """For the figures: how many alerts, how many still open, how many led to a review
    meeting, how many alerted the referrer too, and by whom (the monitor or a person with a
    task)."""

    total: int
    open: int
    with_review: int
    referrer_alerted: int
    by_monitor: int
    by_task: int


def alert_counts(case_ids: Select | list[int] | None = None, *, since: date | None = None,
                 until: date | None = None) -> AlertCounts:
    """Counts of "this is not working" over many cases (``case_ids`` a list or a ``select``
    of case ids; None: every case), raised between the local days ``since`` and ``until``
    (both included). No names, no notes."""
    where = []
    if case_ids is not None:
        where.append(PlanAlert.case_id.in_(
            case_ids.scalar_subquery() if isinstance(case_ids, Select) else list(case_ids)))
    if since is not None:
        where.append(PlanAlert.created_at >= clock.start_of_local_day(since))
    if until is not None:
        where.append(PlanAlert.created_at < clock.start_of_local_day(
            date.fromordinal(until.toordinal() + 1)))

    def count(*extra) -> int:
        return db.session.scalar(select(func.count(PlanAlert.id)).where(*where, *extra)) or 0

    return AlertCounts(total=count(), open=count(PlanAlert.handled_at.is_(None)),
                       with_review=count(PlanAlert.review_id.is_not(None)),
                       referrer_alerted=count(PlanAlert.referrer_alerted.is_(True)),
                       by_monitor=count(PlanAlert.reporter_role == "monitor"),
                       by_task=count(PlanAlert.reporter_role == "task"))
