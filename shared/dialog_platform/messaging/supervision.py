"""Keeping a worker loop alive across broker and database outages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import amqp
import psycopg
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy.exc import DBAPIError

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
    body: Callable[[threading.Event], None], stop: threading.Event, log, what: str
) -> None:
    from .publisher import PublishNotConfirmed

    delay = 0.2
    while not stop.is_set():
        started = time.monotonic()
        try:
            body(stop)
            return
        except (*RECOVERABLE, PublishNotConfirmed) as exc:
            if time.monotonic() - started > 30:
                delay = 0.2  # it had been working: start the back-off afresh
            log.warning(
                f"{what} lost its connection; reconnecting", error=repr(exc), retry_in=delay
            )
            stop.wait(delay)
            delay = min(delay * 2, 5.0)
