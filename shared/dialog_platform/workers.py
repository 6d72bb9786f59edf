"""Running a service's long-lived worker roles (outbox relay, message consumer, periodic roles
such as expire-holds, the scheduler and retention) as a process that stops cleanly on SIGTERM or
Ctrl-C, serves its heartbeat and metrics (``workers_health``) and survives outages."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

from .config import Settings
from .db import Database
from .logging import configure_logging, get_logger
from .messaging.connection import topology_for
from .messaging.consumer import Handler, MessageConsumer
from .messaging.relay import Relay
from .messaging.supervision import run_every
from .workers_health import Heartbeat, serve_health


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
        service=settings.service,
        loop_heartbeat=serve_health(settings.service, "relay"),
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
        heartbeat=serve_health(settings.service, "consume"),
    )
    consumer.run(stop_on_signals())


def run_periodic(
    settings: Settings,
    role: str,
    task: Callable[[], Any],
    every: float,
    heartbeat: Heartbeat | None = None,
) -> None:
    """A periodic role: ``task`` again at once while it reports more work (a truthy result),
    else after ``every`` seconds, until SIGTERM; through database and broker outages, with its
    heartbeat served like the relay's and the consumer's. A task that may run long passes
    ``heartbeat`` (from ``serve_health``) and beats it as it goes."""
    configure_logging(settings.service, settings.log_level, settings.log_format)
    log = get_logger(f"dialog_{settings.service}.{role}")
    heartbeat = heartbeat or serve_health(settings.service, role)
    run_every(task, every, stop_on_signals(), log, role, heartbeat)


def run_once_or_every(
    settings: Settings, role: str, task: Callable[[Database], Any], every: float | None
) -> None:
    """A maintenance role on the service's database: ``task`` once (again at once while it
    reports more work), or with ``every`` as a periodic role (``run_periodic``); the database
    is let go at the end either way."""
    db = Database.of(settings)
    try:
        if every is None:
            while task(db):
                pass
            return
        run_periodic(settings, role, lambda: task(db), every)
    finally:
        db.dispose()
