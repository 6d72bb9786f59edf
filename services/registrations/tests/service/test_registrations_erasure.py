"""Erasure of a person: after ``POST /api/v1/privacy/erasures`` no table and column of the
registrations database (outbox and inbox included) holds her name, address or number, not
even encrypted; every count, seat and place on the waiting list is what it was; asking again
while the request is open returns it; the other services' confirmations, handled by the real
handlers, complete it; ``dialog erase --wait`` exits 0 only then, and names who is missing
after its timeout."""

from __future__ import annotations

import re
import threading
import uuid

from click.testing import CliRunner
from kombu import Connection
from sqlalchemy import inspect, select, text

from dialog_platform.cli import main as dialog
from dialog_platform.crypto import keyring
from dialog_platform.messaging.connection import topology_for
from dialog_platform.messaging.consumer import DEFAULT_EXCHANGE
from dialog_platform.messaging.deadletters import list_dead_letters
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import outbox
from dialog_platform.personal import email_hash, phone_hash
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import envelope_for

from ..conftest import AYSE, AYSE_TRACES, dialog_while_answering

TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_=-]+")
OTHERS = ("events", "notifications", "mediation")


def _opened(value: str) -> str:
    """The text with every Fernet token in it decrypted (what someone with the keys reads)."""
    return TOKEN.sub(lambda match: _opened(keyring().decrypt(match.group())), value)


def _rows_as_text(db) -> dict[str, list[str]]:
    """Every row of every table, cast to text by the database, tokens opened."""
    with db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return {
            table: [
                _opened(row)
                for row in connection.execute(text(f'SELECT t::text FROM "{table}" t')).scalars()
            ]
            for table in tables
        }


def _traces(db) -> dict[str, list[str]]:
    found = {}
    for table, rows in _rows_as_text(db).items():
        text_of_table = " ".join(rows).lower()
        hits = [trace for trace in AYSE_TRACES if trace.lower() in text_of_table]
        if hits:
            found[table] = hits
    return found


def _relay_everything(app) -> None:
    """Publish every outbox row with the real relay, so the sent rows stay behind as sent."""
    db, settings = app.extensions["dialog_db"], app.config["DIALOG_SETTINGS"]
    relay = Relay(db, settings.amqp_url, topology_for(settings))
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()

    def all_sent() -> bool:
        with db.transaction() as session:
            return session.scalar(select(outbox.c.id).where(outbox.c.sent_at.is_(None))) is None

    try:
        wait_for(all_sent, what="every outbox row published")
    finally:
        stop.set()
        thread.join(timeout=10)


def _dead_letter_naming_ayse(app) -> None:
    """A meeting message naming her as invitee, parked in registrations' dead-letter queue."""
    settings = app.config["DIALOG_SETTINGS"]
    topology = topology_for(settings)
    envelope = envelope_for(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": uuid.uuid4(),
            "round_table_name": "Runder Tisch",
            "event": {
                "event_id": uuid.uuid4(),
                "version": 1,
                "status": "published",
                "type": "round_table_meeting",
                "title": "Treffen",
                "starts_at": "2027-05-01T10:00:00+00:00",
                "ends_at": "2027-05-01T12:00:00+00:00",
            },
            "invitees": [
                {
                    "delegate_id": uuid.uuid4(),
                    "name": AYSE["name"],
                    "email": AYSE["email"],
                    "organisation_id": uuid.uuid4(),
                    "organisation_name": "Cemevi",
                }
            ],
        },
    )
    with Connection(settings.amqp_url) as connection:
        topology.declare(connection.default_channel)
        connection.Producer(exchange=DEFAULT_EXCHANGE).publish(
            envelope.to_json(),
            routing_key=topology.dead_letter_name("registrations"),
            message_id=envelope.id,
        )


def _figures(client, headers, ayse_everywhere) -> dict:
    base = "/api/v1/events/{}/registrations"
    return {
        "counts": [
            client.get(f"{base.format(event)}/counts", headers=headers).json
            for event in ayse_everywhere["events"]
        ],
        "rows": [
            [
                (r["id"], r["status"], r["waitlist_position"], r["created_at"], r["checked_in_at"])
                for r in client.get(base.format(event), headers=headers).json
            ]
            for event in ayse_everywhere["events"]
        ],
    }


def test_erasure_leaves_no_trace_and_every_figure_as_it_was(
    registrations_app, ayse_everywhere, staff_headers, deliver_message, sent_messages
):
    db = registrations_app.extensions["dialog_db"]
    settings = registrations_app.config["DIALOG_SETTINGS"]
    client, admin = registrations_app.test_client(), staff_headers("admin")
    _relay_everything(registrations_app)
    _dead_letter_naming_ayse(registrations_app)
    figures = _figures(client, staff_headers("staff"), ayse_everywhere)
    assert set(_traces(db)) >= {"registration", "invitation", "outbox"}  # the scan sees her

    answer = client.post(
        "/api/v1/privacy/erasures",
        json={"email": "  AYSE.yilmaz@example.ORG ", "phone": "+49 (170) 123-4567"},
        headers=admin,
    )
    assert answer.status_code == 201, answer.json
    request = answer.json
    assert request["complete"] is False and request["waiting_for"] == list(OTHERS)
    (own,) = [s for s in request["services"] if s["service"] == "registrations"]
    assert own["confirmed"] is True
    erased = dict(own["erased"])
    assert erased.pop("outbox") >= 5  # her sent messages, swept
    assert erased == {
        "registrations": 3,
        "invitations": 1,
        "exports": 0,
        "subscriptions": 0,
        "dead_letters": 1,
    }

    assert _traces(db) == {}
    hashes = {email_hash(AYSE["email"]), phone_hash("+491701234567")}
    hashed = {
        table: [row for row in rows if any(h in row for h in hashes)]
        for table, rows in _rows_as_text(db).items()
    }
    # The ledger and the request to the others name her by keyed hashes; nothing else does.
    assert {table for table, rows in hashed.items() if rows} == {"erasure_request", "outbox"}
    assert all("registrations.erasure.requested" in row for row in hashed["outbox"])
    assert list_dead_letters(settings.amqp_url, topology_for(settings), "registrations") == []
    assert _figures(client, staff_headers("staff"), ayse_everywhere) == figures
    behind = client.get(
        f"/api/v1/events/{ayse_everywhere['events'][0]}/registrations?status=waitlisted",
        headers=admin,
    ).json
    assert [(r["id"], r["waitlist_position"]) for r in behind] == [
        (ayse_everywhere["waiting"], 1),
        (ayse_everywhere["behind"], 2),
    ]
    frozen = client.post(
        f"/api/v1/registrations/{ayse_everywhere['seated']}/cancel",
        json={"reason": "Nachträglich"},
        headers=admin,
    )
    assert frozen.status_code == 409 and frozen.json["code"] == "personal_data_erased"
    (published,) = sent_messages("registrations.erasure.requested")
    assert published["data"]["request_id"] == request["id"]
    assert AYSE["email"].lower() not in str(published).lower()

    for person in ({"email": AYSE["email"], "phone": "01701234567"}, {"phone": "0170/1234567"}):
        again = client.post("/api/v1/privacy/erasures", json=person, headers=admin)
        assert (again.status_code, again.json["id"]) == (200, request["id"])
    assert len(sent_messages("registrations.erasure.requested")) == 1

    for n, service in enumerate(OTHERS):
        deliver_message(
            f"{service}.erasure.completed",
            {
                "request_id": request["id"],
                "erased": {"records": n},
                "completed_at": "2027-03-01T10:00:00+00:00",
            },
        )
        state = client.get(f"/api/v1/privacy/erasures/{request['id']}", headers=admin).json
        assert state["complete"] is (service == OTHERS[-1])
    assert state["waiting_for"] == [] and state["completed_at"] is not None
    confirmed = {s["service"]: (s["confirmed"], s["erased"]) for s in state["services"]}
    assert confirmed["notifications"] == (True, {"records": 1})
    ledger = client.get("/api/v1/privacy/erasures", headers=admin).json
    assert [entry["id"] for entry in ledger] == [request["id"]]
    missing = client.get(f"/api/v1/privacy/erasures/{uuid.uuid4()}", headers=admin)
    assert missing.status_code == 404 and "no erasure request" in missing.json["message"]
    refused = client.post("/api/v1/privacy/erasures", json={}, headers=admin)
    assert refused.status_code == 422
    assert refused.json["message"] == (
        "Please give the person's email address, phone number or both."
    )
    staff_only = client.post(
        "/api/v1/privacy/erasures", json={"email": "x@example.org"}, headers=staff_headers("staff")
    )
    assert staff_only.status_code == 403
    paths = client.get("/openapi.json").json["paths"]
    for path in ("erasures", "erasures/{request_id}", "exports", "exports/{request_id}"):
        assert f"/api/v1/privacy/{path}" in paths


def test_dialog_erase_waits_for_every_confirmation_and_replays_the_ledger(
    registrations_app, published_event, deliver_message, sent_messages
):
    client = registrations_app.test_client()
    event_id = published_event()
    for person in (AYSE, {"name": "Cem", "email": "cem@example.org"}):
        answer = client.post(
            f"/api/v1/public/events/{event_id}/registrations", json=person | {"consent": True}
        )
        assert answer.status_code == 201
    _relay_everything(registrations_app)
    runner = CliRunner()

    timed_out = runner.invoke(
        dialog, ["erase", "--email", AYSE["email"], "--wait", "--timeout", "0.5"]
    )
    assert timed_out.exit_code == 1, timed_out.output
    assert "no answer yet from events, mediation, notifications" in timed_out.output
    assert _traces(registrations_app.extensions["dialog_db"]) == {}  # erased here at once

    def confirm_when_asked() -> None:
        requests = lambda: sent_messages("registrations.erasure.requested")  # noqa: E731
        request_id = wait_for(lambda: len(requests()) == 2 and requests()[1]["data"]["request_id"])
        for service in OTHERS:
            deliver_message(
                f"{service}.erasure.completed",
                {"request_id": request_id, "erased": {}, "completed_at": "2027-03-01T10:00:00Z"},
            )

    done = dialog_while_answering(
        ["erase", "--email", "CEM@example.org", "--wait", "--timeout", "30"], confirm_when_asked
    )
    assert done.exit_code == 0, done.output
    assert '"complete": true' in done.output and '"waiting_for": []' in done.output

    # A restored backup brings a registration back; the replay erases it again, everywhere.
    back = client.post(
        f"/api/v1/public/events/{event_id}/registrations", json=AYSE | {"consent": True}
    )
    assert back.status_code == 201
    _relay_everything(registrations_app)
    replayed = runner.invoke(dialog, ["erase", "--replay"])
    assert replayed.exit_code == 0, replayed.output
    assert "2 erasure request(s) published again" in replayed.output
    assert _traces(registrations_app.extensions["dialog_db"]) == {}
    published = [m["data"]["request_id"] for m in sent_messages("registrations.erasure.requested")]
    assert len(published) == 4 and set(published[2:]) == set(published[:2])
    assert '"complete": false' in replayed.output  # the others confirm again from now on

    refused = runner.invoke(dialog, ["erase", "--phone", "12"])
    assert refused.exit_code == 2 and "phone" in refused.output
