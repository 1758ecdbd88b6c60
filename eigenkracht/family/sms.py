"""Text messages: one provider interface, one HTTP adapter, and the outbox without one.

``send_text`` sends a short text through the configured provider; without one
(``SMS_PROVIDER_URL`` empty, the default) the text is written to the outbox and kept there
as delivered, exactly like an e-mail without a mail server — so the demo and the tests see
every text that would have gone out.

The HTTP adapter (``HttpSmsProvider``) POSTs JSON ``{"to", "from", "text", "reference"}``
to ``SMS_PROVIDER_URL`` with ``Authorization: Bearer SMS_PROVIDER_TOKEN`` and a 10-second
timeout; any 2xx answer is a success (its JSON ``id``, if any, is kept), anything else an
``SmsError``. Most SMS gateways accept this shape, or a small proxy adapts it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from flask import current_app

TIMEOUT = 10  # seconds


class SmsError(Exception):
    """The provider did not take the message."""


class SmsProvider(Protocol):
    def send(self, to: str, text: str, reference: str) -> str:
        """Send ``text`` to the phone number ``to``; the provider's id of the message."""


@dataclass(frozen=True)
class HttpSmsProvider:
    url: str
    token: str = ""
    sender: str = ""

    def send(self, to: str, text: str, reference: str) -> str:
        body = json.dumps({"to": to, "from": self.sender, "text": text,
                           "reference": reference}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={  # noqa: S310 - the configured provider
            "Content-Type": "application/json", "Accept": "application/json",
            **({"Authorization": f"Bearer {self.token}"} if self.token else {})})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                answer = response.read(10_000)
        except urllib.error.HTTPError as error:
            raise SmsError(f"the provider answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise SmsError(f"the provider could not be reached: {type(error).__name__}") \
                from None
        try:
            return str(json.loads(answer or b"{}").get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def provider() -> SmsProvider | None:
    """The configured provider, or None (texts then stay in the outbox)."""
    factory = current_app.extensions.get("sms.provider")
    if factory is not None:  # a provider object set by the app (or a test)
        return factory
    url = current_app.config.get("SMS_PROVIDER_URL", "")
    if not url:
        return None
    return HttpSmsProvider(url=url, token=current_app.config.get("SMS_PROVIDER_TOKEN", ""),
                           sender=current_app.config.get("SMS_SENDER", ""))


def send_text(organisation_id: int, *, to: str, text: str, language: str, case_id: int,
              person_id: int, reference: str) -> str:
    """Send ``text`` to ``to``: through the provider, or into the outbox. What happened, in
    a few words for the log ("provider: id", "outbox: message 12")."""
    from eigenkracht.mail import services as mail

    sms = provider()
    if sms is not None:
        return f"provider: {sms.send(to, text, reference)}"[:200]
    message = mail.queue(organisation_id, to=to, subject=text[:300], text_body=text,
                         language=language, case_id=case_id, person_id=person_id)
    mail.keep_in_outbox(message)
    return f"outbox: message {message.id}"
