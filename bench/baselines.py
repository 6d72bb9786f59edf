"""The two AMQP baselines of shared/BENCHMARKS.md, written as plainly as pika's tutorials.

- ``confirm_each``: ``BlockingConnection`` in confirm mode; every persistent message is published
  and its confirm awaited before the next one.
- ``streamed_confirms``: ``SelectConnection`` in confirm mode, up to ``window`` messages in flight.

Both publish ``n`` copies of ``body`` through the default exchange to ``queue`` (the streamed one
also through another exchange, for orientation) and return messages per second, timed from the
first publish to the last confirm (connecting is not timed).
"""

from __future__ import annotations

import json
import time

import pika

PERSISTENT_JSON = pika.BasicProperties(
    content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent
)


def make_body(size: int = 250) -> bytes:
    """A JSON object of exactly ``size`` bytes, shaped like a small domain message."""
    message = {
        "type": "events.event.published",
        "event_id": "0b872ba6-2b12-4db4-9d48-a401685ef90a",
        "title": "",
    }
    padding = size - len(json.dumps(message).encode())
    if padding < 0:
        raise ValueError(f"a body needs at least {size - padding} bytes")
    message["title"] = "x" * padding
    return json.dumps(message).encode()


def declare_queue(url: str, queue: str, queue_type: str = "quorum") -> None:
    """Declare the durable queue the baselines publish to (quorum or classic)."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.queue_declare(queue, durable=True, arguments={"x-queue-type": queue_type})
    connection.close()


def confirm_each(url: str, queue: str, body: bytes, n: int) -> float:
    """Publish ``n`` messages one at a time, each waiting for its confirm; messages/second."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.confirm_delivery()
    start = time.perf_counter()
    for _ in range(n):
        # In confirm mode basic_publish returns once the broker acked (raises on a nack).
        channel.basic_publish("", queue, body, PERSISTENT_JSON)
    elapsed = time.perf_counter() - start
    connection.close()
    return n / elapsed


def streamed_confirms(
    url: str, queue: str, body: bytes, n: int, window: int = 500, exchange: str = ""
) -> float:
    """Publish ``n`` messages keeping up to ``window`` unconfirmed in flight; messages/second.
    Through the default exchange ``queue`` names the queue; through another ``exchange`` it is
    the routing key."""
    state = {"published": 0, "confirmed": 0, "nacked": 0, "start": 0.0, "end": 0.0}

    def publish_more(channel) -> None:
        while state["published"] < n and state["published"] - state["confirmed"] < window:
            channel.basic_publish(exchange, queue, body, PERSISTENT_JSON)
            state["published"] += 1

    def on_confirm(frame) -> None:
        if isinstance(frame.method, pika.spec.Basic.Nack):
            state["nacked"] += 1
        # RabbitMQ confirms one channel's messages in order; "multiple" covers all up to the tag.
        state["confirmed"] = max(state["confirmed"], frame.method.delivery_tag)
        if state["confirmed"] >= n:
            state["end"] = time.perf_counter()
            connection.close()
        else:
            publish_more(channel)

    def on_confirm_mode(_frame) -> None:
        state["start"] = time.perf_counter()
        publish_more(channel)

    def on_channel_open(opened) -> None:
        nonlocal channel
        channel = opened
        channel.confirm_delivery(on_confirm, callback=on_confirm_mode)

    def on_open_error(_connection, error) -> None:
        raise ConnectionError(error)

    channel = None
    connection = pika.SelectConnection(
        pika.URLParameters(url),
        on_open_callback=lambda conn: conn.channel(on_open_callback=on_channel_open),
        on_open_error_callback=on_open_error,
        on_close_callback=lambda conn, _reason: conn.ioloop.stop(),
    )
    connection.ioloop.start()
    if state["nacked"] or state["confirmed"] < n:
        raise RuntimeError(f"{state['nacked']} nacked, {state['confirmed']} of {n} confirmed")
    return n / (state["end"] - state["start"])
