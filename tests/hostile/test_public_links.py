"""Links that leave the site start with PUBLIC_BASE_URL, whatever Host a request names.

A hostile request (or a proxy that passes the client's ``Host`` or ``X-Forwarded-Host`` on)
said ``Host: evil.example`` and the invitation e-mail carried ``http://evil.example/a/<token>``:
the invitee would give the attacker their answer token. Every kind of link that is sent or
printed is made here with a hostile host, and must name the site itself (in tests
``PUBLIC_BASE_URL`` is ``http://localhost``). Production refuses to start without it.
"""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from sqlalchemy import select

from config import ProductionConfig
from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.plans import printed as documents
from tests.api import conftest as api_fixtures
from tests.conference.sending_helpers import invite, letter_page, send_button
from tests.factories import PersonFactory
from tests.family import conftest as family_fixtures
from tests.mail import smtp_server as smtp
from tests.pdf.conftest import pdf_text

# Fixtures of other folders used here: SMTP on loopback, API clients, a family with a link.
mail_server_down, point_mail_at, smtp_server = (smtp.mail_server_down, smtp.point_mail_at,
                                                smtp.smtp_server)
api_as, family = api_fixtures.api_as, family_fixtures.family

SITE = "http://localhost"
HOSTILE_HOSTS = ["evil.example", "evil.example:8443", "localhost.evil.example",
                 "localhost@evil.example", "127.0.0.1:5000"]
URL = re.compile(r"https?://[^\s<>\"')]+")


def as_host(client, host: str):
    """``client`` sending ``Host: host`` with its cookies (a browser behind a proxy that
    passes the host on, or an attacker's own request with a stolen or own session)."""
    for cookie in list(client._cookies.values()):  # noqa: SLF001 - werkzeug's cookie jar
        client.set_cookie(cookie.key, cookie.value, domain=host.split(":")[0])
    return client


def addresses_in(text: str) -> list[str]:
    return URL.findall(text)


def assert_only_the_site(text: str) -> None:
    found = [url for url in addresses_in(text) if "/a/" in url or "/p/" in url
             or "/calendar/" in url or "/cases/" in url]
    assert found, "no link at all"
    for url in found:
        assert url.startswith(SITE + "/"), url
    assert "evil.example" not in text


def conference_of(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_the_invitation_e_mail_links_to_the_site_whatever_host_the_request_named(
        smtp_server, world, login_as, host):
    conference = conference_of(world)
    invitation = invite(conference, email="truus@example.org")
    coordinator = as_host(login_as("coordinator"), host)
    response = coordinator.post(send_button(conference, invitation), headers={"Host": host})
    assert response.status_code == 302
    [envelope] = smtp_server.envelopes
    everything = envelope.content.decode("utf-8", "replace")
    assert_only_the_site(everything)


def test_the_invitation_sent_through_the_api_links_to_the_site(smtp_server, world, api_as):
    conference = conference_of(world)
    invitation = invite(conference, email="truus@example.org")
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/conferences/{conference.id}"
        f"/invitations/{invitation.id}/send", headers={"Host": "evil.example"})
    assert response.status_code == 200, response.get_json()
    [message] = smtp_server.messages
    assert_only_the_site(message.get_body(("plain",)).get_content())
    assert_only_the_site(message.get_body(("html",)).get_content())


def test_the_printed_letter_and_its_pdf_link_to_the_site(world, login_as):
    conference = conference_of(world)
    coordinator = as_host(login_as("coordinator"), "evil.example")
    page = coordinator.get(letter_page(conference, invite(conference)),
                           headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert_only_the_site(page.text)
    pdf = coordinator.post(letter_page(conference, invite(conference, name="Tante Lies"))
                           + ".pdf", headers={"Host": "evil.example"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert_only_the_site(pdf_text(pdf.data).replace(" ", ""))


def test_the_personal_link_page_its_qr_code_and_its_e_mail_name_the_site(
        smtp_server, world, login_as, monkeypatch):
    import eigenkracht.family.views as link_views

    drawn: list[str] = []
    original = link_views.qr_code_svg
    monkeypatch.setattr(link_views, "qr_code_svg",
                        lambda url: drawn.append(url) or original(url))
    person = PersonFactory(case=world.case, name="Tante Lies", email="lies@example.org")
    coordinator = as_host(login_as("coordinator"), "evil.example")
    response = coordinator.post(f"/cases/{world.case.reference}/links",
                                data={"person_id": str(person.id), "send_email": "y"},
                                headers={"Host": "evil.example"})
    assert response.status_code == 200
    shown = [url for url in addresses_in(response.text) if "/p/" in url]
    assert shown and all(url.startswith(SITE + "/p/") for url in shown)
    assert "evil.example" not in response.text
    assert drawn and all(url.startswith(SITE + "/p/") for url in drawn)
    [message] = smtp_server.messages
    assert_only_the_site(message.get_body(("plain",)).get_content())


@pytest.fixture
def drawn_qr_codes(monkeypatch):
    """The address of every QR code drawn into a PDF."""
    seen: list[str] = []
    original = documents.qr_svg
    monkeypatch.setattr(documents, "qr_svg",
                        lambda target, **kw: seen.append(target) or original(target, **kw))
    return seen


def test_the_qr_code_the_coordinator_prints_opens_the_site(app, family, drawn_qr_codes):
    from tests.factories import CaseAssignmentFactory, UserFactory
    from tests.fixtures.roles import log_in

    case = family.plan.case
    user = UserFactory(organisation=case.organisation)
    CaseAssignmentFactory(case=case, user=user)
    coordinator = as_host(log_in(app.test_client(), user), "evil.example")
    response = coordinator.post(f"/cases/{case.reference}/links/{family.link.id}/print",
                                data={"token": family.token}, headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert drawn_qr_codes == [f"{SITE}/p/{family.token}"]


@pytest.mark.parametrize("document", ["plan.pdf", "tasks.pdf"])
def test_the_qr_code_on_the_familys_own_pdf_opens_the_site(family, client, drawn_qr_codes,
                                                           document):
    response = client.get(f"/p/{family.token}/{document}", headers={"Host": "evil.example"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert drawn_qr_codes == [f"{SITE}/p/{family.token}"]


def test_the_calendar_address_and_the_events_in_it_name_the_site(world, login_as, app):
    coordinator = as_host(login_as("coordinator"), "evil.example")
    page = coordinator.post("/calendar/feed", headers={"Host": "evil.example"})
    assert page.status_code == 200
    [feed] = [url for url in addresses_in(page.text) if "/calendar/" in url]
    assert feed.startswith(f"{SITE}/calendar/") and feed.endswith(".ics")
    assert "evil.example" not in page.text
    body = app.test_client().get(feed.removeprefix(SITE), headers={"Host": "evil.example"})
    assert body.status_code == 200
    events = Calendar.from_ical(body.data).walk("VEVENT")
    assert events and all(str(event["URL"]).startswith(f"{SITE}/cases/") for event in events)


def test_what_the_outbox_keeps_names_the_site_too(world, login_as):
    conference = conference_of(world)
    invitation = invite(conference, email="truus@example.org")
    coordinator = as_host(login_as("coordinator"), "evil.example")
    coordinator.post(send_button(conference, invitation), headers={"Host": "evil.example"})
    kept = db.session.scalars(select(OutboxMessage)).all()
    assert kept
    for message in kept:
        assert "evil.example" not in message.text_body + message.html_body


# --- production needs the address -------------------------------------------------------------

@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # or a shared REDIS_URL (test_login_lockout)
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    return monkeypatch


@pytest.mark.parametrize("value", [
    "", "eigenkracht.example.nl", "http://eigenkracht.example.nl", "https://",
    "https:///pad", "https://user@eigenkracht.example.nl", "https://evil.example?x=1",
    "https://eigenkracht.example.nl/#x", "https://eigen kracht.example.nl",
    "https://eigenkracht.example.nl\n", "javascript:alert(1)", "//eigenkracht.example.nl",
])
def test_production_refuses_to_start_without_a_public_https_address(production_env, value):
    production_env.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        ProductionConfig.validate()


def test_production_refuses_to_start_when_the_address_is_not_set_at_all(production_env):
    production_env.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL must be set"):
        ProductionConfig.validate()


@pytest.mark.parametrize("value", ["https://eigenkracht.example.nl",
                                   "https://zorg.example.nl:8443/eigenkracht"])
def test_production_starts_with_its_public_address(production_env, value):
    production_env.setenv("PUBLIC_BASE_URL", value)
    ProductionConfig.validate()


def test_a_link_under_a_path_keeps_the_path(app, monkeypatch):
    from eigenkracht.core.links import public_url

    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://zorg.example.nl/eigenkracht/")
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert public_url("answer.show", token="abc") == \
            "https://zorg.example.nl/eigenkracht/a/abc"


def test_behind_a_proxy_a_forged_forwarded_host_does_not_reach_the_e_mail(
        smtp_server, app, world, login_as, monkeypatch):
    """With PROXY_HOPS set, X-Forwarded-Host becomes the request's host: still not the
    links'."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1))
    conference = conference_of(world)
    invitation = invite(conference, email="truus@example.org")
    coordinator = as_host(login_as("coordinator"), "evil.example")
    response = coordinator.post(send_button(conference, invitation), headers={
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert response.status_code == 302
    [envelope] = smtp_server.envelopes
    assert_only_the_site(envelope.content.decode("utf-8", "replace"))
