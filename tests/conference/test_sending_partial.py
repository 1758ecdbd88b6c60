"""The partial that conference pages include for each invitation: the state of its e-mail
(``mail.states``: never "sent" when nothing left), its answer, the buttons."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_login import login_user

from datetime import timedelta

from eigenkracht.conference.models import Answer, Participation, SendStatus
from eigenkracht.core.db import utcnow
from eigenkracht.mail.models import Delivery, OutboxStatus
from eigenkracht.mail.states import statuses_of_invitations
from tests.conference.sending_helpers import invite, letter_page, send_button
from tests.factories import OutboxMessageFactory


def mail_for(invitation, **fields):
    """The invitation's e-mail in the outbox, as a delivery left it."""
    return OutboxMessageFactory(organisation=invitation.conference.case.organisation,
                                invitation_id=invitation.id, to=invitation.person.email,
                                **fields)

INCLUDE = '{% include "conference/_invitation_sending.html" %}'


@pytest.fixture
def render(app, world, conference):
    def _render(invitation, user=None):
        with app.test_request_context(f"/cases/{world.case.reference}/conferences/"
                                      f"{conference.id}", headers={"Accept-Language": "en"}):
            if user is not None:
                login_user(user)
            return render_template_string(
                INCLUDE, case=world.case, conference=conference, invitation=invitation,
                mail_states=statuses_of_invitations([invitation.id]))
    return _render


def test_a_new_invitation_with_an_address_offers_send_and_letter(render, world, conference):
    invitation = invite(conference, email="truus@example.org")
    html = render(invitation, world.coordinator)
    assert "No e-mail sent yet" in html
    assert f'action="{send_button(conference, invitation)}"' in html
    assert ">Send invitation</button>" in html
    assert letter_page(conference, invitation) in html
    assert 'name="next" value="/cases/EK-2026-0001/conferences/' in html


def test_a_failed_invitation_shows_the_reason_and_a_retry(render, world, conference):
    invitation = invite(conference, email="truus@example.org",
                        send_status=SendStatus.FAILED,
                        send_error="The mail server 127.0.0.1:25 refused the connection.")
    mail_for(invitation, status=OutboxStatus.FAILED, attempts=5,
             error="The mail server 127.0.0.1:25 refused the connection.")
    html = render(invitation, world.coordinator)
    assert "Failed: The mail server 127.0.0.1:25 refused the connection." in html
    assert ">Try again</button>" in html


def test_a_failure_that_will_be_retried_says_when(render, world, conference):
    invitation = invite(conference, email="truus@example.org")
    mail_for(invitation, attempts=1, error="The mail server 127.0.0.1:25 refused the "
             "connection.", next_attempt_at=utcnow() + timedelta(minutes=1))
    html = render(invitation, world.coordinator)
    assert "Failed, will retry at" in html and "refused the connection" in html
    assert "E-mail sent" not in html and ">Send again</button>" in html


# Times are made when the test runs, not when the file is collected: a lease of five
# minutes made at collection had run out by the time a long suite reached this test.
@pytest.mark.parametrize("fields, shown", [
    (lambda: {}, "Waiting to be sent"),
    (lambda: {"lease_until": utcnow() + timedelta(minutes=5), "attempts": 1}, "Being sent"),
    (lambda: {"status": OutboxStatus.SENT, "delivery": Delivery.OUTBOX, "sent_at": utcnow(),
              "attempts": 1}, "In the outbox (no mail server)"),
], ids=["waiting", "being sent", "in the outbox"])
def test_an_email_that_did_not_leave_is_never_called_sent(render, world, conference, fields,
                                                          shown):
    invitation = invite(conference, email="truus@example.org")
    mail_for(invitation, **fields())
    html = render(invitation, world.coordinator)
    assert shown in html and "E-mail sent" not in html


def test_a_sent_invitation_whose_email_is_gone_still_says_sent(render, world, conference):
    invitation = invite(conference, email="truus@example.org", send_status=SendStatus.SENT,
                        sent_at=utcnow())
    html = render(invitation, world.coordinator)
    assert "E-mail sent" in html and ">Send again</button>" in html


def test_without_an_address_only_the_letter_is_offered(render, world, conference):
    invitation = invite(conference, email="")
    html = render(invitation, world.coordinator)
    assert "No e-mail address: print a letter." in html
    assert send_button(conference, invitation) not in html
    assert letter_page(conference, invitation) in html


def test_the_answer_and_needs_are_shown(render, world, conference):
    invitation = invite(conference, email="truus@example.org", send_status=SendStatus.SENT,
                        sent_at=utcnow(), answer=Answer.YES, answered_at=utcnow(),
                        participation=Participation.VIDEO, needs_diet="<b>halal</b>",
                        suggestions="Oom Kees")
    mail_for(invitation, status=OutboxStatus.SENT, delivery=Delivery.SMTP, sent_at=utcnow(),
             attempts=1)
    html = render(invitation, world.coordinator)
    assert "E-mail sent" in html and ">Send again</button>" in html
    assert "By video" in html and "&lt;b&gt;halal&lt;/b&gt;" in html and "Oom Kees" in html


def test_a_referrer_sees_the_status_but_no_buttons(render, world, conference):
    invitation = invite(conference, email="truus@example.org")
    html = render(invitation, world.referrer)
    assert "No e-mail sent yet" in html
    assert "<button" not in html and letter_page(conference, invitation) not in html
