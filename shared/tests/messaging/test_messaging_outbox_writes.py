"""The outbox rows of one transaction go to the database in one INSERT, at the next flush or at
the commit; a rolled-back savepoint or transaction leaves none of its rows behind."""

import uuid

import pytest
from sqlalchemy import Column, MetaData, String, Table, event, select
from sqlalchemy.orm import registry

from dialog_platform.db import Database
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import add_to_outbox, take_back_from_outbox
from dialog_platform.messaging.tables import messaging_metadata, outbox
from dialog_platform.testing.messages import published_event_data

things = Table("thing", MetaData(), Column("id", String(36), primary_key=True))


class Thing:
    def __init__(self) -> None:
        self.id = str(uuid.uuid4())


registry().map_imperatively(Thing, things)


def _add(session, title: str) -> Envelope:
    """An ``events.event.published`` message of an event with that title, added to the outbox."""
    return add_to_outbox(
        session, "events", "events.event.published", published_event_data(title=title)
    )


@pytest.fixture
def db(make_database):
    database = Database(make_database())
    messaging_metadata.create_all(database.engine)
    things.metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def statements(db) -> list[str]:
    """The SQL the engine sent, one entry per statement (an executemany counts once)."""
    sent: list[str] = []
    listener = lambda _c, _cur, sql, *_rest: sent.append(sql)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    yield sent
    event.remove(db.engine, "before_cursor_execute", listener)


def _stored(db) -> list[str]:
    with db.transaction() as session:
        return list(session.scalars(select(outbox.c.message_id).order_by(outbox.c.id)))


def test_a_transactions_messages_are_written_in_one_insert_in_order(db, statements):
    with db.transaction() as session:
        ids = [_add(session, title).id for title in ("eins", "zwei", "drei")]
    inserts = [sql for sql in statements if sql.lstrip().upper().startswith("INSERT INTO OUTBOX")]
    assert len(inserts) == 1
    assert _stored(db) == ids


def test_rows_are_written_at_the_next_flush(db):
    with db.transaction() as session:
        message_id = _add(session, "eins").id
        session.add(Thing())
        session.flush()
        seen = session.scalars(select(outbox.c.message_id)).all()
    assert seen == [message_id]


def test_a_rolled_back_savepoint_drops_only_its_own_messages(db):
    with db.transaction() as session:
        kept = _add(session, "before").id
        savepoint = session.begin_nested()
        _add(session, "inside")
        savepoint.rollback()
        with session.begin_nested():
            released = _add(session, "released").id
        after = _add(session, "after").id
    assert _stored(db) == [kept, released, after]


def test_a_rolled_back_or_abandoned_transaction_writes_nothing(db):
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), db.transaction() as session:
        _add(session, "rolled back")
        raise Abandon
    session = db.sessions()
    _add(session, "closed without a commit")
    session.close()
    session.add(Thing())  # the same session again: its next transaction starts clean
    session.commit()
    session.close()
    assert _stored(db) == []


def test_messages_taken_back_are_never_written_whether_written_yet_or_not(db):
    with db.transaction() as session:
        kept = _add(session, "eins")
        written = _add(session, "zwei")
        session.add(Thing())
        session.flush()  # kept and written are in the table now
        pending = _add(session, "drei")
        take_back_from_outbox(session, [written, pending])
        session.add(Thing())
        session.flush()  # a later flush writes what is still pending: nothing taken back
    assert _stored(db) == [kept.id]
