"""Running a service's long-lived worker roles (outbox relay, message consumer, periodic roles
such as expire-holds, the scheduler and retention) as a process that stops cleanly on SIGTERM or
Ctrl-C, serves its heartbeat and metrics (``workers_health``) and survives outages; or, for
``dialog run``, several roles as threads of one process (``run_together``)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

import structlog

from .config import Settings
from .db import Database
from .logging import configure_logging, get_logger
from .messaging.connection import topology_for
from .messaging.consumer import Handler, MessageConsumer
from .messaging.relay import Relay
from .messaging.supervision import run_every
from .workers_health import Heartbeat, serve_health

#: The one stop of the roles that run as threads of this process (``run_together``), if any.
_together: threading.Event | None = None


def stop_on_signals() -> threading.Event:
    """An event set on SIGTERM or Ctrl-C. A role running as a thread of ``run_together`` gets
    the stop it shares with the others (only the main thread may handle signals)."""
    if _together is not None:
        return _together
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


def run_together(roles: dict[str, tuple[str, Callable[[], Any]]], log_to=print) -> int:
    """Run ``roles`` (name -> (service, the role's loop)) as threads of this process until
    SIGTERM or Ctrl-C; each logs as its service. A role that ends by itself, or raises, stops
    them all: the exit status is then 1, and whoever started the process restarts it whole."""
    global _together
    stop = stop_on_signals()
    _together = stop
    ended: list[str] = []

    def run(name: str, service: str, role: Callable[[], Any]) -> None:
        structlog.contextvars.bind_contextvars(service=service)
        try:
            role()
        except BaseException as exc:
            log_to(f"{name}: {type(exc).__name__}: {exc}")
        if not stop.is_set():
            ended.append(name)
            stop.set()

    threads = [
        threading.Thread(target=run, args=(name, *role), name=name, daemon=True)
        for name, role in roles.items()
    ]
    for thread in threads:
        thread.start()
    while not stop.wait(0.5):  # the main thread stays free to take the signals
        pass
    for thread in threads:
        thread.join(timeout=30)
    if ended:
        log_to(f"ended by itself: {', '.join(ended)}; stopping the other roles")
    return 1 if ended else 0
