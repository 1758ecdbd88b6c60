"""The answer page behind an invitation's personal link: ``/a/<token>``, no account.

The invitee says yes, no or maybe, how they take part, what they need and who else should
be there. The page speaks the invitee's language (nl, en, tr, ar, pl; ``?lang=`` switches),
is rate-limited per address, and tells kindly when a link is unknown (404) or no longer
works (410). Rules (``link_state``, ``apply_answer``) are plain functions; the blueprint
below only parses and renders.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation

from eigenkracht.audit.services import Actor, changes, record
from eigenkracht.cases.services import touch
from eigenkracht.conference import sending
from eigenkracht.conference.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.core.clock import now as clock_now
from eigenkracht.core.forms import choices
from eigenkracht.core.i18n import use_family_language
from eigenkracht.core.rules import refusals
from eigenkracht.core.token_pages import asked_language, browser_language, public_page
from eigenkracht.extensions import csrf, limiter

ANSWER_RATE_LIMIT = "30 per minute"
ACTOR_LABEL = "invitee link"
NEEDS_MAX, TEXT_MAX = 300, 1000

# --- rules -----------------------------------------------------------------------------------

ANSWER_STATUS = {
    Answer.YES: InvitationStatus.CONFIRMED,
    Answer.NO: InvitationStatus.DECLINED,
    Answer.MAYBE: InvitationStatus.INVITED,
}
# After the day (present, absent) an answer no longer changes the register.
ANSWERABLE_STATUSES = (InvitationStatus.TO_INVITE, InvitationStatus.INVITED,
                       InvitationStatus.CONFIRMED, InvitationStatus.DECLINED)


@dataclass(frozen=True)
class AnswerData:
    answer: Answer
    participation: Participation | None
    needs_diet: str = ""
    needs_access: str = ""
    note: str = ""
    suggestions: str = ""


def link_state(invitation: Invitation, now: datetime | None = None) -> str:
    """``open``, or why the link no longer works: ``cancelled``, ``expired``, ``started``."""
    now = now or clock_now()
    conference = invitation.conference
    if conference.phase == Phase.CANCELLED or conference.cancelled_at is not None:
        return "cancelled"
    if invitation.token_expires_at is None or invitation.token_expires_at <= now:
        return "expired"
    if conference.phase != Phase.PLANNED:
        return "started"
    return "open"


def apply_answer(invitation: Invitation, data: AnswerData, *, actor: Actor) -> None:
    """Save the invitee's answer and needs; audited as the invitee's link (needs not logged:
    a diet or a disability can be sensitive)."""
    values = {"answer": data.answer, "participation": data.participation or
              invitation.participation, "needs_diet": data.needs_diet,
              "needs_access": data.needs_access, "answer_note": data.note,
              "suggestions": data.suggestions}
    changed = changes(invitation, list(values), values)
    for field, value in values.items():
        setattr(invitation, field, value)
    invitation.answered_at = clock_now()
    if invitation.status in ANSWERABLE_STATUSES:
        invitation.status = ANSWER_STATUS[data.answer]
    case = invitation.conference.case
    record("invitation_answered", invitation, case=case, actor=actor,
           summary=invitation.person.name,
           details={"answer": data.answer.value, "participation": values["participation"].value,
                    "status": invitation.status.value, "changed": sorted(changed)})
    touch(case)


# --- the form --------------------------------------------------------------------------------

def plain_text(value: str | None) -> str:
    """Text as typed, without invisible control characters; line breaks kept."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
                   or ch in "\u200c\u200d\u200e\u200f").strip()


class ChoiceRadio(RadioField):
    """Radio buttons whose only message, for nothing or a value not offered, is ``invalid``."""

    def __init__(self, label=None, validators=None, *, invalid, required=True, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.invalid, self.flags.required = invalid, required
        self.type = "RadioField"  # the form macros draw it as a fieldset of radio buttons

    def pre_validate(self, form):
        if self.data in (None, "", "None"):
            self.data = None
            if self.flags.required:
                raise StopValidation(str(self.invalid))
            return
        if self.data not in {choice.value for choice in self.choices}:
            self.data = None
            raise StopValidation(str(self.invalid))


def _too_long(limit: int):
    return Length(max=limit, message=_l("Use at most %(max)d characters."))


ANSWER_CHOICES = (
    (Answer.YES.value, _l("Yes, I will take part")),
    (Answer.NO.value, _l("No, I cannot take part")),
    (Answer.MAYBE.value, _l("Maybe, I do not know yet")),
)
PARTICIPATION_CHOICES = (
    (Participation.IN_PERSON.value, _l("In person")),
    (Participation.VIDEO.value, _l("By video")),
    (Participation.PHONE.value, _l("By phone")),
    (Participation.LETTER.value, _l("With a letter or a message that is read out")),
    (Participation.REPRESENTED.value, _l("Someone else speaks for me")),
)


class AnswerForm(FlaskForm):
    answer = ChoiceRadio(_l("Will you take part?"), choices=choices(ANSWER_CHOICES),
                         invalid=_l("Choose yes, no or maybe."))
    participation = ChoiceRadio(
        _l("How will you take part?"), choices=choices(PARTICIPATION_CHOICES), required=False,
        invalid=_l("Choose one of the ways to take part."),
        description=_l("If you cannot come, you can still send a letter or a message, or ask "
                       "someone to speak for you."))
    needs_diet = StringField(
        _l("Food and drink"), filters=[plain_text], validators=[_too_long(NEEDS_MAX)],
        description=_l("For example: vegetarian, halal, an allergy."),
        render_kw={"maxlength": NEEDS_MAX, "autocomplete": "off"})
    needs_access = StringField(
        _l("Accessibility"), filters=[plain_text], validators=[_too_long(NEEDS_MAX)],
        description=_l("For example: a wheelchair, a hearing loop, help with travelling."),
        render_kw={"maxlength": NEEDS_MAX, "autocomplete": "off"})
    note = TextAreaField(
        _l("A note for the coordinator"), filters=[plain_text], validators=[_too_long(TEXT_MAX)],
        render_kw={"maxlength": TEXT_MAX, "rows": 3})
    suggestions = TextAreaField(
        _l("Who else should be there?"), filters=[plain_text],
        validators=[_too_long(TEXT_MAX)],
        description=_l("People who matter or who could help. Write their names, and how to "
                       "reach them if you know."),
        render_kw={"maxlength": TEXT_MAX, "rows": 3})

    def data_for_service(self) -> AnswerData:
        return AnswerData(
            answer=Answer(self.answer.data),
            participation=Participation(self.participation.data)
            if self.participation.data else None,
            needs_diet=self.needs_diet.data, needs_access=self.needs_access.data,
            note=self.note.data, suggestions=self.suggestions.data)


# --- the blueprint ---------------------------------------------------------------------------

bp = Blueprint("answer", __name__)


@bp.route("/a/<token>", methods=["GET", "POST"])
@csrf.exempt  # AnswerForm checks its own CSRF token, so that an expired form gets a kind
# message in the page's language instead of the staff error page
@limiter.limit(ANSWER_RATE_LIMIT)
def show(token: str):
    invitation = sending.invitation_for_token(token)
    asked = asked_language()
    if invitation is None:
        use_family_language(asked or browser_language())
        return public_page(render_template("conference/answer_unknown.html"), 404)
    language = use_family_language(asked or invitation.person.language)
    facts = sending.invitation_facts(invitation)
    state = link_state(invitation)
    if state != "open":
        return public_page(render_template("conference/answer_closed.html", facts=facts,
                                       reason=state), 410)
    form = AnswerForm(data=_current_answer(invitation) if request.method == "GET" else None)
    if request.method == "POST":
        if form.validate():
            return _save(invitation, form, token, asked)
        return public_page(render_template("conference/answer.html", form=form, facts=facts,
                                       token=token, asked=asked, language=language), 422)
    record("view", invitation, case=invitation.conference.case, actor=_actor(invitation),
           summary=invitation.person.name)
    return public_page(render_template("conference/answer.html", form=form, facts=facts,
                                   token=token, asked=asked, language=language))


def _save(invitation: Invitation, form: AnswerForm, token: str, asked: str | None):
    data = form.data_for_service()
    with refusals() as outcome:
        apply_answer(invitation, data, actor=_actor(invitation))
    if outcome.stale is not None:  # a coordinator saved the invitation at that moment: again
        invitation = sending.invitation_for_token(token)
        if invitation is None:  # they sent a new link meanwhile: this one no longer works
            return redirect(url_for("answer.show", token=token, lang=asked))
        apply_answer(invitation, data, actor=_actor(invitation))
    flash(_("Thank you. Your answer has been saved."), "success")
    return redirect(url_for("answer.show", token=token, lang=asked) + "#answer-saved")


def _current_answer(invitation: Invitation) -> dict:
    return {"answer": invitation.answer.value if invitation.answer else None,
            "participation": invitation.participation.value if invitation.answer else None,
            "needs_diet": invitation.needs_diet, "needs_access": invitation.needs_access,
            "note": invitation.answer_note, "suggestions": invitation.suggestions}


def _actor(invitation: Invitation) -> Actor:
    return Actor(label=ACTOR_LABEL, ip_address=request.remote_addr,
                 organisation_id=invitation.conference.case.organisation_id)
