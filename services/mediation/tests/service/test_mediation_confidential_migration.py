"""Migration 0003 on a database that already holds case files in clear (PostgreSQL and
SQLite): titles, descriptions, requesters, parties and notes (a correction among them) end up
encrypted, parties found by lookup hashes with their numbers in E.164; the notes stay
append-only, now redactable; and back."""

import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import DBAPIError

from dialog_mediation.models import Case, TimelineEntry
from dialog_mediation.operations.redaction import ERASURE, redact_entries
from dialog_mediation.queries import parties_of
from dialog_platform.db import UtcDateTime
from dialog_platform.migrations import alembic_config
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.migrations import insert_rows, upgraded_over

CASE, NOTE = uuid.uuid4(), uuid.uuid4()
NOW = datetime(2027, 2, 10, 9, tzinfo=UTC)


#: The types of the columns of revision 0002 whose values need one to be bound.
TYPES = {
    "id": sa.Uuid(),
    "case_id": sa.Uuid(),
    "corrects_id": sa.Uuid(),
    "opened_on": sa.Date(),
    "created_at": UtcDateTime(),
}


def _old_rows(url: str) -> None:
    """What revision 0002 held: everything in clear."""
    engine = sa.create_engine(url)
    note = {"kind": "note", "author_subject": "med-1", "author_name": "M", "created_at": NOW}
    case = {
        "id": CASE,
        "reference": "M-2027-001",
        "title": "Raumvergabe",
        "category": "other",
        "description": "Streit um den Saal.",
        "priority": "normal",
        "version": 1,
        "requester_name": "Ayşe Yılmaz",
        "requester_channel": "phone",
        "status": "new",
        "opened_on": date(2027, 2, 10),
        "created_at": NOW,
    }
    party = {
        "id": uuid.uuid4(),
        "case_id": CASE,
        "kind": "person",
        "name": "Mehmet Demir",
        "role": "Vorstand",
        "email": "mehmet@example.org",
        "phone": "0151 12345678",
        "language": "tr",
        "created_at": NOW,
    }
    correction = {"case_id": CASE, "body": "Anruf am 13.2.", "corrects_id": NOTE, **note}
    with engine.begin() as connection:
        insert_rows(connection, "mediation_case", case, types=TYPES)
        insert_rows(connection, "party", party, types=TYPES)
        notes = [
            {"id": NOTE, "case_id": CASE, "body": "Anruf.", "corrects_id": None, **note},
            {"id": uuid.uuid4(), **correction},
        ]
        insert_rows(connection, "timeline_entry", *notes, types=TYPES)
    engine.dispose()


def test_existing_case_files_are_encrypted_and_stay_append_only(any_dialect_url):
    url = any_dialect_url
    with upgraded_over("dialog_mediation", url, "0002", _old_rows) as db:
        with db.engine.connect() as connection:
            stored = connection.execute(
                sa.text(
                    "SELECT title, description, requester_name FROM mediation_case"
                    " UNION ALL SELECT name, email, phone FROM party"
                    " UNION ALL SELECT body, body, body FROM timeline_entry"
                )
            ).all()
        assert len(stored) == 4 and all(v.startswith("gAAAAA") for row in stored for v in row)
        with db.transaction() as session:
            case = session.get(Case, CASE)
            assert (case.title, case.description, case.requester_name) == (
                "Raumvergabe",
                "Streit um den Saal.",
                "Ayşe Yılmaz",
            )
            (party,) = parties_of(session, PersonKeys.of(phone="+4915112345678"))
            assert (party.name, party.phone) == ("Mehmet Demir", "+4915112345678")
            assert parties_of(session, PersonKeys.of(email="Mehmet@Example.org")) == [party]
            note = session.get(TimelineEntry, NOTE)
            assert note.body == "Anruf."
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
            session.execute(sa.text("UPDATE timeline_entry SET body = NULL"))
        with db.transaction() as session:
            redact_entries(session, [session.get(TimelineEntry, NOTE)], ERASURE, "erasure")

        command.downgrade(alembic_config("dialog_mediation", url), "0002")  # and back, in clear
        with db.engine.connect() as connection:
            bodies = connection.scalars(sa.text("SELECT body FROM timeline_entry")).all()
            names = connection.scalars(sa.text("SELECT name FROM party")).all()
        assert sorted(bodies) == ["(This entry was redacted.)", "Anruf am 13.2."]
        assert names == ["Mehmet Demir"]
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
            session.execute(sa.text("DELETE FROM timeline_entry"))
