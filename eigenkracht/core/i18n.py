"""Languages: which locale a request speaks, and the Babel set-up."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from eigenkracht.extensions import babel

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
FAMILY_LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية",
                         "pl": "Polski", "uk": "Українська", "fa": "فارسی", "so": "Soomaali",
                         "ti": "ትግርኛ"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The user's own preference, then ``?lang=``, then the session, then the browser."""
    languages = supported()
    if not has_request_context():  # CLI and background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    page_locale = g.get("page_locale")
    if page_locale in current_app.config["FAMILY_LANGUAGES"]:
        return page_locale
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    asked = request.args.get("lang", "")
    if asked in languages:
        return asked
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def use_family_language(code: str | None) -> str:
    """Family-facing pages and messages speak the family's language (nl, en, tr, ar, pl).

    Call before rendering; returns the language actually used.
    """
    from flask_babel import refresh

    languages = current_app.config["FAMILY_LANGUAGES"]
    chosen = code if code in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    g.page_locale = chosen
    refresh()
    return chosen


def written_language() -> str:
    """The language staff and families write a case's plan in (``WORKING_LANGUAGE``, the
    default language when unset: nl). A family page in Arabic marks that text with it, so a
    screen reader reads the Dutch plan with a Dutch voice (WCAG 3.1.2, language of parts)."""
    return current_app.config.get("WORKING_LANGUAGE") or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def isolate(text: object) -> Markup:
    """``text`` escaped in a ``<bdi>``: typed words (a name, an address, a Dutch sentence)
    inside a sentence of another direction keep their own order and punctuation."""
    return Markup("<bdi>%s</bdi>") % ("" if text is None else text)


FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate_plain(text: object) -> str:
    """For plain text (e-mails, text messages): ``text`` between Unicode isolates (FSI …
    PDI) when the reader's language runs right to left, so a Latin name, address or link in
    an Arabic sentence keeps its order. Left-to-right text is left as it is."""
    value = "" if text is None else str(text)
    if not value or text_direction() != "rtl":
        return value
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def text_direction() -> str:
    return "rtl" if str(get_locale()).split("_")[0] in RTL_LANGUAGES else "ltr"


def init_babel(app: Flask) -> None:
    from config import BASE_DIR as ROOT

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
