"""Fixtures of the events service's tests: the app on a fresh, migrated PostgreSQL database,
events, organisations and round tables made through the API, and what the database holds."""

import pytest

from dialog_platform.testing.plugin import app_and_client

#: A complete, valid event (a Thursday evening in Berlin, winter time).
EVENT = {
    "type": "evening_lecture",
    "title": "Grundlagen der Wohlfahrtspflege",
    "description": "**Wie** funktioniert die freie Wohlfahrtspflege?",
    "starts_at": "2031-03-06T18:00:00+01:00",
    "ends_at": "2031-03-06T20:00:00+01:00",
    "capacity": 25,
    "venue": {"name": "Begegnungszentrum", "address": "Weseler Str. 1, Duisburg"},
    "languages": ["de", "tr"],
    "topics": ["Wohlfahrtspflege", "SGB VIII"],
    "registration_closes_at": "2031-03-05T12:00:00+01:00",
}


@pytest.fixture
def event_body() -> dict:
    """A fresh copy of ``EVENT`` to post or change."""
    return dict(EVENT)


events_app, client = app_and_client("events")


@pytest.fixture
def new_event(client, staff_headers):
    """``new_event(publish=True, **changes)``: create (and publish) an event; its JSON."""

    def make(publish: bool = False, **changes) -> dict:
        created = client.post(
            "/api/v1/events", json=EVENT | changes, headers=staff_headers("staff")
        )
        assert created.status_code == 201, created.json
        if not publish:
            return created.json
        published = client.post(
            f"/api/v1/events/{created.json['id']}/publish", headers=staff_headers("staff")
        )
        assert published.status_code == 200, published.json
        return published.json

    return make


@pytest.fixture
def change_event(client, staff_headers):
    """``change_event(event, **fields)``: staff change the event's ``fields``; the answer."""

    def change(event: dict, **fields):
        return client.patch(
            f"/api/v1/events/{event['id']}", json=fields, headers=staff_headers("staff")
        )

    return change


@pytest.fixture
def new_organisation(client, staff_headers):
    """``new_organisation(**fields)``: add an organisation to the directory (DITIB Marxloh in
    Duisburg unless told otherwise); its JSON."""

    def make(**fields) -> dict:
        body = {"name": "DITIB Marxloh", "kind": "mosque_congregation", "city": "Duisburg"}
        answer = client.post(
            "/api/v1/organisations", json=body | fields, headers=staff_headers("staff")
        )
        assert answer.status_code == 201, answer.json
        return answer.json

    return make


@pytest.fixture
def new_round_table(client, staff_headers):
    """``new_round_table(name=..., **fields)``: create a round table; its JSON."""

    def make(**fields) -> dict:
        answer = client.post("/api/v1/round-tables", json=fields, headers=staff_headers("staff"))
        assert answer.status_code == 201, answer.json
        return answer.json

    return make
