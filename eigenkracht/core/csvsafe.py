"""CSV that a spreadsheet opens as text: no cell it reads can start a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and a tab or
carriage return before one) as a formula: ``=HYPERLINK(…)`` sends data away, ``=cmd|…``
starts programs. Looking at the first character of a field is not enough, because the
spreadsheet may split the line on other characters than the file does: Dutch Excel splits on
``;`` (``x;=2+3`` becomes the cells ``x`` and ``=2+3``), a tab or a line break starts a new
cell or row for some readers even inside quotes. So every place where a cell could begin —
the start of the text, and right after ``,`` ``;`` tab, CR or LF — that is followed (after any
quotes, spaces and apostrophes) by a formula character gets an apostrophe, the sign that
spreadsheets take for "this is text". ``restore_text`` undoes exactly that for the app's own
imports, so an export imported again gives back what was exported.

``csv_document`` is the one way the app writes CSV: UTF-8 with a byte-order mark (so Excel
reads the accents right), CRLF line ends, numbers as they are, every text cell made safe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_CHARACTERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"  # also their full-width forms
SEPARATORS = ",;\t\r\n"
QUOTE = "'"
# Where a cell may begin, followed by what a spreadsheet would run as a formula there.
_DANGER = re.compile(rf"(?:^|(?<=[{re.escape(SEPARATORS)}]))(?='*[ \"]*"
                     rf"[{re.escape(FORMULA_CHARACTERS)}])")
_ESCAPED = re.compile(rf"(?:^|(?<=[{re.escape(SEPARATORS)}])){QUOTE}(?='*[ \"]*"
                      rf"[{re.escape(FORMULA_CHARACTERS)}])")


def safe_text(text: str) -> str:
    """``text`` with an apostrophe wherever a spreadsheet cell could start a formula."""
    return _DANGER.sub(QUOTE, text) if text else text


def restore_text(text: str) -> str:
    """The text ``safe_text`` was given (for the app's own CSV imports)."""
    return _ESCAPED.sub("", text) if text else text


def safe_cell(value: object) -> object:
    """A number as it is (a spreadsheet may compute with it); anything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_text(str(value))


def csv_document(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The whole CSV file: byte-order mark, ``header``, then ``rows``, every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return "\ufeff" + out.getvalue()
