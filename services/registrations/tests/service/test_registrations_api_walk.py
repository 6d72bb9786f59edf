"""Every route of the registrations API (sign-up, staff, privacy, invitations, reports) met the
way a careless client and an attacker meet it (without a token, a forged or expired one, the
wrong role; malformed ids, queries and bodies): never a 5xx, always a sentence, nothing changed
by a refused change (``testing.walk``)."""

from dialog_platform.testing.walk import walk


def test_every_route_survives_the_walk(registrations_app, published_event, staff_headers):
    client = registrations_app.test_client()
    event_id = str(published_event())
    person = {"name": "Ayşe Yılmaz", "email": "ayse@example.org", "consent": True}
    made = client.post(
        f"/api/v1/events/{event_id}/registrations", json=person, headers=staff_headers("staff")
    )
    assert made.status_code == 201, made.json
    ids = {"event_id": event_id, "registration_id": made.json["registration_id"]}
    assert walk(registrations_app, client, ids, role="admin") == []
