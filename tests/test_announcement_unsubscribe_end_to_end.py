"""A directory announcement's unsubscribe link across the services, on PostgreSQL and RabbitMQ
(the local network): staff announce a qualification workshop to the organisations tagged
"jugendarbeit"; the contact person who agreed gets the mail, with a one-click unsubscribe
(RFC 8058) that says "Abbestellen", not "stop reminders"; one POST to it reaches the events
service, which withdraws her consent: the directory shows it, and the next announcement goes
to nobody."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from dialog_platform.testing import wait_for
from dialog_platform.testing.mails import mails_in, text_of

EMAIL = "derya.sahin@example.org"


def test_one_click_on_an_announcement_ends_the_contact_persons_announcements(
    platform_apps, running_workers, staff_headers, dispatcher, tmp_path
):
    events, notifications = platform_apps["events"], platform_apps["notifications"]
    staff, client = staff_headers("staff"), events.test_client()
    every = ["events", "registrations", "notifications", "mediation"]
    organisation = client.post(
        "/api/v1/organisations",
        json={
            "name": "Cemevi Duisburg",
            "kind": "alevi_congregation",
            "city": "Duisburg",
            "tags": ["jugendarbeit"],
            "contact_persons": [
                {"name": "Derya Şahin", "email": EMAIL, "announcements_consent": True}
            ],
        },
        headers=staff,
    )
    assert organisation.status_code == 201, organisation.json
    starts = datetime.now(UTC) + timedelta(days=14)
    created = client.post(
        "/api/v1/events",
        json={
            "type": "qualification_workshop",
            "title": "Workshop Förderanträge",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=3)).isoformat(),
            "capacity": 20,
            "reminder_plan": [],
        },
        headers=staff,
    )
    assert created.status_code == 201, created.json
    path = f"/api/v1/events/{created.json['id']}"
    assert client.post(f"{path}/publish", headers=staff).status_code == 200

    def announce() -> int:
        body = {"announcement_id": str(uuid.uuid4()), "tags": ["jugendarbeit"]}
        answer = client.post(f"{path}/announcements", json=body, headers=staff)
        assert answer.status_code == 201, answer.json
        return answer.json["recipients_count"]

    with running_workers(relays=every, consumers=every):
        assert announce() == 1
        db = notifications.extensions["dialog_db"]

        def arrived():
            while dispatcher.dispatch_due(db):
                pass
            return mails_in(tmp_path / "mail") or None

        [mail] = wait_for(arrived, timeout=60, what="the announcement's mail")
        assert mail["To"] == EMAIL and "Workshop Förderanträge" in text_of(mail)
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = mail["List-Unsubscribe"].strip().strip("<>")
        assert f"Abbestellen: {link}" in text_of(mail)
        ended = notifications.test_client().post(
            "/" + link.split("/", 3)[3],
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert ended.status_code == 200, ended.get_data(as_text=True)[-500:]

        shown = f"/api/v1/organisations/{organisation.json['id']}"

        def withdrawn() -> bool:
            [person] = client.get(shown, headers=staff).json["contact_persons"]
            return not person["announcements_consent"]

        wait_for(withdrawn, timeout=60, what="the consent withdrawn in events")
        assert announce() == 0
