"""A relay or a consumer in its own OS process, for the messaging reliability tests.

Run by path: ``python workers.py relay|consumer [switches]``. Like a real service process it reads
``Settings.from_env`` (the relay as the ``events`` service, the consumer as ``registrations``);
the switches only add what a test needs to see inside it or to stop it at a chosen point:

- ``--ready FILE``: touched once the topology is declared (queues exist, bindings known).
- ``--journal FILE``: the consumer appends ``<message id> <redelivered>`` per acknowledged delivery.
- ``--attempts FILE``: the handler appends ``<message id> <unix time>`` each time it is called.
- ``--fail-while FILE``: the handler raises while this file exists.
- ``--block-in-handler FILE``: the handler touches FILE, then blocks (the test kills the process).
- ``--pause-after-publish FILE``: the relay touches FILE after the broker confirmed a batch and
  blocks before stamping it as sent (the test kills the process).

The test side loads this module too (see conftest.py): ``Worker`` starts, stops, kills and reads
such a process; the effect table and the sample data are shared with it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Column, Integer, String, Table, insert

from dialog_platform.config import Settings
from dialog_platform.db import Database, make_metadata
from dialog_platform.logging import configure_logging, get_logger
from dialog_platform.messaging.connection import connect, topology_for
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.supervision import run_with_reconnect
from dialog_platform.testing import wait_for

#: Switches a test turns on by name; each takes a file (see the module docstring).
SWITCHES = ("fail_while", "block_in_handler", "pause_after_publish")
#: Seconds to wait for a process or what it does: room for a machine busy with other tests.
PATIENCE = 60.0
PRODUCER = "events"
CONSUMER = "registrations"
MESSAGE_TYPE = "events.event.published"

effects_metadata = make_metadata()
#: The handler's effect: one row per call that committed. Exactly once means one row per message.
effects = Table(
    "effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_id", String(36), nullable=False),
    Column("pid", Integer, nullable=False),
)


def _append(path: Path | None, line: str) -> None:
    if path is not None:
        with path.open("a") as handle:
            handle.write(line + "\n")


def _block_forever() -> None:
    threading.Event().wait()


def make_handler(options: argparse.Namespace):
    def handle(session, envelope, data) -> None:
        _append(options.attempts, f"{envelope.id} {time.time()}")
        if options.block_in_handler is not None:
            options.block_in_handler.touch()
            _block_forever()
        if options.fail_while is not None and options.fail_while.exists():
            raise RuntimeError("fault injected by the test")
        session.execute(insert(effects).values(message_id=envelope.id, pid=os.getpid()))

    return handle


class JournalingConsumer(MessageConsumer):
    """Writes down every delivery it acknowledged, duplicates included."""

    def __init__(self, *args, journal: Path | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.journal = journal

    def handle_batch(self, batch, publisher) -> None:
        super().handle_batch(batch, publisher)
        for message in batch:
            redelivered = bool(message.delivery_info.get("redelivered"))
            _append(self.journal, f"{message.properties.get('message_id')} {redelivered}")


class PausingPublisher:
    """Publishes through the real publisher, then signals and blocks before the relay's commit."""

    def __init__(self, inner, signal_file: Path) -> None:
        self.inner = inner
        self.signal_file = signal_file

    def publish(self, messages) -> int:
        count = self.inner.publish(messages)
        self.signal_file.touch()
        _block_forever()
        return count


class PausingRelay(Relay):
    def __init__(self, *args, signal_file: Path, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.signal_file = signal_file

    def relay_batch(self, publisher) -> int:
        return super().relay_batch(PausingPublisher(publisher, self.signal_file))


def build_worker(options: argparse.Namespace, settings: Settings):
    db = Database(settings.database_url)
    topology = topology_for(settings)
    if options.role == "relay":
        common = dict(batch_size=settings.relay_batch, poll_seconds=settings.poll_seconds)
        if options.pause_after_publish is not None:
            return PausingRelay(
                db, settings.amqp_url, topology, signal_file=options.pause_after_publish, **common
            )
        return Relay(db, settings.amqp_url, topology, **common)
    return JournalingConsumer(
        CONSUMER,
        db,
        {MESSAGE_TYPE: make_handler(options)},
        settings.amqp_url,
        topology,
        batch_size=settings.consumer_batch,
        poll_seconds=settings.poll_seconds,
        journal=options.journal,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=("relay", "consumer"))
    for switch in (
        "--ready",
        "--journal",
        "--attempts",
        "--fail-while",
        "--block-in-handler",
        "--pause-after-publish",
    ):
        parser.add_argument(switch, type=Path)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    settings = Settings.from_env(PRODUCER if options.role == "relay" else CONSUMER)
    configure_logging(settings.service, settings.log_level, "console")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def declare(_stop: threading.Event) -> None:
        with connect(settings.amqp_url, settings.poll_seconds, name="setup") as connection:
            topology_for(settings).declare(connection.default_channel)

    # Supervised like the worker itself: on the embedded bus, processes starting together race
    # to create its tables and queues, and the loser just tries again.
    run_with_reconnect(declare, stop, get_logger(__name__), what="setup")
    if options.ready is not None:
        options.ready.touch()
    build_worker(options, settings).run(stop)


class Worker:
    """One relay or consumer process and the files it writes."""

    def __init__(self, role: str, folder: Path, env: dict[str, str], switches: dict[str, Path]):
        self.role, self.folder = role, folder
        self.ready, self.log = folder / "ready", folder / "log"
        self.journal, self.attempts = folder / "journal", folder / "attempts"
        args = [sys.executable, __file__, role, "--ready", str(self.ready)]
        args += ["--journal", str(self.journal), "--attempts", str(self.attempts)]
        for name, path in switches.items():
            args += ["--" + name.replace("_", "-"), str(path)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(args, env=env, cwd=folder, stdout=log, stderr=log)

    def wait_ready(self) -> None:
        started = lambda: self.ready.exists() or self.process.poll() is not None  # noqa: E731
        wait_for(started, timeout=PATIENCE, interval=0.05, what=f"the {self.role} to start")
        assert self.process.poll() is None, f"{self.role} exited early:\n{self.log.read_text()}"

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind runs in the worker."""
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=10) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def deliveries(self) -> list[tuple[str, bool]]:
        """(message id, redelivered) per delivery the consumer acknowledged."""
        lines = self.journal.read_text().splitlines() if self.journal.exists() else []
        return [(mid, flag == "True") for mid, flag in (line.split() for line in lines)]

    def handler_calls(self) -> list[tuple[str, float]]:
        lines = self.attempts.read_text().splitlines() if self.attempts.exists() else []
        return [(mid, float(at)) for mid, at in (line.split() for line in lines)]


if __name__ == "__main__":
    main()
