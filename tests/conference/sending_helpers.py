"""Small helpers of the sending, answer and letter tests."""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.conference.sending import LINK_VALID_AFTER_END, conference_end, hash_token
from eigenkracht.extensions import db
from tests.factories import InvitationFactory, PersonFactory

TEST_TOKEN = "a-token-for-the-tests-0123456789"
LINK = re.compile(r"https?://[^\s<>\"]+/a/[A-Za-z0-9_-]+")


def invite(conference: Conference, *, name: str = "Oma Truus", email: str = "",
           language: str = "nl", **fields) -> Invitation:
    """Someone on the map of the conference's case, invited to it (not yet sent)."""
    person = PersonFactory(case=conference.case, name=name, email=email, language=language)
    return InvitationFactory(conference=conference, person=person, **fields)


def with_link(invitation: Invitation, token: str = TEST_TOKEN) -> str:
    """Give ``invitation`` a working answer link; returns its path."""
    invitation.token_hash = hash_token(token)
    invitation.token_expires_at = conference_end(invitation.conference) + LINK_VALID_AFTER_END
    db.session.flush()
    return f"/a/{token}"


def send_button(conference: Conference, invitation: Invitation) -> str:
    return (f"/cases/{conference.case.reference}/conferences/{conference.id}"
            f"/invitations/{invitation.id}/send")


def letter_page(conference: Conference, invitation: Invitation) -> str:
    return (f"/cases/{conference.case.reference}/conferences/{conference.id}"
            f"/invitations/{invitation.id}/letter")


def link_in(message: EmailMessage) -> str:
    """The answer link in the text part of an e-mail."""
    return LINK.search(message.get_body(("plain",)).get_content()).group(0)


def answer_path(link: str) -> str:
    return urlsplit(link).path
