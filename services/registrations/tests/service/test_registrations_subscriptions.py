"""A subscription end to end: subscribe on the public page (consent recorded, CSRF), confirm by
the link of ``subscription.requested`` (a GET changes nothing), sign-up opens for a new date of
the series and the subscriber is told once (however often the message comes); unsubscribing
is one POST (RFC 8058 one-click, no form needed); an erasure by address removes the
subscription, and an unconfirmed one expires."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dialog_platform.clock import utc_now
from dialog_platform.privacy import PersonKeys
from dialog_registrations.models import Consent, Subscription
from dialog_registrations.operations.erasure import erase_person
from dialog_registrations.operations.retention import retain

from ..conftest import event_data

SERIES = "abendvortraege-2027"


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def subscribe(client, kind: str, key: str, **form):
    page = client.get(f"/subscribe/{kind}/{key}?lang=tr")
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    return client.post(f"/subscribe/{kind}/{key}?lang=tr", data={"csrf_token": token} | form)


def test_subscribe_confirm_announce_once_and_unsubscribe_with_one_click(
    registrations_app, published_event, deliver_message, sent_messages
):
    published_event(type="evening_lecture", series=SERIES)
    client = registrations_app.test_client()
    person = {"name": "Ayşe", "email": "ayse@example.org", "language": "tr"}
    refused = subscribe(client, "series", SERIES, **person)
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    forged = client.post(f"/subscribe/series/{SERIES}", data=person | {"consent": "true"})
    assert forged.status_code == 400
    assert client.get("/subscribe/series/unknown-series").status_code == 404
    assert client.get("/subscribe/colour/red").status_code == 404

    done = subscribe(client, "series", SERIES, **person, consent="true")
    assert done.status_code == 200, done.get_data(as_text=True)[-1500:]
    (requested,) = sent_messages("registrations.subscription.requested")
    data = requested["data"]
    assert data["topic"] == {"kind": "series", "key": SERIES, "title": SERIES}
    assert data["subscriber"]["email"] == "ayse@example.org"
    db = registrations_app.extensions["dialog_db"]
    with db.transaction() as session:
        (consent,) = session.scalars(select(Consent).where(Consent.subscription_id.is_not(None)))
        assert consent.purpose == "subscription" and consent.language == "tr"

    confirm = path_of(data["links"]["confirm_url"])
    assert client.get(confirm).status_code == 200  # only the page
    elsewhere = registrations_app.test_client()  # the mail opened in a German browser
    expired = elsewhere.post(confirm, data={"csrf_token": "old"}, headers={"Accept-Language": "de"})
    assert expired.status_code == 400 and "Formun süresi dolmuş" in expired.text  # her language
    new_date = event_data(type="evening_lecture", series=SERIES)
    deliver_message("events.event.published", new_date)
    assert sent_messages("registrations.subscription.announced") == []  # not confirmed yet
    html = client.get(confirm).get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(confirm, data={"csrf_token": token}).status_code == 200
    confirmed = client.get(confirm).get_data(as_text=True)  # says so at once, no button
    assert 'method="post"' not in confirmed and "Aboneliğiniz zaten onaylanmıştı" in confirmed

    later = event_data(type="evening_lecture", series=SERIES)
    deliver_message("events.event.published", later)
    deliver_message("events.event.published", later | {"version": 3})  # again
    closed = event_data(type="evening_lecture", series=SERIES, access="invitation")
    deliver_message("events.event.published", closed)
    deliver_message("events.event.published", event_data(type="evening_lecture", series="x"))
    (announced,) = sent_messages("registrations.subscription.announced")
    assert announced["data"]["event"]["event_id"] == str(later["event_id"])
    assert announced["data"]["signup_url"].endswith(f"/events/{later['event_id']}")
    opened = closed | {"version": 3, "access": "public", "changed_fields": ["access"]}
    deliver_message("events.event.updated", opened | {"material": False})
    assert len(sent_messages("registrations.subscription.announced")) == 2

    leave = path_of(announced["data"]["links"]["unsubscribe_url"])
    assert client.get(leave).status_code == 200  # a page with one button, nothing done
    with db.transaction() as session:
        assert session.scalars(select(Subscription.status)).one() == "active"
    one_click = client.post(leave, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    with db.transaction() as session:
        ended = session.scalars(select(Subscription)).one()
        assert ended.status == "ended" and ended.email is None and ended.email_hash is None
    again = client.post(leave, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    for link in (leave, confirm):  # both links of an ended subscription say it has ended
        page = client.get(f"{link}?lang=en")
        assert page.status_code == 200 and 'method="post"' not in page.get_data(as_text=True)
        assert "You had already unsubscribed" in page.get_data(as_text=True)
    late = client.post(f"{confirm}?lang=en", data={"csrf_token": token})
    assert late.status_code == 200 and "You had already unsubscribed" in late.get_data(as_text=True)
    with db.transaction() as session:
        assert session.scalars(select(Subscription.status)).one() == "ended"
    deliver_message("events.event.published", event_data(type="evening_lecture", series=SERIES))
    assert len(sent_messages("registrations.subscription.announced")) == 2


def test_erasure_removes_subscriptions_and_unconfirmed_ones_expire(
    registrations_app, published_event, sent_messages
):
    client = registrations_app.test_client()
    person = {"name": "Cem", "email": "Cem@Example.org", "consent": "true"}
    assert subscribe(client, "event_type", "qualification_workshop", **person).status_code == 200
    assert subscribe(client, "event_type", "evening_lecture", **person).status_code == 200
    other = {"name": "Derya", "email": "derya@example.org", "consent": "true"}
    assert subscribe(client, "event_type", "evening_lecture", **other).status_code == 200
    db = registrations_app.extensions["dialog_db"]
    with db.transaction() as session:
        counts = erase_person(session, PersonKeys.of(email="cem@example.org"), utc_now())
    assert counts["subscriptions"] == 2
    with db.transaction() as session:
        assert session.scalars(select(Subscription.email)).all() == ["derya@example.org"]
        assert retain(session, utc_now() + timedelta(days=8)).subscriptions == 1
    with db.transaction() as session:
        assert session.scalars(select(Subscription)).all() == []
        assert session.scalars(select(Consent)).all() == []
