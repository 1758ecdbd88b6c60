"""Configuration classes, read from environment variables.

Pick one with ``FLASK_CONFIG`` (development, testing, production) or by passing its name
to ``create_app``. Production refuses to start without a real secret key and database.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused by production


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else is the default here, and
    ``validate`` refuses to start with it (``session_problem``)."""
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def _seconds(name: str, default: float) -> float:
    """A number of seconds from the environment; what is not a number is refused by
    ``pdf_timeout_problem`` (as NaN, which no comparison accepts)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return float(default)
    try:
        return float(value)
    except ValueError:
        return float("nan")


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'eigenkracht.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # Where every rate limit counts (login failures, guessed and wrong family codes, PDFs):
    # Redis shared by every process, or this process's memory (one process only: production
    # refuses it with several workers, see ``rate_limit_problem``).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Failed logins count per (account, address) and per address, never per account alone:
    # a stranger's failures pause the stranger, not the owner (docs/operations.md).
    LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = os.environ.get(
        "LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "10 per 15 minutes")
    LOGIN_FAILURES_PER_ADDRESS = os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "30 per 15 minutes")
    # A sign-in's session ends after this many minutes without a request, and this many hours
    # after the sign-in however busy it is (eigenkracht.auth.sessions).
    SESSION_IDLE_MINUTES = _whole_number("SESSION_IDLE_MINUTES", 30)
    SESSION_LIFETIME_HOURS = _whole_number("SESSION_LIFETIME_HOURS", 12)
    # The roles that must sign in with a second factor (authenticator app or security key)
    # in an organisation that has not chosen for itself (admin page "Second factor"):
    # comma-separated role values; empty asks no one. The demo organisation asks no one.
    SECOND_FACTOR_ROLES = os.environ.get("SECOND_FACTOR_ROLES",
                                         "admin,coordinator,jobcoach,referrer,privacy_officer")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25") or 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "eigenkracht@localhost")
    # Text messages (reminders): an HTTP SMS provider (eigenkracht/family/sms.py); empty
    # keeps every text in the outbox, as an e-mail is kept without MAIL_SERVER.
    SMS_PROVIDER_URL = os.environ.get("SMS_PROVIDER_URL", "")
    SMS_PROVIDER_TOKEN = os.environ.get("SMS_PROVIDER_TOKEN", "")
    SMS_SENDER = os.environ.get("SMS_SENDER", "Eigenkracht")
    # Every link that leaves the site (e-mails, letters, QR codes, calendar files) starts with
    # this, never with the host a request names (eigenkracht.core.links). Production needs it.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "") or "http://127.0.0.1:5000"

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam")
    LANGUAGES = ("nl", "en")  # the staff pages
    # pages, e-mails and PDFs for families (docs/translations.md)
    FAMILY_LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk", "fa", "so", "ti")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # The signed cookie is never accepted longer than its session may live on the server.
    PERMANENT_SESSION_LIFETIME = SESSION_LIFETIME_HOURS * 3600
    WTF_CSRF_TIME_LIMIT = SESSION_LIFETIME_HOURS * 3600
    # Strict-Transport-Security on every answer; empty sends none (development and tests are
    # served over http). Production: two years, subdomains included.
    STRICT_TRANSPORT_SECURITY = ""
    # Forms and the network CSV (1 MB); the case import raises its own limit
    # (eigenkracht.core.security.UPLOAD_LIMITS).
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # How many proxies / load balancers in front of the app set X-Forwarded-For/-Proto/-Host.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0") or 0)

    # werkzeug's method string for password and access-code hashes; empty: full-cost scrypt.
    PASSWORD_HASH_METHOD = ""

    # PDFs are made by the task consumer (eigenkracht/pdf/jobs.py); a download waits for
    # its PDF PDF_WAIT seconds, then answers "being prepared" (a page that asks again). The
    # wait must end before the web worker is killed (gunicorn's --timeout, declared as
    # WORKER_TIMEOUT), or the user gets a dropped connection instead of that page:
    # ``pdf_timeout_problem`` refuses to start otherwise (docs/pdf.md, "Timeouts").
    WORKER_TIMEOUT = _seconds("WORKER_TIMEOUT", 60)  # gunicorn's --timeout, in seconds
    PDF_WAIT = _seconds("PDF_WAIT", 20)  # seconds
    # A document queued longer ago than twice this (its consumer died) is queued again.
    PDF_RENDER_TIMEOUT = _seconds("PDF_RENDER_TIMEOUT", 45)  # seconds
    # A PDF nobody came back for is removed from the queue's store after this long.
    PDF_KEEP = _seconds("PDF_KEEP", 600)  # seconds

    # The task queue (Huey, eigenkracht/tasks): its storage, Huey's SQLite file under
    # instance/ by default (``make run``: one host); production sets TASKS_URL (or REDIS_URL)
    # to a Redis that every web worker and consumer shares. TASKS_IMMEDIATE runs each task
    # where it is enqueued (the test suite).
    TASKS_URL = (os.environ.get("TASKS_URL") or REDIS_URL
                 or f"sqlite:///{INSTANCE_DIR / 'tasks.sqlite'}")
    TASKS_IMMEDIATE = _bool("TASKS_IMMEDIATE")
    TASKS_WORKERS = _whole_number("TASKS_WORKERS", 2)  # threads per consumer
    # A consumer that takes an e-mail holds it this long (it must outlast the SMTP timeouts);
    # a message still held after that by a consumer that died is taken by another.
    MAIL_SEND_LEASE_SECONDS = _whole_number("MAIL_SEND_LEASE_SECONDS", 300)

    CASES_PER_PAGE = 25
    AUDIT_PER_PAGE = 50
    # Single sign-on: an issuer on http:// only on this machine (a test's or a developer's
    # own provider); production providers are https:// always.
    SSO_ALLOW_HTTP_LOOPBACK = os.environ.get("SSO_ALLOW_HTTP_LOOPBACK", "") == "1"
    # The privacy officer's review (audit/review.py): flags for unusual access.
    AUDIT_REVIEW_SCAN = int(os.environ.get("AUDIT_REVIEW_SCAN", "5000"))
    AUDIT_FLAG_OUTSIDE_CASELOAD = int(os.environ.get("AUDIT_FLAG_OUTSIDE_CASELOAD", "5"))
    AUDIT_NIGHT_STARTS = int(os.environ.get("AUDIT_NIGHT_STARTS", "22"))  # local hour
    AUDIT_NIGHT_ENDS = int(os.environ.get("AUDIT_NIGHT_ENDS", "6"))
    DEMO_PASSWORD = os.environ.get("EIGENKRACHT_DEMO_PASSWORD", "")

    TESTING = False
    DEBUG = False

    @classmethod
    def validate(cls) -> None:
        """Refuse to start with a configuration that cannot work."""
        problems = [problem for problem in (session_problem(),) if problem]
        timeout_problem = pdf_timeout_problem(cls.PDF_WAIT, cls.WORKER_TIMEOUT,
                                              cls.PDF_RENDER_TIMEOUT)
        if timeout_problem:
            problems.append(timeout_problem)
        if problems:
            raise RuntimeError("Refusing to start: " + "; ".join(problems))


class DevelopmentConfig(Config):
    """Local use: SQLite under instance/, helpful errors."""

    DEBUG = True


class TestingConfig(Config):
    """The test suite: a throwaway database, no CSRF surprises unless a test asks."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False
    # No second factor unless a test asks for one (tests/auth/test_second_factor*.py).
    SECOND_FACTOR_ROLES = ""
    MAIL_SERVER = ""
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"  # the test client's own host
    # scrypt at 1/32 of the cost (N=1024): hashing and checking passwords is most of the time
    # of tests that log in, make accounts or set access codes. Never outside tests.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 (a method, not a password)
    # Huey's immediate mode: a task enqueued after a commit runs at once, in the test.
    TASKS_URL = "memory://"
    TASKS_IMMEDIATE = True


class ProductionConfig(Config):
    """Real use: PostgreSQL, secure cookies, a secret key from the environment."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"

    @classmethod
    def validate(cls) -> None:
        problems = []
        secret = os.environ.get("SECRET_KEY", "")
        if len(secret) < 32 or secret == DEV_SECRET_KEY:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if not os.environ.get("DATABASE_URL"):
            problems.append("DATABASE_URL must point to the production database")
        base_url_problem = public_base_url_problem(os.environ.get("PUBLIC_BASE_URL", ""))
        if base_url_problem:
            problems.append(base_url_problem)
        problems.extend(problem for problem in (rate_limit_problem(), session_problem())
                        if problem)
        timeout_problem = pdf_timeout_problem(cls.PDF_WAIT, cls.WORKER_TIMEOUT,
                                              cls.PDF_RENDER_TIMEOUT)
        if timeout_problem:
            problems.append(timeout_problem)
        if problems:
            raise RuntimeError("Refusing to start: " + "; ".join(problems))


def public_base_url_problem(value: str) -> str:
    """Why ``value`` cannot be production's ``PUBLIC_BASE_URL`` (empty when it can): the
    site's own https address, which every link in an e-mail, letter or QR code starts with."""
    if not value:
        return ("PUBLIC_BASE_URL must be set to the site's public address "
                "(https://eigenkracht.example.nl): links in e-mails and letters use it")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment \
            or "@" in parts.netloc or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return ("PUBLIC_BASE_URL must be the site's https:// address, like "
                "https://eigenkracht.example.nl (no user, query or fragment)")
    return ""


def pdf_timeout_problem(wait: float, worker_timeout: float, render_timeout: float = 45) -> str:
    """Why a PDF that takes long would not end in a page (empty when it would): a download
    must stop waiting for the consumer (``PDF_WAIT``) before its web worker is killed
    (``WORKER_TIMEOUT``, gunicorn's ``--timeout``), with time left to answer."""
    if not (worker_timeout > 0):  # also NaN: not a number
        return "WORKER_TIMEOUT must be a number of seconds above 0 (gunicorn's --timeout)"
    if not (render_timeout > 0):
        return "PDF_RENDER_TIMEOUT must be a number of seconds above 0"
    if not (0 < wait < worker_timeout):
        return (f"PDF_WAIT ({wait:g} s) must be a number of seconds above 0 and below "
                f"WORKER_TIMEOUT ({worker_timeout:g} s, gunicorn's --timeout): a download "
                "must answer \"being prepared\" before its worker is killed")
    return ""


def rate_limit_problem() -> str:
    """Why production's rate limits would not hold (empty when they do): counters in each
    process's memory multiply every limit by the number of processes, so production needs
    ``REDIS_URL`` (or ``RATELIMIT_STORAGE_URI``) shared by all of them, unless it declares
    that it runs as one process with ``WEB_CONCURRENCY=1`` (gunicorn's number of workers)."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or ""
    if storage and not storage.startswith("memory://"):
        return ""
    if os.environ.get("WEB_CONCURRENCY", "") == "1":
        return ""
    return ("REDIS_URL must point to a Redis that every process shares (login throttling and "
            "the family links' limits count there), or WEB_CONCURRENCY=1 when the app runs as "
            "one gunicorn worker on one host")


def session_problem() -> str:
    """Why the session settings cannot work (empty when they can)."""
    for name in ("SESSION_IDLE_MINUTES", "SESSION_LIFETIME_HOURS"):
        value = os.environ.get(name, "")
        if value and (not value.isdigit() or int(value) < 1):
            return f"{name} must be a whole number of at least 1"
    return ""


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
