"""eigenkracht: a person's own network takes charge of their plan.

``create_app`` reads like a table of contents: configuration, extensions, blueprints,
error handlers, security headers and CLI commands, each a short step below.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import CONFIGS, INSTANCE_DIR
from eigenkracht.core.kernel import Eigenkracht

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the application for ``config_name`` (default: ``FLASK_CONFIG`` or development)."""
    config_name = config_name or os.environ.get("FLASK_CONFIG", "development")
    config_class = CONFIGS[config_name]
    config_class.validate()

    app = Eigenkracht(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=False,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    protect_files(app)
    trust_proxies(app)
    bound_integer_urls(app)

    register_extensions(app)
    register_rule_messages(app)
    register_blueprints(app)
    register_feature_links(app)
    register_error_handlers(app)
    register_request_hooks(app)
    register_cli(app)
    register_template_helpers(app)
    register_family(app)
    register_api(app)
    register_privacy(app)
    register_tasks(app)
    register_search(app)
    return app


def protect_files(app: Flask) -> None:
    """``instance/`` 0700, the SQLite file and what is kept beside it 0600 (personal data)."""
    from eigenkracht.ops.files import protect_instance

    protect_instance(app)


def trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_HOPS`` load balancers or proxies, take the client's address, scheme and
    host from their ``X-Forwarded-*`` headers (rate limits, audit, links need the real ones).
    Zero (the default) trusts no header: a client could forge it."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def bound_integer_urls(app: Flask) -> None:
    """``<int:…>`` in a route matches only ASCII digits naming what an id column can hold
    (``core.ids.MAX_ID``): a longer number is simply not found (404), never an "integer out
    of range" from PostgreSQL."""
    from werkzeug.routing import IntegerConverter

    from eigenkracht.core.ids import MAX_ID

    class DatabaseInteger(IntegerConverter):
        regex = r"[0-9]+"

        def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's name
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseInteger


def register_extensions(app: Flask) -> None:
    """Bind the extensions of ``extensions.py`` to this app."""
    from eigenkracht import models  # noqa: F401  (every table on the metadata)
    from eigenkracht.core.database import configure_engine_events, configure_session_events
    from eigenkracht.core.i18n import init_babel
    from eigenkracht.extensions import csrf, db, limiter, login_manager, migrate, oauth

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)
    configure_session_events()
    from eigenkracht.audit.chain import configure as configure_audit_chain

    configure_audit_chain()  # after the activity stamps: the chain's lock is taken last
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    init_babel(app)
    login_manager.init_app(app)
    oauth.init_app(app)  # single sign-on (sso/client.py)
    from eigenkracht.auth import session as _session  # noqa: F401  (user loader)


def register_rule_messages(app: Flask) -> None:
    """Each feature's words for its broken rules, looked up by ``core.rules.rule_message``."""
    from eigenkracht.cases import forms as cases
    from eigenkracht.conference import rules as conference
    from eigenkracht.core.rules import register_messages
    from eigenkracht.family import messages as family
    from eigenkracht.jobs import labels as jobs
    from eigenkracht.network import messages as network
    from eigenkracht.plans import messages as plans
    from eigenkracht.privacy import access_report
    from eigenkracht.referrers import forms as referrers
    from eigenkracht.sso import messages as sso

    register_messages(app, cases.RULE_MESSAGES, network.RULE_MESSAGES,
                      conference.RULE_MESSAGES, plans.RULE_MESSAGES, plans.LOCK_MESSAGES,
                      family.MESSAGES, jobs.RULE_MESSAGES, referrers.MESSAGES,
                      access_report.RULE_MESSAGES, sso.RULE_MESSAGES)


def register_blueprints(app: Flask) -> None:
    """Mount every feature's blueprint, after importing every module with routes on it.

    A feature with several route modules defines its blueprint in ``blueprint.py``; the
    modules are imported here, by name, and not by each other.
    """
    from eigenkracht.admin.views import bp as admin_bp
    from eigenkracht.audit.views import bp as audit_bp
    from eigenkracht.auth.factor_views import bp as factors_bp
    from eigenkracht.auth.factor_views import gate
    from eigenkracht.auth.views import bp as auth_bp
    from eigenkracht.cases.views import bp as cases_bp
    from eigenkracht.conference import (  # noqa: F401 (routes)
        calendar_views,
        day_views,
        invitation_views,
        register_views,  # noqa: F401 (routes)
    )
    from eigenkracht.conference import views as conference_views  # noqa: F401 (routes)
    from eigenkracht.conference.answer import bp as answer_bp
    from eigenkracht.conference.blueprint import bp as conference_bp
    from eigenkracht.conference.sending_views import bp as sending_bp
    from eigenkracht.core.views import bp as core_bp
    from eigenkracht.figures.views import bp as figures_bp
    from eigenkracht.jobs import caseload_views, contact_views  # noqa: F401 (routes)
    from eigenkracht.jobs import work_views  # noqa: F401 (routes: leads and placements)
    from eigenkracht.jobs import views as jobs_views  # noqa: F401 (routes)
    from eigenkracht.jobs.blueprint import bp as jobs_bp
    from eigenkracht.mail.views import bp as mail_bp
    from eigenkracht.network import entry_views, io_views, snapshot_views  # noqa: F401 (routes)
    from eigenkracht.network import views as network_views  # noqa: F401 (routes)
    from eigenkracht.network.blueprint import bp as network_bp
    from eigenkracht.pdf.views import bp as pdf_bp
    from eigenkracht.plans import action_views, decision_views  # noqa: F401 (routes)
    from eigenkracht.plans import alert_views, life_views  # noqa: F401 (routes)
    from eigenkracht.plans import views as plan_views  # noqa: F401 (routes)
    from eigenkracht.plans.blueprint import bp as plans_bp
    from eigenkracht.search.views import bp as search_bp

    from eigenkracht.audit.overview_views import bp as who_looked_bp
    from eigenkracht.audit.review_views import bp as access_log_bp
    from eigenkracht.sso.views import bp as sso_bp

    for blueprint in (core_bp, auth_bp, factors_bp, cases_bp, admin_bp, audit_bp, access_log_bp,
                      network_bp, conference_bp, answer_bp, sending_bp, mail_bp, pdf_bp, jobs_bp,
                      plans_bp, sso_bp, who_looked_bp, figures_bp, search_bp):
        app.register_blueprint(blueprint)
    # After the audit actor is bound (auth's hook): a sign-in that owes its second factor
    # reaches nothing else (eigenkracht.auth.factor_views.gate).
    app.before_request(gate)


def register_feature_links(app: Flask) -> None:
    """Where one feature asks others, in a fixed order: who uses a person of the map (the
    network refuses to remove them), which reviews are due and which decisions wait (the
    to-do list, the case list), and the parts of ``flask demo``. Registered here, never by
    importing a module."""
    from eigenkracht.audit.demo import add_access_log
    from eigenkracht.cases.services import CASE_MARKS
    from eigenkracht.conference.calendar import CALENDAR_SOURCES
    from eigenkracht.conference.demo import add_conferences
    from eigenkracht.conference.invitations import invited_to
    from eigenkracht.conference.todo import (
        ALERT_CHECKS,
        DECISION_CHECKS,
        REVIEW_CHECKS,
        TODO_SECTIONS,
    )
    from eigenkracht.demo import DEMO_PARTS
    from eigenkracht.figures.demo import add_figures_year
    from eigenkracht.jobs.day import calendar_events, todo_section
    from eigenkracht.jobs.demo import add_jobseeker_history
    from eigenkracht.jobs.demo_caseload import add_caseload
    from eigenkracht.network.demo import add_network_maps
    from eigenkracht.network.services import USAGE_CHECKS
    from eigenkracht.plans.actions import person_uses
    from eigenkracht.plans.alerts import alerts_waiting
    from eigenkracht.plans.demo import add_demo_plan
    from eigenkracht.plans.followup import plan_reviews
    from eigenkracht.plans.referrer import decisions_waiting, waiting_cases

    app.extensions[USAGE_CHECKS] = (invited_to, person_uses)
    app.extensions[REVIEW_CHECKS] = (plan_reviews,)
    # The referrer knows: plans waiting for their decision (to-do list, case list).
    app.extensions[DECISION_CHECKS] = (decisions_waiting,)
    # "This is not working" from the family page: open alerts on the coordinator's list.
    app.extensions[ALERT_CHECKS] = (alerts_waiting,)
    app.extensions[CASE_MARKS] = (waiting_cases,)
    # The job coach's day: follow-ups on the to-do page and in the calendar feed.
    app.extensions[TODO_SECTIONS] = (todo_section,)
    app.extensions[CALENDAR_SOURCES] = (calendar_events,)
    # The conferences after the maps: they invite the maps' people.
    # The access log last: it shows the use of what the others made.
    app.extensions[DEMO_PARTS] = (add_network_maps, add_jobseeker_history, add_caseload,
                                  add_demo_plan, add_conferences, add_figures_year,
                                  add_access_log)


def register_error_handlers(app: Flask) -> None:
    """HTML error pages for people, JSON for API clients; refusals answered in one way."""
    from eigenkracht.core.errors import register
    from eigenkracht.core.kernel import register as register_refusals

    register(app)
    register_refusals(app)


def register_request_hooks(app: Flask) -> None:
    """Security headers and the audit context of each request."""
    from eigenkracht.core.security import register

    register(app)


def register_cli(app: Flask) -> None:
    """``flask demo``, ``flask users``, ``flask translate``."""
    from eigenkracht.cli import register

    register(app)

    from eigenkracht.pdf.cli import register as register_pdf_cli

    register_pdf_cli(app)

    from eigenkracht.jobs.cli import snapshots_cli

    app.cli.add_command(snapshots_cli)

    from eigenkracht.audit.cli import audit_cli

    app.cli.add_command(audit_cli)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share."""
    from eigenkracht.core.templating import register

    register(app)


def register_api(app: Flask) -> None:
    """The JSON API (token-authenticated, the only CSRF exemption) and its pages."""
    from eigenkracht.api import conference_views, invitation_views, map_views, snapshot_views  # noqa: F401 (routes)
    from eigenkracht.api import figures_views  # noqa: F401 (routes)
    from eigenkracht.api import views as case_views  # noqa: F401 (routes)
    from eigenkracht.api.blueprint import bp as api_bp
    from eigenkracht.api.cli import api_tokens_cli
    from eigenkracht.api.token_views import bp as api_tokens_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(api_tokens_bp)
    app.cli.add_command(api_tokens_cli)


def register_family(app: Flask) -> None:
    """Personal links: the family's own page (``/p/<token>``), its staff pages and CLI."""
    from eigenkracht.family import plan_life  # noqa: F401 (routes on the family page)
    from eigenkracht.evaluation.views import bp as evaluation_bp
    from eigenkracht.family import aftercare_views  # noqa: F401 (routes on family_bp)
    from eigenkracht.family.cli import links_cli
    from eigenkracht.family.public import bp as family_bp
    from eigenkracht.family.views import bp as links_bp

    app.register_blueprint(family_bp)
    app.register_blueprint(evaluation_bp)  # the questionnaire's summary (issue 20)
    app.register_blueprint(links_bp)
    app.cli.add_command(links_cli)
    register_referrers(app)


def register_referrers(app: Flask) -> None:
    """The referrer's personal link (``/r/<token>``) and its staff routes."""
    from eigenkracht.referrers.views import bp as referrers_bp
    from eigenkracht.referrers.views import staff_bp as referrer_links_bp

    app.register_blueprint(referrers_bp)
    app.register_blueprint(referrer_links_bp)


def register_search(app: Flask) -> None:
    """The search index follows every flush of cases and people (``search.index``)."""
    from eigenkracht.search.cli import search_cli
    from eigenkracht.search.index import configure

    configure()
    app.cli.add_command(search_cli)


def register_tasks(app: Flask) -> None:
    """The task queue (Huey) and every task and schedule, by name, in a fixed order; the web
    process and ``flask tasks consume`` build the same list (``eigenkracht/tasks``)."""
    from eigenkracht.cases.tasks import follow_conference_days
    from eigenkracht.conference.sending import settle_message
    from eigenkracht.family.reminders import send_reminders, send_reminders_at
    from eigenkracht.jobs.day import DIGEST_HOUR, morning_digests, send_digest
    from eigenkracht.jobs.tasks import monthly_snapshots
    from eigenkracht.mail.delivery import OUTCOME_HOOKS, deliver_message, retry_due
    from eigenkracht.pdf.jobs import TASK, render_task
    from eigenkracht.privacy.tasks import purge_past_retention
    from eigenkracht.tasks import Schedule, init_tasks
    from eigenkracht.tasks.cli import tasks_cli

    tasks = init_tasks(app)
    tasks.task(deliver_message, name="mail.deliver")
    # Every minute, and when a consumer starts: retries that fell due, enqueues lost when the
    # queue was down at the commit, sends whose consumer died (their lease ran out).
    tasks.periodic(retry_due, Schedule(), name="mail.retry_due")
    tasks.on_consumer_start(retry_due)
    app.extensions[OUTCOME_HOOKS] = (settle_message,)  # an invitation follows its e-mail
    # Daily: each run does only what is not done yet (a case has one automatic snapshot a
    # month), so a consumer that was down on the 1st catches up the next night.
    tasks.periodic(monthly_snapshots, Schedule(minute="15", hour="3"),
                   name="jobs.monthly_snapshots")
    # Every morning at seven: the e-mail of follow-ups due, to each job coach who asked.
    tasks.periodic(morning_digests, Schedule(minute="0", hour=DIGEST_HOUR),
                   name="jobs.morning_digests")
    tasks.task(send_digest, name="jobs.digest")
    tasks.periodic(purge_past_retention, Schedule(minute="30", hour="2"), name="privacy.purge")
    # Just after midnight: the cases whose conference is today are "in conference".
    tasks.periodic(follow_conference_days, Schedule(minute="5", hour="0"),
                   name="cases.conference_days")
    tasks.task(render_task, name=TASK)  # PDFs: WeasyPrint runs only in the consumer
    # Every five minutes: the reminders whose time has come (family/reminders.py); each is
    # sent once (reminders_sent), so a run that comes late or twice sends nothing twice.
    tasks.periodic(send_reminders, Schedule(minute="*/5"), name="family.reminders")
    tasks.task(send_reminders_at, name="family.reminders_at")
    app.cli.add_command(tasks_cli)


def register_privacy(app: Flask) -> None:
    """Data rights: ``flask purge``, erasing a person, case export and import."""
    from eigenkracht.privacy.cli import purge_command
    from eigenkracht.privacy.views import bp as privacy_bp

    app.register_blueprint(privacy_bp)
    app.cli.add_command(purge_command)
