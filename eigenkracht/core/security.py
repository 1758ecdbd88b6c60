"""Security headers on every response, and the language a visitor picked."""

from __future__ import annotations

from flask import Flask, Response, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response: Response) -> Response:
    """A strict policy: no inline script, nothing from another host, no referrer."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


def remember_language_choice() -> None:
    """A ``?lang=`` in the address sticks for the rest of the visit."""
    from flask import current_app

    asked = request.args.get("lang")
    if asked and asked in current_app.config["LANGUAGES"]:
        session["lang"] = asked


def register(app: Flask) -> None:
    app.before_request(remember_language_choice)
    app.after_request(set_security_headers)
