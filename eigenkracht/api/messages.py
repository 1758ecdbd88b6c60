"""marshmallow's field messages in the user's language.

marshmallow answers in English ("Missing data for required field."). The API's problem
responses carry one message per field, so each is matched here against marshmallow's own
wording and given as a translatable sentence; a message not known here is passed on as is.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

_KINDS = {
    "string": _l("text"), "integer": _l("whole number"), "number": _l("number"),
    "boolean": _l("true or false"), "date": _l("date (YYYY-MM-DD)"),
    "datetime": _l("date and time (ISO 8601)"), "time": _l("time"), "list": _l("list"),
    "mapping type": _l("JSON object"), "email address": _l("e-mail address"),
    "URL": _l("web address"), "UUID": _l("UUID"), "tuple": _l("list"),
}

_EXACT = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be empty (null)."),
    "Unknown field.": _l("This field is not known here."),
    "Invalid value.": _l("This value is not valid."),
    "Invalid input.": _l("This value is not valid."),
    "Invalid type.": _l("This is not the right type of value."),
    "Invalid input type.": _l("This is not the right type of value."),
    "Number too large.": _l("This number is too large."),
    "Not a valid utf-8 string.": _l("This text is not valid UTF-8."),
    "Special numeric values (nan or infinity) are not permitted.":
        _l("Use an ordinary number (not NaN or infinity)."),
    "String does not match expected pattern.": _l("This text does not have the expected form."),
    "Text may not contain NUL characters.": _l("Text may not contain NUL characters."),
    "This may not be empty.": _l("This may not be empty."),
}

_PATTERNS = [
    (re.compile(r"^Not a valid (?:naive |aware )?(?P<kind>[\w -]+)\.$"),
     lambda m: _l("Not a valid %(kind)s.", kind=_KINDS.get(m["kind"], m["kind"]))),
    (re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"),
     lambda m: _l("Use at most %(max)s characters.", max=m["max"])),
    (re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"),
     lambda m: _l("Use at least %(min)s characters.", min=m["min"])),
    (re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
     lambda m: _l("Use between %(min)s and %(max)s characters.", min=m["min"], max=m["max"])),
    (re.compile(r"^Must be one of: (?P<choices>.*)\.$", re.S),
     lambda m: _l("Choose one of: %(choices)s.", choices=m["choices"])),
    (re.compile(r"^Must be greater than or equal to (?P<min>[-\d.]+) and less than or equal "
                r"to (?P<max>[-\d.]+)\.$"),
     lambda m: _l("Use a number from %(min)s to %(max)s.", min=m["min"], max=m["max"])),
    (re.compile(r"^Must be greater than or equal to (?P<min>[-\d.]+)\.$"),
     lambda m: _l("Use a number of at least %(min)s.", min=m["min"])),
    (re.compile(r"^Must be less than or equal to (?P<max>[-\d.]+)\.$"),
     lambda m: _l("Use a number of at most %(max)s.", max=m["max"])),
    (re.compile(r'^".*" cannot be formatted as an? [\w ]+\.$', re.S),
     lambda m: _l("This value cannot be read.")),
]


def field_message(message: str) -> str:
    """``message`` from marshmallow in the current language (unknown ones unchanged)."""
    known = _EXACT.get(message)
    if known is not None:
        return str(known)
    for pattern, make in _PATTERNS:
        match = pattern.match(message)
        if match:
            return str(make(match))
    return message
