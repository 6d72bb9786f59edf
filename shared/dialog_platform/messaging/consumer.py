"""The consumer: handles a service's messages exactly once in effect.

Messages are taken in batches and handled in one database transaction: the inbox rows of the
batch first, in one insert (a duplicate stops there), then the handlers. A handler is a function
of one message, or a ``BatchHandler`` that takes a run of consecutive messages at once (to write
them with one multi-row insert instead of a round trip each). Should a handler raise, the batch
is rolled back and handled again message by message, each in its own savepoint, so one poison
message fails alone. After the commit the batch is acknowledged; nothing is acknowledged that is
not committed.

- A message whose envelope or data fails its contract goes straight to the dead-letter queue.
- A handler that raises is rolled back to its savepoint and the message is republished (with
  confirms) to the retry queue of its attempt, whose delay grows with each attempt; after the
  last retry it is dead-lettered with the error. On RabbitMQ the retry queues' TTL sends the
  message back; broker-less transports have no TTL, so ``RetryPump`` does it there.
- A message type with no handler is acknowledged and logged: the binding is wider than needed.
- When idle it deletes inbox records older than ``inbox_retention`` (and, on the embedded bus,
  the messages consumed there).
- It beats its ``Heartbeat`` each time round and counts each batch's outcomes, after they are
  acknowledged (``workers_health``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from kombu import Connection, Consumer, Exchange, Message
from sqlalchemy.orm import Session

from ..db import Database
from ..logging import bind_correlation, get_logger
from ..workers_health import DEAD_LETTERED, FAILED, HANDLED, SKIPPED, Heartbeat
from .connection import connect
from .contracts import ContractViolation, UnknownContract, load_received
from .envelope import Envelope, EnvelopeError
from .inbox import record_many, record_once
from .publisher import ConfirmingPublisher, Outgoing
from .retention import Housekeeping, prune_embedded_bus, prune_inbox
from .supervision import run_with_reconnect
from .topology import Topology

log = get_logger(__name__)

#: A message as a handler gets it: its envelope and its data loaded by its contract.
Received = tuple[Envelope, dict[str, Any]]


@dataclass(frozen=True)
class BatchHandler:
    """A handler of many messages at once: ``handle(session, [(envelope, data), ...])``.

    The consumer hands it each run of consecutive messages of the batch that it handles (already
    past the inbox: no duplicates), in order. If it raises, the consumer cannot tell which
    message was the poison: the batch is rolled back and each message handed to it again alone,
    in a savepoint of its own. So a message may reach it twice for one delivery, the first
    time rolled back; its effects must be of the transaction only.
    """

    handle: Callable[[Session, list[Received]], None]


Handler = Callable[[Session, Envelope, dict[str, Any]], None] | BatchHandler

ATTEMPTS_HEADER = "x-dialog-attempts"
REASON_HEADER = "x-dialog-reason"
DUE_HEADER = "x-dialog-due-at"
DEFAULT_EXCHANGE = Exchange("")


@dataclass
class _Work:
    """A message that passed its contract and has a handler."""

    message: Message
    envelope: Envelope
    handler: Handler
    data: dict[str, Any]


@dataclass
class _Outcome:
    message: Message
    action: str  # "ack", "retry" or "dead"
    reason: str = ""  # why, for "retry" and "dead"; for an "ack" without a handler run, why not
    message_type: str = ""
    handled: bool = False  # its handler ran and committed


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
        inbox_retention: timedelta = timedelta(days=14),
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.service = service
        self.heartbeat = heartbeat or Heartbeat(service, "consume")
        self.db = db
        self.handlers = handlers
        self.amqp_url = amqp_url
        self.topology = topology
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.name = name or service
        self.handled = 0
        self._pending: list[Message] = []
        self.housekeeping = [
            Housekeeping("inbox records", lambda: prune_inbox(db, inbox_retention)),
        ]
        if not topology.broker_native:
            self.housekeeping.append(
                Housekeeping("consumed bus messages", lambda: prune_embedded_bus(amqp_url))
            )

    def run(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set, reconnecting to broker and database by itself."""
        run_with_reconnect(self._run_connected, stop, log, "consumer", self.heartbeat)

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
                prefetch_count=2 * self.batch_size,  # the next batch arrives during a commit
            )
            log.info("consumer connected", queue=self.topology.queue_name(self.service))
            with consumer:
                self.heartbeat.connected()
                while not stop.is_set():
                    self.heartbeat.beat()
                    self._fill_batch(connection)
                    if self._pending:
                        batch, self._pending[:] = list(self._pending), []
                        self.handle_batch(batch, publisher)
                    else:
                        for task in self.housekeeping:
                            task.run_if_due()
                        if self.topology.broker_native:
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
        work = [self._prepare(message) for message in batch]
        outcomes, failures = self._handle_together(work)
        if outcomes is None:  # a handler failed: again one by one, each in its own savepoint
            with self.db.transaction() as session:
                outcomes = [
                    item
                    if isinstance(item, _Outcome)
                    else failures.get(id(item)) or self._handle_alone(session, item)
                    for item in work
                ]
        follow_ups = [self._follow_up(o) for o in outcomes if o.action != "ack"]
        if follow_ups:
            publisher.publish(follow_ups)  # confirmed before the originals are acknowledged
        if self.topology.broker_native:
            batch[-1].ack(multiple=True)  # one frame: every earlier unacked tag is in this batch
        else:
            for outcome in outcomes:
                outcome.message.ack()
        self.handled += len(batch)
        self._count(outcomes, follow_ups)

    def _count(self, outcomes: list[_Outcome], follow_ups: list[Outgoing]) -> None:
        for outcome in outcomes:
            if outcome.handled:
                HANDLED.labels(self.service, outcome.message_type).inc()
            elif outcome.action == "ack":
                SKIPPED.labels(self.service, outcome.reason).inc()
            elif outcome.action == "retry":
                FAILED.labels(self.service, outcome.message_type).inc()
        dead_letters = self.topology.dead_letter_name(self.service)
        for follow_up, outcome in zip(
            follow_ups, [o for o in outcomes if o.action != "ack"], strict=True
        ):
            if follow_up.routing_key == dead_letters:
                reason = "retries" if outcome.action == "retry" else "contract"
                DEAD_LETTERED.labels(self.service, reason).inc()

    def _prepare(self, message: Message) -> _Outcome | _Work:
        """Read and check a message; an outcome already if it needs no handler."""
        try:
            envelope = Envelope.from_json(message.body)
        except EnvelopeError as exc:
            log.error("message refused: not an envelope", error=str(exc))
            return _Outcome(message, "dead", f"contract: {exc}")
        handler = self.handlers.get(envelope.type)
        if handler is None:
            log.info("message ignored: no handler for its type", message_type=envelope.type)
            return _Outcome(message, "ack", "no handler", envelope.type)
        try:
            data = load_received(envelope.type, envelope.version, envelope.data)
        except (ContractViolation, UnknownContract) as exc:
            log.error("message refused by its contract", error=str(exc), message_id=envelope.id)
            return _Outcome(message, "dead", f"contract: {exc}")
        return _Work(message, envelope, handler, data)

    def _handle_together(
        self, work: list[_Outcome | _Work]
    ) -> tuple[list[_Outcome] | None, dict[int, _Outcome]]:
        """The common case: the whole batch in one transaction, one inbox insert, no
        savepoints. If a handler raises, everything is rolled back and ``None`` returned, with
        that message's retry outcome if it was a plain handler's (its handler is not called
        twice for one delivery)."""
        todo = [item for item in work if isinstance(item, _Work)]
        done: dict[int, _Outcome] = {}
        with self.db.sessions() as session:
            fresh = record_many(
                session, self.name, [(w.envelope.id, w.envelope.type) for w in todo]
            )
            handle: list[_Work] = []
            for item in todo:
                if item.envelope.id not in fresh:
                    log.info("duplicate message ignored", message_id=item.envelope.id)
                    done[id(item)] = _duplicate(item)
                    continue
                fresh.discard(item.envelope.id)  # a second copy in this batch is a duplicate too
                handle.append(item)
            for run in _runs(handle):
                try:
                    self._run(session, run)
                except Exception as exc:
                    session.rollback()
                    # A run of one: its handler has had this delivery; a batch handler's run
                    # has no known culprit, so each of its messages is tried again alone.
                    culprit = {id(run[0]): self._failed(run[0], exc)} if len(run) == 1 else {}
                    return None, culprit
                done.update((id(item), _handled(item)) for item in run)
            session.commit()
        return [item if isinstance(item, _Outcome) else done[id(item)] for item in work], {}

    def _handle_alone(self, session: Session, item: _Work) -> _Outcome:
        try:
            with session.begin_nested():
                if not record_once(session, self.name, item.envelope.id, item.envelope.type):
                    log.info("duplicate message ignored", message_id=item.envelope.id)
                    return _duplicate(item)
                self._run(session, [item])
        except Exception as exc:
            return self._failed(item, exc)
        return _handled(item)

    @staticmethod
    def _run(session: Session, run: list[_Work]) -> None:
        """Hand a run of messages to their handler (a plain handler's run has one message)."""
        envelope = run[0].envelope
        more = {"batch": str(len(run))} if len(run) > 1 else {}
        bind_correlation(
            envelope.correlation_id, message_id=envelope.id, message_type=envelope.type, **more
        )
        handler = run[0].handler
        if isinstance(handler, BatchHandler):
            handler.handle(session, [(item.envelope, item.data) for item in run])
        else:
            handler(session, envelope, run[0].data)

    @staticmethod
    def _failed(item: _Work, exc: Exception) -> _Outcome:
        log.warning("handler failed", error=repr(exc), message_id=item.envelope.id)
        reason = f"{type(exc).__name__}: {exc}"
        return _Outcome(item.message, "retry", reason, item.envelope.type)

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


def _runs(work: list[_Work]) -> list[list[_Work]]:
    """Consecutive messages for one batch handler together, in order; a plain handler's alone."""
    runs: list[list[_Work]] = []
    for item in work:
        previous = runs[-1][0].handler if runs else None
        if isinstance(item.handler, BatchHandler) and item.handler is previous:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _handled(item: _Work) -> _Outcome:
    return _Outcome(item.message, "ack", message_type=item.envelope.type, handled=True)


def _duplicate(item: _Work) -> _Outcome:
    return _Outcome(item.message, "ack", "duplicate", item.envelope.type)


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
