"""The notes stay append-only on PostgreSQL and on SQLite: the database admits exactly a
re-encryption (the same text written again, nothing else) and a recorded redaction (the body
removed, when and by whom stamped, once), each only in its maintenance mode; an edit, a second
redaction, a change of anything else, a deletion, or a mode outliving its transaction, never."""

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.attributes import flag_modified

from dialog_mediation.maintenance import maintenance
from dialog_mediation.models import Case, TimelineEntry
from dialog_mediation.operations.redaction import RETENTION, redact_entries
from dialog_platform.db import Database
from dialog_platform.migrations import upgrade

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
REDACT = (
    "UPDATE timeline_entry SET body = {body}, redacted_at = CURRENT_TIMESTAMP,"
    " redacted_by = 'someone'"
)


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, make_database, tmp_path):
    """A migrated mediation database with a case, a note and a correction of it."""
    if request.param == "postgresql":
        url = make_database()
    else:
        url = f"sqlite:///{tmp_path}/mediation.sqlite"
    upgrade("dialog_mediation", url)
    database = Database(url)
    note = {"kind": "note", "author_subject": "med-1", "author_name": "M", "created_at": NOW}
    with database.transaction() as session:
        case = Case(
            reference="M-2027-001",
            title="T",
            category="other",
            requester_name="R",
            requester_channel="phone",
            opened_on=date(2027, 3, 1),
            created_at=NOW,
        )
        session.add(case)
        session.flush()
        first = TimelineEntry(id=uuid.uuid4(), case_id=case.id, body="Anruf am 12.2.", **note)
        session.add(first)
        session.flush()
        session.add(TimelineEntry(case_id=case.id, body="Am 13.2.", corrects_id=first.id, **note))
    yield database
    database.dispose()


def _refused(db, change) -> None:
    with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
        change(session)


def _bodies(db) -> list:
    with db.transaction() as session:
        query = select(TimelineEntry.body).order_by(TimelineEntry.corrects_id.is_not(None))
        return list(session.scalars(query))


def test_an_edit_is_refused_a_reencryption_admitted(db):
    def edit(session):
        entry = session.scalars(select(TimelineEntry)).first()
        entry.body = "Anruf am 14.2."

    _refused(db, edit)
    with db.transaction() as session:
        stored_before = session.execute(text("SELECT body FROM timeline_entry")).scalars().all()
        for entry in session.scalars(select(TimelineEntry)):
            flag_modified(entry, "body")  # what rotate-keys does
    with db.transaction() as session:
        stored_after = session.execute(text("SELECT body FROM timeline_entry")).scalars().all()
    assert set(stored_after).isdisjoint(stored_before)  # new tokens, the same text
    assert _bodies(db) == ["Anruf am 12.2.", "Am 13.2."]

    def reencrypt_and_more(session):
        with maintenance(session, "reencrypt"):
            session.execute(text("UPDATE timeline_entry SET author_name = 'X'"))

    _refused(db, reencrypt_and_more)


def test_a_redaction_is_admitted_once_and_nothing_else(db):
    def redact_into_new_text(session):
        with maintenance(session, "redact"):
            session.execute(text(REDACT.format(body="'anders'")))

    def redact_without_stamp(session):
        with maintenance(session, "redact"):
            session.execute(text("UPDATE timeline_entry SET body = NULL"))

    _refused(db, redact_into_new_text)
    _refused(db, redact_without_stamp)
    _refused(db, lambda session: session.execute(text(REDACT.format(body="NULL"))))  # no mode

    with db.transaction() as session:
        entries = list(session.scalars(select(TimelineEntry)))
        assert redact_entries(session, entries[:1], RETENTION, "retention") == 1
    assert sorted(_bodies(db), key=str) == ["Am 13.2.", None]

    def redact_again(session):
        with maintenance(session, "redact"):
            session.execute(text(REDACT.format(body="NULL") + " WHERE body IS NULL"))

    _refused(db, redact_again)
    for mode in ("redact", "reencrypt"):

        def delete(session, mode=mode):
            with maintenance(session, mode):
                session.execute(text("DELETE FROM timeline_entry"))

        _refused(db, delete)
    _refused(db, lambda session: session.execute(text("UPDATE timeline_entry SET body = NULL")))
    if db.engine.dialect.name == "sqlite":  # no mode was left behind for others to see
        with db.transaction() as session:
            assert session.scalar(text("SELECT count(*) FROM maintenance_mode")) == 0
