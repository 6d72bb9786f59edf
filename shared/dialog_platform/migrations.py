"""Alembic, per service: each service package holds its ``migrations/`` folder; this module
builds the configuration in code (so an installed package migrates without a checkout), runs
the environment shared by all services, and gives the migrations one vocabulary for what they
all do: tables from a column listing (``Table``, ``create_tables``; ``Table.of_values`` for a
row's list of values), columns added and dropped
from one listing (``add_columns``, ``drop_columns``), the outbox and inbox."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import command, context, op
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import BatchOperations
from sqlalchemy import Engine, MetaData, pool

from .crypto import Encrypted, EncryptedJSON
from .db import UtcDateTime, is_sqlite, make_engine
from .personal import InvalidPhone, normalise_phone

FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(package: str, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.attributes["database_url"] = database_url
    return config


def upgrade(package: str, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(package, database_url), revision)


def schema_differences(engine: Engine, target_metadata: list[MetaData]) -> list:
    """What Alembic's autogenerate finds between a database and the models' metadata: empty
    when the migrations made the schema the models describe."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), target_metadata)


def _render_item(type_: str, obj, autogen_context):
    """Write the shared column types as plain SQLAlchemy types into migration files."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Encrypted | EncryptedJSON):
        return "sa.Text()"  # a Fernet token
    return False


def run_environment(target_metadata: list[MetaData], url_variable: str) -> None:
    """The body of every service's ``migrations/env.py``."""
    import os

    config = context.config
    url = config.attributes.get("database_url") or os.environ.get(url_variable)
    if not url:
        raise RuntimeError(f"Set {url_variable} to the database to migrate.")
    options = {
        "target_metadata": target_metadata,
        "render_as_batch": is_sqlite(url),  # SQLite alters tables by copying them
        "render_item": _render_item,
    }
    if context.is_offline_mode():
        context.configure(url=url, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


# --- The vocabulary the migrations write their tables in ------------------------------------
#
# A column listing is a text, one column a line (blank lines and ``# comments`` pass over):
#
#     name type[?] [autoincrement | no-autoincrement] [default VALUE]
#                  [references TABLE [on delete cascade | restrict | set null]]
#
# ``?`` makes the column nullable (NOT NULL otherwise). A VALUE in single quotes is a plain
# default (SQLite adds such a column in place, even in a batch); ``true`` and ``false`` are the
# dialect's booleans; anything else is SQL as written (a batch on SQLite copies the table for
# it). ``references`` points at the other table's ``id`` through a foreign key named by the
# naming convention. A migration is frozen: it says its columns in these words, never through
# the models, so a later change of a model is a migration of its own.

#: type word -> the SQLAlchemy type it stands for; ``varchar(N)`` is ``sa.String(length=N)``.
TYPES = {
    "uuid": sa.Uuid,
    "integer": sa.Integer,
    "text": sa.Text,
    "encrypted": sa.Text,  # a Fernet token (crypto.Encrypted, EncryptedJSON)
    "hash": lambda: sa.String(length=64),  # a keyed lookup hash (personal.email_hash)
    "json": sa.JSON,
    "boolean": sa.Boolean,
    "date": sa.Date,
    "timestamp": lambda: sa.DateTime(timezone=True),
    # A growing key: BIGSERIAL on PostgreSQL, SQLite's INTEGER PRIMARY KEY (its rowid).
    "serial": lambda: sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
}
_COLUMN = re.compile(
    r"(?P<name>\w+)\s+(?P<type>\w+)(?:\((?P<length>\d+)\))?(?P<nullable>\?)?"
    r"(?:\s+(?P<autoincrement>autoincrement|no-autoincrement))?"
    r"(?:\s+default\s+(?P<default>'[^']*'|\S+))?"
    r"(?:\s+references\s+(?P<referred>\w+)"
    r"(?:\s+on delete\s+(?P<ondelete>cascade|restrict|set null))?)?"
)


@dataclass(frozen=True)
class Column:
    """One line of a column listing: the column, and the table its foreign key refers to."""

    column: sa.Column
    referred: str | None = None
    ondelete: str | None = None

    def foreign_key(self, table: str) -> sa.ForeignKeyConstraint:
        name = self.column.name
        return sa.ForeignKeyConstraint(
            [name],
            [f"{self.referred}.id"],
            name=op.f(f"fk_{table}_{name}_{self.referred}"),
            ondelete=self.ondelete,
        )


def listed(listing: str) -> list[Column]:
    """The columns of a listing, in its order."""
    found = []
    for line in listing.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _COLUMN.fullmatch(line)
        if match is None or match["type"] not in (*TYPES, "varchar"):
            raise ValueError(f"Not a column of a listing: {line!r}")
        found.append(_column(match))
    return found


def _column(match: re.Match) -> Column:
    word, length = match["type"], match["length"]
    if (word == "varchar") != (length is not None):
        raise ValueError(f"varchar takes a length, no other type does: {match[0]!r}")
    options: dict = {}
    if word == "serial":
        options["autoincrement"] = True
    if match["autoincrement"]:
        options["autoincrement"] = match["autoincrement"] == "autoincrement"
    if (default := match["default"]) is not None:
        plain = {"true": sa.true(), "false": sa.false()}
        options["server_default"] = (
            default[1:-1] if default.startswith("'") else plain.get(default, sa.text(default))
        )
    type_ = sa.String(length=int(length)) if length else TYPES[word]()
    column = sa.Column(match["name"], type_, nullable=bool(match["nullable"]), **options)
    ondelete = match["ondelete"].upper() if match["ondelete"] else None
    return Column(column, match["referred"], ondelete)


@dataclass(frozen=True)
class Index:
    """An index of a new table: its columns (space-separated); its name by the naming
    convention unless given; ``where``, a partial index's condition (PostgreSQL and SQLite)."""

    columns: str
    name: str | None = None
    unique: bool = False
    where: str | None = None

    def create(self, table: str) -> None:
        columns = self.columns.split()
        partial = {}
        if self.where:
            partial = {f"{d}_where": sa.text(self.where) for d in ("postgresql", "sqlite")}
        name = self.name or f"ix_{table}_{'_'.join(columns)}"
        op.create_index(op.f(name), table, columns, unique=self.unique, **partial)


@dataclass(frozen=True)
class Table:
    """A table as a migration creates it: its column listing, its primary key, unique
    constraints and indexes (each its columns, space-separated; an ``Index`` for more), and
    ``constraints`` written out (checks, a foreign key of several columns). Names follow the
    naming convention (``db.NAMING_CONVENTION``)."""

    name: str
    listing: str
    primary_key: str = "id"
    unique: tuple[str, ...] = ()
    indexes: tuple[str | Index, ...] = ()
    constraints: tuple[sa.Constraint, ...] = ()

    @classmethod
    def of_values(cls, name: str, owner: str, value: str) -> Table:
        """A table of the values a row of ``owner`` has, one row each (an organisation's tags):
        ``<owner>_id``, deleted with its owner, and the ``value`` (one line of a listing); the
        two are the primary key, and an index leads from a value to its owners."""
        key = value.split()[0]
        return cls(
            name,
            f"""
            {owner}_id  uuid  references {owner} on delete cascade
            {value}
            """,
            primary_key=f"{owner}_id {key}",
            indexes=(f"{key} {owner}_id",),
        )

    def create(self) -> sa.Table:
        columns = listed(self.listing)
        table = op.create_table(
            self.name,
            *(c.column for c in columns),
            *self.constraints,
            *(c.foreign_key(self.name) for c in columns if c.referred),
            sa.PrimaryKeyConstraint(*self.primary_key.split(), name=op.f(f"pk_{self.name}")),
            *(
                sa.UniqueConstraint(*u.split(), name=op.f(f"uq_{self.name}_{u.replace(' ', '_')}"))
                for u in self.unique
            ),
        )
        for index in self.indexes:
            (Index(index) if isinstance(index, str) else index).create(self.name)
        return table


def create_tables(*tables: Table) -> list[sa.Table]:
    """The tables, in their order (a table before those referring to it)."""
    return [table.create() for table in tables]


def drop_tables(*tables: Table) -> None:
    """The tables ``create_tables`` made, in the opposite order (their indexes with them)."""
    for table in reversed(tables):
        op.drop_table(table.name)


def add_columns(where: str | BatchOperations, listing: str) -> None:
    """The listing's columns added to a table: by name, each in place (``ALTER TABLE``), or in
    a batch (``op.batch_alter_table``), which SQLite may carry out by copying the table."""
    for item in listed(listing):
        if isinstance(where, str):
            op.add_column(where, item.column)
        else:
            where.add_column(item.column)
        if item.referred:
            _add_foreign_key(where, item)


def _add_foreign_key(where: str | BatchOperations, item: Column) -> None:
    name = item.column.name
    if isinstance(where, str):
        op.create_foreign_key(
            op.f(f"fk_{where}_{name}_{item.referred}"),
            where,
            item.referred,
            [name],
            ["id"],
            ondelete=item.ondelete,
        )
        return
    where.create_foreign_key(
        op.f(f"fk_{where.impl.table_name}_{name}_{item.referred}"),
        item.referred,
        [name],
        ["id"],
        ondelete=item.ondelete,
    )


def drop_columns(where: str | BatchOperations, listing: str) -> None:
    """The listing's columns dropped again, last first (and their foreign keys before them)."""
    for item in reversed(listed(listing)):
        name = item.column.name
        if isinstance(where, str):
            if item.referred:
                fk = op.f(f"fk_{where}_{name}_{item.referred}")
                op.drop_constraint(fk, where, type_="foreignkey")
            op.drop_column(where, name)
            continue
        if item.referred:
            fk = op.f(f"fk_{where.impl.table_name}_{name}_{item.referred}")
            where.drop_constraint(fk, type_="foreignkey")
        where.drop_column(name)


def phone_as_kept(raw: str | None) -> str | None:
    """A phone number kept before it was checked, as a data migration writes it again: in
    E.164 where it reads as one, as typed otherwise (a migration refuses no row); none for
    an empty one."""
    if not raw:
        return None
    try:
        return normalise_phone(raw)
    except InvalidPhone:
        return raw


#: The outbox and inbox (messaging/tables.py), the same in every service's database, made by its
#: first migration. Frozen as they were first created; a later change of those tables is a
#: migration of its own.
MESSAGING_TABLES = (
    Table(
        "inbox",
        """
        consumer    varchar(100)
        message_id  varchar(36)
        type        varchar(200)
        handled_at  timestamp
        """,
        primary_key="consumer message_id",
    ),
    Table(
        "outbox",
        """
        id          serial
        message_id  varchar(36)
        type        varchar(200)
        body        text
        created_at  timestamp
        sent_at     timestamp?
        """,
        unique=("message_id",),
        indexes=(Index("id", name="ix_outbox_unsent", where="sent_at IS NULL"),),
    ),
)
