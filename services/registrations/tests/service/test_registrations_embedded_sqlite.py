"""The embedded mode: the same code on a SQLite file (migrations, seat counting, promotion)."""

from __future__ import annotations

from dialog_platform.migrations import upgrade


def test_sign_up_wait_and_promote_on_sqlite(monkeypatch, tmp_path, event_snapshot, staff_headers):
    from dialog_platform.testing.plugin import TEST_JWT_SECRET
    from dialog_registrations.app import create_app
    from dialog_registrations.messaging.handlers import HANDLERS

    url = f"sqlite:///{tmp_path / 'registrations.sqlite'}"
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REGISTRATIONS_DATABASE_URL", url)
    monkeypatch.setenv("JWT_SECRET", TEST_JWT_SECRET)
    upgrade("dialog_registrations", url)
    app = create_app()
    try:
        from dialog_platform.testing.messages import deliver

        data = event_snapshot(capacity=2)
        deliver(app.extensions["dialog_db"], HANDLERS, "events.event.published", data)
        client = app.test_client()
        url = f"/api/v1/public/events/{data['event_id']}/registrations"
        answers = [
            client.post(url, json={"name": f"P{n}", "email": f"p{n}@example.org", "consent": True})
            for n in range(4)
        ]
        assert [a.json["status"] for a in answers] == [
            "confirmed",
            "confirmed",
            "waitlisted",
            "waitlisted",
        ]
        assert [a.json["waitlist_position"] for a in answers[2:]] == [1, 2]
        cancelled = client.post(
            f"/api/v1/registrations/{answers[0].json['registration_id']}/cancel",
            json={"reason": "Krank"},
            headers=staff_headers("admin"),
        )
        assert cancelled.json["status"] == "cancelled"
        rows = client.get(url.replace("/public", ""), headers=staff_headers("admin")).json
        states = {r["name"]: (r["status"], r["waitlist_position"]) for r in rows}
        assert states == {
            "P0": ("cancelled", None),
            "P1": ("confirmed", None),
            "P2": ("confirmed", None),
            "P3": ("waitlisted", 1),
        }
    finally:
        app.extensions["dialog_db"].dispose()
