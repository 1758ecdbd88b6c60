"""The referrer of the world's case, from another organisation, with a working link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage
from tests.fixtures.roles import MATRIX_REFERRER_TOKEN

TOKEN = MATRIX_REFERRER_TOKEN


def code_from_outbox(email: str) -> str:
    """The six digits of the latest code e-mailed to ``email``."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == email)
                                .order_by(OutboxMessage.id.desc()).limit(1))
    assert message is not None, "no e-mail to the referrer"
    return re.search(r"^(\d{6})$", message.text_body, re.M).group(1)


@pytest.fixture
def referrer(world):
    return world.case.referrer


@pytest.fixture
def unlocked(app, world, referrer):
    """A browser (test client) of the referrer that asked for a code and entered it."""
    client = app.test_client()
    assert client.post(f"/r/{TOKEN}/code").status_code == 302
    response = client.post(f"/r/{TOKEN}/unlock", data={"code": code_from_outbox(referrer.email)})
    assert response.status_code == 302, response.text[:500]
    return client
