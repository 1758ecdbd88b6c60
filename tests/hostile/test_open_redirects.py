"""No ``next`` address sends a browser off the site, and none gives a 500.

The hostile test sent ``next=/%09/evil.example`` to a conference's send button and got
``Location: //evil.example`` (browsers drop the tab), also for a victim who logs in first;
``next=/%0A/x`` gave a 500. Every place that redirects to an address from the request —
the login, the language switch, the conference buttons and the letter's way back — is tried
here with the known tricks, as a browser would follow them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest

from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db
from tests.conference.sending_helpers import invite, letter_page, send_button
from tests.factories import PASSWORD

SITE = "http://localhost/"
# Raw, as they would stand in a query string (percent-escapes kept).
HOSTILE = [
    "/%09/evil.example", "/%0A/x", "/%0D%0A/x", "//evil.example", "///evil.example",
    "/%5Cevil.example", "/\\evil.example", "%5C%5Cevil.example", "https://evil.example",
    "https:evil.example", "http:/evil.example", "/%2F/evil.example", "%2F%2Fevil.example",
    "/%20/evil.example", "/%E2%80%A8/evil.example", "/%E2%80%8B/evil.example",
    "javascript:alert(1)", "JaVaScRiPt%3Aalert(1)", "data:text/html,x", "/%00/x",
    "/%ZZ", "%", "/" + "a" * 2001, "", "cases",
]


def lands_on_the_site(response) -> None:
    """Not a 500, and a redirect (if any) that a browser follows to this site only."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    location = response.headers.get("Location")
    if location is None:
        return
    # Browsers drop tabs and line breaks and read a backslash as a slash.
    seen = "".join(ch for ch in location if ch not in "\t\r\n").replace("\\", "/")
    target = urlsplit(urljoin(SITE, seen))
    assert target.scheme in ("http", "https") and target.netloc == "localhost", location
    assert not any(ord(ch) < 32 for ch in location), location


def links_stay_on_the_site(page: str) -> None:
    """Every address the page links to, posts to or sends back as ``next`` is on the site."""
    for value in re.findall(r'(?:href|action|src|formaction|value)="([^"]*)"', page):
        value = html.unescape(value)
        if value.startswith(("/", "http:", "https:", "\\")) or ":" in value.split("/")[0]:
            seen = "".join(ch for ch in value if ch not in "\t\r\n").replace("\\", "/")
            assert urlsplit(urljoin(SITE, seen)).netloc in ("localhost", ""), value


@pytest.mark.parametrize("next_", HOSTILE)
def test_logging_in_never_leads_off_the_site(app, world, next_):
    response = app.test_client().post(f"/login?next={next_}",
                                      data={"email": world.coordinator.email,
                                            "password": PASSWORD})
    assert response.status_code == 302
    lands_on_the_site(response)


@pytest.mark.parametrize("next_", ["/%09/evil.example", "//evil.example", "/%0A/x",
                                   "https://evil.example"])
def test_a_victim_who_follows_the_link_and_logs_in_stays_on_the_site(app, world, next_):
    victim = app.test_client()
    page = victim.get(f"/login?next={next_}")
    assert page.status_code == 200
    links_stay_on_the_site(page.text)
    response = victim.post(f"/login?next={next_}", data={"email": world.coordinator.email,
                                                         "password": PASSWORD})
    lands_on_the_site(response)
    assert response.headers["Location"] == "/cases/"
    lands_on_the_site(victim.get(f"/login?next={next_}"))  # signed in already


def test_a_path_on_the_site_is_still_followed_after_logging_in(app, world):
    response = app.test_client().post("/login?next=/cases/%3Fq%3Dvan%2Bder%2BBerg",
                                      data={"email": world.coordinator.email,
                                            "password": PASSWORD})
    assert response.headers["Location"] == "/cases/?q=van+der+Berg"


@pytest.mark.parametrize("encoded", [False, True])
@pytest.mark.parametrize("next_", HOSTILE)
def test_the_language_switch_never_leads_off_the_site(login_as, world, next_, encoded):
    """The field as a form sends it: decoded (a real tab) or with the escapes in it."""
    from urllib.parse import unquote

    value = next_ if encoded else unquote(next_)
    for client in (login_as("coordinator"), login_as("anonymous")):
        response = client.post("/language", data={"lang": "nl", "next": value})
        lands_on_the_site(response)


def conference_of(world) -> Conference:
    return db.session.get(Conference, world.extra_ids["conference"])


@pytest.mark.parametrize("next_", HOSTILE)
def test_a_conference_button_never_leads_off_the_site(login_as, world, next_):
    conference = conference_of(world)
    invitation = invite(conference, email="")  # refused (no address): it goes back at once
    coordinator = login_as("coordinator")
    in_query = coordinator.post(f"{send_button(conference, invitation)}?next={next_}")
    lands_on_the_site(in_query)
    in_form = coordinator.post(send_button(conference, invitation), data={"next": next_})
    lands_on_the_site(in_form)
    send_all = (f"/cases/{world.case.reference}/conferences/{conference.id}/send-all"
                f"?next={next_}")
    lands_on_the_site(coordinator.post(send_all))


@pytest.mark.parametrize("next_", HOSTILE)
def test_the_letters_way_back_stays_on_the_site(login_as, world, next_):
    conference = conference_of(world)
    response = login_as("coordinator").get(
        f"{letter_page(conference, invite(conference))}?next={next_}")
    lands_on_the_site(response)
    if response.status_code == 200:
        back = response.text.split('<div class="letter-toolbar"', 1)[1] \
            .split('href="', 1)[1].split('"', 1)[0]
        target = urlsplit(urljoin(SITE, back.replace("&amp;", "&")))
        assert target.netloc == "localhost" and not back.startswith("//"), back


@pytest.mark.parametrize("next_", ["/%09/evil.example", "/%0A/x", "//evil.example"])
def test_a_victim_sent_to_a_letter_logs_in_first_and_still_stays_on_the_site(app, world,
                                                                             next_):
    """The attacker's link leads to a letter with a hostile way back; the victim is not
    signed in, so it goes through the login and back to the letter."""
    conference = conference_of(world)
    victim = app.test_client()
    first = victim.get(f"{letter_page(conference, invite(conference))}?next={next_}")
    assert first.status_code == 302 and "/login" in first.headers["Location"]
    lands_on_the_site(first)
    signed_in = victim.post(first.headers["Location"], data={
        "email": world.coordinator.email, "password": PASSWORD})
    lands_on_the_site(signed_in)
    letter = victim.get(signed_in.headers["Location"])
    lands_on_the_site(letter)
    assert letter.status_code == 200
    links_stay_on_the_site(letter.text)


@pytest.mark.parametrize("length, followed", [(2000, True), (2001, False)])
def test_a_next_address_is_followed_up_to_2000_characters(app, world, length, followed):
    path = "/cases/" + "a" * (length - len("/cases/"))
    response = app.test_client().post(f"/login?next={path}", data={
        "email": world.coordinator.email, "password": PASSWORD})
    assert response.headers["Location"] == (path if followed else "/cases/")
