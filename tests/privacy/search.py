"""Searching everything the app keeps for a person: every text column of every table (read
from the database itself, not from the models), every file under a folder, every PDF's text.

A value is searched as it is stored and as it decodes: JSON as text, base64 (the outbox
keeps attachments such as the ``.ics`` in base64) decoded, PDFs read with pypdf. Names are
compared without case and accents and as parts of words (stricter than erasure, which
replaces whole words); phone numbers by their digits.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import JSON, LargeBinary, MetaData, String, Text, select

from eigenkracht.extensions import db
from tests.privacy.conftest import folded, pdf_text

BASE64 = re.compile(r"[A-Za-z0-9+/\s]{16,}={0,2}")


@dataclass(frozen=True)
class Wanted:
    """What must not be found: words (names, addresses) and phone numbers (digits)."""

    words: tuple[str, ...]
    phones: tuple[str, ...] = field(default=())

    def found_in(self, text: str) -> list[str]:
        plain = folded(text)
        digits = re.sub(r"\D", "", text)
        return [w for w in self.words if folded(w) in plain] + \
            [p for p in self.phones if re.sub(r"\D", "", p) in digits]


def _decoded(text: str) -> str | None:
    if not BASE64.fullmatch(text.strip() or "-"):
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def readable(value) -> Iterator[str]:
    """Every text a stored value holds: itself, JSON as text, base64 decoded."""
    if value is None:
        return
    if isinstance(value, bytes | memoryview):
        yield bytes(value).decode("utf-8", "ignore")
    elif isinstance(value, str):
        yield value
        decoded = _decoded(value)
        if decoded is not None:
            yield decoded
            yield re.sub(r"\r?\n[ \t]", "", decoded)  # a calendar's folded lines, unfolded
        if value[:1] in "[{":
            try:
                yield from readable(json.loads(value))
            except ValueError:
                pass
    elif isinstance(value, dict | list):
        yield json.dumps(value, ensure_ascii=False)
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, str | dict | list):
                yield from readable(item)
    else:
        yield str(value)


def database_mentions(wanted: Wanted) -> list[str]:
    """``table.column: what was found`` for every text, JSON or binary column of every table
    of the database (reflected) that holds something ``wanted``."""
    metadata = MetaData()
    connection = db.session.connection()
    metadata.reflect(bind=connection)
    found = set()
    for table in metadata.sorted_tables:
        for column in table.c:
            if not isinstance(column.type, String | Text | JSON | LargeBinary):
                continue
            for value in connection.execute(select(column).where(column.is_not(None))).scalars():
                for text in readable(value):
                    for hit in wanted.found_in(text):
                        found.add(f"{table.name}.{column.name}: {hit}")
    return sorted(found)


def file_mentions(folder: Path, wanted: Wanted) -> list[str]:
    """``file: what was found`` for every file under ``folder`` (PDFs by their text too)."""
    found = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts = [data.decode("utf-8", "ignore"), data.decode("latin-1")]
        if data.startswith(b"%PDF"):
            texts.append(pdf_text(data))
        for text in texts:
            for hit in wanted.found_in(text):
                found.add(f"{path.relative_to(folder)}: {hit}")
    return sorted(found)


def page_mentions(client, paths: list[str], wanted: Wanted) -> list[str]:
    """``path: what was found`` for pages (and PDFs, and ZIPs of JSON and PDFs) as served."""
    import io
    import zipfile

    found = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        texts = []
        if response.data.startswith(b"%PDF"):
            texts.append(pdf_text(response.data))
        elif response.data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
                for name in archive.namelist():
                    member = archive.read(name)
                    texts.append(pdf_text(member) if member.startswith(b"%PDF")
                                 else member.decode("utf-8", "ignore"))
                    texts.extend(t for t in readable(member.decode("utf-8", "ignore")))
        else:
            texts.append(response.get_data(as_text=True))
        for text in texts:
            for hit in wanted.found_in(text):
                found.add(f"{path}: {hit}")
    return sorted(found)
