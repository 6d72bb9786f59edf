"""Double opt-in for everyone: at an event that asks for a confirmed address, a seat never goes
to an unconfirmed one. The waiting may confirm while waiting (a promotion then seats them), else
a promotion holds the seat for the confirmation as a new sign-up's. A second sign-up with the
same unconfirmed address sends the mail again, three times at most; a used link says at once
that it is done. Promotions race confirmations on PostgreSQL through the HTTP API."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from dialog_registrations.models import Registration

from .test_registrations_concurrency import _all_at_once, _post

SEATS = 5
WAITING = 20


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_promotions_racing_confirmations_never_seat_an_unconfirmed_address(
    registrations_app, published_event, live_server, sent_messages
):
    event_id = published_event(capacity=SEATS, requires_email_confirmation=True)
    signup = f"{live_server}/api/v1/public/events/{event_id}/registrations"
    confirm = f"{live_server}/api/v1/public/registrations/confirm"
    cancel = f"{live_server}/api/v1/public/registrations/cancel"
    for n in range(SEATS + WAITING):
        body = {"name": f"Person {n}", "email": f"p{n}@example.org", "consent": True}
        assert _post(signup, body)[0] == 201
    created = sent_messages("registrations.registration.created")
    seated, waiting = created[:SEATS], created[SEATS:]
    assert {m["data"]["status"] for m in seated} == {"pending"}
    assert {m["data"]["status"] for m in waiting} == {"waitlisted"}
    assert all(m["data"]["links"]["confirm_url"] for m in created)  # the waiting may confirm
    for message in seated:
        assert _post(confirm, {"token": _token(message["data"]["links"]["confirm_url"])})[0] == 200

    # All five seated cancel while half of the waiting confirm, at the same moment.
    cancels = [_token(m["data"]["links"]["cancel_url"]) for m in seated]
    confirms = [_token(m["data"]["links"]["confirm_url"]) for m in waiting[::2]]
    calls = [lambda t=t: _post(cancel, {"token": t}) for t in cancels]
    calls += [lambda t=t: _post(confirm, {"token": t}) for t in confirms]
    answers = _all_at_once(calls)
    assert [status for status, _ in answers] == [200] * len(calls)

    db = registrations_app.extensions["dialog_db"]
    with db.transaction() as session:
        rows = session.scalars(select(Registration).where(Registration.event_id == event_id)).all()
        statuses = Counter(r.status for r in rows)
        pending_ids = {str(r.id) for r in rows if r.status == "pending"}
        assert statuses["confirmed"] + statuses["pending"] == SEATS
        for row in rows:
            if row.status == "confirmed":
                assert row.email_confirmed_at is not None, "a seat went to an unconfirmed address"
            if row.status == "pending":
                assert row.hold_until is not None and row.email_confirmed_at is None
    promoted = sent_messages("registrations.registration.promoted")
    assert len(promoted) == SEATS
    # The first five of the queue, in order; each seated directly only if already confirmed.
    assert [m["data"]["registration_id"] for m in promoted] == [
        m["data"]["registration_id"] for m in waiting[:SEATS]
    ]
    for message in sent_messages():
        data = message["data"]
        about_registration = message["type"].startswith("registrations.registration.")
        if about_registration and data.get("status") == "confirmed":
            assert data["email_confirmed"] is True, message["type"]
    for message in promoted:
        data = message["data"]
        assert data["status"] == ("confirmed" if data["email_confirmed"] else "pending")
        assert (data["hold_until"] is not None) == (data["status"] == "pending")
        assert (data["links"]["confirm_url"] is not None) == (data["status"] == "pending")

    # A held promotion confirms with the link of its promotion mail and gets the seat (one
    # that raced may already have been confirmed by its waiting-list link meanwhile).
    held = [m["data"] for m in promoted if m["data"]["status"] == "pending"]
    still_held = [d for d in held if str(d["registration_id"]) in pending_ids]
    assert still_held  # the queue alternates confirmed and unconfirmed people
    status, body = _post(confirm, {"token": _token(still_held[0]["links"]["confirm_url"])})
    assert (status, body["status"], body["already_done"]) == (200, "confirmed", False)


def test_confirming_while_waiting_then_promotion_seats_directly(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(capacity=1, requires_email_confirmation=True)
    client = registrations_app.test_client()
    url = f"/api/v1/public/events/{event_id}/registrations"
    first = client.post(url, json={"name": "A", "email": "a@example.org", "consent": True}).json
    client.post(url, json={"name": "B", "email": "b@example.org", "consent": True})
    links = [m["data"]["links"] for m in sent_messages("registrations.registration.created")]
    answer = client.post(
        "/api/v1/public/registrations/confirm", json={"token": _token(links[1]["confirm_url"])}
    )
    assert (answer.json["status"], answer.json["already_done"]) == ("waitlisted", False)
    assert "waiting list" in answer.json["message"]
    assert sent_messages("registrations.registration.confirmed") == []  # no seat yet
    client.post(
        "/api/v1/public/registrations/cancel", json={"token": _token(links[0]["cancel_url"])}
    )
    (promoted,) = sent_messages("registrations.registration.promoted")
    assert promoted["data"]["status"] == "confirmed" and promoted["data"]["email_confirmed"]
    assert first["status"] == "pending"


def test_a_second_sign_up_sends_the_confirmation_again_three_times_at_most(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(requires_email_confirmation=True)
    client = registrations_app.test_client()
    url = f"/api/v1/public/events/{event_id}/registrations"
    body = {"name": "Ayşe", "email": "ayse@example.org", "consent": True}
    assert client.post(url, json=body).status_code == 201
    (created,) = sent_messages("registrations.registration.created")
    assert created["data"]["links"]["cancel_url"]  # the "please confirm" mail can cancel too
    answers = [client.post(url, json=body) for _ in range(4)]
    assert [a.json["confirmation_resent"] for a in answers] == [True, True, True, False]
    assert "again" in answers[0].json["message"]
    assert "several times" in answers[3].json["message"]
    requested = sent_messages("registrations.registration.confirmation_requested")
    assert len(requested) == 3
    assert all(m["data"]["links"]["confirm_url"] for m in requested)
    assert all(m["data"]["links"]["cancel_url"] for m in requested)

    german = client.post(url, json=body, headers={"Accept-Language": "de"})
    assert "mehrmals" in german.json["message"]

    page = client.post(
        f"/events/{event_id}?lang=en",
        data={"csrf_token": _csrf(client, event_id), "consent": "true"}
        | {k: v for k, v in body.items() if k != "consent"},
    ).get_data(as_text=True)
    assert "several times" in page

    client.post(
        "/api/v1/public/registrations/confirm",
        json={"token": _token(created["data"]["links"]["confirm_url"])},
    )
    confirmed = client.post(url, json=body).json
    assert confirmed["confirmation_resent"] is None and confirmed["status"] == "confirmed"


def _csrf(client, event_id) -> str:
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_a_used_link_says_at_once_that_it_is_done(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(requires_email_confirmation=True)
    client = registrations_app.test_client()
    client.post(
        f"/api/v1/public/events/{event_id}/registrations",
        json={"name": "Cem", "email": "cem@example.org", "consent": True, "language": "en"},
    )
    links = sent_messages("registrations.registration.created")[0]["data"]["links"]
    for action in ("confirm", "cancel"):
        path = "/" + links[f"{action}_url"].split("://", 1)[1].split("/", 1)[1]
        assert "<button" in client.get(path).get_data(as_text=True)
        token = client.get(path).get_data(as_text=True).split('name="csrf_token" value="')[1]
        client.post(path, data={"csrf_token": token.split('"')[0]})
        again = client.get(path).get_data(as_text=True)
        assert "<button" not in again and "Nothing has changed" in again
