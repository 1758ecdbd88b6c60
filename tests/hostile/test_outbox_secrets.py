"""Once a message has left (or failed for good), the outbox keeps it without a working link.

The hostile test read live ``/p/`` and ``/a/`` tokens in clear text in the outbox: anyone who
could read that table (an admin, a backup, a copy of the database) could open a family's
page or answer an invitation in an invitee's name. Every kind of message that carries a
token is sent here over SMTP, into the outbox (no mail server), and to a server that is
down through all its retries; afterwards no row or column of the outbox holds a string that
opens a page, and the admin's outbox pages show the links with their token masked. A message
waiting for its retry keeps its link (it must still go out), shown to the admin masked.
"""

from __future__ import annotations

import base64
import json
import re
import secrets

import pytest
from sqlalchemy import select, text

from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from tests.conference.sending_helpers import invite, send_button
from tests.factories import PersonFactory
from tests.mail import smtp_server as smtp
from tests.mail.retries import run_out_the_retries

mail_server_down, point_mail_at, smtp_server = (smtp.mail_server_down, smtp.point_mail_at,
                                                smtp.smtp_server)

ADDRESSES = ["truus@example.org", "lies@example.org", "piet@example.org", "ahmed@example.org"]
CANDIDATE = re.compile(r"[A-Za-z0-9_%-]{16,}")


@pytest.fixture
def issued(monkeypatch) -> list[str]:
    """Every random token the app makes during the test (answer links, personal links…)."""
    made: list[str] = []
    original = secrets.token_urlsafe

    def recording(nbytes=None):
        token = original(nbytes)
        made.append(token)
        return token

    monkeypatch.setattr(secrets, "token_urlsafe", recording)
    return made


def outbox_text() -> str:
    """Every column of every outbox row as text, attachments decoded."""
    parts = []
    for row in db.session.execute(text("SELECT * FROM outbox_messages")).mappings():
        for value in row.values():
            parts.append(str(value))
            items = json.loads(value) if isinstance(value, str) and value.startswith("[") \
                else value if isinstance(value, list) else []
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and item.get("data"):
                    parts.append(base64.b64decode(item["data"]).decode("utf-8", "replace"))
    return "\n".join(parts)


def assert_nothing_opens_a_page(client, tokens: list[str]) -> None:
    kept = outbox_text()
    assert kept.strip(), "the outbox is empty: nothing was tested"
    for token in tokens:
        assert token not in kept
    for candidate in set(CANDIDATE.findall(kept)):
        for page in (f"/a/{candidate}", f"/p/{candidate}", f"/calendar/{candidate}.ics"):
            assert client.get(page).status_code != 200, page


def conference_of(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


def send_invitations(world, login_as) -> None:
    conference = conference_of(world)
    coordinator = login_as("coordinator")
    first = invite(conference, name="Oma Truus", email="truus@example.org")
    coordinator.post(send_button(conference, first))
    coordinator.post(send_button(conference, first))  # sent again: a new link
    invite(conference, name="Tante Lies", email="lies@example.org")
    invite(conference, name="Ome Piet", email="piet@example.org", language="ar")
    coordinator.post(f"/cases/{world.case.reference}/conferences/{conference.id}/send-all")


def send_personal_link(world, login_as) -> None:
    person = PersonFactory(case=world.case, name="Vader Ahmed", email="ahmed@example.org")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/links",
        data={"person_id": str(person.id), "send_email": "y"})
    assert response.status_code == 200


SENDERS = [send_invitations, send_personal_link]


@pytest.mark.parametrize("send", SENDERS, ids=lambda f: f.__name__)
def test_after_smtp_delivery_the_outbox_holds_no_working_link(
        smtp_server, world, login_as, client, issued, send):
    send(world, login_as)
    delivered = [m.get_body(("plain",)).get_content() for m in smtp_server.messages]
    assert delivered and all("/a/" in m or "/p/" in m for m in delivered)
    in_mails = [t for t in issued if any(t in m for m in delivered)]
    assert in_mails, "the e-mails carry the working links"
    assert_nothing_opens_a_page(client, issued)


@pytest.mark.parametrize("send", SENDERS, ids=lambda f: f.__name__)
def test_without_a_mail_server_the_outbox_copy_holds_no_working_link(
        app, world, login_as, client, issued, send):
    assert not app.config["MAIL_SERVER"]
    send(world, login_as)
    assert_nothing_opens_a_page(client, issued)


@pytest.mark.parametrize("send", SENDERS, ids=lambda f: f.__name__)
def test_a_message_that_failed_for_good_holds_no_working_link_either(
        app, mail_server_down, world, login_as, client, issued, send):
    send(world, login_as)
    run_out_the_retries(app)  # the four retries fail too: failed for good
    mine = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to.in_(ADDRESSES)))
    assert {m.status.value for m in mine} == {"failed"}
    assert_nothing_opens_a_page(client, issued)


def test_a_message_waiting_for_its_retry_keeps_its_link_only_for_that(
        mail_server_down, world, login_as, client, issued):
    send_personal_link(world, login_as)
    [waiting] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to == "ahmed@example.org")).all()
    assert waiting.status.value == "queued" and waiting.next_attempt_at is not None
    [token] = [t for t in issued if t in waiting.text_body]  # it must go out with the retry
    page = login_as("admin").get(f"/admin/outbox/{waiting.id}").text
    assert "Failed, will retry at" in page and token not in page


def test_the_admin_sees_the_links_masked_and_no_token(world, login_as, issued):
    send_invitations(world, login_as)
    send_personal_link(world, login_as)
    admin = login_as("admin")
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to.in_(["truus@example.org", "lies@example.org", "piet@example.org",
                              "ahmed@example.org"]))).all()
    assert len(messages) == 5
    for message in messages:
        page = admin.get(f"/admin/outbox/{message.id}").text
        assert "/[…]" in page
        assert not any(token in page for token in issued)
        for number in range(1, len(message.attachments or []) + 1):
            download = admin.get(f"/admin/outbox/{message.id}/attachments/{number}")
            assert not any(token.encode() in download.data for token in issued)
    listing = admin.get("/admin/outbox/").text
    assert not any(token in listing for token in issued)


def test_a_message_still_waiting_is_shown_to_the_admin_masked(world, login_as, client):
    from eigenkracht.conference import sending

    invitation = invite(conference_of(world), email="truus@example.org")
    prepared = sending.prepare(invitation)  # in the outbox, not delivered (yet)
    db.session.flush()
    token = prepared.link.rsplit("/", 1)[1]
    assert client.get(f"/a/{token}").status_code == 200  # the link works: it must go out
    page = login_as("admin").get(f"/admin/outbox/{prepared.message.id}").text
    assert "http://localhost/a/[…]" in page and token not in page


@pytest.mark.parametrize("body, shown", [
    ("", ""),
    ("geen link", "geen link"),
    ("http://localhost/a/abc_DEF-123", "http://localhost/a/[…]"),
    ("<a href=\"https://x.nl/p/abc%2Fdef\">x</a>", "<a href=\"https://x.nl/p/[…]\">x</a>"),
    ("https://x.nl/p/TOKEN/plan.pdf en https://x.nl/calendar/TOKEN.ics",
     "https://x.nl/p/[…]/plan.pdf en https://x.nl/calendar/[…].ics"),
    ("http://localhost/a/[…]", "http://localhost/a/[…]"),  # masked twice: the same
    ("/a/", "/a/"),  # nothing after it: nothing to mask
])
def test_masking_takes_the_token_and_leaves_the_rest(app, body, shown):
    from eigenkracht.mail.services import mask_secrets

    with app.app_context():
        assert mask_secrets(body) == shown
