"""Who gets what behind the referrer's link: no code yet, a wrong code, an expired or
stopped link, another case's link, an unknown token — on every page behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eigenkracht.core.db import utcnow
from tests.factories import BottomLineFactory, CaseFactory, ReferrerLinkFactory
from tests.referrers.conftest import TOKEN, code_from_outbox

PAGES = [  # (method, path after /r/<token>, data)
    ("GET", "", None),
    ("POST", "/bottom-lines", {"text": "Elke dag naar school"}),
    ("GET", "/bottom-lines/{line}", None),
    ("POST", "/bottom-lines/{line}", {"text": "Anders"}),
    ("POST", "/bottom-lines/{line}/delete", {}),
    ("GET", "/plan", None),
    ("GET", "/decision", None),
    ("POST", "/decision", {"decision": "accepted"}),
]
BEHIND_CODE = PAGES[1:]


def _path(token, path, world):
    return f"/r/{token}" + path.format(line=world.case.bottom_lines[0].id)


@pytest.mark.parametrize(("method", "path", "data"), BEHIND_CODE)
def test_without_the_code_every_page_sends_to_the_code_page_and_changes_nothing(
        app, world, method, path, data):
    lines = [b.text for b in world.case.bottom_lines]
    response = app.test_client().open(_path(TOKEN, path, world), method=method, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/r/{TOKEN}")
    assert [b.text for b in world.case.bottom_lines] == lines


def test_the_link_alone_shows_only_the_code_page(app, world):
    page = app.test_client().get(f"/r/{TOKEN}")
    assert page.status_code == 200
    assert "Send me a code" in page.text
    assert world.case.bottom_lines[0].text not in page.text
    assert world.case.central_question not in page.text
    assert "s***" in page.text or "s*****" in page.text  # the address, masked


def test_a_staff_login_does_not_open_the_page(login_as, world):
    page = login_as("admin").get(f"/r/{TOKEN}")
    assert "Send me a code" in page.text
    assert world.case.bottom_lines[0].text not in page.text


@pytest.mark.parametrize("code", ["wrong digits", "", "12345", "1234567", "abcdef",
                                  "１２３４５６", "<script>", "9" * 5000])
def test_a_wrong_empty_malformed_or_hostile_code_is_refused(app, world, code):
    client = app.test_client()
    client.post(f"/r/{TOKEN}/code")
    right = code_from_outbox(world.case.referrer.email)
    if code == "wrong digits":  # six digits, one off the right ones
        code = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post(f"/r/{TOKEN}/unlock", data={"code": code})
    assert response.status_code == 422
    assert "<script>" not in response.text
    follow = client.get(f"/r/{TOKEN}/plan")
    assert follow.status_code == 302  # still locked


@pytest.mark.parametrize(("method", "path", "data"), PAGES)
def test_an_expired_link_gets_a_410_page_on_every_page(app, world, method, path, data):
    link = ReferrerLinkFactory(referrer=world.case.referrer,
                               token="expired-referrer-token-0123456789abcdefghijklmnop",
                               expires_at=utcnow() - timedelta(minutes=1))
    response = app.test_client().open(_path("expired-referrer-token-0123456789abcdefghijklmnop",
                                            path, world), method=method, data=data)
    assert response.status_code == 410
    assert "no longer works" in response.text
    assert link.revoked_at is None


@pytest.mark.parametrize(("method", "path", "data"), PAGES)
def test_a_stopped_link_gets_a_410_page_even_after_its_code(unlocked, world, method, path,
                                                            data):
    from eigenkracht.extensions import db
    from eigenkracht.referrers.models import ReferrerLink

    link = db.session.get(ReferrerLink, world.extra_ids["referrer_link"])
    link.revoked_at = utcnow()
    db.session.flush()
    response = unlocked.open(_path(TOKEN, path, world), method=method, data=data)
    assert response.status_code == 410


@pytest.mark.parametrize("token", ["", "x", "unknown-token-0123456789", "a" * 500,
                                   "../../etc/passwd", "%00"])
def test_an_unknown_token_is_404(app, token):
    response = app.test_client().get(f"/r/{token}")
    assert response.status_code in (404, 308)


def test_another_cases_link_opens_only_its_own_case(app, world):
    """A referrer of another case, unlocked, cannot reach this case's bottom lines."""
    other_case = CaseFactory(organisation=world.org)
    other_line = BottomLineFactory(case=other_case, text="Andere casus")
    other = ReferrerLinkFactory(referrer__case=other_case,
                                token="other-case-referrer-token-0123456789abcdefghij")
    client = app.test_client()
    token = "other-case-referrer-token-0123456789abcdefghij"
    client.post(f"/r/{token}/code")
    assert client.post(f"/r/{token}/unlock", data={
        "code": code_from_outbox(other.referrer.email)}).status_code == 302
    mine = world.case.bottom_lines[0]
    assert client.get(f"/r/{token}/bottom-lines/{mine.id}").status_code == 404
    assert client.post(f"/r/{token}/bottom-lines/{mine.id}", data={"text": "Weg"}).status_code \
        == 404
    assert client.post(f"/r/{token}/bottom-lines/{mine.id}/delete").status_code == 404
    assert mine.text != "Weg"
    home = client.get(f"/r/{token}")
    assert other_line.text in home.text and mine.text not in home.text
    # and this case's own link is not unlocked by the other one's code
    assert client.get(f"/r/{TOKEN}/plan").status_code == 302
