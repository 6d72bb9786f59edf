"""The migrations' vocabulary: a column listing reads as the columns it names, a ``Table``
makes its keys and indexes under the naming convention's names, and the columns one listing
adds are the columns it drops again (on an in-memory SQLite database, no I/O beyond it)."""

import pytest
import sqlalchemy as sa
from alembic import op
from alembic.migration import MigrationContext
from alembic.operations import Operations

from dialog_platform import migrations

LISTING = """
    id          serial
    title       varchar(200)           # a comment passes over
    email       encrypted?
    email_hash  hash?
    starts_at   timestamp
    year        integer  no-autoincrement
    seats       integer  default 0
    notes       text     default ''
    open        boolean  default true
    event_id    uuid?    references event on delete set null
"""


def test_a_listing_reads_as_its_columns():
    columns = migrations.listed(LISTING)
    assert [c.column.name for c in columns] == [
        "id",
        "title",
        "email",
        "email_hash",
        "starts_at",
        "year",
        "seats",
        "notes",
        "open",
        "event_id",
    ]
    by_name = {c.column.name: c for c in columns}
    assert by_name["id"].column.autoincrement is True
    assert by_name["year"].column.autoincrement is False
    assert by_name["title"].column.type.length == 200
    assert not by_name["title"].column.nullable
    assert by_name["email"].column.nullable
    assert isinstance(by_name["email"].column.type, sa.Text)
    assert by_name["email_hash"].column.type.length == 64
    assert by_name["starts_at"].column.type.timezone
    assert str(by_name["seats"].column.server_default.arg) == "0"  # SQL as written
    assert by_name["notes"].column.server_default.arg == ""  # a plain default
    assert (by_name["event_id"].referred, by_name["event_id"].ondelete) == ("event", "SET NULL")


@pytest.mark.parametrize(
    "line",
    ["name", "name string(20)", "name varchar", "name text(20)", "name uuid references"],
)
def test_a_line_that_is_no_column_is_refused(line):
    with pytest.raises(ValueError, match=r"column|length"):
        migrations.listed(line)


@pytest.fixture
def database():
    """Alembic's operations on an in-memory SQLite database; the inspector after them."""
    engine = sa.create_engine("sqlite://")
    with engine.begin() as connection:
        context = MigrationContext.configure(connection)
        with Operations.context(context):
            yield lambda: sa.inspect(connection)
    engine.dispose()


def test_a_table_is_made_under_the_naming_conventions_names(database):
    parent = migrations.Table("event", "id uuid")
    child = migrations.Table(
        "seat",
        """
        event_id  uuid         references event on delete cascade
        row       varchar(4)
        number    integer
        holder    hash?
        """,
        primary_key="event_id row number",
        unique=("holder event_id",),
        indexes=(
            "holder",
            migrations.Index("row number", name="ix_seat_place", where="holder IS NULL"),
        ),
    )
    migrations.create_tables(parent, child)
    inspector = database()
    assert inspector.get_pk_constraint("seat")["name"] == "pk_seat"
    assert inspector.get_pk_constraint("seat")["constrained_columns"] == [
        "event_id",
        "row",
        "number",
    ]
    [foreign_key] = inspector.get_foreign_keys("seat")
    assert foreign_key["name"] == "fk_seat_event_id_event"
    assert foreign_key["options"] == {"ondelete": "CASCADE"}
    assert [u["name"] for u in inspector.get_unique_constraints("seat")] == [
        "uq_seat_holder_event_id"
    ]
    assert sorted(i["name"] for i in inspector.get_indexes("seat")) == [
        "ix_seat_holder",
        "ix_seat_place",
    ]
    migrations.drop_tables(parent, child)
    assert database().get_table_names() == []


def test_a_table_of_values_is_keyed_by_owner_and_value_and_indexed_from_the_value(database):
    owner = migrations.Table("organisation", "id uuid")
    tags = migrations.Table.of_values("organisation_tag", "organisation", "tag varchar(100)")
    migrations.create_tables(owner, tags)
    inspector = database()
    assert [
        (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(tags.name)
    ] == [
        ("organisation_id", "CHAR(32)", False),
        ("tag", "VARCHAR(100)", False),
    ]
    assert inspector.get_pk_constraint("organisation_tag") == {
        "name": "pk_organisation_tag",
        "constrained_columns": ["organisation_id", "tag"],
    }
    [foreign_key] = inspector.get_foreign_keys("organisation_tag")
    assert foreign_key["name"] == "fk_organisation_tag_organisation_id_organisation"
    assert foreign_key["options"] == {"ondelete": "CASCADE"}
    [index] = inspector.get_indexes("organisation_tag")
    assert (index["name"], index["column_names"]) == (
        "ix_organisation_tag_tag_organisation_id",
        ["tag", "organisation_id"],
    )


def test_the_columns_one_listing_adds_are_those_it_drops(database):
    migrations.create_tables(
        migrations.Table("event", "id uuid"), migrations.Table("venue", "id uuid")
    )
    listing = """
        title     varchar(200)  default ''
        venue_id  uuid?         references venue
    """
    migrations.add_columns("event", "capacity integer?")
    with op.batch_alter_table("event") as batch_op:
        migrations.add_columns(batch_op, listing)
    assert [c["name"] for c in database().get_columns("event")] == [
        "id",
        "capacity",
        "title",
        "venue_id",
    ]
    assert database().get_foreign_keys("event")[0]["name"] == "fk_event_venue_id_venue"
    with op.batch_alter_table("event") as batch_op:
        migrations.drop_columns(batch_op, listing)
    migrations.drop_columns("event", "capacity integer?")
    assert [c["name"] for c in database().get_columns("event")] == ["id"]
    assert database().get_foreign_keys("event") == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("0170 1234567", "+491701234567"), ("call me", "call me"), ("", None), (None, None)],
)
def test_a_phone_number_is_kept_in_e164_where_it_reads_as_one(typed, kept):
    assert migrations.phone_as_kept(typed) == kept
