"""A worker's /healthz tells a stuck loop from a live one: the registrations service's relay and
consumer, as the real commands in their own processes on PostgreSQL and RabbitMQ, answer 200
while they work and while they wait out a database outage longer than the stuck bound, and 503
once a query of theirs hangs for longer than it; /readyz says whether they are connected, and
/metrics counts what they did. A periodic role is alive while it waits for its next round,
however long, and stuck when its task hangs."""

import json
import os
import threading
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from kombu import Connection

from dialog_platform.logging import get_logger
from dialog_platform.messaging.publisher import ConfirmingPublisher, Outgoing
from dialog_platform.messaging.supervision import run_every
from dialog_platform.migrations import upgrade
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import envelope_for, published_event_data
from dialog_platform.testing.processes import RoleProcess
from dialog_platform.testing.resources import database_outage, libpq_url
from dialog_platform.workers_health import HealthServer, Heartbeat

#: The stuck bound of these workers: short, so a test sees it pass; a loop comes round at least
#: once a second, so a busy machine still leaves it room.
STUCK_SECONDS = 4
PATIENCE = 60


class WorkerProcess(RoleProcess):
    """``dialog-registrations <role>`` in its own process, its health port on this machine."""

    def __init__(self, role: str, log_path) -> None:
        self.role = role
        env = dict(os.environ, LOG_FORMAT="console", DIALOG_STUCK_SECONDS=str(STUCK_SECONDS))
        super().__init__("registrations", [role], env, log_path)

    def health(self) -> tuple[int, dict]:
        status, body = self.get("/healthz")
        return status, json.loads(body) if status else {}

    def wait(self, path: str, status: int, what: str) -> None:
        wait_for(lambda: self.get(path)[0] == status, timeout=PATIENCE, interval=0.1, what=what)


@pytest.fixture
def workers(service_env, tmp_path):
    url = service_env("registrations")
    upgrade("dialog_registrations", url)
    started: list[WorkerProcess] = []

    def start(role: str) -> WorkerProcess:
        worker = WorkerProcess(role, tmp_path / f"{role}.log")
        started.append(worker)
        worker.wait("/readyz", 200, f"the {role} to connect")
        return worker

    start.url = url
    yield start
    for worker in started:
        worker.stop()
    for worker in started:  # shown by pytest when the test failed
        print(f"--- {worker.role} ---\n{worker.log_path.read_text()[-3000:]}")


@contextmanager
def table_locked(url: str, table: str):
    """Every query on ``table`` waits until the block ends: a hung query, as the worker sees it."""
    with psycopg.connect(libpq_url(url)) as connection:
        connection.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield
        connection.rollback()


def publish(rabbitmq_url, topology, message_type: str, body: str | None = None) -> None:
    envelope = envelope_for(
        message_type, published_event_data(datetime(2031, 5, 4, 17, 0, tzinfo=UTC))
    )
    with Connection(rabbitmq_url) as connection:
        ConfirmingPublisher(connection, topology.exchange).publish(
            [Outgoing(body=body or envelope.to_json(), routing_key=message_type, message_id="m")]
        )


def test_a_worker_waiting_out_a_database_outage_is_alive_and_a_hung_one_is_stuck(workers):
    relay = workers("relay")
    status, report = relay.health()
    assert status == 200 and report["state"] == "running" and report["role"] == "relay"

    with database_outage(workers.url):
        relay.wait("/readyz", 503, "the relay to notice the outage")
        # Alive all along while it tries again, also once the outage is longer than the bound.
        seen = []

        def outage_outlasts_the_bound() -> bool:
            seen.append(relay.health())
            log = relay.log_path.read_text()
            return log.count("lost its connection") >= 3 and len(seen) * 0.1 > STUCK_SECONDS

        wait_for(outage_outlasts_the_bound, timeout=PATIENCE, interval=0.1, what="a long outage")
        assert {status for status, _ in seen} == {200}, seen[-1]
        assert {report["state"] for _, report in seen[3:]} == {"reconnecting"}
    relay.wait("/readyz", 200, "the relay to reconnect after the outage")

    with table_locked(workers.url, "outbox"):
        relay.wait("/healthz", 503, "the relay's hung query to count as stuck")
        assert relay.health()[1]["status"] == "stuck"
    relay.wait("/healthz", 200, "the relay to come round again")
    assert relay.process.poll() is None
    assert relay.metric("dialog_worker_reconnects_total") >= 1


def test_a_consumer_stuck_in_a_batch_is_told_apart_and_its_metrics_count(
    workers, rabbitmq_url, topology
):
    consumer = workers("consume")
    publish(rabbitmq_url, topology, "events.event.published", body="not an envelope")
    wait_for(
        lambda: consumer.metric('dialog_messages_dead_lettered_total{reason="contract"') == 1,
        timeout=PATIENCE,
        what="the refused message counted as dead-lettered",
    )
    publish(rabbitmq_url, topology, "events.event.published")
    wait_for(
        lambda: consumer.metric('dialog_messages_handled_total{service="registrations"') == 1,
        timeout=PATIENCE,
        what="the event counted as handled",
    )

    with table_locked(workers.url, "inbox"):
        publish(rabbitmq_url, topology, "events.event.published")  # its inbox insert hangs
        consumer.wait("/healthz", 503, "the consumer's hung batch to count as stuck")
    consumer.wait("/healthz", 200, "the consumer to come round again")
    wait_for(
        lambda: consumer.metric('dialog_messages_handled_total{service="registrations"') == 2,
        timeout=PATIENCE,
        what="the held-up event handled after all",
    )
    assert consumer.metric("dialog_worker_heartbeat_timestamp_seconds") > 0


def test_the_relay_reports_its_backlog_and_what_it_published(workers):
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with psycopg.connect(libpq_url(workers.url)) as connection:
        for _ in range(3):
            connection.execute(
                "INSERT INTO outbox (message_id, type, body, created_at) VALUES (%s, %s, %s, %s)",
                (str(uuid.uuid4()), "registrations.registration.cancelled", "{}", hour_ago),
            )
        connection.commit()
        # Held by another transaction, so the relay (SKIP LOCKED) cannot publish them yet.
        connection.execute("SELECT id FROM outbox FOR UPDATE")
        relay = workers("relay")
        wait_for(lambda: relay.metric("dialog_outbox_pending") == 3, what="the backlog measured")
        assert relay.metric("dialog_outbox_lag_seconds") >= 3600
        assert relay.metric("dialog_messages_relayed_total") == 0
    wait_for(
        lambda: relay.metric("dialog_messages_relayed_total") == 3,
        timeout=PATIENCE,
        what="the rows published once released",
    )
    wait_for(
        lambda: relay.metric("dialog_outbox_lag_seconds") == 0,
        timeout=PATIENCE,
        what="the lag measured again",
    )


def test_a_periodic_role_is_alive_between_rounds_and_stuck_in_a_hung_task():
    heartbeat = Heartbeat("registrations", "expire-holds", stuck_after=2.0)
    server = HealthServer(heartbeat, 0, host="127.0.0.1").start()
    rounds, release, stop = [], threading.Event(), threading.Event()

    def task() -> bool:
        rounds.append(1)
        if len(rounds) == 3:
            release.wait()  # a query that hangs
        return False

    worker = threading.Thread(
        target=run_every,
        args=(task, 6.0, stop, get_logger("test"), "expire-holds", heartbeat),
        daemon=True,
    )
    probe = WorkerProcess.__new__(WorkerProcess)
    probe.port = server.port
    worker.start()
    try:
        seen = []
        # Between rounds it waits three times the bound, beating: never stuck.
        wait_for(lambda: seen.append(probe.get("/healthz")[0]) or len(rounds) >= 3, timeout=60)
        assert set(seen) == {200}
        probe.wait("/healthz", 503, "the hung task to count as stuck")
        release.set()
        probe.wait("/healthz", 200, "the role to come round again")
        assert probe.get("/readyz")[0] == 200
    finally:
        release.set()
        stop.set()
        worker.join(timeout=10)
        server.stop()
