"""Fixtures of the registrations service's tests: the app on a fresh, migrated database, events
copied in through the real message handler, and the app served over HTTP in a thread."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from dialog_platform.cli import main as dialog
from dialog_platform.testing.messages import deliver, outbox_messages
from dialog_platform.testing.serving import served


@pytest.fixture
def registrations_app(service_app, monkeypatch):
    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", "100000")
    return service_app("registrations")


def event_data(**overrides) -> dict:
    """An EventSnapshot of a published event a week ahead, open for sign-up."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    data = {
        "event_id": uuid.uuid4(),
        "version": 2,
        "status": "published",
        "type": "information_event",
        "title": "Infoabend Wohlfahrtspflege",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "capacity": 20,
        "requires_email_confirmation": False,
        "venue": {"name": "Gemeindezentrum", "address": "Hauptstr. 1, Köln"},
    }
    return data | overrides


def _deliver(app, message_type: str, data: dict) -> None:
    """Hand a message to the service's handler as the consumer would (contract both ways)."""
    from dialog_registrations.messaging.handlers import HANDLERS

    deliver(app.extensions["dialog_db"], HANDLERS, message_type, data, consumer="registrations")


@pytest.fixture
def event_snapshot():
    """Call with overrides: the data of an EventSnapshot (a published event a week ahead)."""
    return event_data


@pytest.fixture
def published_event(registrations_app):
    """Call with EventSnapshot overrides; the event is copied in and its id returned."""

    def publish(**overrides) -> uuid.UUID:
        data = event_data(**overrides)
        _deliver(registrations_app, "events.event.published", data)
        return data["event_id"]

    return publish


@pytest.fixture
def sent_messages(registrations_app):
    """Call with a message type (or none): the messages in the outbox, oldest first."""
    db = registrations_app.extensions["dialog_db"]
    return lambda message_type=None: outbox_messages(db, message_type)


@pytest.fixture
def deliver_message(registrations_app):
    """Call with a message type and its data: handled as the consumer would."""
    return lambda message_type, data: _deliver(registrations_app, message_type, data)


@pytest.fixture
def live_server(registrations_app):
    """The app served by werkzeug in a thread on 127.0.0.1 (a free port): its base URL."""
    with served(registrations_app) as url:
        yield url


def dialog_while_answering(args: list[str], answer) -> Result:
    """``dialog args`` (the platform's command, through click's runner) while ``answer`` (the
    other services answering a privacy request) runs in a thread: the result, once both are
    done."""
    answering = threading.Thread(target=answer)
    answering.start()
    done = CliRunner().invoke(dialog, args)
    answering.join(timeout=30)
    return done


#: The person of the privacy tests, as she types her details.
AYSE = {"name": "Ayşe Yılmaz", "email": "Ayse.Yilmaz@Example.org", "phone": "0170 1234567"}
#: Every way her details could appear in a row, a message or a file.
AYSE_TRACES = (
    "Ayşe",
    "Yılmaz",
    "ayse.yilmaz@example.org",  # compared lower-cased
    "+491701234567",
    "01701234567",
    "0170 1234567",
    "1701234567",
)


def click_link(client, url: str, **form) -> object:
    """Open a participant's link (GET: the page) and press its button (POST with ``form``)."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    opened = client.get(f"/{path}")
    page = opened.get_data(as_text=True)
    if 'name="csrf_token"' not in page:
        return opened  # a used link's page says at once that it is done (no button)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    return client.post(f"/{path}", data={"csrf_token": token} | form)


@pytest.fixture
def ayse_everywhere(registrations_app, published_event, deliver_message, sent_messages):
    """Ayşe signed up for two events (the second with SMS reminders) and accepted an invitation
    to a round-table meeting, among others: on the first event she waits before someone, on
    the second she has a seat. Returns the events' ids and her registrations' ids."""
    client = registrations_app.test_client()

    def sign_up(event_id, **person):
        url = f"/api/v1/public/events/{event_id}/registrations"
        answer = client.post(url, json={"consent": True, "language": "tr"} | person)
        assert answer.status_code == 201, answer.json
        return answer.json["registration_id"]

    full, roomy = published_event(capacity=1), published_event(capacity=10)
    sign_up(full, name="Erste Person", email="first@example.org")
    waiting = sign_up(full, name=AYSE["name"], email=AYSE["email"])
    behind = sign_up(full, name="Zweite Person", email="second@example.org")
    seated = sign_up(roomy, **AYSE, sms_consent=True)
    sign_up(roomy, name="Dritte Person", email="third@example.org", phone="+90 532 123 45 67")
    meeting = event_data(type="round_table_meeting", capacity=5)
    invitees = [
        {
            "delegate_id": uuid.uuid4(),
            "name": name,
            "email": email,
            "language": "tr",
            "organisation_id": uuid.uuid4(),
            "organisation_name": "Cemevi Köln",
        }
        for name, email in [(AYSE["name"], AYSE["email"].upper()), ("Cem", "cem@example.org")]
    ]
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": uuid.uuid4(),
            "round_table_name": "Runder Tisch Köln",
            "event": meeting,
            "invitees": invitees,
        },
    )
    (invitation,) = [
        m
        for m in sent_messages("registrations.invitation.sent")
        if m["data"]["invitee"]["name"] == AYSE["name"]
    ]
    accepted = click_link(client, invitation["data"]["links"]["accept_url"], consent="true")
    assert accepted.status_code == 200
    return {
        "events": [full, roomy, meeting["event_id"]],
        "waiting": waiting,
        "behind": behind,
        "seated": seated,
        "invitation": invitation["data"]["invitation_id"],
    }
