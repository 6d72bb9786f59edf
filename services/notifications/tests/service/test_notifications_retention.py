"""Retention at the test's clock: recipients of an event that ended more than
NOTIFICATIONS_RETENTION_DAYS (30) ago are pseudonymised and their mails and SMS lines go, as
do older mails and lines of others; the delivery log's answers go after
NOTIFICATIONS_ATTEMPT_RETENTION_DAYS (90); what is within its period stays; a dry run changes
nothing. The command does the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

from sqlalchemy import select, text

from dialog_notifications.models import Delivery, DeliveryAttempt, Recipient
from dialog_notifications.operations.retention import apply_retention

ZEYNEP = {"name": "Zeynep Kaya", "email": "zeynep@example.org", "phone": "+4915112345678"}
BOB = {"name": "Bob Other", "email": "bob@example.org", "phone": "+4915187654321"}
#: Zeynep's event ends on 10 March, Bob's on 1 April (Berlin time).
EARLY = {"starts_at": "2027-03-10T18:00:00+01:00", "ends_at": "2027-03-10T20:00:00+01:00"}
LATE = {"starts_at": "2027-04-01T18:00:00+02:00", "ends_at": "2027-04-01T20:00:00+02:00"}


def _at(clock, *parts) -> None:
    clock.now = datetime(*parts, tzinfo=UTC)


def _dispatch(dispatcher, db, files, clock) -> None:
    """Send what is due; the mails written now are dated now (the test's clock)."""
    folder = files[0].folder
    before = set(folder.glob("*.eml")) if folder.is_dir() else set()
    dispatcher.dispatch_due(db)
    for path in set(folder.glob("*.eml")) - before:
        os.utime(path, (clock.now.timestamp(), clock.now.timestamp()))


def _state(db, files) -> tuple:
    """Everything retention may change: the tables as stored, the mail files, the SMS log."""
    with db.engine.connect() as connection:
        tables = [
            connection.execute(text(f"SELECT * FROM {name} ORDER BY 1")).all()
            for name in ("recipient", "delivery", "delivery_attempt")
        ]
    mail, sms = files
    return tables, sorted(p.name for p in mail.folder.glob("*.eml")), sms.path.read_text()


def _retain(db, clock, dry_run: bool = False) -> dict:
    with db.sessions() as session:
        counts = apply_retention(session, clock.now, dry_run=dry_run)
        if not dry_run:
            session.commit()
    return counts


def test_past_the_period_gone_within_it_kept(
    confirm, db, embedded_dispatcher, clock, files, traces
):
    zeynep_id = confirm(**ZEYNEP, sms_consent=True, **EARLY)["registration_id"]
    bob_id = confirm(**BOB, sms_consent=True, **LATE)["registration_id"]
    _dispatch(embedded_dispatcher, db, files, clock)  # 1 March: both confirmations
    _at(clock, 2027, 3, 10, 14)
    _dispatch(embedded_dispatcher, db, files, clock)  # her reminders and SMS
    _at(clock, 2027, 4, 1, 13)
    _dispatch(embedded_dispatcher, db, files, clock)  # his
    zeynep, bob = traces(*ZEYNEP.values()), traces(*BOB.values())
    assert len(zeynep.in_files(*files)) == 4 and len(bob.in_files(*files)) == 4

    _at(clock, 2027, 4, 15, 9)  # her event ended 36 days ago, his 14
    bob_before = bob.in_files(*files)
    before = _state(db, files)
    expected = {
        "recipients": 1,
        "deliveries_dropped": 0,
        "contexts_cleared": 1,
        "mail_files": 4,  # her three, and his confirmation of 1 March
        "sms_log_lines": 1,
        "answers_cleared": 0,
        "errors_cleared": 0,
    }
    assert _retain(db, clock, dry_run=True) == expected
    assert _state(db, files) == before

    assert _retain(db, clock) == expected
    assert zeynep.in_database(db) == [] and zeynep.in_files(*files) == []
    his = bob.in_files(*files)  # his reminders of 1 April and his SMS: within the period
    assert len(his) == 3 and set(his[:2]) < set(bob_before) and his[2] == "sms.log:1"
    with db.transaction() as session:
        her = session.get(Recipient, uuid.UUID(zeynep_id))
        assert (her.name, her.email, her.phone, her.erased_at) == ("", None, None, clock.now)
        him = session.get(Recipient, uuid.UUID(bob_id))
        assert (him.name, him.email, him.phone) == tuple(BOB.values())
    assert _retain(db, clock) == dict.fromkeys(expected, 0)  # nothing more is due


def test_the_logs_answers_go_after_their_own_period(confirm, db, embedded_dispatcher, clock, files):
    confirm(**BOB, sms_consent=True, **LATE)
    _dispatch(embedded_dispatcher, db, files, clock)  # 1 March
    _at(clock, 2027, 4, 1, 13)
    _dispatch(embedded_dispatcher, db, files, clock)
    with db.transaction() as session:  # a failure staff saw on 1 March
        first = session.scalars(select(Delivery).where(Delivery.kind == "seat_confirmed")).one()
        first.last_error = "421 4.7.0 try again later"

    _at(clock, 2027, 6, 20, 9)  # 90 days after 22 March
    counts = _retain(db, clock)
    with db.transaction() as session:
        attempts = session.execute(select(DeliveryAttempt.at, DeliveryAttempt.answer)).all()
        assert session.get(Delivery, first.id).last_error is None
    old = [answer for at, answer in attempts if at < datetime(2027, 3, 22, 9, tzinfo=UTC)]
    new = [answer for at, answer in attempts if at >= datetime(2027, 3, 22, 9, tzinfo=UTC)]
    assert old and set(old) == {None}
    assert new and None not in new
    assert (counts["answers_cleared"], counts["errors_cleared"]) == (len(old), 1)


def test_the_command_forgets_what_is_due_and_a_dry_run_nothing(feed, build, db):
    data = build.registration(**ZEYNEP, starts_at="2020-01-01T18:00:00+01:00")
    data["event"]["ends_at"] = "2020-01-01T20:00:00+01:00"
    feed("registrations.registration.confirmed", data)

    dry = _command("--dry-run")
    assert dry["event"] == "retention dry run" and dry["recipients"] == 1
    assert _name(db, data) == ZEYNEP["name"]
    done = _command()
    assert done["event"] == "retention applied" and done["recipients"] == 1
    assert _name(db, data) == ""


def _command(*options: str) -> dict:
    """``dialog-notifications retain``: its log line of counts."""
    run = subprocess.run(
        [sys.executable, "-m", "dialog_notifications.cli", "retain", *options],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    [line] = [json.loads(line) for line in run.stderr.splitlines() if "retention" in line]
    return line


def _name(db, data) -> str:
    with db.transaction() as session:
        return session.get(Recipient, uuid.UUID(data["registration_id"])).name
