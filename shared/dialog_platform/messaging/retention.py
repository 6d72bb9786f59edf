"""Nothing of the messaging grows without bound: sent outbox rows, inbox records and, in the
embedded mode, the bus's consumed messages are deleted after their retention period, in small
batches, by the relay and the consumer that already run (``Housekeeping``)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, bindparam, delete, inspect, select, text, tuple_
from sqlalchemy.pool import NullPool

from ..clock import utc_now
from ..db import Database, checkpoint, make_engine
from ..logging import get_logger
from .tables import inbox, outbox

log = get_logger(__name__)

#: Rows deleted per statement: short transactions, no long lock on a busy table.
BATCH = 500
#: A message taken from the embedded bus and not acknowledged within this time is gone anyway
#: (kombu's SQLAlchemy transport never restores it); consumed ones are kept no longer either.
BUS_RETENTION = timedelta(hours=1)


def _delete_batches(db: Database, statement_for: Callable[[], object]) -> int:
    deleted = 0
    while True:
        with db.transaction() as session:
            count = session.execute(statement_for()).rowcount
        deleted += count
        if count < BATCH:
            return deleted


def prune_outbox(db: Database, retention: timedelta) -> int:
    """Delete outbox rows sent longer than ``retention`` ago; how many."""
    cutoff = utc_now() - retention
    oldest = (
        select(outbox.c.id)
        .where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < cutoff)
        .order_by(outbox.c.id)
        .limit(BATCH)
    )
    return _delete_batches(db, lambda: delete(outbox).where(outbox.c.id.in_(oldest)))


def prune_inbox(db: Database, retention: timedelta) -> int:
    """Delete inbox records of messages handled longer than ``retention`` ago; how many."""
    cutoff = utc_now() - retention
    oldest = (
        select(inbox.c.consumer, inbox.c.message_id).where(inbox.c.handled_at < cutoff).limit(BATCH)
    )
    key = tuple_(inbox.c.consumer, inbox.c.message_id)
    return _delete_batches(db, lambda: delete(inbox).where(key.in_(oldest)))


def _bus_engine(amqp_url: str) -> Engine:
    """The bus file, opened as the services open theirs: deleted rows are zeroed on disk."""
    return make_engine(amqp_url.removeprefix("sqla+"), poolclass=NullPool)


def bus_message_body(payload: str) -> str:
    """The message body inside a row of kombu's SQLAlchemy transport."""
    message = json.loads(payload)
    body = message.get("body", "")
    if message.get("properties", {}).get("body_encoding") == "base64":
        body = base64.b64decode(body).decode()
    return body


def erase_from_embedded_bus(amqp_url: str, matches: Callable[[str], bool]) -> int:
    """Delete the embedded bus's consumed messages whose body ``matches`` (kombu keeps them
    with their contents until ``prune_embedded_bus``); how many. Messages not yet taken stay:
    they are another service's work, and its own erasure reaches what it makes of them."""
    engine = _bus_engine(amqp_url)
    try:
        if not inspect(engine).has_table("kombu_message"):
            return 0
        with engine.begin() as connection:
            rows = connection.execute(
                text("SELECT id, payload FROM kombu_message WHERE visible = 0")
            ).all()
            ids = [row.id for row in rows if matches(bus_message_body(row.payload))]
            for start in range(0, len(ids), BATCH):
                chunk = {"ids": ids[start : start + BATCH]}
                statement = text("DELETE FROM kombu_message WHERE id IN :ids")
                connection.execute(statement.bindparams(bindparam("ids", expanding=True)), chunk)
        checkpoint(engine)
        return len(ids)
    finally:
        engine.dispose()


def prune_embedded_bus(amqp_url: str, retention: timedelta = BUS_RETENTION) -> int:
    """Delete the embedded bus's messages taken longer than ``retention`` ago (kombu keeps
    every consumed message, with its contents, as an invisible row)."""
    engine = _bus_engine(amqp_url)
    try:
        if not inspect(engine).has_table("kombu_message"):
            return 0
        cutoff = datetime.now() - retention  # kombu stamps rows with the naive local time
        statement = text(
            "DELETE FROM kombu_message WHERE id IN (SELECT id FROM kombu_message "
            "WHERE visible = 0 AND timestamp < :cutoff LIMIT :batch)"
        ).bindparams(bindparam("cutoff", cutoff), bindparam("batch", BATCH))
        deleted = 0
        while True:
            with engine.begin() as connection:
                count = connection.execute(statement).rowcount
            deleted += count
            if count < BATCH:
                return deleted
    finally:
        engine.dispose()


class Housekeeping:
    """Runs ``task`` at most every ``every`` seconds when asked (from an idle worker loop), and
    logs what it removed."""

    def __init__(self, what: str, task: Callable[[], int], every: float = 60.0) -> None:
        self.what, self.task, self.every = what, task, every
        self._next = 0.0

    def run_if_due(self) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.every
        removed = self.task()
        if removed:
            log.info("retention", removed=removed, what=self.what)
