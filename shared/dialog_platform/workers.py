"""Running a service's long-lived worker roles (outbox relay, message consumer) as a process
that stops cleanly on SIGTERM or Ctrl-C."""

from __future__ import annotations

import signal
import threading

from .config import Settings
from .db import Database
from .logging import configure_logging
from .messaging.connection import topology_for
from .messaging.consumer import Handler, MessageConsumer
from .messaging.relay import Relay


def stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def _stop(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    return stop


def run_relay(settings: Settings) -> None:
    configure_logging(settings.service, settings.log_level, settings.log_format)
    db = Database.of(settings)
    relay = Relay(
        db,
        settings.amqp_url,
        topology_for(settings),
        batch_size=settings.relay_batch,
        poll_seconds=settings.poll_seconds,
        name=f"{settings.service}-relay",
        outbox_retention=settings.outbox_retention,
    )
    relay.run(stop_on_signals())


def run_consumer(settings: Settings, handlers: dict[str, Handler]) -> None:
    configure_logging(settings.service, settings.log_level, settings.log_format)
    db = Database.of(settings)
    consumer = MessageConsumer(
        settings.service,
        db,
        handlers,
        settings.amqp_url,
        topology_for(settings),
        batch_size=settings.consumer_batch,
        poll_seconds=settings.poll_seconds,
        inbox_retention=settings.inbox_retention,
    )
    consumer.run(stop_on_signals())
