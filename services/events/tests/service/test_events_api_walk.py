"""Every route of the events API met the way a careless client and an attacker meet it (without
a token, a forged or expired one, the wrong role; malformed ids, queries and bodies): never a
5xx, always a sentence, nothing changed by a refused change (``testing.walk``)."""

from dialog_platform.testing.walk import walk


def test_every_route_survives_the_walk(
    events_app, client, event_body, new_event, new_organisation, new_round_table
):
    event = new_event(publish=True)
    ids = {
        "event_id": event["id"],
        "organisation_id": new_organisation()["id"],
        "round_table_id": new_round_table(name="Runder Tisch Marxloh")["id"],
    }
    times = {key: event_body[key] for key in ("starts_at", "ends_at")}
    bodies = {
        "POST /api/v1/events": event_body,
        "PATCH /api/v1/events/{event_id}": {"title": "Neu"} | times,
    }
    assert walk(events_app, client, ids, bodies=bodies) == []
