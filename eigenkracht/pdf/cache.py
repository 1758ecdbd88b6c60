"""Keeping the PDF of a frozen plan version, so a repeat download is not made again.

An accepted (or superseded) version never changes, so its documents are rendered once per
language and kept as files under ``instance/pdf-cache`` (``PDF_CACHE_DIR`` to move them).
Files rather than a table: nothing to migrate, nothing large in the database, and a lost
file is simply made again. Each host of a multi-host set-up keeps its own copies.

A file's name holds the plan id, its ``row_version``, the kind of document and the
language, plus a fingerprint of the plan's identity (case, creation time) and of
``CACHE_FORMAT``. A plan whose row changes gets a new ``row_version``, so the old file is
never served again (and is removed on the next write); a draft is never kept. Bump
``CACHE_FORMAT`` when the documents' templates change, to have every PDF made afresh.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)

CACHE_FORMAT = 4


def cache_dir() -> Path:
    """Where kept PDFs live: ``PDF_CACHE_DIR``, else ``<instance>/pdf-cache`` — except under
    test, which never writes into ``instance/`` (a folder of the test run's own)."""
    configured = current_app.config.get("PDF_CACHE_DIR")
    if configured:
        return Path(configured)
    if current_app.testing:
        return Path(tempfile.gettempdir()) / f"eigenkracht-pdf-cache-{os.getpid()}"
    return Path(current_app.instance_path) / "pdf-cache"


def cache_name(plan: Any, lang: str, kind: str = "plan") -> str | None:
    """The file name of ``plan``'s ``kind`` document in ``lang``; None for a draft, which
    may still change and is never kept."""
    if not plan.frozen:
        return None
    created = plan.created_at.isoformat() if plan.created_at else ""
    identity = f"{CACHE_FORMAT}|{plan.case_id}|{plan.id}|{plan.version}|{created}"
    fingerprint = hashlib.sha256(
        f"{identity}|{plan.row_version}|{kind}|{lang}".encode()).hexdigest()[:16]
    return f"plan-{plan.id}-r{plan.row_version}-{kind}-{lang}-{fingerprint}.pdf"


def cached_pdf(plan: Any, lang: str, render: Callable[[], bytes],
               kind: str = "plan") -> tuple[bytes, bool]:
    """The kept PDF of ``plan`` (and True), or ``render()``'s fresh one (and False), which
    is kept when the version is frozen. A cache that cannot be written only logs."""
    name = cache_name(plan, lang, kind)
    if name is None:
        return render(), False
    path = cache_dir() / name
    try:
        return path.read_bytes(), True
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("cannot read the kept PDF %s", path, exc_info=True)
    pdf = render()
    try:
        _store(path, pdf)
        _forget_older(plan)
    except OSError:
        log.warning("cannot keep the PDF %s", path, exc_info=True)
    return pdf, False


def _store(path: Path, pdf: bytes) -> None:
    """Write atomically: a reader sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _forget_older(plan: Any) -> None:
    """Remove the files of ``plan`` kept for an earlier ``row_version``."""
    current = f"plan-{plan.id}-r{plan.row_version}-"
    for path in cache_dir().glob(f"plan-{plan.id}-r*.pdf"):
        if not path.name.startswith(current):
            path.unlink(missing_ok=True)


def clear(plan: Any = None) -> int:
    """Remove the kept PDFs of ``plan`` (all of them without a plan); how many went."""
    directory = cache_dir()
    pattern = f"plan-{plan.id}-r*.pdf" if plan is not None else "plan-*.pdf"
    removed = 0
    for path in directory.glob(pattern) if directory.is_dir() else ():
        path.unlink(missing_ok=True)
        removed += 1
    return removed
