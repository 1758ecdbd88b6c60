"""Forms of the referrer's link: making and revoking it (staff), and the one-time code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from eigenkracht.core.forms import OnceForm


class NewLinkForm(OnceForm):
    """Making (and sending) the referrer's link: sent twice, it makes one link."""


class ButtonForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class CodeForm(FlaskForm):
    code = StringField(_l("The code from the e-mail"),
                       validators=[Optional(), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                  "maxlength": "20"})


MESSAGES = {
    "referrer_missing": _l("Record the referrer (name and e-mail address) first."),
    "referrer_has_account": _l("This referrer has an account and uses it: no personal link "
                               "is needed."),
    "referrer_no_email": _l("Record the referrer's e-mail address first: the link and its "
                            "codes are sent there."),
    "link_closed": _l("This link no longer works. Ask the coordinator for a new one."),
    "code_none": _l("Ask for a code first."),
    "code_expired": _l("This code has expired. Ask for a new one."),
    "code_used_up": _l("This code was tried too often. Ask for a new one."),
    "code_wrong": _l("This code is not right. Check it and try again."),
    "bottom_lines_closed": _l("The bottom lines can no longer be changed: the conference has "
                              "taken place. Contact the coordinator."),
}
