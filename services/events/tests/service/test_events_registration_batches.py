"""The registrations' messages come in batches, written in one statement: the same tally as
when handled one by one in order (several messages about one registration, older ones late,
equal versions, a message delivered twice), and a message the database refuses fails alone."""

import uuid

from sqlalchemy import select

from dialog_events.messaging.handlers import HANDLERS
from dialog_events.models import RegistrationTally
from dialog_platform.messaging.tables import inbox
from dialog_platform.testing.messages import (
    consume_as_one_batch,
    deliver,
    envelope_for,
    refuse_row,
    registration_data,
)

EVENT = uuid.uuid4()
ADA, BEN, CEM, DORA = (uuid.UUID(int=n) for n in range(1, 5))


def _message(kind: str, registration: uuid.UUID, version: int, status: str, **more):
    data = registration_data(registration, version, status, EVENT, **more)
    return envelope_for(f"registrations.registration.{kind}", data)


def _status_changes():
    """Ada signs up, confirms and cancels, with one message late and one twice; Ben's
    waiting-list place and his promotion come in the wrong order; Cem's two messages tell one
    version; Dora's tell no more than what is held already."""
    again = _message("promoted", BEN, 3, "confirmed")
    return [
        _message("created", ADA, 1, "pending"),
        again,
        _message("confirmed", ADA, 2, "confirmed"),
        _message("waitlisted", BEN, 2, "waitlisted", waitlist_position=1),
        _message("cancelled", ADA, 3, "cancelled", cancelled_by="participant"),
        again,
        _message("created", CEM, 1, "confirmed"),
        _message("checked_in", CEM, 1, "attended"),
        _message("confirmed", DORA, 4, "confirmed"),
        _message("cancelled", DORA, 5, "cancelled", cancelled_by="staff"),
    ]


def _events_db(service_app, mode):
    app = service_app("events", mode.database_url("events"), mode.amqp_url)
    return app.extensions["dialog_db"]


def _one_by_one(service_app, mode, envelopes, held=()) -> list[tuple]:
    db = _events_db(service_app, mode)
    for envelope in [*held, *envelopes]:
        deliver(db, HANDLERS, envelope.type, {}, consumer="events", envelope=envelope)
    return _tally(db)


def _tally(db) -> list[tuple]:
    with db.transaction() as session:
        rows = session.scalars(
            select(RegistrationTally).order_by(RegistrationTally.registration_id)
        )
        return [(r.registration_id, r.event_id, r.status, r.takes_seat, r.version) for r in rows]


def _held(service_app, mode):
    """The events service's database with Dora's cancellation at version 5 held already."""
    db = _events_db(service_app, mode)
    held = [_message("cancelled", DORA, 5, "cancelled", cancelled_by="participant")]
    for envelope in held:
        deliver(db, HANDLERS, envelope.type, {}, consumer="events", envelope=envelope)
    return db, held


def test_a_batch_of_status_changes_keeps_what_one_by_one_keeps(service_app, any_mode):
    db, held = _held(service_app, any_mode)
    changes = _status_changes()

    statements = consume_as_one_batch(
        db, HANDLERS, "events", changes, any_mode.amqp_url, any_mode.topology
    )

    assert len([s for s in statements if "registration_tally" in s]) == 1
    expected = _one_by_one(service_app, any_mode, changes, held)
    assert _tally(db) == expected
    assert [row[2] for row in expected] == ["cancelled", "confirmed", "confirmed", "cancelled"]
    assert [row[4] for row in expected] == [3, 3, 1, 5]


def test_a_status_the_database_refuses_fails_alone(service_app, any_mode):
    db, held = _held(service_app, any_mode)
    poison = _message("created", uuid.UUID(int=99), 1, "confirmed")
    changes = _status_changes()
    refuse_row(db, "registration_tally", "registration_id", uuid.UUID(int=99))

    batch = [*changes[:5], poison, *changes[5:]]
    consume_as_one_batch(db, HANDLERS, "events", batch, any_mode.amqp_url, any_mode.topology)

    assert _tally(db) == _one_by_one(service_app, any_mode, changes, held)
    with db.transaction() as session:
        handled = set(session.scalars(select(inbox.c.message_id)))
    assert poison.id not in handled  # rolled back, on its way to a retry
    assert {envelope.id for envelope in changes} <= handled
