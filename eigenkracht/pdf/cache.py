"""Keeping the PDF of a frozen plan version, so a repeat download is not made again.

Files under ``instance/pdf-cache`` (``PDF_CACHE_DIR``), one per version, document and
language; drafts are never kept. **The name is the content**: it holds the plan id, its
``row_version``, the document, the language and a fingerprint of ``CACHE_FORMAT``, the plan's
identity and a digest of every row the document is made of (``document_rows``, read in one
statement at each download), so a change by any path gives another name and the old file
is never served again (it is removed at the next write for that plan). ``forget_case`` and
``sweep`` remove what the database no longer holds. docs/pdf.md, "Kept PDFs", says more;
bump ``CACHE_FORMAT`` when the templates change.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import (
    Table,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    union,
    union_all,
)

from eigenkracht.extensions import db
from eigenkracht.ops.files import private_dir

log = logging.getLogger(__name__)

CACHE_FORMAT = 5

# Columns that change without changing a document: activity stamps and secrets.
IGNORED_COLUMNS = frozenset({"last_activity_at", "last_used_at", "token_hash", "code_hash",
                             "password_hash", "token_expires_at"})

_OURS = re.compile(r"(plan-.*|\.tmp-.*)\.pdf")  # what this module writes
_NAME = re.compile(r"^plan-(?P<plan>\d+)-r(?P<row>\d+)-(?P<kind>[A-Za-z0-9_]+)-"
                   r"(?P<lang>[A-Za-z_]+)-(?P<fingerprint>[0-9a-f]{16})\.pdf$")


def cache_dir() -> Path:
    """Where kept PDFs live: ``PDF_CACHE_DIR``, else ``<instance>/pdf-cache`` — except under
    test, which never writes into ``instance/`` (a folder of the test run's own)."""
    configured = current_app.config.get("PDF_CACHE_DIR")
    if configured:
        return Path(configured)
    if current_app.testing:
        return Path(tempfile.gettempdir()) / f"eigenkracht-pdf-cache-{os.getpid()}"
    return Path(current_app.instance_path) / "pdf-cache"


# --- what a document is made of ----------------------------------------------------------

def _tables(*names: str) -> list[Table]:
    return [db.metadata.tables[name] for name in names]


def document_rows() -> list[tuple[Table, list, Any]]:
    """(table, columns, which rows) of everything a plan's documents are made of: the case,
    its organisation's name and its staff's names, its people and ties, bottom lines,
    conferences and invitations, the plan with its actions and bottom lines, and the
    decisions on the case's plans (their history is printed), and the plan's signatures.
    The rows are those of the bound parameters ``case_id`` and ``plan_id``."""
    (cases, organisations, users, assignments, bottom_lines, people, ties, conferences, invitations,
     plans, actions, action_people, plan_lines, line_actions, decisions, signatures) = _tables(
        "cases", "organisations", "users", "case_assignments", "bottom_lines", "people",
        "relationships", "conferences", "invitations", "plans", "actions", "action_people",
        "plan_bottom_lines", "plan_bottom_line_actions", "plan_decisions",
        "plan_signatures")
    case_id, plan_id = bindparam("case_id"), bindparam("plan_id")
    of_case = select(conferences.c.id).where(conferences.c.case_id == case_id)
    of_plan = select(actions.c.id).where(actions.c.plan_id == plan_id)
    lines = select(plan_lines.c.id).where(plan_lines.c.plan_id == plan_id)
    staff = union(select(assignments.c.user_id).where(assignments.c.case_id == case_id),
                  select(conferences.c.coordinator_id).where(conferences.c.case_id == case_id),
                  select(plans.c.decided_by_id).where(plans.c.id == plan_id))
    organisation = select(cases.c.organisation_id).where(cases.c.id == case_id)

    def every(table: Table) -> list:
        return [c for c in table.c if c.name not in IGNORED_COLUMNS]

    return [
        (cases, every(cases), cases.c.id == case_id),
        (organisations, [organisations.c.id, organisations.c.name],
         organisations.c.id.in_(organisation)),
        (users, [users.c.id, users.c.name, users.c.email], users.c.id.in_(staff)),
        *[(table, every(table), table.c.case_id == case_id)
          for table in (assignments, bottom_lines, people, ties, conferences)],
        (invitations, every(invitations), invitations.c.conference_id.in_(of_case)),
        (plans, every(plans), plans.c.id == plan_id),
        (actions, every(actions), actions.c.plan_id == plan_id),
        (action_people, every(action_people), action_people.c.action_id.in_(of_plan)),
        (plan_lines, every(plan_lines), plan_lines.c.plan_id == plan_id),
        (line_actions, every(line_actions), line_actions.c.plan_bottom_line_id.in_(lines)),
        (decisions, every(decisions),
         decisions.c.plan_id.in_(select(plans.c.id).where(plans.c.case_id == case_id))),
        (signatures, every(signatures), signatures.c.plan_id == plan_id),
    ]


_SEPARATOR = literal_column("'\u241f'")  # between the values of one row
_NULL = literal_column("'\u2400'")  # stands for NULL


def _row_text(columns: list) -> Any:
    """One row as one text: its values cast to text, NULL marked, separated."""
    parts = [func.coalesce(cast(column, Text), _NULL) for column in columns]
    text = parts[0]
    for part in parts[1:]:
        text = text.concat(_SEPARATOR).concat(part)
    return text


def _content_statement() -> Any:
    """The one statement that reads ``document_rows`` as (table, row text), built once per
    app (building it costs more than running it)."""
    statement = current_app.extensions.get("pdf.content_statement")
    if statement is None:
        rows = union_all(*[
            select(literal_column(f"'{table.name}'").label("t"), _row_text(columns).label("v"))
            .where(where) for table, columns, where in document_rows()]).subquery()
        statement = select(rows.c.t, rows.c.v).order_by(rows.c.t, rows.c.v)
        current_app.extensions["pdf.content_statement"] = statement
    return statement


def content_digest(plan: Any) -> str:
    """A digest of every row ``plan``'s documents are made of (``document_rows``), read in
    one statement."""
    digest = hashlib.sha256()
    for name, text in db.session.execute(_content_statement(),
                                         {"case_id": plan.case_id, "plan_id": plan.id}):
        digest.update(f"{name}\0{text}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# --- names and files -----------------------------------------------------------------------

def cache_name(plan: Any, lang: str, kind: str = "plan", content: str = "") -> str | None:
    """The file name of ``plan``'s ``kind`` document in ``lang`` made from rows whose digest is
    ``content``; None for a draft, which may still change and is never kept."""
    if not plan.frozen:
        return None
    created = plan.created_at.isoformat() if plan.created_at else ""
    identity = f"{CACHE_FORMAT}|{plan.case_id}|{plan.id}|{plan.version}|{created}"
    fingerprint = hashlib.sha256(
        f"{identity}|{plan.row_version}|{kind}|{lang}|{content}".encode()).hexdigest()[:16]
    return f"plan-{plan.id}-r{plan.row_version}-{kind}-{lang}-{fingerprint}.pdf"


def kept_path(plan: Any, lang: str, kind: str = "plan") -> Path | None:
    """Where ``plan``'s ``kind`` document in ``lang``, made from its rows as they are now, is
    kept (the file may be missing); None for a draft."""
    name = cache_name(plan, lang, kind, content_digest(plan)) if plan.frozen else None
    return cache_dir() / name if name else None


def kept_file(plan: Any, lang: str, kind: str = "plan") -> tuple[Path, str] | None:
    """Where ``plan``'s ``kind`` document in ``lang`` is kept (the file may be missing), and
    an ETag for it, derived from its name (which changes with the content); None for a
    draft."""
    path = kept_path(plan, lang, kind)
    if path is None:
        return None
    return path, hashlib.sha256(path.name.encode()).hexdigest()[:32]


def cached_pdf(plan: Any, lang: str, render: Callable[[], bytes],
               kind: str = "plan") -> tuple[bytes, bool]:
    """The kept PDF of ``plan`` (and True), or ``render()``'s fresh one (and False), which
    is kept when the version is frozen. A cache that cannot be written only logs."""
    path = kept_path(plan, lang, kind)
    if path is None:
        return render(), False
    try:
        return path.read_bytes(), True
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("cannot read the kept PDF %s", path, exc_info=True)
    pdf = render()
    try:
        _store(path, pdf)
        content = content_digest(plan)
        if cache_name(plan, lang, kind, content) != path.name:  # the rows changed meanwhile
            path.unlink(missing_ok=True)
        _forget_stale(plan, path, content)
    except OSError:
        log.warning("cannot keep the PDF %s", path, exc_info=True)
    return pdf, False


def _store(path: Path, pdf: bytes) -> None:
    """Write atomically: a reader sees the whole file or none. The file is 0600 (``mkstemp``)
    in a folder made 0700: kept PDFs hold a family's plan."""
    private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _forget_stale(plan: Any, current: Path, content: str) -> None:
    """Remove the other files of ``plan`` that no longer match its rows (whose digest is
    ``content``): an earlier ``row_version``, or rows that changed since; and its files of
    the old layout."""
    for path in current.parent.glob(f"plan-{plan.id}-r*.pdf"):
        found = _NAME.match(path.name)
        if path != current and (found is None or path.name != cache_name(
                plan, found["lang"], found["kind"], content)):
            path.unlink(missing_ok=True)


def kept_files() -> list[Path]:
    """Every file this module keeps (for checks and tests)."""
    directory = cache_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and _OURS.fullmatch(p.name))


def forget_case(plan_ids: Iterable[int]) -> int:
    """Remove every kept PDF of these plans (all the plans of a case, whatever their
    status); how many files went. Erasure and purge call it."""
    directory = cache_dir()
    removed = 0
    for plan_id in plan_ids:
        for path in directory.glob(f"plan-{int(plan_id)}-r*.pdf"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep() -> int:
    """Remove every kept file that is no longer current: of a plan that is gone or is a
    draft again, or made from rows that changed since (also half-written files). Other
    things in the folder are left alone. How many files went."""
    from eigenkracht.plans.models import Plan

    removed = 0
    for path in kept_files():
        found = _NAME.match(path.name)
        plan = db.session.get(Plan, int(found["plan"])) if found else None
        if plan is None or not plan.frozen or path.name != cache_name(
                plan, found["lang"], found["kind"], content_digest(plan)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def clear(plan: Any = None) -> int:
    """Remove the kept PDFs of ``plan`` (all of them without a plan); how many went."""
    pattern = f"plan-{plan.id}-r*.pdf" if plan is not None else "plan-*.pdf"
    directory = cache_dir()
    removed = 0
    for path in directory.glob(pattern) if directory.is_dir() else ():
        path.unlink(missing_ok=True)
        removed += 1
    return removed
