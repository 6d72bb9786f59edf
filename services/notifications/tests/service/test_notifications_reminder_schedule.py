"""Reminders at the test's fixed clock: stored from the event's plan when the seat is confirmed,
re-planned when the event's snapshot changes (its time, also across the change to summer time,
or only its plan), dropped on cancellation, SMS kept out of 21:00-08:00 Europe/Berlin, and
nothing sent once the event has started."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from dialog_notifications.models import Delivery


def _reminders(db) -> dict[str, Delivery]:
    with db.transaction() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == "reminder")).all()
    return {row.slot: row for row in rows}


def _utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _confirm(confirm, **kwargs):
    return confirm(phone="+4915112345678", sms_consent=True, **kwargs)


def test_confirmed_seat_stores_the_events_plan(confirm, db):
    _confirm(confirm)  # 20 March 2027, 18:00 in Berlin (17:00 UTC)
    reminders = _reminders(db)
    assert {slot: r.due_at for slot, r in reminders.items()} == {
        "email-10080m": _utc(2027, 3, 13, 17, 0),
        "email-1440m": _utc(2027, 3, 19, 17, 0),
        "sms-180m": _utc(2027, 3, 20, 14, 0),
    }
    assert {r.status.value for r in reminders.values()} == {"queued"}


def test_no_sms_reminder_without_consent(confirm, db):
    confirm(phone="+4915112345678")
    assert set(_reminders(db)) == {"email-10080m", "email-1440m"}


def test_the_events_own_plan_is_followed(feed, build, db):
    event_id = uuid.uuid4()
    plan = [{"channel": "email", "minutes_before": 120}]
    feed("events.event.published", build.event(event_id, version=2, reminder_plan=plan))
    confirmed = build.registration(event_id=event_id, phone="+4915112345678", sms_consent=True)
    feed("registrations.registration.confirmed", confirmed)
    assert {s: r.due_at for s, r in _reminders(db).items()} == {"email-120m": _utc(2027, 3, 20, 15)}


def test_no_plan_is_known_until_the_events_service_tells_it(feed, build, db):
    data = build.registration(phone="+4915112345678", sms_consent=True)
    feed("registrations.registration.confirmed", data)  # its event summary carries no plan
    assert _reminders(db) == {}
    feed("events.event.published", build.snapshot_of(data))  # the same version, in full
    assert set(_reminders(db)) == {"email-10080m", "email-1440m", "sms-180m"}


def test_a_change_of_only_the_plan_replans_the_reminders(confirm, feed, build, db):
    data = _confirm(confirm)
    plan = [
        {"channel": "email", "minutes_before": 24 * 60},
        {"channel": "email", "minutes_before": 120},
    ]
    changed = build.snapshot_of(data, version=3, reminder_plan=plan)
    changed |= {"changed_fields": ["reminder_plan"], "material": False, "previous": {}}
    feed("events.event.updated", changed)
    reminders = _reminders(db)
    assert {slot: r.status.value for slot, r in reminders.items()} == {
        "email-10080m": "dropped",
        "email-1440m": "queued",
        "email-120m": "queued",
        "sms-180m": "dropped",
    }
    assert reminders["email-120m"].due_at == _utc(2027, 3, 20, 15, 0)
    feed("events.event.updated", changed | {"version": 4, "reminder_plan": []})
    assert {r.status.value for r in _reminders(db).values()} == {"dropped"}
    # the plan back: the reminders dropped with it are planned again
    feed("events.event.updated", changed | {"version": 5, "reminder_plan": plan})
    reminders = _reminders(db)
    assert {slot for slot, r in reminders.items() if r.status.value == "queued"} == {
        "email-1440m",
        "email-120m",
    }
    assert reminders["email-1440m"].due_at == _utc(2027, 3, 19, 17, 0)


def test_an_undone_check_in_brings_the_reminders_back(confirm, feed, build, db):
    data = _confirm(confirm)
    attended = data | {"status": "attended", "version": 2}
    feed("registrations.registration.checked_in", attended)
    assert {r.status.value for r in _reminders(db).values()} == {"dropped"}
    feed("registrations.registration.checked_in", data | {"version": 3})
    assert {r.status.value for r in _reminders(db).values()} == {"queued"}


def test_an_empty_plan_means_no_reminders(feed, build, db):
    data = build.registration(phone="+4915112345678", sms_consent=True)
    feed("events.event.published", build.snapshot_of(data, reminder_plan=[]))
    feed("registrations.registration.confirmed", data)
    assert _reminders(db) == {}


def test_time_change_across_summer_time_moves_the_reminders(confirm, feed, build, db):
    event_id = uuid.uuid4()
    _confirm(confirm, event_id=event_id)
    moved = build.event(
        event_id,
        version=3,
        starts_at="2027-03-28T18:00:00+02:00",  # clocks went forward at 2:00
        ends_at="2027-03-28T20:00:00+02:00",
        changed_fields=["starts_at"],
        material=True,
        previous={"starts_at": "2027-03-20T17:00:00+00:00"},
    )
    feed("events.event.updated", moved)
    reminders = _reminders(db)
    assert {slot: r.due_at for slot, r in reminders.items()} == {
        "email-10080m": _utc(2027, 3, 21, 17, 0),  # 18:00 CET a week before
        "email-1440m": _utc(2027, 3, 27, 17, 0),  # 18:00 CET the day before
        "sms-180m": _utc(2027, 3, 28, 13, 0),  # three real hours before: 15:00 CEST
    }


def test_cancellation_drops_the_pending_reminders(
    confirm, feed, db, dispatcher, clock, smtp_server
):
    data = _confirm(confirm)
    cancelled = dict(data, version=2, status="cancelled", cancelled_by="participant", reason="")
    feed("registrations.registration.cancelled", cancelled)
    assert {r.status.value for r in _reminders(db).values()} == {"dropped"}
    clock.now = _utc(2027, 3, 20, 16, 0)
    dispatcher.dispatch_due(db)
    subjects = [m["Subject"] for m in smtp_server.mailbox.messages]
    assert not [s for s in subjects if s.startswith("Erinnerung")]


def test_event_cancellation_drops_everyones_reminders(confirm, feed, build, db):
    event_id = uuid.uuid4()
    _confirm(confirm, event_id=event_id)
    _confirm(confirm, event_id=event_id, email="bob@example.org")
    feed("events.event.cancelled", build.event(event_id, status="cancelled", reason="Krankheit"))
    reminders = _reminders(db)
    assert len(reminders) == 3  # keys are per recipient; the dict keeps one per slot
    with db.transaction() as session:
        statuses = session.scalars(select(Delivery.status).where(Delivery.kind == "reminder"))
        assert {s.value for s in statuses} == {"dropped"}


def test_early_sms_moves_to_eight_and_goes_out_then(confirm, db, dispatcher, clock, twilio):
    _confirm(confirm, starts_at="2027-03-20T09:30:00+01:00", ends_at="2027-03-20T11:00:00+01:00")
    sms = _reminders(db)["sms-180m"]
    assert sms.due_at == _utc(2027, 3, 20, 7, 0)  # 06:30 is quiet: 08:00 Berlin
    clock.now = _utc(2027, 3, 20, 6, 59)
    dispatcher.dispatch_due(db)
    assert twilio.messages == []
    clock.now = _utc(2027, 3, 20, 7, 0)
    dispatcher.dispatch_due(db)
    [message] = twilio.messages
    assert message["To"] == "+4915112345678"
    assert (
        message["Body"]
        == "Erinnerung: Gesprächsabend, 20. März 2027 09:30 Uhr MEZ, Gemeindehaus, Hauptstraße 1, Berlin"
    )


def test_sms_that_cannot_wait_for_eight_is_dropped(confirm, db):
    _confirm(confirm, starts_at="2027-03-20T07:45:00+01:00", ends_at="2027-03-20T09:00:00+01:00")
    assert "sms-180m" not in _reminders(db)


def test_an_events_own_quiet_hours_replace_the_setting(feed, build, db):
    data = build.registration(
        phone="+4915112345678",
        sms_consent=True,
        starts_at="2027-03-20T23:00:00+01:00",
        ends_at="2027-03-20T23:59:00+01:00",
    )
    own, plan = {"start": "23:30", "end": "07:00"}, [{"channel": "sms", "minutes_before": 60}]
    snapshot = build.snapshot_of(data, reminder_plan=plan, sms_quiet_hours=own)
    feed("events.event.published", snapshot)
    feed("registrations.registration.confirmed", data)
    [sms] = _reminders(db).values()
    assert sms.due_at == _utc(2027, 3, 20, 21, 0)  # 22:00 in Berlin, the event allows it
    changed = snapshot | {"version": 3, "sms_quiet_hours": None, "material": False}
    changed |= {"changed_fields": ["sms_quiet_hours"], "previous": {}}
    feed("events.event.updated", changed)  # the setting again: 22:00 is quiet, 08:00 too late
    assert [r.status.value for r in _reminders(db).values()] == ["dropped"]


def test_a_retry_that_falls_into_quiet_hours_waits(confirm, db, dispatcher, clock, twilio):
    _confirm(confirm, starts_at="2027-03-20T12:00:00+01:00", ends_at="2027-03-20T13:00:00+01:00")
    with db.transaction() as session:
        sms = session.scalar(select(Delivery).where(Delivery.slot == "sms-180m"))
        sms.due_at = _utc(2027, 3, 19, 21, 0)  # as if a retry had put it at 22:00 Berlin
    clock.now = _utc(2027, 3, 19, 21, 0)
    dispatcher.dispatch_due(db)
    assert twilio.messages == []
    assert _reminders(db)["sms-180m"].due_at == _utc(2027, 3, 20, 7, 0)


def test_nothing_is_sent_once_the_event_has_started(confirm, db, dispatcher, clock, smtp_server):
    _confirm(confirm)
    clock.now = _utc(2027, 3, 20, 17, 0)  # the scheduler was down until the start
    dispatcher.dispatch_due(db)
    reminders = _reminders(db)
    assert {r.status.value for r in reminders.values()} == {"dropped"}
    assert [m["Subject"] for m in smtp_server.mailbox.messages] == [
        "Ihr Platz ist bestätigt: Gesprächsabend"
    ]


def test_reminder_goes_at_its_time_in_the_language(confirm, db, dispatcher, clock, smtp_server):
    _confirm(confirm, language="tr")
    clock.now = _utc(2027, 3, 19, 16, 59)
    assert dispatcher.dispatch_due(db) == 2  # the confirmation and the overdue week-before one
    assert dispatcher.dispatch_due(db) == 0  # the day-before one waits for its minute
    clock.now = _utc(2027, 3, 19, 17, 0)
    assert dispatcher.dispatch_due(db) == 1
    reminders = [m for m in smtp_server.mailbox.messages if m["Subject"].startswith("Hatırlatma")]
    assert len(reminders) == 2
    text = reminders[0].get_body(("plain",)).get_content()
    assert "20 Mart 2027 Cumartesi, saat 18:00" in text
    assert "http://notifications.test/api/v1/reminders/stop/" in text
