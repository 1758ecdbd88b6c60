"""Translatable labels of the conference's choices, shared by forms, pages and the feed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eigenkracht.conference.models import (
    Answer,
    CallOutcome,
    ChecklistKey,
    ConferenceKind,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
    VenueKind,
)

KIND_LABELS = {
    ConferenceKind.FIRST: _l("Family group conference"),
    ConferenceKind.REVIEW: _l("Review meeting"),
}

PHASE_LABELS = {
    Phase.PLANNED: _l("Planned"),
    Phase.INFORMATION: _l("Information"),
    Phase.PRIVATE_TIME: _l("Private family time"),
    Phase.PRESENTATION: _l("Plan presentation"),
    Phase.DECISION: _l("Decision"),
    Phase.CLOSED: _l("Closed"),
    Phase.CANCELLED: _l("Cancelled"),
}

# The button that starts each phase on the day (one tap).
PHASE_BUTTONS = {
    Phase.INFORMATION: _l("Start the information phase"),
    Phase.PRIVATE_TIME: _l("Start private family time"),
    Phase.PRESENTATION: _l("Start the plan presentation"),
    Phase.DECISION: _l("Start the decision"),
}
# Going back from the presentation: the family revises its plan and presents it again.
BACK_TO_PRIVATE_TIME = _l("Back to private family time (the family revises its plan)")
# Going back from the decision (a tap too early): the presentation goes on.
BACK_TO_PRESENTATION = _l("Back to the plan presentation")

VENUE_LABELS = {
    VenueKind.ADDRESS: _l("At an address"),
    VenueKind.ONLINE: _l("Online"),
}

ROLE_LABELS = {
    InvitationRole.FAMILY: _l("Family"),
    InvitationRole.NETWORK: _l("Network"),
    InvitationRole.INFORMATION_GIVER: _l("Information giver"),
    InvitationRole.INTERPRETER: _l("Interpreter"),
    InvitationRole.CHILDS_ADVOCATE: _l("Child's advocate"),
}

STATUS_LABELS = {
    InvitationStatus.TO_INVITE: _l("To invite"),
    InvitationStatus.INVITED: _l("Invited"),
    InvitationStatus.CONFIRMED: _l("Confirmed"),
    InvitationStatus.DECLINED: _l("Declined"),
    InvitationStatus.ATTENDED: _l("Present"),
    InvitationStatus.ABSENT: _l("Absent"),
}

PARTICIPATION_LABELS = {
    Participation.IN_PERSON: _l("In person"),
    Participation.VIDEO: _l("By video"),
    Participation.PHONE: _l("By phone"),
    Participation.LETTER: _l("A letter or message"),
    Participation.REPRESENTED: _l("Someone speaks for them"),
}

CALL_OUTCOME_LABELS = {
    CallOutcome.REACHED: _l("Reached: the call is done"),
    CallOutcome.NO_ANSWER: _l("No answer: try again"),
    CallOutcome.MESSAGE_LEFT: _l("Message left: try again"),
    CallOutcome.CALL_BACK: _l("Call again on another day"),
}

ANSWER_LABELS = {
    Answer.YES: _l("Yes"),
    Answer.NO: _l("No"),
    Answer.MAYBE: _l("Maybe"),
}

CHECKLIST_LABELS = {
    ChecklistKey.MET_CLIENT: _l("Met the client"),
    ChecklistKey.MAP_MADE: _l("Network map made"),
    ChecklistKey.INVITATIONS_SENT: _l("Invitations sent"),
    ChecklistKey.INFORMATION_GIVERS_BRIEFED: _l("Information givers briefed"),
    ChecklistKey.VENUE_BOOKED: _l("Venue booked"),
    ChecklistKey.INTERPRETER_BOOKED: _l("Interpreter booked"),
    ChecklistKey.CHILDS_VIEW_COLLECTED: _l("The child's view collected"),
    ChecklistKey.BOTTOM_LINES_RECEIVED: _l("Bottom lines received from the referrer"),
}

# Why an invitation's e-mail that was still waiting will not go out (staff read it at the
# invitation and in the outbox; ``sending.withdraw_waiting``).
WITHDRAWN_REPLACED = _l("Not sent: a newer e-mail with a new link replaced it.")
WITHDRAWN_TAKEN_BACK = _l("Not sent: the invitation was taken back.")
