"""A periodic worker role (expire-holds, the scheduler, retention) survives a database outage:
while its database refuses connections each attempt costs one warning, and when the database
is back the role works again, in the same process."""

import threading

from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from dialog_platform.db import Database
from dialog_platform.logging import get_logger
from dialog_platform.messaging.supervision import run_every
from dialog_platform.testing import wait_for
from dialog_platform.testing.resources import database_outage

ticks = Table("tick", MetaData(), Column("id", Integer, primary_key=True, autoincrement=True))


def test_a_periodic_role_outlives_a_database_outage(make_database):
    url = make_database()
    db = Database(url)
    ticks.metadata.create_all(db.engine)
    failures = []

    def tick() -> None:
        try:
            with db.transaction() as session:
                session.execute(insert(ticks))
        except Exception as exc:
            failures.append(exc)
            raise

    def count() -> int:
        with db.transaction() as session:
            return session.scalar(select(func.count()).select_from(ticks))

    stop = threading.Event()
    worker = threading.Thread(
        target=run_every, args=(tick, 0.05, stop, get_logger("test"), "ticker"), daemon=True
    )
    worker.start()
    try:
        wait_for(lambda: count() >= 2, what="the role working")
        with database_outage(url):
            wait_for(lambda: len(failures) >= 2, what="attempts during the outage")
            assert worker.is_alive()
        before = count()
        wait_for(lambda: count() >= before + 2, timeout=30, what="the role working again")
        assert worker.is_alive()
    finally:
        stop.set()
        worker.join(timeout=10)
        db.dispose()
    assert not worker.is_alive()
