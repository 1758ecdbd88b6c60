"""The load benchmark's second baseline (not a benchmark itself): *a lean page with the case
page's obligations* (issue 15, point 8), served by the same gunicorn settings as the app.

A small Flask app of its own, on the same stack as the app (Flask-Login, Flask-SQLAlchemy on
psycopg, Flask-Babel, Jinja) and on the same database the benchmark seeded, so that both
read the same rows. ``GET /cases/<reference>``, per request:

1. loads the session user: Flask-Login reads the signed session cookie the app's login set
   (same ``SECRET_KEY``, identity ``id:session_version``, ``session_protection="strong"``)
   and reads the user's row;
2. looks the case up through an access-checked query: the user's organisation, and for
   anyone but an admin an assignment to the case (``cases/access.py``'s ``visible_cases``);
3. reads the case's people, its conferences and the actions of its plans (three queries);
4. writes one audit row (``audit_events``, every column the app's ``record`` fills) and
   commits;
5. renders a Jinja page (``_lean_templates/``) with the case, its people, conferences and
   actions, dates and times formatted by Flask-Babel (Dutch, Europe/Amsterdam) and labels
   through gettext, padded with fixed text to ``BENCH_PAGE_BYTES`` (the size of the app's
   case page) so both send the same number of bytes.

Nothing else: no CSRF token, no security headers, no context processors, no
per-feature summaries. The ORM models below map only the columns this page reads or writes.

Configuration from the environment: ``DATABASE_URL`` and ``SECRET_KEY`` (the app's),
``BENCH_PAGE_BYTES``. Run by ``benchmarks/load.py`` as ``gunicorn _lean_app:app``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Flask, abort, render_template, request
from flask_babel import Babel, format_date, format_datetime
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from markupsafe import Markup
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROOT = Path(__file__).resolve().parent.parent
PAGE_BYTES = max(2000, int(os.environ.get("BENCH_PAGE_BYTES", "12000") or 12000))


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
babel = Babel()


# --- the app's tables, only the columns used here ------------------------------------------

class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int]
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool]
    session_version: Mapped[int]

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int]
    reference: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    client_first_name: Mapped[str] = mapped_column(String(100))
    client_last_name: Mapped[str] = mapped_column(String(100))
    client_birth_date: Mapped[date | None]
    central_question: Mapped[str] = mapped_column(Text)
    concerns: Mapped[str] = mapped_column(Text)
    consent_client_on: Mapped[date | None]
    consent_parents_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @property
    def client_name(self) -> str:
        return f"{self.client_first_name} {self.client_last_name}".strip()


class CaseAssignment(db.Model):
    __tablename__ = "case_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(20))


class Person(db.Model):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    is_client: Mapped[bool]
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100))
    sector: Mapped[str] = mapped_column(String(20))
    ring: Mapped[int]


class Conference(db.Model):
    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int]
    venue_address: Mapped[str] = mapped_column(String(300))


class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))


class Action(db.Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    position: Mapped[int]
    what: Mapped[str] = mapped_column(Text)
    when_date: Mapped[date | None]
    when_text: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    organisation_id: Mapped[int | None]
    actor_id: Mapped[int | None]
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[int | None]
    case_reference: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))


# --- the page -------------------------------------------------------------------------------

_PAD_LINE = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n"
_padding: list[Markup] = []  # per worker: the fixed text that brings the page to PAGE_BYTES


def _pad_to(size: int) -> Markup:
    return Markup((_PAD_LINE * (size // len(_PAD_LINE) + 1))[:max(0, size)])  # noqa: S704


def create_app() -> Flask:
    app = Flask(__name__, template_folder="_lean_templates")
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},  # as the app's config.py
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
    )
    db.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=_locale,
                   default_translation_directories=str(ROOT / "translations"))
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = (
        lambda d, fmt="medium": format_datetime(d, fmt) if d else "")
    app.add_url_rule("/healthz", "healthz", lambda: "ok")
    app.add_url_rule("/cases/<reference>", "case_page", case_page)
    return app


def _locale() -> str:
    if getattr(current_user, "is_authenticated", False) and current_user.locale in ("nl", "en"):
        return current_user.locale
    return "nl"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    user_id, _sep, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def visible_case(user: User, reference: str) -> Case | None:
    """The case with ``reference`` if ``user`` may see it: own organisation, and assigned
    unless an admin (referrers only through a referrer assignment)."""
    query = select(Case).where(Case.organisation_id == user.organisation_id,
                               Case.reference == reference)
    if user.role != "admin":
        assigned = select(CaseAssignment.case_id).where(CaseAssignment.user_id == user.id)
        if user.role == "referrer":
            assigned = assigned.where(CaseAssignment.role == "referrer")
        query = query.where(Case.id.in_(assigned))
    return db.session.scalar(query)


@login_required
def case_page(reference: str):
    reference = reference.strip().upper()
    if len(reference) > 20:
        abort(404)
    case = visible_case(current_user, reference)
    if case is None:
        abort(404)
    people = db.session.scalars(select(Person).where(Person.case_id == case.id)
                                .order_by(Person.ring, Person.name)).all()
    conferences = db.session.scalars(select(Conference).where(Conference.case_id == case.id)
                                     .order_by(Conference.starts_at)).all()
    actions = db.session.scalars(select(Action).join(Plan, Action.plan_id == Plan.id)
                                 .where(Plan.case_id == case.id)
                                 .order_by(Plan.version, Action.position)).all()
    user = current_user
    db.session.add(AuditEvent(
        created_at=datetime.now(UTC), organisation_id=case.organisation_id, actor_id=user.id,
        actor_label=user.email, action="view", object_type="case", object_id=str(case.id),
        case_id=case.id, case_reference=case.reference, summary=case.reference, details={},
        ip_address=request.remote_addr))
    db.session.commit()
    context = {"case": case, "people": people, "conferences": conferences,
               "actions": actions, "locale": _locale()}
    if not _padding:  # the first page of this worker: measure it once, pad the rest
        bare = render_template("case.html", padding="", **context)
        _padding.append(_pad_to(PAGE_BYTES - len(bare.encode("utf-8"))))
    return render_template("case.html", padding=_padding[0], **context)


app = create_app()
