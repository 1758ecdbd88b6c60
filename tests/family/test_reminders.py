"""Reminders (family/reminders.py): the person's choice on their page, what falls due when,
the message in their language, texts through the provider or into the outbox, and one tap
that stops them."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.family import reminders, sms
from eigenkracht.family.models import ReminderSent
from eigenkracht.mail.models import Delivery, OutboxMessage

TUESDAY = date(2026, 12, 8)
WEDNESDAY = TUESDAY + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return clock.from_local(day, time(hour, minute))


def outbox(person=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if person is not None:
        query = query.where(OutboxMessage.person_id == person.id)
    return list(db.session.scalars(query))


@pytest.fixture
def wednesday_task(family):
    """Oma's task falls on Wednesday; she wants an e-mail the day before at 18:00."""
    family.oma_action.when_date = WEDNESDAY
    db.session.flush()
    reminders.set_reminders(family.link, family.token, "email", "day_before", "18:00")
    return family.oma_action


def test_an_email_the_day_before_at_the_chosen_time_in_the_persons_language(family,
                                                                              wednesday_task):
    assert reminders.send_reminders(at(TUESDAY, 17, 59).isoformat()) == 0
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 1
    [message] = outbox(family.oma)
    assert message.to == "truus@example.org" and message.language == "nl"
    assert message.subject == f"Herinnering voor morgen: {wednesday_task.what}"
    assert "/p/" in message.text_body and "Herinneringen stoppen" in message.text_body


def test_a_reminder_is_sent_once(family, wednesday_task):
    reminders.send_reminders(at(TUESDAY, 18, 0).isoformat())
    assert reminders.send_reminders(at(TUESDAY, 18, 5).isoformat()) == 0
    assert len(outbox(family.oma)) == 1


def test_nothing_on_the_day_itself_for_the_day_before(family, wednesday_task):
    assert reminders.send_reminders(at(WEDNESDAY, 18, 0).isoformat()) == 0


def test_the_morning_of(family, wednesday_task):
    reminders.set_reminders(family.link, family.token, "email", "morning_of", "07:30")
    assert reminders.send_reminders(at(TUESDAY, 23, 0).isoformat()) == 0
    assert reminders.send_reminders(at(WEDNESDAY, 7, 29).isoformat()) == 0
    assert reminders.send_reminders(at(WEDNESDAY, 7, 30).isoformat()) == 1
    assert outbox(family.oma)[0].subject.startswith("Herinnering voor vandaag")


def test_stopping_stops_at_once(family, wednesday_task):
    assert reminders.stop_reminders(family.link)
    assert family.link.reminder_token == ""
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 0


def test_a_done_task_gets_no_reminder(family, wednesday_task):
    from eigenkracht.plans.models import ActionStatus

    wednesday_task.status = ActionStatus.DONE
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 0


def test_a_routine_is_reminded_of_each_occurrence_not_yet_done(family):
    from eigenkracht.plans.routines import mark_occurrence_done

    action = family.oma_action
    action.repeat, action.when_date = "weekly", WEDNESDAY - timedelta(weeks=1)
    db.session.flush()
    reminders.set_reminders(family.link, family.token, "email", "day_before", "")  # 18:00
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 1
    reminders.set_reminders(family.link, family.token, "email", "morning_of", "08:00")
    with clock.frozen(at(WEDNESDAY, 7)):
        mark_occurrence_done(action, person=family.oma)  # done early this morning
    assert reminders.send_reminders(at(WEDNESDAY, 8).isoformat()) == 0
    assert reminders.send_reminders(at(WEDNESDAY + timedelta(weeks=1), 8).isoformat()) == 1
    assert action.status.value == "open"


def test_a_revoked_link_gets_no_reminders(family, wednesday_task):
    from eigenkracht.family.services import revoke

    revoke(family.link)
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 0


@pytest.mark.parametrize(("channel", "moment", "time_text", "code"), [
    ("fax", "day_before", "18:00", "reminder_channel_invalid"),
    ("email", "yesterday", "18:00", "reminder_moment_invalid"),
    ("email", "day_before", "24:00", "reminder_time_invalid"),
    ("email", "day_before", "18:60", "reminder_time_invalid"),
    ("email", "day_before", "6 uur", "reminder_time_invalid"),
    ("email", "day_before", "<script>", "reminder_time_invalid"),
    ("text", "day_before", "18:00", "reminder_no_phone"),
])
def test_a_wrong_choice_is_refused_and_nothing_changes(family, channel, moment, time_text,
                                                      code):
    with pytest.raises(RuleError) as refused:
        reminders.set_reminders(family.link, family.token, channel, moment, time_text)
    assert refused.value.code == code
    assert family.link.reminder_channel == "" and family.link.reminder_token == ""


def test_the_edges_of_the_day_are_valid_times(family):
    reminders.set_reminders(family.link, family.token, "email", "day_before", "0:00")
    assert family.link.reminder_time == time(0, 0)
    reminders.set_reminders(family.link, family.token, "email", "day_before", "23:59")
    assert family.link.reminder_time == time(23, 59)


def test_no_email_address_no_email_reminders(family):
    family.oma.email = ""
    with pytest.raises(RuleError) as refused:
        reminders.set_reminders(family.link, family.token, "email", "day_before", "18:00")
    assert refused.value.code == "reminder_no_email"


def test_the_token_is_kept_encrypted_and_only_while_reminders_are_on(family, wednesday_task):
    assert family.token not in family.link.reminder_token
    assert reminders._unseal(family.link) == family.token


# --- text messages --------------------------------------------------------------------------

@pytest.fixture
def vader_texts(family):
    from tests.factories import AccessLinkFactory

    family.vader.phone = "+31 6 1234 5678"
    family.vader_action.when_date = WEDNESDAY
    link = AccessLinkFactory(person=family.vader, token="vader-token-0123456789abcdefghijklmnopq")
    db.session.flush()
    reminders.set_reminders(link, "vader-token-0123456789abcdefghijklmnopq", "text",
                            "day_before", "18:00")
    return link


def test_without_a_provider_a_text_goes_into_the_outbox_in_arabic(family, vader_texts):
    assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 1
    [message] = outbox(family.vader)
    assert message.to == "+31 6 1234 5678" and message.language == "ar"
    assert message.delivery == Delivery.OUTBOX
    assert "تذكير" in message.text_body


class Provider(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Provider.received.append((self.headers.get("Authorization"), json.loads(body)))
        answer = json.dumps({"id": "sms-1"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider_server():
    Provider.received = []
    server = HTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/messages"
    server.shutdown()
    server.server_close()


def test_with_a_provider_the_text_goes_to_it_over_http(app, family, vader_texts,
                                                       provider_server):
    app.config.update(SMS_PROVIDER_URL=provider_server, SMS_PROVIDER_TOKEN="secret-1")
    try:
        assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 1
    finally:
        app.config.update(SMS_PROVIDER_URL="", SMS_PROVIDER_TOKEN="")
    [(authorization, body)] = Provider.received
    assert authorization == "Bearer secret-1"
    assert body["to"] == "+31 6 1234 5678" and "تذكير" in body["text"]
    assert outbox(family.vader) == []
    sent = db.session.scalar(select(ReminderSent).where(ReminderSent.link_id == vader_texts.id))
    assert sent.outcome == "provider: sms-1"


def test_a_provider_out_of_reach_is_tried_again_at_the_next_run(app, family, vader_texts,
                                                                 provider_server):
    with pytest.raises(sms.SmsError):
        sms.HttpSmsProvider(url="http://127.0.0.1:9/unreachable").send("+316", "x", "r")
    app.config.update(SMS_PROVIDER_URL="http://127.0.0.1:9/unreachable")
    try:
        assert reminders.send_reminders(at(TUESDAY, 18, 0).isoformat()) == 0
    finally:
        app.config.update(SMS_PROVIDER_URL="")
    assert db.session.scalar(select(ReminderSent.id)) is None  # not marked as sent
    app.config.update(SMS_PROVIDER_URL=provider_server)
    try:
        assert reminders.send_reminders(at(TUESDAY, 18, 5).isoformat()) == 1
    finally:
        app.config.update(SMS_PROVIDER_URL="")
    assert len(Provider.received) == 1


# --- the page -------------------------------------------------------------------------------

def test_choosing_and_stopping_reminders_on_the_page(client, family):
    response = client.post(f"/p/{family.token}/reminders", data={
        "reminder_channel": "email", "reminder_moment": "morning_of", "reminder_time": "07:45"})
    assert response.status_code == 302
    assert (family.link.reminder_channel, family.link.reminder_time) == ("email", time(7, 45))
    page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
    assert "Reminders are on." in page and 'value="07:45"' in page
    response = client.post(f"/p/{family.token}/reminders/stop")
    assert response.status_code == 302 and family.link.reminder_channel == ""


def test_a_wrong_time_on_the_page_says_so_in_the_persons_language(client, family):
    response = client.post(f"/p/{family.token}/reminders?lang=en", data={
        "reminder_channel": "email", "reminder_moment": "day_before", "reminder_time": "25:00"})
    assert response.status_code == 422
    assert "Write a time like 18:30." in response.get_data(as_text=True)
    assert family.link.reminder_channel == ""


# --- the contact list on the person's own PDFs --------------------------------------------------

def test_the_plan_pdf_and_the_task_sheet_print_the_shared_contacts_on_one_page(client, family):
    from tests.pdf.conftest import pdf_pages

    family.oma.phone, family.vader.phone = "06-11 11 22 22", "06-99 99 88 88"
    family.plan.first_call = family.oma
    from eigenkracht.plans.contacts import set_share_consent

    set_share_consent(family.oma, True, by="Oma")
    db.session.flush()
    plan_pdf = client.get(f"/p/{family.token}/plan.pdf?lang=en")
    sheet_pdf = client.get(f"/p/{family.token}/tasks.pdf?lang=en")
    assert plan_pdf.status_code == sheet_pdf.status_code == 200
    for pages in (pdf_pages(plan_pdf.data), pdf_pages(sheet_pdf.data)):
        text = " ".join(pages)
        assert "Who to call" in text and "06-11 11 22 22" in text
        assert "callfirst:OmaTruus" in "".join(text.split())
        assert "06-99 99 88 88" not in text  # Vader did not agree to share
    assert len(pdf_pages(sheet_pdf.data)) == 1
