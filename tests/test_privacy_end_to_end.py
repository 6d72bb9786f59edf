"""One person, everywhere the platform keeps people, then erased everywhere (issue: privacy).

On PostgreSQL and RabbitMQ, and in the embedded mode (SQLite files, the bus in a SQLite file),
with every service's relay and consumer running: Zeynep signs up
for two events (one with SMS consent), receives mails and an SMS, is the delegate of a member
organisation of a round table and invited to its meeting, and is a party in a mediation case.
An export gathers what every service holds about her. Then the notifications consumer is
stopped, the erasure is requested, the consumer is started again and ``dialog erase --wait``
exits 0. Afterwards no table and column of any service (outbox, inbox and dead letters
included), no mail file, SMS log line, log line or queue holds her name, address (any case) or
number (any format) — in the embedded mode neither the bus nor the bytes of any database file
— and the anonymous counts are what they were."""

from __future__ import annotations

import base64
import contextlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from kombu import Connection
from sqlalchemy import String, cast, inspect, select, text
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from dialog_platform.cli import main as dialog
from dialog_platform.config import SERVICES
from dialog_platform.db import Database
from dialog_platform.testing import wait_for
from dialog_platform.testing.traces import database_dump, opened

#: kombu's SQLAlchemy transport maps its tables with ``lazy="noload"``, which SQLAlchemy 2.1
#: deprecates; the warning is kombu's to fix.
KOMBU_NOLOAD = pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:sqlalchemy.exc.SADeprecationWarning"
)

NAME, EMAIL, PHONE = "Zeynep Kaya-Demirtaş", "Zeynep.Kaya@Example.org", "+49 170 5551234"
DIGITS = "1705551234"
#: The platform's clock in this test: a Monday morning, so an SMS may go (no quiet hours).
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _traces(text: str) -> list[str]:
    """What of the person a text holds, encrypted or not: her names, her address in any case,
    her number in any format (its digits in a row, whatever separates them)."""
    text = opened(text)
    found = [part for part in ("Zeynep", "Demirtaş", "Kaya-") if part in text]
    if EMAIL.lower() in text.lower():
        found.append("email")
    if DIGITS in re.sub(r"[^0-9]", "", text.replace("+49", "0")).replace("0049", "0"):
        found.append("phone")
    return found


def _database_traces(app) -> dict[str, list[str]]:
    """Every column of every table of a service's database, cast to text, searched."""
    db = app.extensions["dialog_db"]
    found = {}
    with db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            columns = [c["name"] for c in inspect(connection).get_columns(table)]
            for column in columns:
                values = connection.execute(
                    select(cast(sa_column(column), String)).select_from(sa_table(table))
                ).scalars()
                for value in values:
                    if value and (traces := _traces(value)):
                        found[f"{table}.{column}"] = traces
    return found


def _queue_traces(url: str, topology) -> dict[str, list[str]]:
    found = {}
    with Connection(url) as connection:
        channel = connection.channel()
        for service in ("events", "registrations", "notifications", "mediation"):
            for queue in topology.service_queues(service):
                bound = queue(channel)
                while (message := bound.get(no_ack=False)) is not None:
                    body = message.body if isinstance(message.body, str) else message.body.decode()
                    if traces := _traces(body):
                        found[queue.name] = traces
        channel.close()  # everything goes back
    return found


def _dump_traces(database_url: str) -> list[str]:
    """What a dump of the database holds of her: pg_dump's output, or a SQLite file's bytes
    (with its write-ahead log)."""
    if database_url.startswith("sqlite"):
        return _file_traces(database_url.removeprefix("sqlite:///"))
    return _traces(database_dump(database_url))


def _file_traces(path: str) -> list[str]:
    found = []
    for part in (Path(path), Path(f"{path}-wal")):
        if part.exists():
            found += [
                f"{part.name}: {trace}"
                for trace in _traces(part.read_bytes().decode("utf-8", errors="replace"))
            ]
    return found


def _bus_traces(bus_url: str) -> dict[str, list[str]]:
    """The embedded bus: every row of its tables (consumed messages included) and its bytes."""
    found = {}
    bus = Database(bus_url.removeprefix("sqla+"))
    try:
        with bus.engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    if traces := _traces(_kombu_bodies(str(tuple(row)))):
                        found[table] = traces
    finally:
        bus.dispose()
    if traces := _dump_traces(bus_url.removeprefix("sqla+")):
        found["file"] = traces
    return found


def _kombu_bodies(text: str) -> str:
    """kombu's payloads hold the message body base64-encoded: decode what looks like it."""
    decoded = [text]
    for chunk in re.findall(r"[A-Za-z0-9+/]{40,}={0,2}", text):
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            decoded.append(base64.b64decode(chunk).decode())
    return "\n".join(decoded)


@pytest.fixture(params=["rabbitmq", pytest.param("embedded", marks=KOMBU_NOLOAD)])
def backend(request, rabbitmq_url, tmp_path) -> dict:
    """Where the platform keeps its data: PostgreSQL and RabbitMQ, or the embedded mode's
    SQLite files and bus."""
    if request.param == "rabbitmq":
        return {"amqp_url": rabbitmq_url, "database_url": lambda _service: None}
    return {
        "amqp_url": f"sqla+sqlite:///{tmp_path}/bus.sqlite",
        "database_url": lambda service: f"sqlite:///{tmp_path}/{service}.sqlite",
    }


@pytest.fixture
def platform_apps(service_app, backend):
    """The conftest's platform, on the backend of this run."""
    return {
        service: service_app(service, backend["database_url"](service), backend["amqp_url"])
        for service in SERVICES
    }


def _send_due(dispatcher, app) -> None:
    while dispatcher.dispatch_due(app.extensions["dialog_db"]):
        pass


@pytest.fixture
def rig(backend, topology, tmp_path, capfd):
    """Where the test looks for traces besides the databases."""
    return {"broker": (backend["amqp_url"], topology), "files": tmp_path, "logs": capfd}


def test_one_person_everywhere_then_erased_everywhere(
    platform_apps, running_workers, staff_headers, dispatcher, clock, rig
):
    clock.now = NOW
    events, registrations = platform_apps["events"], platform_apps["registrations"]
    notifications, mediation = platform_apps["notifications"], platform_apps["mediation"]
    staff, admin = staff_headers("staff"), staff_headers("admin", subject="dpo")
    every = ["events", "registrations", "notifications", "mediation"]
    all_but_notifications = ["events", "registrations", "mediation"]

    with running_workers(relays=every, consumers=all_but_notifications):
        with running_workers(consumers=["notifications"]):
            evening = _published_event(events, staff, hours_from_now=5, capacity=20)
            workshop = _published_event(events, staff, hours_from_now=30, capacity=10)
            public = registrations.test_client()
            for event_id in (evening, workshop):
                path = f"/api/v1/public/events/{event_id}"
                wait_for(lambda p=path: public.get(p).status_code == 200, what="the event copy")
            sms = {"phone": PHONE, "sms_consent": True}
            for event_id, extra in ((evening, sms), (workshop, {})):
                body = {"name": NAME, "email": EMAIL, "consent": True} | extra
                answer = public.post(f"/api/v1/public/events/{event_id}/registrations", json=body)
                assert answer.status_code == 201, answer.json
            meeting = _delegate_invited(events, staff)
            case = _party_in_a_case(mediation, admin)

            wait_for(lambda: _deliveries(notifications) >= 4, timeout=60, what="messages owed")
            _send_due(dispatcher, notifications)
            clock.now = NOW + timedelta(hours=2, minutes=1)  # the SMS reminder, 3 h before
            _send_due(dispatcher, notifications)
            export = _export(registrations, admin)
        assert len(_mails(rig)) >= 3 and _traces(_sms_log(rig))
        assert any(_traces(mail) for mail in _mails(rig))

        assert _database_traces(registrations) and _database_traces(notifications)  # it sees them
        counts_before = _counts(registrations, staff, evening, workshop)
        figures_before = mediation.test_client().get("/api/v1/figures", headers=admin).json
        assert set(export["document"]) >= set(every)
        assert EMAIL.lower() in str(export["document"]).lower()

        # The notifications consumer is stopped (above); the erasure is requested meanwhile.
        requested = CliRunner().invoke(dialog, ["erase", "--email", EMAIL, "--phone", PHONE])
        assert requested.exit_code == 0, requested.output
        waiting = CliRunner().invoke(
            dialog, ["erase", "--email", EMAIL, "--wait", "--timeout", "5"]
        )
        assert waiting.exit_code != 0 and "notifications" in waiting.output

        with running_workers(consumers=["notifications"]):  # started again
            done = CliRunner().invoke(
                dialog, ["erase", "--email", EMAIL, "--phone", PHONE, "--wait", "--timeout", "90"]
            )
            assert done.exit_code == 0, done.output
        wait_for(lambda: _outbox_sent(platform_apps), what="the answers relayed")

    assert _counts(registrations, staff, evening, workshop) == counts_before
    assert mediation.test_client().get("/api/v1/figures", headers=admin).json == figures_before
    assert case and meeting

    found = {service: _database_traces(app) for service, app in platform_apps.items()}
    assert found == {service: {} for service in every}
    assert [mail for mail in _mails(rig) if _traces(mail)] == []
    assert _traces(_sms_log(rig)) == []
    assert _queue_traces(*rig["broker"]) == {}
    if rig["broker"][0].startswith("sqla+"):
        assert _bus_traces(rig["broker"][0]) == {}
    dumps = {
        s: _dump_traces(app.config["DIALOG_SETTINGS"].database_url)
        for s, app in platform_apps.items()
    }
    assert dumps == {service: [] for service in every}
    logged = rig["logs"].readouterr()
    assert _traces(logged.out + logged.err) == []


def _mails(rig) -> list[str]:
    return [path.read_text(errors="replace") for path in (rig["files"] / "mail").glob("*.eml")]


def _sms_log(rig) -> str:
    return (rig["files"] / "sms.log").read_text()


def _published_event(events, staff, hours_from_now: int, capacity: int) -> str:
    client = events.test_client()
    starts = NOW + timedelta(hours=hours_from_now)
    created = client.post(
        "/api/v1/events",
        json={
            "type": "evening_lecture",
            "title": f"Abendvortrag in {hours_from_now} Stunden",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "capacity": capacity,
            "requires_email_confirmation": False,
            "reminder_plan": [{"channel": "sms", "minutes_before": 180}],
        },
        headers=staff,
    )
    assert created.status_code == 201, created.json
    published = client.post(f"/api/v1/events/{created.json['id']}/publish", headers=staff)
    assert published.status_code == 200, published.json
    return created.json["id"]


def _delegate_invited(events, staff) -> str:
    client = events.test_client()
    organisation = client.post(
        "/api/v1/organisations",
        json={"name": "Alevitisches Kulturzentrum", "kind": "alevi_congregation"},
        headers=staff,
    ).json
    table = client.post("/api/v1/round-tables", json={"name": "Runder Tisch Köln"}, headers=staff)
    delegate = {"name": NAME, "email": EMAIL, "phone": "+491705551234", "language": "tr"}
    member = client.post(
        f"/api/v1/round-tables/{table.json['id']}/members",
        json={"organisation_id": organisation["id"], "delegates": [delegate]},
        headers=staff,
    )
    assert member.status_code == 201, member.json
    starts = NOW + timedelta(days=10)
    meeting = client.post(
        f"/api/v1/round-tables/{table.json['id']}/meetings",
        json={
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
        },
        headers=staff,
    )
    assert meeting.status_code == 201, meeting.json
    return meeting.json["id"]


def _party_in_a_case(mediation, admin) -> str:
    client = mediation.test_client()
    case = client.post(
        "/api/v1/cases",
        json={
            "title": "Raumvergabe",
            "category": "rooms_and_resources",
            "requester_name": "Gemeindevorstand",
            "requester_channel": "phone",
        },
        headers=admin,
    )
    assert case.status_code == 201, case.json
    party = client.post(
        f"/api/v1/cases/{case.json['id']}/parties",
        json={"kind": "person", "name": NAME, "role": "Vorstand", "email": EMAIL, "phone": PHONE},
        headers=admin,
    )
    assert party.status_code == 201, party.json
    return case.json["id"]


def _deliveries(notifications) -> int:
    from dialog_notifications.models import Delivery

    with notifications.extensions["dialog_db"].transaction() as session:
        return len(session.scalars(select(Delivery.id)).all())


def _counts(registrations, staff, *event_ids) -> list[dict]:
    client = registrations.test_client()
    return [
        client.get(f"/api/v1/events/{e}/registrations/counts", headers=staff).json
        for e in event_ids
    ]


def _export(registrations, admin) -> dict:
    client = registrations.test_client()
    requested = client.post("/api/v1/privacy/exports", json={"email": EMAIL}, headers=admin)
    assert requested.status_code == 201, requested.json
    path = f"/api/v1/privacy/exports/{requested.json['id']}"
    return wait_for(
        lambda: (answer := client.get(path, headers=admin).json)["complete"] and answer,
        timeout=60,
        what="every service's part of the export",
    )


def _outbox_sent(platform_apps) -> bool:
    from dialog_platform.messaging.tables import outbox

    for app in platform_apps.values():
        with app.extensions["dialog_db"].transaction() as session:
            if session.scalar(select(outbox.c.id).where(outbox.c.sent_at.is_(None)).limit(1)):
                return False
    return True
