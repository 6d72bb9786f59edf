"""Nothing of the messaging grows without bound: sent outbox rows and inbox records are deleted
after their retention period by the relay and the consumer while they are idle; unsent rows and
young ones stay; the embedded bus forgets the messages it delivered."""

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text

from dialog_platform.db import Database
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.retention import prune_embedded_bus, prune_inbox, prune_outbox
from dialog_platform.messaging.tables import inbox, messaging_metadata, outbox
from dialog_platform.testing import wait_for

pytestmark = pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:sqlalchemy.exc.SADeprecationWarning"
)


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, make_database, tmp_path):
    url = make_database() if request.param == "postgresql" else f"sqlite:///{tmp_path}/m.sqlite"
    database = Database(url)
    messaging_metadata.create_all(database.engine)
    yield database
    database.dispose()


def _outbox_row(sent_at):
    return {
        "message_id": str(uuid.uuid4()),
        "type": "events.event.published",
        "body": "{}",
        "created_at": datetime.now(UTC),
        "sent_at": sent_at,
    }


def _count(db, table) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_sent_rows_go_after_their_time_unsent_and_young_ones_stay(db, clock):
    now = clock.now
    with db.transaction() as session:
        rows = [_outbox_row(now - timedelta(hours=25)) for _ in range(1203)]  # several batches
        rows += [_outbox_row(now - timedelta(hours=23)), _outbox_row(None)]
        session.execute(insert(outbox), rows)
    assert prune_outbox(db, timedelta(hours=24)) == 1203
    with db.transaction() as session:
        kept = session.scalars(select(outbox.c.sent_at)).all()
    assert len(kept) == 2 and None in kept
    assert prune_outbox(db, timedelta(hours=24)) == 0


def test_inbox_records_go_after_their_time(db, clock):
    with db.transaction() as session:
        session.execute(
            insert(inbox),
            [
                {
                    "consumer": "c",
                    "message_id": str(uuid.uuid4()),
                    "type": "t",
                    "handled_at": clock.now - timedelta(days=age),
                }
                for age in (15, 15, 13)
            ],
        )
    assert prune_inbox(db, timedelta(days=14)) == 2
    assert _count(db, inbox) == 1


def test_idle_relay_and_consumer_keep_their_tables_short(make_database, rabbitmq_url, topology):
    db = Database(make_database())
    messaging_metadata.create_all(db.engine)
    long_ago = datetime.now(UTC) - timedelta(days=30)
    with db.transaction() as session:
        session.execute(insert(outbox), [_outbox_row(long_ago) for _ in range(10)])
        session.execute(
            insert(inbox),
            [
                {
                    "consumer": "registrations",
                    "message_id": str(uuid.uuid4()),
                    "type": "t",
                    "handled_at": long_ago,
                }
                for _ in range(10)
            ],
        )
    stop = threading.Event()
    relay = Relay(db, rabbitmq_url, topology, outbox_retention=timedelta(hours=1))
    consumer = MessageConsumer(
        "registrations", db, {}, rabbitmq_url, topology, inbox_retention=timedelta(days=1)
    )
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in (relay, consumer)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: _count(db, outbox) == 0 and _count(db, inbox) == 0, what="pruning")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        db.dispose()


def test_the_embedded_bus_forgets_delivered_messages(embedded_rig):
    rig = embedded_rig
    rig.start_all("consumer", "relay")
    rig.write_outbox(3)
    rig.wait_effects(3)
    bus = Database(rig.amqp_url.removeprefix("sqla+"))
    taken = text("SELECT count(*) FROM kombu_message WHERE visible = 0")

    def delivered() -> int:
        with bus.engine.connect() as connection:  # short: the bus file has one writer at a time
            return connection.execute(taken).scalar()

    try:
        wait_for(lambda: delivered() >= 3, what="the messages delivered")
        two_hours_ago = {"old": datetime.now() - timedelta(hours=2)}
        with bus.engine.begin() as writer:  # as if they had been delivered that long ago
            writer.execute(text("UPDATE kombu_message SET timestamp = :old"), two_hours_ago)
        assert prune_embedded_bus(rig.amqp_url) >= 3
        assert delivered() == 0
    finally:
        bus.dispose()
