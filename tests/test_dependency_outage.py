"""While a service's database refuses connections, its API answers 503 with Retry-After and a
plain sentence (no 500, no traceback in the log), public routes and staff routes alike; once the
database is back the same requests work and nothing stored was lost."""

import uuid

import pytest

from dialog_platform.testing.resources import database_outage

#: A route of each service that needs its database: (method, path, role or None for public).
ROUTES = {
    "events": ("GET", "/api/v1/events", "staff"),
    "registrations": ("GET", f"/api/v1/public/events/{uuid.uuid4()}", None),
    "notifications": ("GET", f"/api/v1/deliveries?event_id={uuid.uuid4()}", "staff"),
    "mediation": ("GET", "/api/v1/cases", "admin"),
}


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_the_api_says_the_database_is_unavailable(platform_apps, staff_headers, service, capfd):
    app = platform_apps[service]
    method, path, role = ROUTES[service]
    client = app.test_client()
    headers = staff_headers(role) if role else {}
    healthy = client.open(path, method=method, headers=headers).status_code
    assert healthy in (200, 404)

    capfd.readouterr()
    with database_outage(app.config["DIALOG_SETTINGS"].database_url):
        for _ in range(3):
            answer = client.open(path, method=method, headers=headers)
            assert answer.status_code == 503, answer.json
            assert answer.headers["Retry-After"] == "5"
            assert answer.json["code"] == "database_unavailable"
            assert "try again" in answer.json["message"]
    logged = capfd.readouterr().err
    assert "Traceback" not in logged and logged.count("database unavailable") == 3

    assert client.open(path, method=method, headers=headers).status_code == healthy


def test_a_sign_up_during_the_outage_is_refused_and_nothing_is_lost(platform_apps, staff_headers):
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    staff = staff_headers("staff")
    created = events.test_client().post(
        "/api/v1/events",
        json={
            "type": "information_event",
            "title": "Infoabend",
            "starts_at": "2031-05-01T18:00:00+02:00",
            "ends_at": "2031-05-01T20:00:00+02:00",
        },
        headers=staff,
    )
    assert created.status_code == 201
    with database_outage(events.config["DIALOG_SETTINGS"].database_url):
        refused = events.test_client().patch(
            f"/api/v1/events/{created.json['id']}", json={"title": "Anders"}, headers=staff
        )
        assert refused.status_code == 503
    shown = events.test_client().get(f"/api/v1/events/{created.json['id']}", headers=staff)
    assert shown.json["title"] == "Infoabend"
    assert registrations.test_client().get("/healthz").status_code == 200
