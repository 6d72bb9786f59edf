"""Email confirmation and cancellation by signed links; pending seats that are not confirmed in
time expire and go to the waiting list; bad input and bad links change nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from dialog_registrations.operations.seats import expire_holds


def _sign_up(client, event_id, email, **extra):
    body = {"name": "Ayşe Yılmaz", "email": email, "consent": True} | extra
    return client.post(f"/api/v1/public/events/{event_id}/registrations", json=body)


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_confirm_link_seats_once_and_expiry_promotes(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(capacity=2, requires_email_confirmation=True)
    client = registrations_app.test_client()
    first = _sign_up(client, event_id, "a@example.org", phone="0170 1234567", sms_consent=True)
    assert first.status_code == 201 and first.json["status"] == "pending"
    assert _sign_up(client, event_id, "b@example.org").json["status"] == "pending"
    third = _sign_up(client, event_id, "c@example.org")
    assert (third.json["status"], third.json["waitlist_position"]) == ("waitlisted", 1)
    again = _sign_up(client, event_id, "A@Example.org")
    assert (
        again.status_code == 200 and again.json["registration_id"] == first.json["registration_id"]
    )

    created = sent_messages("registrations.registration.created")
    assert len(created) == 3
    assert created[0]["data"]["participant"]["phone"] == "+491701234567"
    confirm_url = created[0]["data"]["links"]["confirm_url"]
    assert confirm_url.startswith("http://127.0.0.1:8002/registrations/confirm/")
    # Waiting at an event that asks for a confirmed address: c may confirm while waiting.
    assert created[2]["data"]["links"]["confirm_url"] is not None
    assert all(m["data"]["links"]["cancel_url"] for m in created)

    confirm = "/api/v1/public/registrations/confirm"
    done = client.post(confirm, json={"token": _token(confirm_url)})
    assert (done.json["status"], done.json["already_done"]) == ("confirmed", False)
    twice = client.post(confirm, json={"token": _token(confirm_url)})
    assert (twice.json["status"], twice.json["already_done"]) == ("confirmed", True)
    assert len(sent_messages("registrations.registration.confirmed")) == 1

    # b never confirms: after the hold, its seat goes to c.
    settings = registrations_app.config["DIALOG_SETTINGS"]
    later = datetime.now(UTC) + settings.confirm_within + timedelta(minutes=1)
    with registrations_app.extensions["dialog_db"].transaction() as session:
        assert expire_holds(session, later) == 1
    with registrations_app.extensions["dialog_db"].transaction() as session:
        assert expire_holds(session, later) == 0
    cancelled = sent_messages("registrations.registration.cancelled")
    assert [m["data"]["cancelled_by"] for m in cancelled] == ["expired"]
    assert cancelled[0]["data"]["status"] == "expired"
    promoted = sent_messages("registrations.registration.promoted")
    assert [m["data"]["registration_id"] for m in promoted] == [third.json["registration_id"]]
    # c had not confirmed: the seat is held for the confirmation, as a new sign-up's.
    assert promoted[0]["data"]["status"] == "pending"
    assert promoted[0]["data"]["email_confirmed"] is False
    assert promoted[0]["data"]["hold_until"] and promoted[0]["data"]["links"]["confirm_url"]

    late = client.post(confirm, json={"token": _token(created[1]["data"]["links"]["confirm_url"])})
    assert late.status_code == 409 and "expired" in late.json["message"]


def _expired_confirm_token(settings, registration_id: str) -> str:
    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - int(settings.confirm_within.total_seconds()) - 60

    serializer = URLSafeTimedSerializer(
        settings.link_secret, salt="dialog-registrations", signer=PastSigner
    )
    return serializer.dumps({"a": "confirm", "id": registration_id})


def test_forged_expired_and_tampered_links_are_refused(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(capacity=5, requires_email_confirmation=True)
    client = registrations_app.test_client()
    registration_id = _sign_up(client, event_id, "d@example.org").json["registration_id"]
    links = sent_messages("registrations.registration.created")[0]["data"]["links"]
    before = len(sent_messages())

    tampered = _token(links["cancel_url"])
    tampered = tampered[:-3] + ("AAA" if tampered[-3:] != "AAA" else "BBB")
    forged = URLSafeTimedSerializer("not-our-key", salt="dialog-registrations").dumps(
        {"a": "cancel", "id": registration_id}
    )
    wrong_action = _token(links["confirm_url"])
    for path, token in [
        ("cancel", tampered),
        ("cancel", forged),
        ("cancel", wrong_action),
        (
            "confirm",
            _expired_confirm_token(registrations_app.config["DIALOG_SETTINGS"], registration_id),
        ),
    ]:
        answer = client.post(f"/api/v1/public/registrations/{path}", json={"token": token})
        assert answer.status_code == 400, (path, answer.json)
        assert answer.json["code"] == "invalid_link"
    assert "expired" in answer.json["message"]
    assert len(sent_messages()) == before
    state = client.post(
        f"/api/v1/public/events/{event_id}/registrations",
        json={"name": "x", "email": "d@example.org", "consent": True},
    )
    assert state.json["status"] == "pending"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"email": "not-an-address"}, "email"),
        ({"sms_consent": True}, "sms_consent"),
        ({"phone": "12"}, "phone"),
        ({"name": "x" * 201}, "name"),
        ({"needs": "x" * 1001}, "needs"),
        ({"language": "fr"}, "language"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_sign_ups_are_refused_with_the_field_named(
    registrations_app, published_event, sent_messages, change, field
):
    event_id = published_event()
    body = {"name": "Mehmet", "email": "m@example.org", "consent": True} | change
    answer = registrations_app.test_client().post(
        f"/api/v1/public/events/{event_id}/registrations", json=body
    )
    assert answer.status_code == 422
    assert field in answer.json["errors"]
    assert field in answer.json["message"]
    assert sent_messages() == []


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"status": "cancelled"}, "cancelled"),
        ({"registration_opens_at": "2099-01-01T00:00:00+00:00"}, "not opened yet"),
        ({"registration_closes_at": "2020-01-01T00:00:00+00:00"}, "closed"),
        (
            {"starts_at": "2020-01-01T10:00:00+00:00", "ends_at": "2020-01-01T12:00:00+00:00"},
            "started",
        ),
    ],
)
def test_sign_ups_outside_the_window_are_refused(
    registrations_app, published_event, sent_messages, overrides, reason
):
    event_id = published_event(**overrides)
    answer = _sign_up(registrations_app.test_client(), event_id, "e@example.org")
    assert answer.status_code == 409
    assert answer.json["code"] == "sign_up_refused" and reason in answer.json["message"]
    assert sent_messages() == []
