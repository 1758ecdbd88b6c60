"""Security headers on every response, the size of what a request may send, and the
language a visitor picked."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request, session

# Routes that take uploads larger than MAX_CONTENT_LENGTH (2 MB, enough for every form and
# the 1 MB network CSV): the case import reads a ZIP of up to 50 MB
# (eigenkracht.privacy.importing.MAX_BYTES), plus room for the multipart envelope.
UPLOAD_LIMITS = {"privacy.import_page": 51 * 1024 * 1024}

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
    """A strict policy: no inline script, nothing from another host, no referrer; HSTS in
    production."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    # Production (config ``STRICT_TRANSPORT_SECURITY``): browsers come back over https only,
    # also when the address is typed without it. Sent on every answer, also behind a
    # balancer that ended TLS (browsers ignore it over http).
    hsts = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if hsts:
        headers.setdefault("Strict-Transport-Security", hsts)
    return response


def refuse_oversized_bodies() -> None:
    """413 before any work when the announced body is larger than this route accepts, also
    for routes that never read their body (a body without a length is cut off on reading)."""
    limit = UPLOAD_LIMITS.get(request.endpoint or "")
    if limit is not None:
        request.max_content_length = limit
    allowed = request.max_content_length
    if allowed is not None and (request.content_length or 0) > allowed:
        abort(413)


def remember_language_choice() -> None:
    """A ``?lang=`` in the address sticks for the rest of the visit."""
    asked = request.args.get("lang")
    if asked and asked in current_app.config["LANGUAGES"] and session.get("lang") != asked:
        session["lang"] = asked  # only when it changes: else the cookie is signed anew


def register(app: Flask) -> None:
    # First of all hooks: CSRF protection reads the form before any hook registered later.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_bodies)
    app.before_request(remember_language_choice)
    app.after_request(set_security_headers)
