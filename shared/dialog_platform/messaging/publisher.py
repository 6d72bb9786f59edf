"""Publishing messages and knowing they arrived.

On RabbitMQ the channel is put in confirm mode and messages are streamed: written in chunks of
frames, one system call each, with up to ``window`` of them unconfirmed at a time, while the
broker's acknowledgements are read as they come. ``publish`` returns once every message is
confirmed; a message may carry ``on_confirmed``, called as soon as it and every message before it
are confirmed, so that a caller streaming several batches learns of each one's confirms without
stopping the stream. Broker-less transports write synchronously into their store and have no
confirms to wait for.
"""

from __future__ import annotations

import select
import struct
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import amqp
from amqp.serialization import dumps
from kombu import Connection, Exchange, Producer

from .connection import is_broker_native

#: Unconfirmed messages a publisher keeps in flight before it waits for confirms.
WINDOW = 2000
#: Frames are collected up to about this many bytes, then written with one system call.
CHUNK_BYTES = 64 * 1024


class PublishNotConfirmed(RuntimeError):
    """The broker refused (nack) or did not confirm a message in time; publish again."""


@dataclass(frozen=True)
class Outgoing:
    body: str
    routing_key: str
    message_id: str
    headers: dict = field(default_factory=dict)
    exchange: Exchange | None = None  # None: the publisher's own exchange
    #: Called by ``publish`` once the broker has confirmed this message and every one published
    #: before it (never after a nack). What was collected up to it is written at once.
    on_confirmed: Callable[[], None] | None = None


class ConfirmingPublisher:
    def __init__(
        self,
        connection: Connection,
        exchange: Exchange,
        timeout: float = 30.0,
        window: int = WINDOW,
    ) -> None:
        self.connection = connection
        self.timeout = timeout
        self.window = window
        self.channel = connection.channel()
        self.native = is_broker_native(connection.as_uri())
        # Declaring through the producer also tells a broker-less transport the exchange type;
        # an undeclared exchange there silently falls back to direct matching.
        self.producer = Producer(self.channel, exchange=exchange, auto_declare=True)
        self._unconfirmed: set[int] = set()
        self._lowest = 1  # every delivery tag below it is confirmed
        self._tag = 0  # the delivery tag of the last message written to the broker
        self._nacked = False
        self._waiting: deque[tuple[int, Callable[[], None]]] = deque()  # (tag, on_confirmed)
        if self.native:
            self.channel.confirm_select()
            self.channel.events["basic_ack"].add(self._on_ack)
            self.channel.events["basic_nack"].add(self._on_nack)
            self._frames = _PublishFrames(self.channel, exchange.name)
            self._socket = self.channel.connection.transport.sock

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._unconfirmed.difference_update(range(self._lowest, delivery_tag + 1))
            self._lowest = max(self._lowest, delivery_tag + 1)
        else:
            self._unconfirmed.discard(delivery_tag)
        while self._lowest <= self._tag and self._lowest not in self._unconfirmed:
            self._lowest += 1

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked = True
        self._on_ack(delivery_tag, multiple)

    def publish(self, messages: Iterable[Outgoing]) -> int:
        """Publish all messages; return once every one is confirmed, else raise. After a nack
        no further message is taken from ``messages``."""
        self._nacked = False
        self._waiting.clear()  # those of an earlier call that failed
        if not self.native:
            return self._publish_through_kombu(messages)
        self._frames.clear()
        count = 0
        for message in messages:
            self._frames.add(message)
            count += 1
            if message.on_confirmed is None and self._frames.size < CHUNK_BYTES:
                continue
            self._write_chunk(message.on_confirmed)
            self._read_confirms(leaving=self.window - 1)
            if self._nacked:
                break
        self._write_chunk(None)
        self._read_confirms(leaving=0)
        if self._nacked:
            raise PublishNotConfirmed("the broker refused at least one message")
        return count

    def _write_chunk(self, on_confirmed: Callable[[], None] | None) -> None:
        """Write the collected frames; their messages take the next delivery tags (the
        broker numbers a channel's publishes 1, 2, 3 ...)."""
        written = self._frames.write()
        if not written:
            return
        first = self._tag + 1
        self._tag += written
        self._unconfirmed.update(range(first, self._tag + 1))
        if on_confirmed is not None:
            self._waiting.append((self._tag, on_confirmed))

    def _read_confirms(self, leaving: int) -> None:
        """Handle the confirms that arrived; wait for more while more than ``leaving``
        messages are unconfirmed. Then call the ``on_confirmed`` that are due."""
        deadline = time.monotonic() + self.timeout
        while self._unconfirmed and (len(self._unconfirmed) > leaving or self._readable()):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishNotConfirmed(
                    f"{len(self._unconfirmed)} messages not confirmed in time"
                )
            try:
                self.connection.drain_events(timeout=remaining)
            except TimeoutError:
                continue
        while self._waiting and self._waiting[0][0] < self._lowest and not self._nacked:
            self._waiting.popleft()[1]()

    def _readable(self) -> bool:
        return bool(select.select([self._socket], [], [], 0)[0])

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
            if message.on_confirmed is not None:  # written into the store: as good as confirmed
                message.on_confirmed()
        return count


_FRAME_HEADER = struct.Struct(">BHI")
_CONTENT_HEADER = struct.Struct(">HHQ")
_FRAME_END = b"\xce"
_METHOD, _HEADER, _BODY = 1, 2, 3


class _PublishFrames:
    """``Basic.Publish`` frames of several messages collected in one buffer, encoded as py-amqp's
    ``basic_publish`` encodes them (persistent JSON, the message id, the headers if any).

    py-amqp writes each message with a system call of its own, first polls the socket, and
    serialises the same method arguments and properties again for every message: two thirds of
    the relay's time. Here the method frame is encoded once per exchange and routing key, and
    the properties of a message without headers once, its message id appended."""

    def __init__(self, channel: amqp.Channel, default_exchange: str) -> None:
        self.connection = channel.connection
        self.channel_id = channel.channel_id
        self.default_exchange = default_exchange
        self._buffer = bytearray()
        self.count = 0
        self._methods: dict[tuple[str, str], bytes] = {}
        # The message id is the last property set: the properties are these bytes, then the id
        # as a short string (its length, then its bytes) in place of the empty one here.
        self._plain_properties = _properties("", {})[:-1]

    @property
    def size(self) -> int:
        return len(self._buffer)

    def clear(self) -> None:
        self._buffer.clear()
        self.count = 0

    def add(self, message: Outgoing) -> None:
        exchange = self.default_exchange if message.exchange is None else message.exchange.name
        method = self._methods.get((exchange, message.routing_key))
        if method is None:
            method = self._methods[exchange, message.routing_key] = self._frame(
                _METHOD,
                struct.pack(">HH", *amqp.spec.Basic.Publish)
                + dumps("Bssbb", (0, exchange, message.routing_key, False, False)),
            )
        body = message.body.encode()
        message_id = message.message_id.encode()
        if message.headers or len(message_id) > 255:
            properties = _properties(message.message_id, message.headers)
        else:
            properties = self._plain_properties + bytes((len(message_id),)) + message_id
        buffer = self._buffer
        buffer += method
        buffer += self._frame(_HEADER, _CONTENT_HEADER.pack(60, 0, len(body)) + properties)
        step = self.connection.frame_max - 8
        for start in range(0, len(body), step):
            buffer += self._frame(_BODY, body[start : start + step])
        self.count += 1

    def write(self) -> int:
        """Send the collected frames; how many messages they held."""
        count = self.count
        if count:
            self.connection.transport.write(self._buffer)
            self.connection.bytes_sent += 1  # py-amqp's heartbeat check counts writes
            self.clear()
        return count

    def _frame(self, kind: int, payload: bytes) -> bytes:
        return _FRAME_HEADER.pack(kind, self.channel_id, len(payload)) + payload + _FRAME_END


def _properties(message_id: str, headers: dict) -> bytes:
    """A message's properties as py-amqp serialises them."""
    return amqp.Message(
        "",
        content_type="application/json",
        content_encoding="utf-8",
        delivery_mode=2,
        message_id=message_id,
        application_headers=headers,
    )._serialize_properties()
