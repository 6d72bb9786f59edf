"""The rig of the messaging reliability tests: a producer database whose outbox a relay process
publishes, a consumer database whose handler a consumer process runs, one broker namespace.

Workers are real OS processes (``workers.py``) so that tests can kill them with SIGKILL; what
happened inside them is read from files they write and from the consumer's database.
Fixtures: ``rig`` (PostgreSQL and RabbitMQ), ``vhost_rig`` (in a vhost of its own, see
``vhost``), ``embedded_rig`` (SQLite and the broker-less bus), ``any_rig`` (the first and last).
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from kombu import Connection
from sqlalchemy import select

from dialog_platform.db import Database
from dialog_platform.messaging.connection import is_broker_native
from dialog_platform.messaging.deadletters import (
    DeadLetter,
    list_dead_letters,
    replay_dead_letters,
)
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import add_to_outbox
from dialog_platform.messaging.tables import messaging_metadata, outbox
from dialog_platform.messaging.topology import Topology
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import published_event_data
from dialog_platform.testing.plugin import (
    KOMBU_NOLOAD,
    TEST_DATA_KEY,
    TEST_JWT_SECRET,
    TEST_RETRY_DELAYS,
    delete_namespace,
)
from dialog_platform.testing.resources import fresh_vhost_name, rabbitmqctl

# Tests run with --import-mode=importlib, so a sibling module is loaded by its path.
_spec = importlib.util.spec_from_file_location(
    "dialog_messaging_test_workers", Path(__file__).with_name("workers.py")
)
workers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(workers)
Worker = workers.Worker

#: Seconds a test waits for what must happen; generous, since other tests may load the machine.
#: Only a failing test waits that long.
PATIENCE = workers.PATIENCE


class Rig:
    def __init__(self, tmp: Path, amqp_url: str, topology, producer_url: str, consumer_url: str):
        tmp.mkdir(parents=True)
        self.tmp, self.amqp_url, self.topology = tmp, amqp_url, topology
        self.producer, self.consumer = Database(producer_url), Database(consumer_url)
        messaging_metadata.create_all(self.producer.engine)
        messaging_metadata.create_all(self.consumer.engine)
        workers.effects_metadata.create_all(self.consumer.engine)
        self.fault = tmp / "fault"
        self.workers: list[Worker] = []
        embedded = amqp_url.startswith("sqla+")
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DIALOG_", "AMQP", "OIDC"))
        } | {
            "DIALOG_ENV": "embedded" if embedded else "production",
            "DIALOG_DATA_DIR": str(tmp / "data"),
            "AMQP_URL": amqp_url,
            "EVENTS_DATABASE_URL": producer_url,
            "REGISTRATIONS_DATABASE_URL": consumer_url,
            "DIALOG_EXCHANGE": topology.exchange_name,
            "DIALOG_QUEUE_PREFIX": topology.prefix,
            "DIALOG_DELIVERY_LIMIT": str(topology.delivery_limit),
            "DIALOG_RETRY_DELAYS": ",".join(map(str, topology.retry_delays)),
            "DIALOG_POLL_SECONDS": "0.05",
            "JWT_SECRET": TEST_JWT_SECRET,
            "DIALOG_DATA_KEYS": TEST_DATA_KEY,
            "LOG_LEVEL": "INFO",
        }

    def start(self, role: str, ready: bool = True, env: dict | None = None, **flags) -> Worker:
        """Start a worker; ``fail_while=True`` etc. turn on a switch with a file of the rig."""
        folder = self.tmp / f"{role}-{len(self.workers)}"
        folder.mkdir()
        paths = {"fail_while": self.fault, "block_in_handler": folder / "handler-started"}
        paths["pause_after_publish"] = folder / "published"
        switches = {name: paths[name] for name in workers.SWITCHES if flags.pop(name, False)}
        assert not flags, f"unknown switches {flags}"
        if "fail_while" in switches:
            self.fault.touch()
        worker = Worker(role, folder, self.env | (env or {}), switches)
        self.workers.append(worker)
        if ready:
            worker.wait_ready()
        return worker

    def start_all(self, *roles: str, env: dict | None = None) -> list[Worker]:
        """Start plain workers side by side (each start costs seconds of imports)."""
        started = [self.start(role, ready=False, env=env) for role in roles]
        for worker in started:
            worker.wait_ready()
        return started

    @staticmethod
    def add_message(session) -> str:
        """Add one valid message to the outbox in ``session``'s transaction; its id."""
        data = published_event_data()
        return add_to_outbox(session, workers.PRODUCER, workers.MESSAGE_TYPE, data).id

    def write_outbox(self, count: int = 1) -> list[str]:
        """Commit ``count`` messages to the producer's outbox in one transaction; their ids."""
        with self.producer.transaction() as session:
            return [self.add_message(session) for _ in range(count)]

    def outbox_ids(self, unsent_only: bool = False) -> list[str]:
        query = select(outbox.c.message_id).order_by(outbox.c.id)
        if unsent_only:
            query = query.where(outbox.c.sent_at.is_(None))
        with self.producer.transaction() as session:
            return list(session.scalars(query))

    def unsent(self) -> list[str]:
        return self.outbox_ids(unsent_only=True)

    def clear_fault(self) -> None:
        self.fault.unlink()

    @staticmethod
    def envelope(**data) -> Envelope:
        """A message as the events service would publish it (``data`` overrides fields)."""
        return Envelope(
            type=workers.MESSAGE_TYPE,
            version=1,
            producer=workers.PRODUCER,
            data=published_event_data(**data),
            correlation_id=str(uuid.uuid4()),
        )

    def publish_raw(self, body: str, message_id: str, copies: int = 1) -> None:
        """Publish straight to the exchange with kombu, past outbox and contracts (confirmed)."""
        options = {"confirm_publish": True} if is_broker_native(self.amqp_url) else {}
        with Connection(self.amqp_url, transport_options=options) as connection:
            self.topology.declare(connection.default_channel)
            producer = connection.Producer(exchange=self.topology.exchange)
            for _ in range(copies):
                producer.publish(
                    body,
                    routing_key=workers.MESSAGE_TYPE,
                    message_id=message_id,
                    content_type="application/json",
                    content_encoding="utf-8",
                    delivery_mode=2,
                )

    def dead_letters(self) -> list[DeadLetter]:
        return list_dead_letters(self.amqp_url, self.topology, workers.CONSUMER)

    def replay_dead_letters(self) -> int:
        return replay_dead_letters(self.amqp_url, self.topology, workers.CONSUMER)

    def effects(self) -> Counter:
        """Committed handler effects per message id."""
        with self.consumer.transaction() as session:
            return Counter(session.scalars(select(workers.effects.c.message_id)))

    def effect_pids(self) -> set[int]:
        """The processes whose handler committed an effect."""
        with self.consumer.transaction() as session:
            return set(session.scalars(select(workers.effects.c.pid)))

    @staticmethod
    def wait(probe, what: str, timeout: float = PATIENCE, interval: float = 0.05):
        """``wait_for`` with room for a machine busy with other tests."""
        return wait_for(probe, timeout=timeout, interval=interval, what=what)

    def wait_effects(self, count: int, timeout: float = PATIENCE) -> Counter:
        probe = lambda: (e := self.effects()).total() >= count and e  # noqa: E731
        return self.wait(probe, f"{count} handler effects", timeout)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:  # shown by pytest when the test failed
            print(f"--- {worker.folder.name} log ---\n{worker.log.read_text()[-4000:]}")
        self.producer.dispose()
        self.consumer.dispose()


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "retry_delays(*seconds): retry delays of this test's rig instead of the default"
    )


def _retry_delays(request) -> tuple[float, ...]:
    marker = request.node.get_closest_marker("retry_delays")
    return tuple(marker.args) if marker else TEST_RETRY_DELAYS


def _own_topology(request) -> Topology:
    """Names for a broker no other test uses (a vhost, a bus file): dropped with it afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:10]}."
    return Topology(prefix=prefix, retry_delays=_retry_delays(request), delivery_limit=5)


@contextmanager
def _running(rig: Rig) -> Iterator[Rig]:
    try:
        yield rig
    finally:
        rig.close()


@pytest.fixture
def rig(request, tmp_path, make_database, rabbitmq_url, topology) -> Iterator[Rig]:
    """PostgreSQL databases for producer and consumer, RabbitMQ under this test's prefix."""
    own = replace(topology, retry_delays=_retry_delays(request))
    urls = make_database("dialog_events"), make_database("dialog_registrations")
    with _running(Rig(tmp_path / "rig", rabbitmq_url, own, *urls)) as rig:
        yield rig
    if own != topology:  # other retry queues than the plugin deletes
        delete_namespace(rabbitmq_url, own)


@pytest.fixture
def vhost_rig(request, vhost, tmp_path, make_database) -> Iterator[Rig]:
    """Like ``rig``, in a RabbitMQ vhost of this test's own (deleted after the workers stop)."""
    urls = make_database("dialog_events"), make_database("dialog_registrations")
    with _running(Rig(tmp_path / "rig", vhost.url, _own_topology(request), *urls)) as rig:
        yield rig


@pytest.fixture
def embedded_rig(request, tmp_path) -> Iterator[Rig]:
    """SQLite databases and the broker-less bus in a SQLite file: the embedded mode."""
    bus = f"sqla+sqlite:///{tmp_path}/bus.sqlite"
    urls = [f"sqlite:///{tmp_path}/{name}.sqlite" for name in ("events", "registrations")]
    with _running(Rig(tmp_path / "rig", bus, _own_topology(request), *urls)) as rig:
        yield rig


@pytest.fixture(params=["rabbitmq", pytest.param("embedded", marks=KOMBU_NOLOAD)])
def any_rig(request) -> Rig:
    return request.getfixturevalue("rig" if request.param == "rabbitmq" else "embedded_rig")


class Vhost:
    """A RabbitMQ virtual host of one test: closing its connections disturbs nobody else."""

    def __init__(self, rabbitmq_url: str) -> None:
        self.name = fresh_vhost_name()
        parts = urlsplit(rabbitmq_url)
        self.url = urlunsplit(parts._replace(path="/" + quote(self.name, safe="")))
        self.user = parts.username or "guest"

    def close_all_connections(self) -> int:
        out = rabbitmqctl("close_all_connections", "--vhost", self.name, "test closes connections")
        return int(out.rsplit("Closed", 1)[1].split()[0])


@pytest.fixture
def vhost(rabbitmq_url):
    host = Vhost(rabbitmq_url)
    rabbitmqctl("add_vhost", host.name)
    rabbitmqctl("set_permissions", "-p", host.name, host.user, ".*", ".*", ".*")
    yield host
    rabbitmqctl("delete_vhost", host.name)
