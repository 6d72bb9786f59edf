"""The outbox relay: publishes committed outbox rows, oldest first, and stamps them as sent.

A batch is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` (several relays may run) in a
transaction of its own, written to the broker, then stamped as sent in that transaction while
the broker confirms; the transaction is committed only after every message of the batch is
confirmed. A crash after publishing and before the commit republishes the batch: consumers
absorb the duplicates through their inbox. The relay does not stop and wait: once a batch is
written and stamped, the next one is claimed (skipping the locked rows of the first) and written
while the broker still confirms the first, up to the publisher's window of unconfirmed messages;
each batch is committed once its own confirms are in, the last after ``publish`` returns. A
failure rolls back every batch not yet committed. On SQLite (one writer) a second claim would
wait for the first's commit: there the relay publishes one batch at a time.
On PostgreSQL the relay sleeps on ``LISTEN dialog_outbox`` and wakes at every commit that wrote
an outbox row; elsewhere it polls every ``poll_seconds``. When idle it deletes rows sent longer
than ``outbox_retention`` ago. It beats its ``Heartbeat`` each time round and counts what it
published; every ``MEASURE_SECONDS`` it measures the backlog (``workers_health``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
from sqlalchemy import BigInteger, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from ..db import Database, is_sqlite
from ..logging import get_logger
from ..workers_health import OUTBOX_LAG, OUTBOX_PENDING, RELAYED, Heartbeat
from .connection import HEARTBEAT_SECONDS, connect, keep_alive
from .outbox import NOTIFY_CHANNEL
from .publisher import ConfirmingPublisher, Outgoing
from .retention import Housekeeping, prune_outbox
from .supervision import run_with_reconnect
from .tables import outbox
from .topology import Topology

log = get_logger(__name__)

#: How often the relay measures its backlog (pending rows, age of the oldest) for /metrics.
MEASURE_SECONDS = 10.0
#: How long one ``relay_batch`` goes on claiming further batches before the loop comes round.
STREAM_SECONDS = 1.0


class Relay:
    def __init__(
        self,
        db: Database,
        amqp_url: str,
        topology: Topology,
        batch_size: int = 2000,
        poll_seconds: float = 0.1,
        name: str = "relay",
        outbox_retention: timedelta = timedelta(hours=24),
        heartbeat: float = HEARTBEAT_SECONDS,
        service: str = "",
        loop_heartbeat: Heartbeat | None = None,
    ) -> None:
        self.db = db
        self.heartbeat = heartbeat
        self.service = service
        #: The loop's sign of life (``heartbeat`` is the AMQP connection's).
        self.loop_heartbeat = loop_heartbeat or Heartbeat(service, "relay")
        self._measured = 0.0
        #: How often it connected to the broker (once, unless it lost the connection).
        self.connections = 0
        self.amqp_url = amqp_url
        self.topology = topology
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.name = name
        self.published = 0
        self._open: deque[_Claim] = deque()  # claimed and published, not yet committed
        #: SQLite has one writer at a time: a second claim would wait for the first's commit.
        self._claims_ahead = not is_sqlite(db.engine)
        self.housekeeping = Housekeeping(
            "sent outbox rows", lambda: prune_outbox(db, outbox_retention)
        )

    def run(self, stop: threading.Event) -> None:
        """Relay until ``stop`` is set, reconnecting to broker and database by itself."""
        run_with_reconnect(self._run_connected, stop, log, "relay", self.loop_heartbeat)

    def _run_connected(self, stop: threading.Event) -> None:
        with connect(self.amqp_url, self.poll_seconds, self.name, self.heartbeat) as connection:
            self.connections += 1
            self.topology.declare(connection.default_channel)
            publisher = ConfirmingPublisher(connection, self.topology.exchange)
            log.info("relay connected", broker=connection.as_uri())
            with _Waker(self.db, self.poll_seconds) as waker:
                self.loop_heartbeat.connected()
                while not stop.is_set():
                    self.loop_heartbeat.beat()
                    self.measure_if_due()
                    if self.relay_batch(publisher) == 0:
                        self.housekeeping.run_if_due()
                        waker.wait()
                        if self.topology.broker_native:
                            keep_alive(connection)

    def relay_batch(self, publisher: ConfirmingPublisher) -> int:
        """Publish the pending rows, batch after batch for up to ``STREAM_SECONDS``; return how
        many were published and stamped. Each batch is committed once its confirms are in;
        the batches still open when the stream ends, after ``publish`` returned."""
        claim = _Claim.take(self.db, self.batch_size)
        if not claim.rows:
            claim.end()
            return 0
        self._open.append(claim)
        before = self.published
        try:
            publisher.publish(self._stream(claim))
            self._commit_confirmed(every=True)  # publish returned: every confirm is in
        except BaseException:
            self.release()
            raise
        return self.published - before

    def _stream(self, claim: _Claim) -> Iterator[Outgoing]:
        """The messages of ``claim``, then of the batches claimed after it while the broker
        confirms: the database and the broker work at the same time. Batches confirmed by
        then are committed before the next is written, never the last (its commit follows
        ``publish``)."""
        until = time.monotonic() + STREAM_SECONDS
        while True:
            yield from claim.messages()
            claim.stamp()  # while the broker confirms
            if not self._claims_ahead or time.monotonic() > until:
                return
            claim = _Claim.take(self.db, self.batch_size)
            if not claim.rows:
                claim.end()
                return
            self._open.append(claim)
            self._commit_confirmed(every=False)

    def _commit_confirmed(self, every: bool) -> None:
        """Commit the open batches, oldest first: those whose confirms are in, or ``every``."""
        while self._open and (every or self._open[0].confirmed):
            claim = self._open[0]
            claim.commit()  # the stamps are seen only now, after every confirm
            self._open.popleft()
            self.published += len(claim.rows)
            RELAYED.labels(self.service).inc(len(claim.rows))

    def release(self) -> None:
        """Roll back the batches not yet committed (their rows stay unsent)."""
        while self._open:
            self._open.popleft().end()

    def measure_if_due(self) -> None:
        """Set the backlog gauges: rows not yet published and the age of the oldest."""
        if time.monotonic() - self._measured < MEASURE_SECONDS:
            return
        self._measured = time.monotonic()
        unsent = outbox.c.sent_at.is_(None)
        with self.db.transaction() as session:
            pending = session.scalar(select(func.count()).select_from(outbox).where(unsent))
            oldest = session.scalar(
                select(outbox.c.created_at).where(unsent).order_by(outbox.c.id).limit(1)
            )
        lag = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        OUTBOX_PENDING.labels(self.service).set(pending)
        OUTBOX_LAG.labels(self.service).set(max(lag, 0.0))


class _Claim:
    """A batch of pending rows, claimed and stamped as sent in a transaction of its own that
    stays open (its rows locked) until it is committed after the confirms, or ended."""

    def __init__(self, session: Session, rows: list) -> None:
        self.session, self.rows = session, rows
        self.confirmed = False  # the broker confirmed every message of the batch

    def messages(self) -> Iterator[Outgoing]:
        """The batch's messages; the last one tells when they are all confirmed."""
        last = len(self.rows) - 1
        for i, row in enumerate(self.rows):
            yield Outgoing(
                body=row.body,
                routing_key=row.type,
                message_id=row.message_id,
                on_confirmed=self._on_confirmed if i == last else None,
            )

    def _on_confirmed(self) -> None:
        self.confirmed = True

    @classmethod
    def take(cls, db: Database, batch_size: int) -> _Claim:
        """Claim the oldest pending rows that no other transaction holds (locked until the
        end of this one; SQLite has a single writer from the start of the transaction)."""
        session = db.sessions()
        try:
            rows = session.execute(
                select(outbox.c.id, outbox.c.message_id, outbox.c.type, outbox.c.body)
                .where(outbox.c.sent_at.is_(None))
                .order_by(outbox.c.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            ).all()
        except BaseException:
            session.close()
            raise
        return cls(session, rows)

    def stamp(self) -> None:
        """Stamp the rows as sent, in the claim's transaction: seen by others only at the
        commit, after every confirm, and rolled back with the claim if publishing fails.
        Issued once the batch is written, the UPDATE runs while the broker confirms."""
        if is_sqlite(self.session.get_bind()):
            # The transaction has held SQLite's only write lock since it began: the claimed
            # rows are exactly the unsent ones up to the last claimed id.
            claimed = outbox.c.sent_at.is_(None) & (outbox.c.id <= self.rows[-1].id)
        else:
            # Other relays may hold rows in between (SKIP LOCKED): these ids, as one array.
            ids = [row.id for row in self.rows]
            claimed = outbox.c.id == any_(bindparam("ids", ids, type_=ARRAY(BigInteger)))
        self.session.execute(update(outbox).where(claimed).values(sent_at=datetime.now(UTC)))

    def commit(self) -> None:
        try:
            self.session.commit()
        finally:
            self.session.close()

    def end(self) -> None:
        """Roll back: the rows stay unsent, for this relay or another."""
        self.session.close()


class _Waker:
    """Waits for new outbox rows: LISTEN/NOTIFY on PostgreSQL, a short sleep elsewhere."""

    def __init__(self, db: Database, poll_seconds: float) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self._listener: psycopg.Connection | None = None
        self._sleep = threading.Event()

    def __enter__(self) -> _Waker:
        if self.db.engine.dialect.name == "postgresql":
            url = self.db.engine.url.set(drivername="postgresql")
            self._listener = psycopg.connect(
                url.render_as_string(hide_password=False), autocommit=True
            )
            self._listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return self

    def wait(self) -> None:
        if self._listener is None:
            self._sleep.wait(self.poll_seconds)
            return
        # Wake at the first notification, or after a second anyway (a row committed while the
        # listener was reconnecting is picked up then).
        for _ in self._listener.notifies(timeout=1.0, stop_after=1):
            pass

    def __exit__(self, *exc) -> None:
        if self._listener is not None:
            self._listener.close()
