"""The broker definitions (deploy/rabbitmq/definitions.json) are what the code declares, and the
per-service users' permissions are enough for every role and no more: checked against the
RabbitMQ on this machine in a vhost of the test's own, with users made for it (removed after)."""

import importlib.util
import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import amqp
import pytest
from kombu import Connection
from sqlalchemy import insert

from dialog_platform.config import SERVICES, VARIABLES
from dialog_platform.db import Database
from dialog_platform.messaging.consumer import DEFAULT_EXCHANGE, MessageConsumer
from dialog_platform.messaging.deadletters import list_dead_letters
from dialog_platform.messaging.publisher import ConfirmingPublisher, Outgoing
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata, outbox
from dialog_platform.messaging.topology import Topology
from dialog_platform.testing import wait_for
from dialog_platform.testing.resources import fresh_vhost_name, rabbitmqctl

ROOT = Path(__file__).resolve().parents[1]
BROKER = ROOT / "deploy" / "rabbitmq"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"dialog_deploy_{name}", BROKER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


definitions = _load("definitions")
setup = _load("setup")
TOPOLOGY_VARIABLES = [
    "DIALOG_EXCHANGE",
    "DIALOG_QUEUE_PREFIX",
    "DIALOG_QUORUM_QUEUES",
    "DIALOG_DELIVERY_LIMIT",
    "DIALOG_RETRY_DELAYS",
]


def test_the_committed_definitions_are_what_the_generator_writes(monkeypatch):
    for name in TOPOLOGY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    generated = definitions.render(definitions.definitions(definitions.topology_from_env()))
    assert (BROKER / "definitions.json").read_text() == generated, (
        "run .venv/bin/python deploy/rabbitmq/definitions.py"
    )


def test_every_queue_the_code_declares_is_defined_with_the_same_arguments_and_bindings():
    committed = json.loads((BROKER / "definitions.json").read_text())
    defaults = {v.name: v.default for v in VARIABLES}
    topology = Topology(
        exchange_name=defaults["DIALOG_EXCHANGE"],
        delivery_limit=int(defaults["DIALOG_DELIVERY_LIMIT"]),
        retry_delays=tuple(float(s) for s in defaults["DIALOG_RETRY_DELAYS"].split(",")),
    )
    queues = {q["name"]: q for q in committed["queues"]}
    bindings = {(b["destination"], b["routing_key"]) for b in committed["bindings"]}
    declared = [q for service in SERVICES for q in topology.service_queues(service)]
    assert sorted(queues) == sorted(q.name for q in declared)
    for queue in declared:
        assert queues[queue.name]["durable"] is True
        assert queues[queue.name]["arguments"] == (queue.queue_arguments or {}), queue.name
        for bound in queue.bindings:
            assert (queue.name, bound.routing_key) in bindings
    assert len(bindings) == sum(len(q.bindings) for q in declared)
    work = queues["registrations"]["arguments"]
    assert work["x-queue-type"] == "quorum" and work["x-delivery-limit"] == 20
    [exchange] = committed["exchanges"]
    assert (exchange["name"], exchange["type"], exchange["durable"]) == ("dialog", "topic", True)
    assert {u["name"] for u in committed["users"]} == set(SERVICES)
    assert all(u["password_hash"] == "" for u in committed["users"])  # no secret in git


def test_a_user_without_a_password_stops_the_setup_naming_the_variable():
    document = json.loads((BROKER / "definitions.json").read_text())
    with pytest.raises(SystemExit, match="MEDIATION_AMQP_PASSWORD"):
        setup.with_passwords(document, {s: "pw" for s in SERVICES if s != "mediation"})


class Broker:
    """A vhost of this test with the definitions loaded and one user per service."""

    def __init__(self, host: str) -> None:
        self.vhost = fresh_vhost_name()
        self.users = {service: f"{self.vhost}-{service}" for service in SERVICES}
        self.passwords = {user: uuid.uuid4().hex for user in self.users.values()}
        self.host = host

    def url(self, service: str) -> str:
        user = self.users[service]
        return f"amqp://{user}:{self.passwords[user]}@{self.host}/{self.vhost}"

    def load(self) -> None:
        """As setup.py does, but through rabbitmqctl (this broker has no management API)."""
        document = definitions.definitions(definitions.Topology(), self.vhost, self.users)
        completed = json.dumps(setup.with_passwords(document, self.passwords))
        rabbitmqctl("import_definitions", "--format", "json", stdin=completed)

    def remove(self) -> None:
        rabbitmqctl("delete_vhost", self.vhost, check=False)  # absent if the import failed
        for user in self.users.values():
            rabbitmqctl("delete_user", user, check=False)


@pytest.fixture
def broker(rabbitmq_url):
    host = rabbitmq_url.split("@", 1)[1].split("/", 1)[0]
    broker = Broker(host)
    try:
        broker.load()
        yield broker
    finally:
        broker.remove()


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_user_can_do_what_its_roles_do_and_no_more(broker, make_database, service):
    topology = Topology()
    db = Database(make_database())
    messaging_metadata.create_all(db.engine)
    url = broker.url(service)
    try:
        # The relay declares the whole topology and publishes one of its service's messages.
        with db.transaction() as session:
            session.execute(
                insert(outbox).values(
                    message_id=str(uuid.uuid4()),
                    type=f"{service}.test.happened",
                    body="{}",
                    created_at=datetime.now(UTC),
                )
            )
        relay = Relay(db, url, topology, poll_seconds=0.05, service=service)
        _run_until(relay, lambda: relay.published == 1, f"the {service} relay to publish")
        assert relay.connections == 1  # never refused, never reconnected

        # The consumer: a message it cannot read goes (through the default exchange) to its
        # dead-letter queue, which the dead-letters command lists.
        _publish(url, "not an envelope", topology.queue_name(service), DEFAULT_EXCHANGE)
        consumer = MessageConsumer(service, db, {}, url, topology, poll_seconds=0.05)
        _run_until(consumer, lambda: consumer.handled == 1, f"the {service} consumer to take it")
        assert consumer.heartbeat.state == "running"
        [letter] = list_dead_letters(url, topology, service)
        assert letter.reason.startswith("contract")

        # And no more: another service's queue is not its to read, another producer's
        # message types are not its to send.
        other = next(s for s in SERVICES if s != service)
        with Connection(url) as connection, pytest.raises(amqp.exceptions.AccessRefused):
            connection.default_channel.basic_get(topology.queue_name(other))
        with pytest.raises(amqp.exceptions.AccessRefused):
            _publish(url, "{}", f"{other}.test.happened", topology.exchange)
    finally:
        db.dispose()


def _run_until(worker, done, what: str) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(done, timeout=60, interval=0.05, what=what)
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive()


def _publish(url: str, body: str, routing_key: str, exchange) -> None:
    with Connection(url) as connection:
        message = Outgoing(body=body, routing_key=routing_key, message_id=str(uuid.uuid4()))
        ConfirmingPublisher(connection, exchange).publish([message])
