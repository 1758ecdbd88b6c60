"""The words of personal links: messages of their rules, worded for the person reading."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "person_unknown": _l("Choose someone of this family's network."),
    "person_deceased": _l("This person has died; a link cannot be made for them."),
    "code_length": _l("An access code has %(min)s to %(max)s characters."),
    "status_invalid": _l("Choose: in progress or done."),
    "too_long": _l("Use at most %(limit)s characters."),
    "control_characters": _l("The note contains characters that cannot be saved."),
    "update_empty": _l("Choose a status or write a note."),
    "no_email": _l("This person has no e-mail address in the network map."),
    "superseded": _l("This plan has been replaced by a newer version. Reload the page."),
}


def rule_message(error: Any) -> str:
    """The message for a ``LinkRuleError``, ``PlanRuleError`` or ``PlanLocked``."""
    code = getattr(error, "code", "")
    params = getattr(error, "params", {}) or {}
    message = MESSAGES.get(code)
    if message is None:
        return _("This could not be saved. Reload the page and try again.")
    return str(message) % params if params else str(message)
