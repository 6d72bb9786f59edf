"""Migration 0010 on a database that already holds events (PostgreSQL and SQLite): the labels
of a meeting by invitation get its access, the public list by a topic or a language leaves it
out without reading the events, the way back and forth keeps the rows, and the migrated schema
is the models' (autogenerate finds no difference)."""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from dialog_events.models import Base
from dialog_events.queries.events import public_events
from dialog_platform.db import UtcDateTime
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import alembic_config, schema_differences
from dialog_platform.testing.migrations import upgraded_over

PUBLIC, CLOSED = uuid.uuid4(), uuid.uuid4()
STARTS = datetime(2031, 3, 6, 17, 0, tzinfo=UTC)


def _old_rows(url: str) -> None:
    """What revision 0009 held: a public lecture and a meeting by invitation, both published,
    each with a language and a topic (labels without an access copy)."""
    engine = sa.create_engine(url)
    event = sa.table(
        "event",
        sa.column("id", sa.Uuid()),
        *(sa.column(n) for n in ("type", "title", "description", "status", "access", "version")),
        *(sa.column(n, UtcDateTime()) for n in ("starts_at", "ends_at")),
    )
    language, topic = (
        sa.table(
            table,
            sa.column(key),
            sa.column("event_id", sa.Uuid()),
            sa.column("starts_at", UtcDateTime()),
            sa.column("status"),
            sa.column("position"),
        )
        for table, key in (("event_language", "code"), ("event_topic", "topic"))
    )
    with engine.begin() as connection:
        for id_, type_, access in (
            (PUBLIC, "evening_lecture", "public"),
            (CLOSED, "round_table_meeting", "invitation"),
        ):
            connection.execute(
                event.insert(),
                {
                    "id": id_,
                    "type": type_,
                    "title": "Jugendhilfe vor Ort",
                    "description": "",
                    "status": "published",
                    "access": access,
                    "version": 2,
                    "starts_at": STARTS,
                    "ends_at": STARTS.replace(hour=19),
                },
            )
            labels = {"event_id": id_, "status": "published", "position": 0}
            connection.execute(language.insert(), labels | {"code": "de", "starts_at": STARTS})
            connection.execute(
                topic.insert(), labels | {"topic": "jugendhilfe", "starts_at": STARTS}
            )
    engine.dispose()


def _access_of_labels(db) -> set[tuple[str, str]]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT event_id, access FROM event_language"
                " UNION ALL SELECT event_id, access FROM event_topic"
            )
        )
        return {(str(uuid.UUID(str(event_id))), access) for event_id, access in rows}


def test_labels_copy_the_access_and_the_public_list_leaves_meetings_out(any_dialect_url):
    with upgraded_over("dialog_events", any_dialect_url, "0009_announcements", _old_rows) as db:
        assert _access_of_labels(db) == {(str(PUBLIC), "public"), (str(CLOSED), "invitation")}
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []
        with db.transaction(dry_run=True) as session:
            for query in ({"topic": "Jugendhilfe"}, {"language": "de"}, {}):
                page = public_events(session, starts_from=STARTS, **query)
                assert [event.id for event in page.items] == [PUBLIC], query
                assert (page.total, page.total_exact) == (1, True), query

        config = alembic_config("dialog_events", any_dialect_url)
        command.downgrade(config, "0009_announcements")
        with db.engine.connect() as connection:
            count = "SELECT COUNT(*) FROM event_language"
            assert connection.execute(sa.text(count)).scalar() == 2
        command.upgrade(config, "head")
        assert _access_of_labels(db) == {(str(PUBLIC), "public"), (str(CLOSED), "invitation")}
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []
