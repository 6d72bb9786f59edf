"""The consumer: handles a service's messages exactly once in effect.

Messages are taken in batches (the prefetch) and handled in one database transaction, each in
its own savepoint: the inbox row first (a duplicate stops there), then the handler. After the
commit the batch is acknowledged; nothing is acknowledged that is not committed.

- A message whose envelope or data fails its contract goes straight to the dead-letter queue.
- A handler that raises is rolled back to its savepoint and the message is republished (with
  confirms) to the retry queue of its attempt, whose delay grows with each attempt; after the
  last retry it is dead-lettered with the error. On RabbitMQ the retry queues' TTL sends the
  message back; broker-less transports have no TTL, so ``RetryPump`` does it there.
- A message type with no handler is acknowledged and logged: the binding is wider than needed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kombu import Connection, Consumer, Exchange, Message
from sqlalchemy.orm import Session

from ..db import Database
from ..logging import bind_correlation, get_logger
from .connection import connect
from .contracts import ContractViolation, UnknownContract, load_received
from .envelope import Envelope, EnvelopeError
from .inbox import record_once
from .publisher import ConfirmingPublisher, Outgoing
from .supervision import run_with_reconnect
from .topology import Topology

log = get_logger(__name__)

Handler = Callable[[Session, Envelope, dict[str, Any]], None]

ATTEMPTS_HEADER = "x-dialog-attempts"
REASON_HEADER = "x-dialog-reason"
DUE_HEADER = "x-dialog-due-at"
DEFAULT_EXCHANGE = Exchange("")


@dataclass
class _Outcome:
    message: Message
    action: str  # "ack", "retry" or "dead"
    reason: str = ""


class MessageConsumer:
    def __init__(
        self,
        service: str,
        db: Database,
        handlers: dict[str, Handler],
        amqp_url: str,
        topology: Topology,
        batch_size: int = 100,
        poll_seconds: float = 0.1,
        name: str | None = None,
    ) -> None:
        self.service = service
        self.db = db
        self.handlers = handlers
        self.amqp_url = amqp_url
        self.topology = topology
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.name = name or service
        self.handled = 0
        self._pending: list[Message] = []

    def run(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set, reconnecting to broker and database by itself."""
        run_with_reconnect(self._run_connected, stop, log, what="consumer")

    def _run_connected(self, stop: threading.Event) -> None:
        with connect(self.amqp_url, self.poll_seconds, name=f"{self.name}-consumer") as connection:
            self.topology.declare(connection.default_channel)
            publisher = ConfirmingPublisher(connection, DEFAULT_EXCHANGE)
            pump = None if self.topology.broker_native else RetryPump(connection, self)
            channel = connection.channel()
            self._pending = []
            consumer = Consumer(
                channel,
                queues=[self.topology.work_queue(self.service)],
                on_message=self._pending.append,
                prefetch_count=self.batch_size,
            )
            log.info("consumer connected", queue=self.topology.queue_name(self.service))
            with consumer:
                while not stop.is_set():
                    self._fill_batch(connection)
                    if self._pending:
                        batch, self._pending[:] = list(self._pending), []
                        self.handle_batch(batch, publisher)
                    elif self.topology.broker_native:
                        connection.heartbeat_check()
                    if pump is not None:
                        pump.move_due()

    def _fill_batch(self, connection: Connection) -> None:
        """Wait up to a second for a first message, then take what arrives within 5 ms more."""
        timeout = 1.0 if self.topology.broker_native else self.poll_seconds
        while len(self._pending) < self.batch_size:
            try:
                connection.drain_events(timeout=0.005 if self._pending else timeout)
            except TimeoutError:
                return

    def handle_batch(self, batch: list[Message], publisher: ConfirmingPublisher) -> None:
        with self.db.transaction() as session:
            outcomes = [self._handle(session, message) for message in batch]
        follow_ups = [self._follow_up(o) for o in outcomes if o.action != "ack"]
        if follow_ups:
            publisher.publish(follow_ups)  # confirmed before the originals are acknowledged
        for outcome in outcomes:
            outcome.message.ack()
        self.handled += len(batch)

    def _handle(self, session: Session, message: Message) -> _Outcome:
        try:
            envelope = Envelope.from_json(message.body)
        except EnvelopeError as exc:
            log.error("message refused: not an envelope", error=str(exc))
            return _Outcome(message, "dead", f"contract: {exc}")
        bind_correlation(
            envelope.correlation_id, message_id=envelope.id, message_type=envelope.type
        )
        handler = self.handlers.get(envelope.type)
        if handler is None:
            log.info("message ignored: no handler for its type")
            return _Outcome(message, "ack")
        try:
            data = load_received(envelope.type, envelope.version, envelope.data)
        except (ContractViolation, UnknownContract) as exc:
            log.error("message refused by its contract", error=str(exc))
            return _Outcome(message, "dead", f"contract: {exc}")
        try:
            with session.begin_nested():
                if not record_once(session, self.name, envelope.id, envelope.type):
                    log.info("duplicate message ignored")
                    return _Outcome(message, "ack")
                handler(session, envelope, data)
        except Exception as exc:
            log.warning("handler failed", error=repr(exc))
            return _Outcome(message, "retry", f"{type(exc).__name__}: {exc}")
        return _Outcome(message, "ack")

    def _follow_up(self, outcome: _Outcome) -> Outgoing:
        """The copy to publish for a failed message: to its next retry queue, or dead-letter."""
        message = outcome.message
        headers = dict(message.headers or {})
        attempts = int(headers.get(ATTEMPTS_HEADER, 0)) + 1
        headers[ATTEMPTS_HEADER] = attempts
        headers[REASON_HEADER] = outcome.reason[:1000]
        delays = self.topology.retry_delays
        if outcome.action == "retry" and attempts <= len(delays):
            target = self.topology.retry_name(self.service, attempts)
            headers[DUE_HEADER] = time.time() + delays[attempts - 1]
        else:
            target = self.topology.dead_letter_name(self.service)
            if outcome.action == "retry":
                headers[REASON_HEADER] = f"failed {attempts} times, last: {outcome.reason}"[:1000]
            log.error("message dead-lettered", reason=headers[REASON_HEADER])
        return Outgoing(
            body=message.body.decode() if isinstance(message.body, bytes) else message.body,
            routing_key=target,
            message_id=message.properties.get("message_id") or "",
            headers=headers,
            exchange=DEFAULT_EXCHANGE,
        )


class RetryPump:
    """Moves due messages from retry queues back to the work queue on transports without TTL.

    The head of each retry queue is the one due first (each queue has one delay); it is held,
    unacknowledged, until due, then republished to the work queue and acknowledged.
    """

    def __init__(self, connection: Connection, consumer: MessageConsumer) -> None:
        self.consumer = consumer
        self.channel = connection.channel()
        topology = consumer.topology
        self.queues = [q(self.channel) for q in topology.retry_queues(consumer.service)]
        self.publisher = ConfirmingPublisher(connection, DEFAULT_EXCHANGE)
        self.held: dict[str, Message] = {}

    def move_due(self) -> None:
        now = time.time()
        for queue in self.queues:
            message = self.held.pop(queue.name, None) or queue.get(no_ack=False)
            while message is not None:
                if float(message.headers.get(DUE_HEADER, 0)) > now:
                    self.held[queue.name] = message
                    break
                self.publisher.publish(
                    [
                        Outgoing(
                            body=message.body.decode(),
                            routing_key=self.consumer.topology.queue_name(self.consumer.service),
                            message_id=message.properties.get("message_id") or "",
                            headers=dict(message.headers),
                            exchange=DEFAULT_EXCHANGE,
                        )
                    ]
                )
                message.ack()
                message = queue.get(no_ack=False)
