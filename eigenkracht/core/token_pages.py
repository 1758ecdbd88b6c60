"""What the pages behind a personal link share (the family's page ``/p/<token>``, the
invitee's answer page ``/a/<token>``): no account, the reader's own language, and nothing
that lets the link leak or be indexed."""

from __future__ import annotations

from flask import current_app, request, url_for


def public_page(body: str, status: int = 200):
    """Search engines keep out; the link never leaks through a referrer (set globally too)."""
    return body, status, {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


def asked_language() -> str | None:
    """A family language asked for with ``?lang=``, else None."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["FAMILY_LANGUAGES"] else None


def browser_language() -> str | None:
    """The family language the phone prefers, if it has one of ours."""
    return request.accept_languages.best_match(current_app.config["FAMILY_LANGUAGES"])


def language_url(code: str) -> str:
    """This page in another language (``?lang=``)."""
    return url_for(request.endpoint or "core.home", **(request.view_args or {}), lang=code)
