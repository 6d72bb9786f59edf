"""Staff API: the delivery log per event and per recipient, template previews in every
language, and resending one message (which goes out again, once)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from dialog_notifications.models import Delivery
from dialog_notifications.rendering import KINDS
from dialog_platform.locale import LANGUAGES


@pytest.fixture
def client(app):
    return app.test_client()


def test_delivery_log_per_event_and_per_recipient(
    confirm, feed, build, db, dispatcher, client, staff_headers
):
    event_id = uuid.uuid4()
    ada = confirm(event_id=event_id)
    feed(
        "registrations.registration.created",
        build.registration(status="pending", event_id=event_id, email="bob@example.org"),
    )
    feed("registrations.registration.confirmed", build.registration())  # another event
    dispatcher.dispatch_due(db)
    headers = staff_headers("staff")
    per_event = client.get(f"/api/v1/deliveries?event_id={event_id}", headers=headers)
    assert per_event.status_code == 200
    kinds = sorted(e["delivery"]["kind"] for e in per_event.json)
    assert kinds == ["confirm_email", "reminder", "reminder", "seat_confirmed"]
    per_recipient = client.get(
        f"/api/v1/deliveries?recipient_id={ada['registration_id']}", headers=headers
    )
    entries = {
        e["delivery"]["kind"]: e for e in per_recipient.json if e["delivery"]["kind"] != "reminder"
    }
    assert list(entries) == ["seat_confirmed"]
    assert [a["outcome"] for a in entries["seat_confirmed"]["attempts"]] == ["queued", "sent"]
    assert entries["seat_confirmed"]["attempts"][1]["answer"].startswith("250")


def test_delivery_log_needs_an_event_or_a_recipient(client, staff_headers):
    answer = client.get("/api/v1/deliveries", headers=staff_headers("staff"))
    assert answer.status_code == 422
    assert "event_id" in answer.json["errors"]
    bad = client.get("/api/v1/deliveries?event_id=nope", headers=staff_headers("staff"))
    assert bad.status_code == 422 and "event_id" in bad.json["message"]
    status = client.get("/api/v1/deliveries?status=lost", headers=staff_headers("staff"))
    assert status.status_code == 422 and "status" in status.json["errors"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_of_every_kind(client, staff_headers, language):
    for kind in KINDS:
        answer = client.get(
            f"/api/v1/templates/{kind}/{language}/preview", headers=staff_headers("staff")
        )
        assert answer.status_code == 200, (kind, answer.json)
        assert answer.json["subject"] and "{{" not in answer.json["text"]
        assert "Ayşe Yılmaz" in answer.json["html"]


def test_preview_refuses_unknown_kind_and_language(client, staff_headers):
    unknown = client.get("/api/v1/templates/party/de/preview", headers=staff_headers("staff"))
    assert unknown.status_code == 404 and unknown.json["code"] == "unknown_kind"
    language = client.get("/api/v1/templates/reminder/fr/preview", headers=staff_headers("staff"))
    assert language.status_code == 404 and "de, en, tr, ar" in language.json["message"]


def test_resend_sends_one_copy(
    feed, build, db, dispatcher, clock, client, staff_headers, smtp_server
):
    feed("registrations.registration.created", build.registration(status="pending"))
    dispatcher.dispatch_due(db)
    [entry] = client.get(
        f"/api/v1/deliveries?event_id={_event_of(db)}", headers=staff_headers("staff")
    ).json
    resent = client.post(
        f"/api/v1/deliveries/{entry['delivery']['id']}/resend", headers=staff_headers("admin")
    )
    assert resent.status_code == 202 and resent.json["status"] == "queued"
    clock.advance(seconds=1)
    assert dispatcher.dispatch_due(db) == 1
    assert dispatcher.dispatch_due(db) == 0
    mails = smtp_server.mailbox.to("ada@example.org")
    assert len(mails) == 2 and mails[0]["Subject"] == mails[1]["Subject"]
    missing = client.post(
        f"/api/v1/deliveries/{uuid.uuid4()}/resend", headers=staff_headers("admin")
    )
    assert missing.status_code == 404 and missing.json["code"] == "delivery_not_found"


def _event_of(db):
    with db.transaction() as session:
        return session.scalar(select(Delivery.event_id))
