"""Messages one service writes reach another through RabbitMQ (each service on its own
PostgreSQL database, relays and consumers running): a published event reaches the registrations
service's public sign-up API, and sign-ups reach the events service's capacity check."""

import uuid

from sqlalchemy import func, select

from dialog_events.models import RegistrationTally
from dialog_platform.testing import wait_for

EVENT = {
    "type": "information_event",  # public: a round-table meeting is by invitation
    "title": "Infoabend Duisburg-Marxloh",
    "starts_at": "2027-06-10T17:30:00+02:00",
    "ends_at": "2027-06-10T19:30:00+02:00",
    "capacity": 18,
}


def test_published_event_reaches_registrations(platform_apps, running_workers, staff_headers):
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    with running_workers(relays=["events"], consumers=["registrations"]):
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


def test_capacity_cannot_drop_below_the_seats_taken(platform_apps, running_workers, staff_headers):
    """Sign-ups in registrations reach events as messages; events then refuses a capacity
    below the seats they took, and accepts one that still fits them."""
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    both = ["events", "registrations"]
    with running_workers(relays=both, consumers=both):
        staff = events.test_client()
        event = dict(EVENT, capacity=10, requires_email_confirmation=False)
        event_id = staff.post("/api/v1/events", json=event, headers=staff_headers("staff")).json[
            "id"
        ]
        staff.post(f"/api/v1/events/{event_id}/publish", headers=staff_headers("staff"))
        public = registrations.test_client()
        wait_for(
            lambda: public.get(f"/api/v1/public/events/{event_id}").status_code == 200,
            what="the event in the registrations service",
        )
        for n in range(3):
            answer = public.post(
                f"/api/v1/public/events/{event_id}/registrations",
                json={"name": f"Delegierte {n}", "email": f"d{n}@example.org", "consent": True},
            )
            assert answer.status_code == 201, answer.json
        wait_for(lambda: _seats_known_to_events(events, event_id) == 3, what="the seats in events")

        lowered = staff.patch(
            f"/api/v1/events/{event_id}", json={"capacity": 2}, headers=staff_headers("staff")
        )
        assert lowered.status_code == 422
        assert "capacity" in lowered.json["errors"]
        fits = staff.patch(
            f"/api/v1/events/{event_id}", json={"capacity": 3}, headers=staff_headers("staff")
        )
        assert fits.status_code == 200 and fits.json["capacity"] == 3


def _seats_known_to_events(events, event_id: str) -> int:
    with events.extensions["dialog_db"].transaction() as session:
        return session.scalar(
            select(func.count())
            .select_from(RegistrationTally)
            .where(RegistrationTally.event_id == uuid.UUID(event_id))
        )
