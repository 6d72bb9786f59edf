"""Listing and replaying a service's dead-letter queue, and removing messages from it and from
its retry queues (an erased person's: a dead letter is evidence of a failure, not an archive)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .connection import connect
from .consumer import ATTEMPTS_HEADER, DEFAULT_EXCHANGE, DUE_HEADER, REASON_HEADER
from .envelope import Envelope, EnvelopeError
from .publisher import ConfirmingPublisher, Outgoing
from .topology import Topology


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    type: str
    reason: str
    attempts: int
    body: str


def _reason(headers: dict) -> str:
    if headers.get(REASON_HEADER):
        return str(headers[REASON_HEADER])
    deaths = headers.get("x-death") or []
    if deaths:  # dead-lettered by the broker itself, e.g. past x-delivery-limit
        return f"broker: {deaths[0].get('reason')} from queue {deaths[0].get('queue')}"
    return "unknown"


def _describe(message) -> DeadLetter:
    body = message.body.decode() if isinstance(message.body, bytes) else message.body
    try:
        message_type = Envelope.from_json(body).type
    except EnvelopeError:
        message_type = "(not an envelope)"
    headers = message.headers or {}
    return DeadLetter(
        message_id=message.properties.get("message_id") or "",
        type=message_type,
        reason=_reason(headers),
        attempts=int(headers.get(ATTEMPTS_HEADER, 0)),
        body=body,
    )


def list_dead_letters(amqp_url: str, topology: Topology, service: str, limit: int = 100):
    """Read without removing: every message taken is returned when the channel closes."""
    with connect(amqp_url) as connection:
        topology.declare(connection.default_channel)
        channel = connection.channel()
        queue = topology.dead_letter_queue(service)(channel)
        letters = []
        while len(letters) < limit:
            message = queue.get(no_ack=False)
            if message is None:
                break
            letters.append(_describe(message))
        channel.close()  # unacknowledged: back into the queue
        return letters


def replay_dead_letters(
    amqp_url: str, topology: Topology, service: str, message_id: str | None = None
) -> int:
    """Move dead letters (all, or the one with ``message_id``) back to the work queue with a
    fresh count of attempts; return how many moved."""
    moved = 0
    with connect(amqp_url) as connection:
        topology.declare(connection.default_channel)
        publisher = ConfirmingPublisher(connection, DEFAULT_EXCHANGE)
        channel = connection.channel()
        queue = topology.dead_letter_queue(service)(channel)
        skipped = []
        while True:
            message = queue.get(no_ack=False)
            if message is None:
                break
            letter = _describe(message)
            if message_id and letter.message_id != message_id:
                skipped.append(message)
                continue
            headers = {
                k: v
                for k, v in (message.headers or {}).items()
                if k not in (ATTEMPTS_HEADER, REASON_HEADER, DUE_HEADER, "x-death")
            }
            publisher.publish(
                [
                    Outgoing(
                        body=letter.body,
                        routing_key=topology.queue_name(service),
                        message_id=letter.message_id,
                        headers=headers,
                        exchange=DEFAULT_EXCHANGE,
                    )
                ]
            )
            message.ack()
            moved += 1
        channel.close()  # the skipped ones go back unacknowledged
    return moved


def remove_matching(
    amqp_url: str, topology: Topology, service: str, matches: Callable[[str], bool]
) -> int:
    """Remove from the service's dead-letter and retry queues every message whose body
    ``matches``; the others go back where they were. Returns how many were removed."""
    removed = 0
    with connect(amqp_url) as connection:
        topology.declare(connection.default_channel)
        channel = connection.channel()
        queues = [topology.dead_letter_queue(service), *topology.retry_queues(service)]
        for queue in queues:
            bound = queue(channel)
            while (message := bound.get(no_ack=False)) is not None:
                body = message.body.decode() if isinstance(message.body, bytes) else message.body
                if matches(body):
                    message.ack()
                    removed += 1
        channel.close()  # the others, unacknowledged, go back to their queues
    return removed
