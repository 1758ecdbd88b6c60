"""Answering a revisit with 304 Not Modified: ETags for pages drawn from data that rarely
changes (the network map, its picture).

Pages are sent with ``Cache-Control: no-store`` (``core.security``). A page that can be
revalidated is sent instead with ``private, no-cache`` and a weak ETag: the browser keeps
its copy (never a shared cache) and asks again each time with ``If-None-Match``; when the
tag still fits, the view answers 304 without loading or rendering anything. Access is
checked, and the view's audit event written, before the tag is compared: a 304 is a view of
the page like any other, and someone without access gets the 404 they always got.

A tag is a digest of everything the page depends on (``etag``). Beside the view's own data
(for the map: its version, ``network.versions``) a staff page depends on who asks and on the
session (``session_parts``): the user and the language; the session's CSRF secret, since
the kept copy carries a token signed for it; and the hour, so a kept copy is never older
than an hour when it is shown again (its CSRF token stays well within
``WTF_CSRF_TIME_LIMIT``). A page that shows a flashed message is never kept
(``revalidatable``), and a new release of the code, templates or translations makes every
tag new (``release``).
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Response, request, session
from flask_babel import get_locale
from flask_login import current_user

REVALIDATE = "private, no-cache"
SOURCES = Path(__file__).resolve().parent.parent  # eigenkracht/
ROOT = SOURCES.parent
KEPT_FOR_SECONDS = 3600


@lru_cache(maxsize=1)
def release() -> str:
    """A stamp of the code, templates and translations this process serves (their paths,
    sizes and modification times): the same in every worker of one release, new after an
    update."""
    digest = hashlib.sha256()
    for folder in (SOURCES, ROOT / "templates", ROOT / "translations"):
        for directory, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo", ".txt")):
                    path = os.path.join(directory, name)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue
                    digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def etag(*parts: Any) -> str:
    """A weak ETag's value for ``parts`` (plus the release): equal parts, equal tag."""
    text = "\x1f".join(map(str, (release(), *parts)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def session_parts() -> tuple[Any, ...]:
    """What every staff page depends on besides its data: who asks (their name and role are
    in the page's header), in which language, the session's CSRF secret and the hour."""
    user = current_user
    who = ((user.id, user.session_version, user.name, user.role, user.organisation_id,
            user.locale) if user.is_authenticated else ("anonymous",))
    return (*who, str(get_locale()), session.get("csrf_token", ""), request.full_path,
            int(time.time() // KEPT_FOR_SECONDS))


def revalidatable() -> bool:
    """A GET whose page may be kept: none that shows a flashed message (shown once)."""
    return request.method == "GET" and not session.get("_flashes")


def fits(tag: str) -> bool:
    """The browser's ``If-None-Match`` holds ``tag``."""
    return request.if_none_match.contains_weak(tag)


def not_modified(tag: str) -> Response:
    """304: the browser's copy is still the page."""
    return kept(Response(status=304), tag)


def kept(response: Response, tag: str) -> Response:
    """``response`` with its weak ETag, kept privately by the browser and revalidated."""
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = REVALIDATE
    return response
