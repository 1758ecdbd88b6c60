"""Template filters and globals: dates and numbers through Babel, text direction."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from jinja2 import Undefined
from markupsafe import Markup

from eigenkracht.core.i18n import (
    FAMILY_LANGUAGE_NAMES,
    LANGUAGE_NAMES,
    isolate,
    isolate_plain,
    text_direction,
    written_language,
)
from eigenkracht.core.token_pages import language_url


def register(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = (
        lambda d, fmt="medium": format_datetime(d, fmt) if d else "")
    app.jinja_env.filters["number"] = lambda n: format_decimal(n)
    app.jinja_env.filters["isolate"] = isolate
    app.jinja_env.filters["isolate_plain"] = isolate_plain
    app.jinja_env.filters["without_id"] = without_id
    app.jinja_env.globals.update(
        get_locale=get_locale, text_direction=text_direction, LANGUAGE_NAMES=LANGUAGE_NAMES,
        FAMILY_LANGUAGE_NAMES=FAMILY_LANGUAGE_NAMES, language_url=language_url,
        written_language=written_language)
    app.jinja_env.add_extension("jinja2.ext.do")


def without_id(field) -> Markup | str:
    """A hidden field (the CSRF token) rendered without an ``id``: a page with several forms
    would otherwise repeat ``id="csrf_token"`` (WCAG 4.1.1). Nothing when the form has no
    such field (CSRF protection off)."""
    if field is None or isinstance(field, Undefined):
        return ""
    return field(id=False)
