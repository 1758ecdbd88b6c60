"""What the extractor finds, read the way ``flask translate extract`` reads it (babel.cfg).

Shared by the catalogue tests: the messages of one file, of the whole source, and what a
catalogue says for each."""

from __future__ import annotations

import os

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


@cache
def mapping() -> tuple[list, dict]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        return parse_mapping_cfg(fh, filename=str(ROOT / "babel.cfg"))


def method_and_options(relative: str) -> tuple[str, dict]:
    """The extraction method and options babel.cfg gives ``relative`` (a path from ROOT)."""
    from babel.util import pathmatch

    method_map, options_map = mapping()
    for pattern, method in method_map:
        if pathmatch(pattern, relative):
            return method, options_map.get(pattern, {})
    raise LookupError(f"babel.cfg has no method for {relative}")


def messages_of(relative: str) -> list[str | tuple[str, ...]]:
    """The msgids the extractor takes from one file, with babel.cfg's options."""
    method, options = method_and_options(relative)
    return [found[1] for found in extract_from_file(
        method, str(ROOT / relative), keywords=KEYWORDS, options=options)]


@cache
def extracted() -> dict[str | tuple[str, ...], set[str]]:
    """Every msgid of the source (as the .pot would hold it) with the files it is in."""
    method_map, options_map = mapping()
    found: dict = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS,
            # As ``flask translate extract`` (--ignore-dirs .*): Babel's default also skips
            # folders starting with "_", and templates/_macros holds strings.
            directory_filter=lambda path: not os.path.basename(path).startswith(".")):
        key = message if isinstance(message, str) else tuple(message)
        if isinstance(key, tuple) and len(key) == 1:
            key = key[0]
        if isinstance(key, tuple):  # ngettext: (singular, plural[, n]) → (singular, plural)
            key = key[:2]
        found.setdefault(key, set()).add(filename.replace("\\", "/"))
    return found


@cache
def catalogue(language: str) -> Catalog:
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=language)


def translated(language: str, msgid) -> bool:
    """Whether ``language`` has a non-empty, non-fuzzy translation of ``msgid``."""
    message = catalogue(language).get(msgid)
    if message is None or message.fuzzy:
        return False
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def source_files(folder: str, suffixes: tuple[str, ...]) -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / folder).rglob("*")
                  if path.suffix in suffixes and path.is_file())
