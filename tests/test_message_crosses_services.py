"""A message one service writes reaches another through RabbitMQ: staff publish an event in the
events service; the events relay and the registrations consumer (real RabbitMQ, each service on
its own PostgreSQL database) bring it to the registrations service's public sign-up API."""

import threading

from dialog_platform.messaging.connection import topology_for
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.relay import Relay
from dialog_platform.testing import wait_for
from dialog_registrations.messaging.handlers import HANDLERS

EVENT = {
    "type": "round_table_meeting",
    "title": "Runder Tisch Duisburg-Marxloh",
    "starts_at": "2027-06-10T17:30:00+02:00",
    "ends_at": "2027-06-10T19:30:00+02:00",
    "capacity": 18,
}


def test_published_event_reaches_registrations(platform_apps, staff_headers, rabbitmq_url):
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    settings = events.config["DIALOG_SETTINGS"]
    stop = threading.Event()
    workers = [
        Relay(events.extensions["dialog_db"], rabbitmq_url, topology_for(settings)),
        MessageConsumer(
            "registrations",
            registrations.extensions["dialog_db"],
            HANDLERS,
            rabbitmq_url,
            topology_for(registrations.config["DIALOG_SETTINGS"]),
        ),
    ]
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        staff = events.test_client()
        event_id = staff.post("/api/v1/events", json=EVENT, headers=staff_headers("staff")).json[
            "id"
        ]
        public = registrations.test_client()
        assert public.get(f"/api/v1/public/events/{event_id}").status_code == 404  # still a draft

        staff.post(f"/api/v1/events/{event_id}/publish", headers=staff_headers("staff"))
        shown = wait_for(
            lambda: (r := public.get(f"/api/v1/public/events/{event_id}")).status_code == 200 and r,
            what="the event in the registrations service",
        )
        assert shown.json["title"] == EVENT["title"]
        assert shown.json["capacity"] == 18
        assert shown.json["starts_at"] == "2027-06-10T15:30:00+00:00"
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "workers must stop when asked"
