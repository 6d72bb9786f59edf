"""Access export of a person: ``POST /api/v1/privacy/exports`` answers with this service's part
at once and publishes the request by keyed hashes; the others' parts, handled by the real
handlers, complete one JSON document named by service; the answers are encrypted at rest, an
erasure deletes them, and ``dialog export --wait`` prints the document."""

from __future__ import annotations

import json
import uuid

from click.testing import CliRunner
from sqlalchemy import text

from dialog_platform.cli import main as dialog
from dialog_platform.testing import wait_for

from ..conftest import AYSE, dialog_while_answering
from .test_registrations_erasure import OTHERS, _rows_as_text


def _answer(deliver_message, service: str, request_id: str) -> None:
    deliver_message(
        f"{service}.export.completed",
        {
            "request_id": request_id,
            "document": {"records": {f"{service}_records": [{"email": AYSE["email"]}]}},
        },
    )


def test_export_holds_this_service_part_then_every_other(
    registrations_app, ayse_everywhere, staff_headers, deliver_message, sent_messages
):
    client, admin = registrations_app.test_client(), staff_headers("admin")
    answer = client.post("/api/v1/privacy/exports", json={"email": AYSE["email"]}, headers=admin)
    assert answer.status_code == 201, answer.json
    request = answer.json
    assert request["complete"] is False and request["document"] is None
    assert request["waiting_for"] == list(OTHERS)
    (published,) = sent_messages("registrations.export.requested")
    assert published["data"]["request_id"] == request["id"]
    assert AYSE["email"].lower() not in json.dumps(published).lower()
    again = client.post("/api/v1/privacy/exports", json={"email": AYSE["email"]}, headers=admin)
    assert (again.status_code, again.json["id"]) == (200, request["id"])

    for service in OTHERS:
        _answer(deliver_message, service, request["id"])
    done = client.get(f"/api/v1/privacy/exports/{request['id']}", headers=admin).json
    assert done["complete"] is True and done["waiting_for"] == []
    document = done["document"]
    assert set(document) == {"registrations", *OTHERS}
    own = document["registrations"]
    assert sorted(r["id"] for r in own["registrations"]) == sorted(
        [
            ayse_everywhere["waiting"],
            ayse_everywhere["seated"],
            *(i["registration_id"] for i in own["invitations"]),
        ]
    )
    seated = next(r for r in own["registrations"] if r["id"] == ayse_everywhere["seated"])
    assert (seated["name"], seated["email"], seated["phone"]) == (
        AYSE["name"],
        AYSE["email"],
        "+491701234567",
    )
    assert [c["purpose"] for c in seated["consents"]] == ["registration", "sms_reminders"]
    assert "30 gün sonra silinir" in seated["consents"][0]["text"]
    assert seated["event"]["title"] == "Infoabend Wohlfahrtspflege"
    assert own["invitations"][0]["round_table_name"] == "Runder Tisch Köln"
    assert document["events"] == {"events_records": [{"email": AYSE["email"]}]}

    with registrations_app.extensions["dialog_db"].engine.connect() as connection:
        stored = connection.execute(text("SELECT records FROM export_part")).scalars().all()
    assert len(stored) == 4 and all(records.startswith("gAAAAA") for records in stored)
    opened = " ".join(_rows_as_text(registrations_app.extensions["dialog_db"])["export_part"])
    assert AYSE["email"] in opened  # encrypted, not absent
    listed = client.get("/api/v1/privacy/exports", headers=admin).json
    assert [(e["id"], e["document"]) for e in listed] == [(request["id"], None)]

    client.post("/api/v1/privacy/erasures", json={"email": AYSE["email"]}, headers=admin)
    gone = client.get(f"/api/v1/privacy/exports/{request['id']}", headers=admin)
    assert gone.status_code == 404 and "kept for a day" in gone.json["message"]
    unknown = client.get(f"/api/v1/privacy/exports/{uuid.uuid4()}", headers=admin)
    assert unknown.status_code == 404
    _answer(deliver_message, "events", request["id"])  # a late answer to a deleted request


def test_dialog_export_prints_the_document_once_all_answered(
    registrations_app, published_event, deliver_message, sent_messages
):
    event_id = published_event()
    registrations_app.test_client().post(
        f"/api/v1/public/events/{event_id}/registrations", json=AYSE | {"consent": True}
    )
    runner = CliRunner()

    def answer_when_asked() -> None:
        requested = lambda: sent_messages("registrations.export.requested")  # noqa: E731
        request_id = wait_for(lambda: requested() and requested()[0]["data"]["request_id"])
        for service in OTHERS:
            _answer(deliver_message, service, request_id)

    done = dialog_while_answering(
        ["export", "--phone", "+491701234567", "--wait", "--timeout", "30"], answer_when_asked
    )
    assert done.exit_code == 0, done.output
    document = json.loads(done.output[done.output.index("{") :])
    assert document["registrations"]["registrations"][0]["email"] == AYSE["email"]
    assert set(document) == {"registrations", *OTHERS}

    waiting = runner.invoke(
        dialog, ["export", "--email", "nobody@example.org", "--wait", "--timeout", "0.3"]
    )
    assert waiting.exit_code == 1
    assert "no answer yet from events, mediation, notifications" in waiting.output
