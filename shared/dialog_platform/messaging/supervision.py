"""Keeping every long-running worker role alive across broker and database outages: the relay
and the consumer run in ``run_with_reconnect``, periodic roles (expire-holds, the scheduler,
retention) in ``run_every`` on top of it. An outage costs one warning line per attempt, never the
process. Both keep the loop's ``Heartbeat`` beating while they wait, so a worker waiting out an
outage is told apart from a stuck one (``workers_health``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import amqp
import psycopg
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy.exc import DBAPIError

from ..workers_health import Heartbeat

#: Failures a worker survives by reconnecting: the broker went away or closed the connection,
#: the database restarted (seen through SQLAlchemy, or as plain psycopg on the relay's LISTEN
#: connection), or a batch was not confirmed.
RECOVERABLE = (
    OSError,
    ConnectionError,
    KombuOperationalError,
    amqp.exceptions.ConnectionError,
    amqp.exceptions.ChannelError,
    amqp.exceptions.RecoverableConnectionError,
    DBAPIError,
    psycopg.OperationalError,
)


def run_with_reconnect(
    body: Callable[[threading.Event], None],
    stop: threading.Event,
    log,
    what: str,
    heartbeat: Heartbeat | None = None,
) -> None:
    from .publisher import PublishNotConfirmed

    heartbeat = heartbeat or Heartbeat("", what)
    delay = 0.2
    while not stop.is_set():
        started = time.monotonic()
        heartbeat.beat()
        try:
            body(stop)
            return
        except (*RECOVERABLE, PublishNotConfirmed) as exc:
            if time.monotonic() - started > 30:
                delay = 0.2  # it had been working: start the back-off afresh
            heartbeat.disconnected(exc)
            log.warning(
                f"{what} lost its connection; reconnecting", error=repr(exc), retry_in=delay
            )
            heartbeat.wait(stop, delay)
            delay = min(delay * 2, 5.0)


def run_every(
    task: Callable[[], Any],
    every: float,
    stop: threading.Event,
    log,
    what: str,
    heartbeat: Heartbeat | None = None,
) -> None:
    """Run ``task`` until ``stop`` is set: again at once while it reports more work (a truthy
    result), else after ``every`` seconds; through outages of the database and the broker."""
    heartbeat = heartbeat or Heartbeat("", what)

    def body(stop: threading.Event) -> None:
        while not stop.is_set():
            heartbeat.beat()
            more = task()
            heartbeat.connected()  # it worked: the database (and broker) answered
            if not more:
                heartbeat.wait(stop, every)

    run_with_reconnect(body, stop, log, what, heartbeat)
