"""Reading a case export ZIP within fixed bounds, before and while anything is unpacked.

A hostile file may not cost more than a real export does. Before the ZIP is parsed, its end
record is read: at most ``MAX_MEMBERS`` files and a directory of at most
``MAX_DIRECTORY_BYTES`` (no ZIP64). Each JSON file is checked against its unpacked size in
the directory and again while it is unpacked (``MAX_MEMBER_BYTES`` each, ``MAX_JSON_BYTES``
together), so a file whose directory lies stops at the limit too. Before a file is parsed its
brackets are counted: at most ``MAX_CONTAINERS`` objects and lists, nested at most
``MAX_DEPTH`` deep. Files that are not read (the plan PDFs, tables that are not imported) are
never unpacked.

Every refusal is an ``ImportRefused`` whose ``message`` tells the person who uploaded the file
what is wrong, in their language; nothing is imported then.
"""

from __future__ import annotations

import io
import json
import lzma
import re
import struct
import unicodedata
import zipfile
import zlib
from typing import Any

from flask_babel import lazy_gettext as _l

MAX_BYTES = 50 * 1024 * 1024  # the uploaded ZIP itself
MAX_MEMBERS = 1000  # files in the ZIP: the tables, and a PDF per plan version
MAX_DIRECTORY_BYTES = 256 * 1024
MAX_MEMBER_BYTES = 8 * 1024 * 1024  # one JSON file, unpacked
MAX_JSON_BYTES = 32 * 1024 * 1024  # every JSON file read, unpacked, together
MAX_CONTAINERS = 200_000  # JSON objects and lists in one file
MAX_DEPTH = 6  # rows › row › snapshot data › people › person › support
CHUNK = 64 * 1024

MESSAGES: dict[str, Any] = {
    "unreadable": _l("This file is not a case export that can be read."),
    "too_many_files": _l("The ZIP file holds too many files: a case export holds at most "
                         "%(limit)s."),
    "duplicate_file": _l("The ZIP file holds %(file)s more than once."),
    "missing_file": _l("The export lacks the file %(file)s."),
    "file_too_large": _l("%(file)s is too large when unpacked: at most %(limit)s MB."),
    "too_large_total": _l("The files of the export are too large together when unpacked: at "
                          "most %(limit)s MB."),
    "too_many_values": _l("%(file)s holds too many values: at most %(limit)s objects and "
                          "lists."),
    "too_deep": _l("%(file)s is nested too deeply: at most %(limit)s levels."),
    "not_json": _l("%(file)s is not valid JSON."),
    "manifest": _l("manifest.json is not the manifest of a case export."),
    "version": _l("This export has format version %(version)s; this installation reads "
                  "version %(supported)s."),
    "unknown_table": _l("The export holds a table that cannot be imported: %(table)s."),
    "too_many_rows": _l("The export holds more than %(limit)s rows in %(table)s."),
    "count_mismatch": _l("The manifest announces %(expected)s rows in %(table)s, but the "
                         "file holds %(count)s."),
    "not_rows": _l("%(table)s must hold a list of rows."),
    "not_case": _l("case.json must hold the case as one JSON object."),
    "not_row": _l("Row %(row)s of %(table)s is not a row (a JSON object)."),
    "unknown_column": _l("Row %(row)s of %(table)s has a column that cannot be imported: "
                         "%(column)s."),
    "value": _l("Row %(row)s of %(table)s: %(column)s %(problem)s."),
    "rule": _l("Row %(row)s of %(table)s, %(column)s: %(message)s"),
    "two_clients": _l("The export has more than one client on the network map."),
    "conflict": _l("The rows of the export contradict each other, so the case could not be "
                   "imported."),
}

# What is wrong with one value: the ``problem`` of the "value" message.
PROBLEMS: dict[str, Any] = {
    "missing": _l("is missing"),
    "required": _l("may not be empty"),
    "not_whole_number": _l("is not a whole number"),
    "out_of_range": _l("is outside the allowed range"),
    "not_yes_no": _l("is not true or false"),
    "not_text": _l("is not text"),
    "too_long": _l("is longer than %(limit)s characters"),
    "control_characters": _l("contains invisible control characters"),
    "not_choice": _l("is not one of the allowed values"),
    "not_date": _l("is not a date (YYYY-MM-DD)"),
    "not_moment": _l("is not a date and time with a time zone"),
    "date_range": _l("is not between %(first)s and %(last)s"),
    "bad_shape": _l("does not have the form this application stores"),
    "outside_case": _l("refers to a row that is not in this export"),
    "duplicate": _l("repeats a value of another row"),
    "self_reference": _l("refers to its own row or to a later one"),
}

SHOWN = 80  # characters of a name from the file shown in a message


class ImportRefused(ValueError):
    """The file is not a case export this installation can import; ``message`` says why."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def message(self) -> str:
        """What is wrong, in the request's language."""
        values = {key: value if key == "message" else _shown(value)
                  for key, value in self.params.items()}
        if self.code == "value":
            problem = PROBLEMS[values.pop("problem")]
            extra = {key: values.pop(key) for key in ("limit", "first", "last") if key in values}
            values["problem"] = str(problem % extra) if extra else str(problem)
        text = MESSAGES[self.code]
        return str(text % values) if values else str(text)


def _shown(value: Any) -> Any:
    """A name or value from the file as a message shows it: short, every invisible or
    direction-changing character as "?", and an empty one as ``""``."""
    if isinstance(value, int):
        return value
    text = str(value)[:SHOWN + 1]
    text = "".join("?" if unicodedata.category(char)[0] == "C" else char for char in text)
    if not text:
        return '""'
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


# --- the ZIP's directory ------------------------------------------------------------------

_END = b"PK\x05\x06"
_END_SIZE = 22
_END64_LOCATOR = b"PK\x06\x07"
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               OSError, EOFError, zlib.error, lzma.LZMAError, struct.error)


def check_directory(data: bytes) -> None:
    """Refuse a ZIP whose directory is too large, before ``zipfile`` reads it.

    The end record is found as ``zipfile`` finds it (at the very end, else the last one in
    the final 64 kB); a ZIP64 end record is refused, as no export needs one.
    """
    if len(data) < _END_SIZE:
        raise ImportRefused("unreadable")
    if data[-_END_SIZE:-_END_SIZE + 4] == _END and data[-2:] == b"\0\0":
        at = len(data) - _END_SIZE
    else:
        at = data.rfind(_END, max(0, len(data) - _END_SIZE - 0xFFFF))
        if at < 0 or len(data) - at < _END_SIZE:
            raise ImportRefused("unreadable")
    if at >= 20 and data[at - 20:at - 16] == _END64_LOCATOR:
        raise ImportRefused("too_many_files", limit=MAX_MEMBERS)
    entries, size = struct.unpack("<HI", data[at + 10:at + 16])
    if entries > MAX_MEMBERS or size > MAX_DIRECTORY_BYTES:
        raise ImportRefused("too_many_files", limit=MAX_MEMBERS)


# --- the JSON files -----------------------------------------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_PAIR = re.compile(rb"\[\]|\{\}")


def check_shape(raw: bytes, name: str) -> None:
    """Refuse ``raw`` with too many objects and lists, or nested too deeply, unparsed.

    Strings are taken out, then only the brackets are kept; each pass takes away the
    innermost pairs, so what is left after ``MAX_DEPTH`` passes is nested deeper.
    """
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    if len(brackets) > 2 * MAX_CONTAINERS:
        raise ImportRefused("too_many_values", file=name, limit=MAX_CONTAINERS)
    for _ in range(MAX_DEPTH):
        brackets = _PAIR.sub(b"", brackets)
    if brackets:
        balanced = (brackets.count(b"[") == brackets.count(b"]")
                    and brackets.count(b"{") == brackets.count(b"}"))
        if balanced:
            raise ImportRefused("too_deep", file=name, limit=MAX_DEPTH)
        raise ImportRefused("not_json", file=name)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse(raw: bytes, name: str) -> Any:
    """``raw`` checked with ``check_shape``, then parsed (strict UTF-8, no NaN or Infinity)."""
    check_shape(raw, name)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise ImportRefused("not_json", file=name) from error


class Archive:
    """The files of an uploaded ZIP, each read at most once and within the limits."""

    def __init__(self, data: bytes):
        check_directory(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except _UNREADABLE as error:
            raise ImportRefused("unreadable") from error
        if len(members) > MAX_MEMBERS:
            raise ImportRefused("too_many_files", limit=MAX_MEMBERS)
        self.members: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            if member.filename in self.members:
                raise ImportRefused("duplicate_file", file=member.filename)
            self.members[member.filename] = member
        self.unpacked = 0

    def names(self) -> list[str]:
        return list(self.members)

    def json(self, name: str) -> Any:
        """The parsed content of ``name``; ``ImportRefused`` when missing, too large or bad."""
        member = self.members.get(name)
        if member is None:
            raise ImportRefused("missing_file", file=name)
        if member.flag_bits & 0x1:  # encrypted
            raise ImportRefused("unreadable")
        if member.file_size > MAX_MEMBER_BYTES:
            raise ImportRefused("file_too_large", file=name, limit=MAX_MEMBER_BYTES // 2**20)
        if self.unpacked + member.file_size > MAX_JSON_BYTES:
            raise ImportRefused("too_large_total", limit=MAX_JSON_BYTES // 2**20)
        return parse(self._unpack(member), name)

    def _unpack(self, member: zipfile.ZipInfo) -> bytes:
        """The member's bytes, counted while they are unpacked: the directory may lie."""
        chunks, size = [], 0
        try:
            with self.zip.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > MAX_MEMBER_BYTES:
                        raise ImportRefused("file_too_large", file=member.filename,
                                            limit=MAX_MEMBER_BYTES // 2**20)
                    if self.unpacked + size > MAX_JSON_BYTES:
                        raise ImportRefused("too_large_total", limit=MAX_JSON_BYTES // 2**20)
                    chunks.append(chunk)
        except _UNREADABLE as error:
            raise ImportRefused("unreadable") from error
        self.unpacked += size
        return b"".join(chunks)
