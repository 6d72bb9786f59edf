"""The registrations' changes of status come in batches, handled in a few statements: the same
recipients, deliveries and log as when handled one by one in order (sign-ups, a registration
confirmed and cancelled within the batch, a message late, one delivered twice), and a message
the database refuses fails alone."""

import uuid

import pytest
from sqlalchemy import select

from dialog_notifications.messaging.handlers import HANDLERS
from dialog_notifications.models import Delivery, DeliveryAttempt, Recipient
from dialog_platform.messaging.tables import inbox
from dialog_platform.testing.messages import (
    consume_as_one_batch,
    deliver,
    envelope_for,
    refuse_row,
)

EVENT = uuid.uuid4()
ADA, BEN, CEM, DORA, EMIL, POISON = (uuid.UUID(int=n) for n in range(1, 7))


@pytest.fixture
def notifications_db(service_app, any_mode, clock):
    """``notifications_db()``: a fresh database of the service, in this test's mode."""

    def make():
        app = service_app(
            "notifications", any_mode.database_url("notifications"), any_mode.amqp_url
        )
        return app.extensions["dialog_db"]

    return make


def _change(build, kind: str, registration: uuid.UUID, version: int, status: str, **more):
    data = build.registration(status, version, registration_id=registration, event_id=EVENT, **more)
    return envelope_for(f"registrations.registration.{kind}", data)


def _held(build, db) -> None:
    """The event published with its reminder plan, and Dora holding a seat (SMS reminders
    too), before the batch."""
    published = build.event(EVENT, version=2)
    for envelope in [
        envelope_for("events.event.published", published),
        _change(build, "confirmed", DORA, 2, "confirmed", phone="+4915112345678", sms_consent=True),
    ]:
        deliver(db, HANDLERS, envelope.type, {}, consumer="notifications", envelope=envelope)


def _changes(build) -> list:
    """Ada signs up, confirms and cancels; Ben is waitlisted, then promoted, his sign-up
    arriving last; Cem signs up (his message twice) and is checked in; Dora cancels; Emil's
    address is still to be confirmed."""
    ben_created = _change(build, "created", BEN, 1, "waitlisted", waitlist_position=1)
    cem_created = _change(
        build, "created", CEM, 1, "confirmed", sms_consent=True, phone="+4915187654321"
    )
    return [
        _change(build, "created", ADA, 1, "pending"),
        _change(build, "confirmed", ADA, 2, "confirmed"),
        cem_created,
        _change(build, "promoted", BEN, 2, "confirmed"),
        _change(build, "cancelled", ADA, 3, "cancelled", cancelled_by="participant", reason=""),
        cem_created,
        _change(build, "cancelled", DORA, 3, "cancelled", cancelled_by="staff", reason="Doppelt"),
        _change(build, "checked_in", CEM, 2, "attended"),
        ben_created,
        _change(build, "created", EMIL, 1, "pending"),
    ]


def _kept(db) -> dict:
    """What the service keeps of recipients, deliveries and their log (ids and stop tokens are
    drawn at random, so deliveries are named by their dedup keys)."""
    with db.transaction() as session:
        recipients = {
            r.id: (r.version, r.status, r.email, r.phone, r.sms_consent, r.links, r.event_id)
            for r in session.scalars(select(Recipient))
        }
        deliveries = session.scalars(select(Delivery)).all()
        keys = {d.id: d.dedup_key for d in deliveries}
        attempts = sorted(
            (keys[a.delivery_id], a.outcome, a.answer, a.at)
            for a in session.scalars(select(DeliveryAttempt))
        )
        return {
            "recipients": recipients,
            "deliveries": {
                d.dedup_key: (d.kind, d.channel, d.slot, d.status, d.due_at, d.context)
                for d in deliveries
            },
            "attempts": attempts,
        }


def _one_by_one(db, build, envelopes) -> dict:
    _held(build, db)
    for envelope in envelopes:
        deliver(db, HANDLERS, envelope.type, {}, consumer="notifications", envelope=envelope)
    return _kept(db)


def test_a_batch_of_changes_keeps_and_queues_what_one_by_one_does(
    notifications_db, build, any_mode
):
    db, changes = notifications_db(), _changes(build)
    _held(build, db)

    statements = consume_as_one_batch(
        db, HANDLERS, "notifications", changes, any_mode.amqp_url, any_mode.topology
    )

    expected = _one_by_one(notifications_db(), build, changes)
    assert _kept(db) == expected
    kinds = sorted(kind for kind, *_ in expected["deliveries"].values())
    assert kinds.count("reminder") == 3 + 2 + 2 + 3  # Dora (with SMS), Ada, Ben, Cem (SMS)
    assert {"cancelled", "confirm_email", "promoted", "seat_confirmed"} <= set(kinds)
    assert "waitlisted" not in kinds  # Ben's sign-up came after his promotion: too late
    inserts = [s.split()[2] for s in statements if s.startswith("INSERT")]
    if any_mode.topology.broker_native:  # (SQLite writes the log's rows one by one, in process)
        assert sorted(inserts) == ["delivery", "delivery_attempt", "inbox", "recipient"]
        assert len(statements) < len(changes)  # one by one: a dozen each
    assert "SAVEPOINT" not in " ".join(statements)


def test_a_change_the_database_refuses_fails_alone(notifications_db, build, any_mode):
    db, changes = notifications_db(), _changes(build)
    _held(build, db)
    poison = _change(build, "created", POISON, 1, "confirmed")
    refuse_row(db, "recipient", "id", POISON)

    batch = [*changes[:4], poison, *changes[4:]]
    consume_as_one_batch(db, HANDLERS, "notifications", batch, any_mode.amqp_url, any_mode.topology)

    assert _kept(db) == _one_by_one(notifications_db(), build, changes)
    with db.transaction() as session:
        handled = set(session.scalars(select(inbox.c.message_id)))
    assert poison.id not in handled  # rolled back, on its way to a retry
    assert {envelope.id for envelope in changes} <= handled
