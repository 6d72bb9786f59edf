"""Publishing a batch and knowing it arrived.

On RabbitMQ the channel is put in confirm mode and a whole batch is written before the broker's
acknowledgements are awaited together (one round trip per batch, not per message). Broker-less
transports write synchronously into their store and have no confirms to wait for.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import amqp
from kombu import Connection, Exchange, Producer

from .connection import is_broker_native


class PublishNotConfirmed(RuntimeError):
    """The broker refused (nack) or did not confirm a message in time; publish again."""


@dataclass(frozen=True)
class Outgoing:
    body: str
    routing_key: str
    message_id: str
    headers: dict = field(default_factory=dict)
    exchange: Exchange | None = None  # None: the publisher's own exchange


class ConfirmingPublisher:
    def __init__(self, connection: Connection, exchange: Exchange, timeout: float = 30.0) -> None:
        self.connection = connection
        self.timeout = timeout
        self.channel = connection.channel()
        self.native = is_broker_native(connection.as_uri())
        # Declaring through the producer also tells a broker-less transport the exchange type;
        # an undeclared exchange there silently falls back to direct matching.
        self.producer = Producer(self.channel, exchange=exchange, auto_declare=True)
        self._unconfirmed: set[int] = set()
        self._lowest = 1  # every delivery tag below it is confirmed
        self._nacked = False
        self._tag = 0
        if self.native:
            self.channel.confirm_select()
            self.channel.events["basic_ack"].add(self._on_ack)
            self.channel.events["basic_nack"].add(self._on_nack)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._unconfirmed.difference_update(range(self._lowest, delivery_tag + 1))
            self._lowest = max(self._lowest, delivery_tag + 1)
        else:
            self._unconfirmed.discard(delivery_tag)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked = True
        self._on_ack(delivery_tag, multiple)

    def publish(self, messages: Iterable[Outgoing]) -> int:
        """Publish all messages; return once every one is confirmed, else raise."""
        self._nacked = False
        if not self.native:
            return self._publish_through_kombu(messages)
        # On the broker, py-amqp directly: kombu's Producer.publish redoes per message what a
        # batch needs once (declarations, serialisation lookups), a quarter of the relay's time.
        count = 0
        default_exchange = self.producer.exchange.name
        for message in messages:
            self.channel.basic_publish(
                amqp.Message(
                    message.body,
                    content_type="application/json",
                    content_encoding="utf-8",
                    delivery_mode=2,
                    message_id=message.message_id,
                    application_headers=message.headers or {},
                ),
                exchange=default_exchange if message.exchange is None else message.exchange.name,
                routing_key=message.routing_key,
            )
            self._tag += 1
            self._unconfirmed.add(self._tag)
            count += 1
        self._await_confirms()
        return count

    def _publish_through_kombu(self, messages: Iterable[Outgoing]) -> int:
        count = 0
        for message in messages:
            self.producer.publish(
                message.body,
                exchange=message.exchange
                if message.exchange is not None
                else self.producer.exchange,
                routing_key=message.routing_key,
                message_id=message.message_id,
                headers=message.headers or None,
                content_type="application/json",
                content_encoding="utf-8",
                delivery_mode=2,
                retry=False,
            )
            count += 1
        return count

    def _await_confirms(self) -> None:
        deadline = time.monotonic() + self.timeout
        while self._unconfirmed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishNotConfirmed(
                    f"{len(self._unconfirmed)} messages not confirmed in time"
                )
            try:
                self.connection.drain_events(timeout=remaining)
            except TimeoutError:
                continue
        if self._nacked:
            raise PublishNotConfirmed("the broker refused at least one message of the batch")
