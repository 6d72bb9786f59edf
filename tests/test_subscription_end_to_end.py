"""A subscription across the services, on PostgreSQL and RabbitMQ (issue: the local network).

Ayşe subscribes to a series of evening lectures on registrations' public page; the confirm
link reaches her in a mail (as notifications writes it); she confirms; staff publish a new
date of the series in events; exactly one announcement mail reaches her, carrying a one-click
unsubscribe (RFC 8058); one POST to it ends the subscription, and the next date brings her no
mail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import Message

from dialog_platform.testing import wait_for
from dialog_platform.testing.mails import mails_in, text_of
from dialog_platform.testing.messages import outbox_messages

SERIES = "abendvortraege-2027"
EMAIL = "ayse.yilmaz@example.org"


def _delivered(notifications, dispatcher, tmp_path, count: int) -> list[Message]:
    """Send what is due until ``count`` mails arrived (with a bound)."""
    db = notifications.extensions["dialog_db"]

    def arrived():
        while dispatcher.dispatch_due(db):
            pass
        mails = mails_in(tmp_path / "mail")
        return mails if len(mails) >= count else None

    return wait_for(arrived, timeout=60, what=f"{count} mails")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _post_page(client, path: str, **form):
    page = client.get(path).get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    return client.post(path, data={"csrf_token": token} | form)


def _new_date(events, staff, days: int) -> str:
    client = events.test_client()
    starts = datetime.now(UTC) + timedelta(days=days)
    created = client.post(
        "/api/v1/events",
        json={
            "type": "evening_lecture",
            "title": f"Abendvortrag in {days} Tagen",
            "series": SERIES,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "capacity": 30,
            "reminder_plan": [],
        },
        headers=staff,
    )
    assert created.status_code == 201, created.json
    published = client.post(f"/api/v1/events/{created.json['id']}/publish", headers=staff)
    assert published.status_code == 200, published.json
    return created.json["id"]


def test_subscribe_confirm_by_mail_one_announcement_and_one_click_unsubscribe(
    platform_apps, running_workers, staff_headers, dispatcher, tmp_path
):
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    notifications = platform_apps["notifications"]
    staff = staff_headers("staff")
    public = registrations.test_client()
    every = ["events", "registrations", "notifications", "mediation"]

    with running_workers(relays=every, consumers=every):
        _new_date(events, staff, days=10)
        page = f"/subscribe/series/{SERIES}?lang=de"
        wait_for(lambda: public.get(page).status_code == 200, what="the series known")
        answer = _post_page(public, page, name="Ayşe Yılmaz", email=EMAIL, consent="true")
        assert answer.status_code == 200, answer.get_data(as_text=True)[-1000:]

        [confirm_mail] = _delivered(notifications, dispatcher, tmp_path, 1)
        assert confirm_mail["To"] == EMAIL
        confirm_url = re.search(r"https?://\S+/subscriptions/subscribe/\S+", text_of(confirm_mail))
        assert confirm_url, text_of(confirm_mail)
        confirmed = _post_page(public, _path(confirm_url.group(0).rstrip(".)")))
        assert confirmed.status_code == 200

        _new_date(events, staff, days=20)
        mails = _delivered(notifications, dispatcher, tmp_path, 2)
        announcement = mails[-1]
        assert announcement["To"] == EMAIL and "Abendvortrag in 20 Tagen" in text_of(announcement)
        assert announcement["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = announcement["List-Unsubscribe"].strip("<>")
        ended = public.post(
            _path(unsubscribe),
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert ended.status_code == 200, ended.get_data(as_text=True)[-500:]

        third = _new_date(events, staff, days=30)
        copy = f"/api/v1/public/events/{third}"
        wait_for(lambda: public.get(copy).status_code == 200, what="the third date copied")
        # registrations has handled the third date: it announced it to nobody
        announced = outbox_messages(
            registrations.extensions["dialog_db"], "registrations.subscription.announced"
        )
        assert [m["data"]["event"]["title"] for m in announced] == ["Abendvortrag in 20 Tagen"]
        while dispatcher.dispatch_due(notifications.extensions["dialog_db"]):
            pass
    assert len(mails_in(tmp_path / "mail")) == 2  # the confirm mail and one announcement, no more
